/**
 * 预约时段 — bookable slots of a region, derived from seat shifts. Pure.
 *
 * Slots are aligned to multiples of `slotMinutes` from Beijing local midnight (10:00, 10:15, …),
 * and a slot's capacity is the number of distinct seats on duty for the whole slot. A slot no
 * seat covers entirely is not a slot.
 */
import type { RegionCode } from '@cloud-seat/contracts';
import { BEIJING_OFFSET_MS, DAY_MINUTES, MINUTE_MS } from './beijingTime.js';
import { seatCoverage, type Shift } from './shifts.js';

export const DEFAULT_SLOT_MINUTES = 15;

export interface Slot {
  regionCode: RegionCode;
  start: Date;
  end: Date;
  /** Distinct seats whose shifts cover the whole slot: how many citizens may book it. */
  capacity: number;
}

export interface SlotWindow {
  regionCode: RegionCode;
  /** Only slots lying wholly inside [from, to) are returned. */
  from: Date;
  to: Date;
  /** A whole number of minutes dividing a day (5, 10, 15, 20, 30, 60, …); default 15. */
  slotMinutes?: number;
}

/** Slot length in milliseconds; throws when the length does not tile a day evenly. */
export function slotLengthMs(slotMinutes: number): number {
  if (!Number.isInteger(slotMinutes) || slotMinutes <= 0 || DAY_MINUTES % slotMinutes !== 0) {
    throw new RangeError(`slotMinutes must be a whole number of minutes dividing a day, got ${slotMinutes}`);
  }
  return slotMinutes * MINUTE_MS;
}

/** True when the instant is a slot boundary (a multiple of `slotMinutes` from Beijing midnight). */
export function isSlotAligned(instant: Date, slotMinutes = DEFAULT_SLOT_MINUTES): boolean {
  return offsetIntoSlot(instant.getTime(), slotLengthMs(slotMinutes)) === 0;
}

/** The first slot boundary at or after the instant. */
export function alignUp(instant: Date, slotMinutes = DEFAULT_SLOT_MINUTES): Date {
  const length = slotLengthMs(slotMinutes);
  const into = offsetIntoSlot(instant.getTime(), length);
  return new Date(into === 0 ? instant.getTime() : instant.getTime() + length - into);
}

export function buildSlots(shifts: readonly Shift[], window: SlotWindow): Slot[] {
  const length = slotLengthMs(window.slotMinutes ?? DEFAULT_SLOT_MINUTES);
  const from = window.from.getTime();
  const to = window.to.getTime();
  const capacityByStart = new Map<number, number>();
  for (const spans of seatCoverage(shifts, window.regionCode).values()) {
    // A seat's merged spans do not overlap, so each slot is counted at most once per seat.
    for (const span of spans) {
      const lo = Math.max(span.start, from);
      const hi = Math.min(span.end, to);
      for (let t = alignUp(new Date(lo), length / MINUTE_MS).getTime(); t + length <= hi; t += length) {
        capacityByStart.set(t, (capacityByStart.get(t) ?? 0) + 1);
      }
    }
  }
  return [...capacityByStart.entries()]
    .sort(([a], [b]) => a - b)
    .map(([start, capacity]) => ({
      regionCode: window.regionCode,
      start: new Date(start),
      end: new Date(start + length),
      capacity,
    }));
}

/** The slot of a region starting exactly at `start`, if any. */
export function findSlot(slots: readonly Slot[], regionCode: RegionCode, start: Date): Slot | undefined {
  return slots.find((s) => s.regionCode === regionCode && s.start.getTime() === start.getTime());
}

function offsetIntoSlot(ms: number, length: number): number {
  return (((ms + BEIJING_OFFSET_MS) % length) + length) % length;
}
