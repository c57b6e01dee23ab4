/**
 * OPTIONS pings to every FreeSWITCH of the pool, every `intervalMs`; each answer (or silence
 * past `timeoutMs`) goes into the pool, and status changes are logged.
 */
import type Srf from 'drachtio-srf';
import type { MediaServerPool } from '../domain/mediaServerPool.js';
import type { Logger } from '../logger.js';
import { sendRequest } from './srfTypes.js';

export interface HealthPingerOptions {
  srf: Srf;
  pool: MediaServerPool;
  logger: Logger;
  intervalMs: number;
  timeoutMs: number;
}

export class HealthPinger {
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: HealthPingerOptions) {}

  /** Pings now, then every interval. */
  start(): void {
    if (this.timer) return;
    void this.round();
    this.timer = setInterval(() => void this.round(), this.options.intervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One OPTIONS to each target; resolves when every one answered or timed out. */
  async round(): Promise<void> {
    await Promise.all(this.options.pool.targets.map((state) => this.probe(state.key)));
  }

  private async probe(key: string): Promise<void> {
    const code = await this.ping(key);
    const change = this.options.pool.record(key, code);
    if (change) {
      const log = change.to === 'up' ? this.options.logger.info : this.options.logger.warn;
      log({ target: key, from: change.from, to: change.to, code }, `FreeSWITCH ${key} is ${change.to}`);
    }
  }

  /** The final status of an OPTIONS to `key`, or null when none came in time. */
  private ping(key: string): Promise<number | null> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(null), this.options.timeoutMs);
      const done = (code: number | null) => {
        clearTimeout(timer);
        resolve(code);
      };
      sendRequest(this.options.srf, `sip:${key}`, { method: 'OPTIONS' }, (res) => {
        if (res.status >= 200) done(res.status);
      }).catch(() => done(null));
    });
  }
}
