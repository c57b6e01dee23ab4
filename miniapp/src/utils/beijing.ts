/** Beijing wall-clock formatting for the citizen app (China keeps UTC+8 all year). Pure. */
const OFFSET_MS = 8 * 3600_000;
const pad = (n: number) => String(n).padStart(2, '0');

function local(instant: Date | string): Date {
  return new Date(new Date(instant).getTime() + OFFSET_MS);
}

/** 'YYYY-MM-DD' of the Beijing date. */
export function beijingDate(instant: Date | string): string {
  const d = local(instant);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** 'HH:mm' on the Beijing clock. */
export function beijingClock(instant: Date | string): string {
  const d = local(instant);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

/** The next `days` Beijing dates from `now`, labelled 今天 / 明天 / 11月27日 周五. */
export function bookingDates(now: Date, days = 7): Array<{ date: string; label: string }> {
  return Array.from({ length: days }, (_, i) => {
    const instant = new Date(now.getTime() + i * 86400_000);
    const d = local(instant);
    const date = beijingDate(instant);
    const label =
      i === 0 ? '今天' : i === 1 ? '明天' : `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${WEEKDAYS[d.getUTCDay()]}`;
    return { date, label };
  });
}

/** '11月26日 10:15–10:30'. */
export function slotLabel(start: string, end: string): string {
  const d = local(start);
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${beijingClock(start)}–${beijingClock(end)}`;
}

/** '2026年11月26日 10:02' on the Beijing clock. */
export function beijingDateTime(instant: Date | string): string {
  const d = local(instant);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${beijingClock(instant)}`;
}
