/**
 * At most `limit` messages per key in each window of `windowMs` (a fixed window: cheap enough for
 * every co-browse batch and laser move). Pure apart from the clock passed in. Per process: with
 * several web processes behind a balancer each keeps the same limit, which still bounds a sender.
 */
export class RateWindow {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Counts one message; false when the key is past its limit in the current window. */
  take(key: string, now: number): boolean {
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      if (this.windows.size > 10_000) this.prune(now);
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    if (w.count >= this.limit) return false;
    w.count += 1;
    return true;
  }

  private prune(now: number): void {
    for (const [key, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(key);
  }
}
