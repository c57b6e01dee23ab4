import { describe, expect, it } from 'vitest';
import { expandWeeklyShifts, mergeSpans, seatCoverage, shiftFromLocal, type Shift } from './shifts.js';

const CITY = '150600' as const;
const DONGSHENG = '150602' as const;
const iso = (s: string) => new Date(s);

describe('shiftFromLocal', () => {
  it('turns a Beijing date and wall-clock times into instants', () => {
    const shift = shiftFromLocal({
      seatId: 's1',
      regionCode: CITY,
      date: '2026-03-10',
      startTime: '09:00',
      endTime: '12:00',
    });
    expect(shift).toEqual({
      seatId: 's1',
      regionCode: CITY,
      start: iso('2026-03-10T01:00:00Z'),
      end: iso('2026-03-10T04:00:00Z'),
    });
  });

  it('reads an end at or before the start as the next day', () => {
    const night = shiftFromLocal({
      seatId: 's1',
      regionCode: CITY,
      date: '2026-03-10',
      startTime: '22:00',
      endTime: '06:00',
    });
    expect(night.start.toISOString()).toBe('2026-03-10T14:00:00.000Z');
    expect(night.end.toISOString()).toBe('2026-03-10T22:00:00.000Z');
    const day = shiftFromLocal({
      seatId: 's1',
      regionCode: CITY,
      date: '2026-03-10',
      startTime: '00:00',
      endTime: '00:00',
    });
    expect(day.end.getTime() - day.start.getTime()).toBe(24 * 3600_000);
  });
});

describe('seatCoverage', () => {
  const shift = (seatId: string, start: string, end: string, regionCode: Shift['regionCode'] = CITY): Shift => ({
    seatId,
    regionCode,
    start: iso(start),
    end: iso(end),
  });

  it('merges overlapping and back-to-back shifts of one seat, keeps gaps, ignores other regions and empty shifts', () => {
    const coverage = seatCoverage(
      [
        shift('a', '2026-03-10T02:07:00Z', '2026-03-10T04:00:00Z'),
        shift('a', '2026-03-10T01:00:00Z', '2026-03-10T02:07:00Z'),
        shift('a', '2026-03-10T03:00:00Z', '2026-03-10T03:30:00Z'),
        shift('a', '2026-03-10T06:00:00Z', '2026-03-10T08:00:00Z'),
        shift('b', '2026-03-10T01:00:00Z', '2026-03-10T02:00:00Z', DONGSHENG),
        shift('c', '2026-03-10T05:00:00Z', '2026-03-10T05:00:00Z'),
      ],
      CITY,
    );
    expect([...coverage.keys()]).toEqual(['a']);
    expect(coverage.get('a')).toEqual([
      { start: Date.parse('2026-03-10T01:00:00Z'), end: Date.parse('2026-03-10T04:00:00Z') },
      { start: Date.parse('2026-03-10T06:00:00Z'), end: Date.parse('2026-03-10T08:00:00Z') },
    ]);
  });

  it('mergeSpans does not mutate its input', () => {
    const input = [
      { start: 0, end: 10 },
      { start: 5, end: 20 },
    ];
    expect(mergeSpans(input)).toEqual([{ start: 0, end: 20 }]);
    expect(input[0]).toEqual({ start: 0, end: 10 });
  });
});

describe('expandWeeklyShifts', () => {
  it('turns weekly patterns into the shifts of the dates asked for', () => {
    // 2026-11-25 is a Wednesday (3); 2026-11-29 a Sunday (7).
    const shifts = expandWeeklyShifts(
      [
        { seatId: 's1', regionCode: '150602', weekday: 3, startTime: '08:00', endTime: '12:00' },
        { seatId: 's1', regionCode: '150602', weekday: 7, startTime: '09:00', endTime: '10:00' },
      ],
      '2026-11-25',
      '2026-11-29',
    );
    expect(shifts.map((s) => [s.start.toISOString(), s.end.toISOString()])).toEqual([
      ['2026-11-25T00:00:00.000Z', '2026-11-25T04:00:00.000Z'],
      ['2026-11-29T01:00:00.000Z', '2026-11-29T02:00:00.000Z'],
    ]);
  });

  it('keeps a night shift that began the day before', () => {
    // Tuesday 22:00 – Wednesday 06:00 covers the early hours of Wednesday 2026-11-25.
    const shifts = expandWeeklyShifts(
      [{ seatId: 's1', regionCode: '150602', weekday: 2, startTime: '22:00', endTime: '06:00' }],
      '2026-11-25',
      '2026-11-25',
    );
    expect(shifts).toHaveLength(1);
    expect(shifts[0]!.end.toISOString()).toBe('2026-11-24T22:00:00.000Z');
  });
});
