/**
 * Beijing time (北京时间, UTC+8) without a timezone library. China has kept one offset and no
 * daylight saving since 1991, so a local wall-clock time is the UTC instant plus eight hours.
 * Pure: every instant is a parameter; nothing here reads the clock.
 */
export const MINUTE_MS = 60_000;
export const DAY_MINUTES = 24 * 60;
export const BEIJING_OFFSET_MS = 8 * 60 * MINUTE_MS;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes since local midnight of an 'HH:mm' wall-clock time ('00:00'–'23:59'). */
export function parseLocalTime(time: string): number {
  const match = TIME_PATTERN.exec(time);
  if (!match) throw new RangeError(`not an HH:mm time: ${time}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** The instant of local midnight that starts a 'YYYY-MM-DD' Beijing date. */
export function beijingMidnight(date: string): Date {
  const match = DATE_PATTERN.exec(date);
  if (!match) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const utcMidnight = Date.UTC(year, month - 1, day);
  if (formatDate(utcMidnight) !== date) throw new RangeError(`no such date: ${date}`);
  return new Date(utcMidnight - BEIJING_OFFSET_MS);
}

/** The instant of a Beijing wall-clock time on a Beijing date. */
export function beijingInstant(date: string, time: string): Date {
  return new Date(beijingMidnight(date).getTime() + parseLocalTime(time) * MINUTE_MS);
}

/** 'YYYY-MM-DD' of the Beijing date an instant falls on. */
export function beijingDate(instant: Date): string {
  return formatDate(instant.getTime() + BEIJING_OFFSET_MS);
}

/** 'HH:mm' of an instant on the Beijing wall clock. */
export function beijingTime(instant: Date): string {
  const local = new Date(instant.getTime() + BEIJING_OFFSET_MS);
  return `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`;
}

function formatDate(shiftedMs: number): string {
  const d = new Date(shiftedMs);
  return `${String(d.getUTCFullYear()).padStart(4, '0')}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** The Beijing date `days` after a 'YYYY-MM-DD' date (negative: before). */
export function addDays(date: string, days: number): string {
  return beijingDate(new Date(beijingMidnight(date).getTime() + days * DAY_MINUTES * MINUTE_MS));
}

/** ISO weekday of a Beijing date: 1 Monday … 7 Sunday. */
export function isoWeekday(date: string): number {
  const day = new Date(beijingMidnight(date).getTime() + BEIJING_OFFSET_MS).getUTCDay();
  return day === 0 ? 7 : day;
}
