/** 工单号: GD + yyyymmdd (Asia/Shanghai) + a serial of at least six digits from a database sequence. Pure. */
export function formatTicketNumber(at: Date, serial: number): string {
  const local = new Date(at.getTime() + 8 * 3600_000);
  const ymd = local.toISOString().slice(0, 10).replaceAll('-', '');
  return `GD${ymd}${String(serial).padStart(6, '0')}`;
}
