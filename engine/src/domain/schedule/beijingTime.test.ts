import { describe, expect, it } from 'vitest';
import { beijingDate, beijingInstant, beijingMidnight, beijingTime, parseLocalTime } from './beijingTime.js';

describe('Beijing time', () => {
  it('is UTC+8: 09:00 Beijing is 01:00 UTC the same day', () => {
    expect(beijingInstant('2026-03-10', '09:00').toISOString()).toBe('2026-03-10T01:00:00.000Z');
  });

  it('crosses UTC midnight: Beijing midnight and 07:59 fall on the previous UTC day', () => {
    expect(beijingMidnight('2026-03-10').toISOString()).toBe('2026-03-09T16:00:00.000Z');
    expect(beijingInstant('2026-03-10', '07:59').toISOString()).toBe('2026-03-09T23:59:00.000Z');
    expect(beijingInstant('2026-03-10', '08:00').toISOString()).toBe('2026-03-10T00:00:00.000Z');
  });

  it('crosses month and year ends', () => {
    expect(beijingMidnight('2026-01-01').toISOString()).toBe('2025-12-31T16:00:00.000Z');
    expect(beijingDate(new Date('2025-12-31T16:00:00Z'))).toBe('2026-01-01');
    expect(beijingDate(new Date('2025-12-31T15:59:59Z'))).toBe('2025-12-31');
  });

  it('formats instants on the Beijing wall clock', () => {
    expect(beijingTime(new Date('2026-03-09T23:45:00Z'))).toBe('07:45');
    expect(beijingTime(new Date('2026-03-10T16:05:00Z'))).toBe('00:05');
    expect(beijingDate(new Date('2026-03-10T16:05:00Z'))).toBe('2026-03-11');
  });

  it('round-trips a local date and time', () => {
    const instant = beijingInstant('2026-02-28', '23:30');
    expect([beijingDate(instant), beijingTime(instant)]).toEqual(['2026-02-28', '23:30']);
  });

  it('rejects malformed or impossible input', () => {
    expect(parseLocalTime('10:15')).toBe(615);
    expect(() => parseLocalTime('24:00')).toThrow(RangeError);
    expect(() => parseLocalTime('9:00')).toThrow(RangeError);
    expect(() => beijingMidnight('2026-02-30')).toThrow(RangeError);
    expect(() => beijingMidnight('2026/02/01')).toThrow(RangeError);
  });
});
