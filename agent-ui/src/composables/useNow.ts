import { onBeforeUnmount, ref } from 'vue';

/** A clock that ticks every `ms` while the component lives (waiting times, durations). */
export function useNow(ms = 1000) {
  const now = ref(Date.now());
  const timer = setInterval(() => (now.value = Date.now()), ms);
  onBeforeUnmount(() => clearInterval(timer));
  return now;
}

/** 3秒, 2分05秒, 1小时02分 */
export function formatDuration(fromIso: string, now: number): string {
  const total = Math.max(0, Math.floor((now - Date.parse(fromIso)) / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}小时${String(m).padStart(2, '0')}分`;
  if (m > 0) return `${m}分${String(s).padStart(2, '0')}秒`;
  return `${s}秒`;
}
