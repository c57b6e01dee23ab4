import { REGIONS } from '@cloud-seat/contracts';
import { ApiError } from '@/api/client';

const REGION_NAMES: Record<string, string> = Object.fromEntries(REGIONS.map((r) => [r.code, r.name]));

/** The engine's ASSISTANT setting (embedded / rasa / off), as staff read it. */
export const ASSISTANT_KIND_LABELS: Record<string, string> = { embedded: '内置 NLU', rasa: 'Rasa', off: '已关闭' };

export function regionName(code: string): string {
  return REGION_NAMES[code] ?? code;
}

export function formatTime(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** The text to show for a failed request: the engine's Chinese message, else a general one. */
export function messageOf(e: unknown, fallback = '操作失败，请稍后再试'): string {
  return e instanceof ApiError ? e.message : fallback;
}
