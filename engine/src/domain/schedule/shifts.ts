/**
 * 排班 — seat shifts. A shift says one seat serves one region between two instants; slot
 * capacity is derived from shifts (see slots.ts). Pure.
 */
import type { RegionCode } from '@cloud-seat/contracts';
import { addDays, beijingMidnight, DAY_MINUTES, isoWeekday, MINUTE_MS, parseLocalTime } from './beijingTime.js';

/** A seat on duty for a region from `start` (inclusive) to `end` (exclusive), absolute instants. */
export interface Shift {
  seatId: string;
  regionCode: RegionCode;
  start: Date;
  end: Date;
}

/** A shift as an administrator enters it: a Beijing date and 'HH:mm' wall-clock times. */
export interface LocalShift {
  seatId: string;
  regionCode: RegionCode;
  /** 'YYYY-MM-DD', Beijing date the shift starts on. */
  date: string;
  /** 'HH:mm' Beijing time. */
  startTime: string;
  /** 'HH:mm' Beijing time; at or before `startTime` means the next day ('22:00'–'06:00', '00:00'–'00:00' is 24 h). */
  endTime: string;
}

export function shiftFromLocal(local: LocalShift): Shift {
  const midnight = beijingMidnight(local.date).getTime();
  const startMinute = parseLocalTime(local.startTime);
  let endMinute = parseLocalTime(local.endTime);
  if (endMinute <= startMinute) endMinute += DAY_MINUTES;
  return {
    seatId: local.seatId,
    regionCode: local.regionCode,
    start: new Date(midnight + startMinute * MINUTE_MS),
    end: new Date(midnight + endMinute * MINUTE_MS),
  };
}

/** A half-open span of epoch milliseconds. */
export interface Span {
  start: number;
  end: number;
}

/**
 * The time each seat is on duty for a region: its shifts there merged, so overlapping or
 * back-to-back shifts of one seat (09:00–10:07, 10:07–12:00) count as one continuous stretch
 * and the seat is counted once. Empty or inverted shifts cover nothing.
 */
export function seatCoverage(shifts: readonly Shift[], regionCode: RegionCode): Map<string, Span[]> {
  const bySeat = new Map<string, Span[]>();
  for (const shift of shifts) {
    if (shift.regionCode !== regionCode) continue;
    const span = { start: shift.start.getTime(), end: shift.end.getTime() };
    if (!(span.end > span.start)) continue;
    const spans = bySeat.get(shift.seatId) ?? [];
    spans.push(span);
    bySeat.set(shift.seatId, spans);
  }
  for (const [seatId, spans] of bySeat) bySeat.set(seatId, mergeSpans(spans));
  return bySeat;
}

export function mergeSpans(spans: readonly Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const merged: Span[] = [];
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
}

/** A seat's weekly shift (排班模板): every `weekday` (1 Monday … 7 Sunday) from startTime to endTime. */
export interface WeeklyShift {
  seatId: string;
  regionCode: RegionCode;
  weekday: number;
  startTime: string;
  endTime: string;
}

/**
 * The shifts weekly patterns give on the Beijing dates `fromDate`..`toDate` (inclusive). The day
 * before is included too, so a night shift that started then (22:00–06:00) still covers `fromDate`.
 */
export function expandWeeklyShifts(patterns: readonly WeeklyShift[], fromDate: string, toDate: string): Shift[] {
  const shifts: Shift[] = [];
  for (let date = addDays(fromDate, -1); date <= toDate; date = addDays(date, 1)) {
    const weekday = isoWeekday(date);
    for (const p of patterns) {
      if (p.weekday !== weekday) continue;
      shifts.push(
        shiftFromLocal({
          seatId: p.seatId,
          regionCode: p.regionCode,
          date,
          startTime: p.startTime,
          endTime: p.endTime,
        }),
      );
    }
  }
  return shifts;
}
