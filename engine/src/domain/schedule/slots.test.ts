import { describe, expect, it } from 'vitest';
import { beijingInstant, beijingTime } from './beijingTime.js';
import { shiftFromLocal } from './shifts.js';
import { alignUp, buildSlots, findSlot, isSlotAligned, slotLengthMs } from './slots.js';

const CITY = '150600' as const;
const DONGSHENG = '150602' as const;
const DAY = '2026-03-10';
const at = (time: string, date = DAY) => beijingInstant(date, time);
const shift = (seatId: string, startTime: string, endTime: string, regionCode: typeof CITY | typeof DONGSHENG = CITY) =>
  shiftFromLocal({ seatId, regionCode, date: DAY, startTime, endTime });
const wholeDay = { regionCode: CITY, from: at('00:00'), to: at('00:00', '2026-03-11') };
const view = (slots: ReturnType<typeof buildSlots>) =>
  slots.map((s) => `${beijingTime(s.start)}-${beijingTime(s.end)}×${s.capacity}`);

describe('buildSlots', () => {
  it('counts the distinct seats whose shifts cover each whole slot', () => {
    const shifts = [
      shift('a', '09:00', '10:00'),
      shift('b', '09:30', '10:30'),
      shift('c', '09:45', '10:00'),
      shift('a', '09:00', '09:30'), // duplicate of seat a: still one seat
      shift('z', '09:00', '10:30', DONGSHENG), // another region
    ];
    expect(view(buildSlots(shifts, wholeDay))).toEqual([
      '09:00-09:15×1',
      '09:15-09:30×1',
      '09:30-09:45×2',
      '09:45-10:00×3',
      '10:00-10:15×1',
      '10:15-10:30×1',
    ]);
  });

  it('drops slots no seat covers entirely and aligns to the slot grid from local midnight', () => {
    // 09:10–09:50 only covers 09:15–09:30 and 09:30–09:45 on a 15-minute grid.
    expect(view(buildSlots([shift('a', '09:10', '09:50')], wholeDay))).toEqual(['09:15-09:30×1', '09:30-09:45×1']);
    // A gap with no seat leaves no slot.
    const gap = buildSlots([shift('a', '09:00', '09:15'), shift('b', '09:30', '09:45')], wholeDay);
    expect(view(gap)).toEqual(['09:00-09:15×1', '09:30-09:45×1']);
  });

  it('counts a seat once across back-to-back shifts that together cover a slot', () => {
    const slots = buildSlots([shift('a', '09:00', '09:07'), shift('a', '09:07', '09:15')], wholeDay);
    expect(view(slots)).toEqual(['09:00-09:15×1']);
  });

  it('honours other slot lengths', () => {
    const slots = buildSlots([shift('a', '09:10', '10:40')], { ...wholeDay, slotMinutes: 30 });
    expect(view(slots)).toEqual(['09:30-10:00×1', '10:00-10:30×1']);
    // 45 minutes does not divide an hour: the grid still starts at Beijing midnight (… 09:00, 09:45, 10:30).
    const long = buildSlots([shift('a', '09:00', '11:30')], { ...wholeDay, slotMinutes: 45 });
    expect(view(long)).toEqual(['09:00-09:45×1', '09:45-10:30×1', '10:30-11:15×1']);
  });

  it('returns only slots lying wholly inside the window, in order', () => {
    const shifts = [shift('a', '08:00', '12:00'), shift('b', '08:00', '09:00')];
    const slots = buildSlots(shifts, { regionCode: CITY, from: at('08:20'), to: at('09:10') });
    expect(view(slots)).toEqual(['08:30-08:45×2', '08:45-09:00×2']);
    expect(slots.every((s) => s.regionCode === CITY)).toBe(true);
  });

  it('keeps slots across Beijing midnight (a night shift) on the grid', () => {
    const night = shiftFromLocal({ seatId: 'n', regionCode: CITY, date: DAY, startTime: '23:30', endTime: '00:30' });
    const slots = buildSlots([night], { regionCode: CITY, from: at('23:00'), to: at('01:00', '2026-03-11') });
    expect(view(slots)).toEqual(['23:30-23:45×1', '23:45-00:00×1', '00:00-00:15×1', '00:15-00:30×1']);
    expect(slots[2]?.start.toISOString()).toBe('2026-03-10T16:00:00.000Z');
  });

  it('returns nothing without shifts in the region', () => {
    expect(buildSlots([shift('z', '09:00', '10:00', DONGSHENG)], wholeDay)).toEqual([]);
  });

  it('refuses a slot length that does not tile a day', () => {
    expect(() => buildSlots([], { ...wholeDay, slotMinutes: 7 })).toThrow(RangeError);
    expect(() => slotLengthMs(0)).toThrow(RangeError);
    expect(() => slotLengthMs(12.5)).toThrow(RangeError);
    expect(slotLengthMs(15)).toBe(900_000);
  });
});

describe('slot grid helpers', () => {
  it('aligns to Beijing midnight, not UTC midnight', () => {
    expect(isSlotAligned(at('10:15'))).toBe(true);
    expect(isSlotAligned(at('10:20'))).toBe(false);
    // 45-minute grid from Beijing midnight: … 09:00, 09:45, 10:30. (From UTC midnight it would be 10:15, 11:00.)
    expect(isSlotAligned(at('10:30'), 45)).toBe(true);
    expect(isSlotAligned(at('10:15'), 45)).toBe(false);
    // 3-hour grid: 09:00 Beijing is 01:00 UTC, on the Beijing grid only.
    expect(isSlotAligned(at('09:00'), 180)).toBe(true);
    expect(isSlotAligned(at('08:00'), 180)).toBe(false);
  });

  it('alignUp moves to the next boundary, or stays on one', () => {
    expect(alignUp(at('10:01'))).toEqual(at('10:15'));
    expect(alignUp(at('10:15'))).toEqual(at('10:15'));
    expect(alignUp(at('23:50'))).toEqual(at('00:00', '2026-03-11'));
    expect(alignUp(at('07:00'), 180)).toEqual(at('09:00'));
  });

  it('findSlot matches region and exact start', () => {
    const slots = buildSlots([shift('a', '09:00', '10:00')], wholeDay);
    expect(findSlot(slots, CITY, at('09:15'))?.end).toEqual(at('09:30'));
    expect(findSlot(slots, CITY, at('09:20'))).toBeUndefined();
    expect(findSlot(slots, DONGSHENG, at('09:15'))).toBeUndefined();
  });
});
