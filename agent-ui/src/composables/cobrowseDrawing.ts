/**
 * The seat's drawing on the co-browse mirror, without a browser: a point on the scaled mirror as a
 * point of the citizen's document, a freehand stroke thinned to what the engine takes, and the
 * laser's moves throttled to COBROWSE_LASER_PER_SECOND (the last position always goes out).
 */
import { COBROWSE_LASER_PER_SECOND, COBROWSE_MAX_STROKE_POINTS, type CobrowsePoint } from '@cloud-seat/contracts';

/** A point on the stage (CSS px, mirror scaled by `scale`) → the citizen's document (scroll included). */
export function stageToDocument(
  stage: { x: number; y: number },
  scale: number,
  scroll: { x: number; y: number },
): CobrowsePoint {
  const s = scale > 0 ? scale : 1;
  const round = (n: number) => Math.max(0, Math.round(n * 10) / 10);
  return { x: round(stage.x / s + scroll.x), y: round(stage.y / s + scroll.y) };
}

/**
 * A stroke as sent: points closer than `minGap` px to the previous one dropped, then every n-th kept
 * so at most `max` remain (the first and the last always).
 */
export function thinStroke(points: readonly CobrowsePoint[], max = COBROWSE_MAX_STROKE_POINTS, minGap = 2) {
  const spaced: CobrowsePoint[] = [];
  for (const p of points) {
    const last = spaced.at(-1);
    if (!last || Math.hypot(p.x - last.x, p.y - last.y) >= minGap) spaced.push(p);
  }
  const end = points.at(-1);
  if (end && spaced.at(-1) !== end && spaced.length > 1) spaced[spaced.length - 1] = end;
  if (spaced.length <= max) return spaced;
  const step = (spaced.length - 1) / (max - 1);
  return Array.from({ length: max }, (_, i) => spaced[Math.round(i * step)]!);
}

export interface Throttled<T> {
  push(value: T): void;
  /** Drops a pending value. */
  cancel(): void;
}

/**
 * At most one `send` per `intervalMs`: the first value at once, later ones held and the latest sent
 * when the interval has passed.
 */
export function throttle<T>(
  send: (value: T) => void,
  intervalMs = 1000 / COBROWSE_LASER_PER_SECOND,
  now: () => number = Date.now,
): Throttled<T> {
  let last = -Infinity;
  let pending: { value: T } | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const fire = () => {
    timer = null;
    if (!pending) return;
    const { value } = pending;
    pending = null;
    last = now();
    send(value);
  };
  return {
    push(value) {
      pending = { value };
      const wait = last + intervalMs - now();
      if (wait <= 0 && !timer) fire();
      else timer ??= setTimeout(fire, Math.max(0, wait));
    },
    cancel() {
      pending = null;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
