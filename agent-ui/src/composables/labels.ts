import { REGIONS } from '@cloud-seat/contracts';

const REGION_NAMES: Record<string, string> = Object.fromEntries(REGIONS.map((r) => [r.code, r.name]));

export function regionName(code: string): string {
  return REGION_NAMES[code] ?? code;
}

export function formatTime(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}
