import { describe, expect, it } from 'vitest';
import { beijingClock, beijingDate, beijingDateTime, bookingDates, slotLabel } from './beijing';

describe('Beijing time for the booking page', () => {
  it('formats instants on the Beijing clock whatever the device time zone', () => {
    expect(beijingDate('2026-11-25T17:30:00Z')).toBe('2026-11-26');
    expect(beijingClock('2026-11-25T17:30:00Z')).toBe('01:30');
    expect(slotLabel('2026-11-26T02:15:00Z', '2026-11-26T02:30:00Z')).toBe('11月26日 10:15–10:30');
    expect(beijingDateTime('2026-11-25T17:02:00Z')).toBe('2026年11月26日 01:02');
  });

  it('lists today, tomorrow and the following days', () => {
    const dates = bookingDates(new Date('2026-11-25T16:30:00Z'), 4); // 00:30 on the 26th in Beijing
    expect(dates.map((d) => d.date)).toEqual(['2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29']);
    expect(dates.map((d) => d.label)).toEqual(['今天', '明天', '11月28日 周六', '11月29日 周日']);
  });
});
