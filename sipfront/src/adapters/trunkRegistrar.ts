/**
 * The registration trunk: REGISTER to the carrier with digest authentication (drachtio-srf
 * answers the 401/407 challenge with the credentials), refreshed before the granted expiry,
 * retried with exponential backoff after a failure. Every outcome is logged.
 */
import { randomUUID } from 'node:crypto';
import type Srf from 'drachtio-srf';
import type { TrunkRegistration } from '../config.js';
import { formatHostPort } from '../domain/hostPort.js';
import { grantedExpires, refreshDelayMs, retryDelayMs } from '../domain/registrationTiming.js';
import type { Logger } from '../logger.js';
import { sendRequest, type SipResponse } from './srfTypes.js';

export type RegistrationState =
  | { status: 'idle' }
  | { status: 'registered'; expires: number; at: number }
  | { status: 'failed'; code: number | null; failures: number; retryInMs: number };

export interface TrunkRegistrarOptions {
  srf: Srf;
  registration: TrunkRegistration;
  logger: Logger;
  /** `host:port` for our Contact: the address drachtio-server listens on for SIP. */
  contactHost: () => string;
  /** No final answer in this time counts as a failure. Default 32 s (SIP timer F). */
  timeoutMs?: number;
  /** Backoff base for retries (tests shorten it). Default 2 s. */
  retryBaseMs?: number;
}

export class TrunkRegistrar {
  state: RegistrationState = { status: 'idle' };
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;
  private stopped = true;
  private readonly callId = `${randomUUID()}@cloud-seat-sipfront`;
  private cseq = 1;

  constructor(private readonly options: TrunkRegistrarOptions) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.register();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** Sends one REGISTER (answering a challenge) and schedules the refresh or the retry. */
  async register(): Promise<void> {
    const { registration: r, logger } = this.options;
    const aor = `<sip:${r.username}@${r.domain}>`;
    let final: SipResponse | null = null;
    try {
      final = await this.send({
        From: aor,
        To: aor,
        'Call-ID': this.callId,
        CSeq: `${this.cseq++} REGISTER`,
        Contact: `<sip:${r.username}@${this.options.contactHost()}>`,
        Expires: String(r.expires),
      });
    } catch (error) {
      logger.warn({ proxy: formatHostPort(r.proxy), error: (error as Error).message }, 'trunk REGISTER not sent');
    }
    if (this.stopped) return;
    if (final && final.status >= 200 && final.status < 300) {
      const expires = grantedExpires(final.get('Contact'), final.get('Expires'), r.expires);
      this.failures = 0;
      this.state = { status: 'registered', expires, at: Date.now() };
      logger.info({ proxy: formatHostPort(r.proxy), user: r.username, expires }, 'trunk registered');
      this.schedule(refreshDelayMs(expires));
      return;
    }
    this.failures += 1;
    const retryInMs = retryDelayMs(this.failures, this.options.retryBaseMs);
    const code = final?.status ?? null;
    this.state = { status: 'failed', code, failures: this.failures, retryInMs };
    logger.warn(
      { proxy: formatHostPort(r.proxy), user: r.username, code, failures: this.failures, retryInMs },
      code === 401 || code === 407 ? 'trunk registration rejected: check the credentials' : 'trunk registration failed',
    );
    this.schedule(retryInMs);
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.register(), delayMs);
  }

  /** Resolves with the final response (after drachtio-srf answered a challenge), or null on timeout. */
  private async send(headers: Record<string, string>): Promise<SipResponse | null> {
    const { srf, registration: r } = this.options;
    let timer: NodeJS.Timeout | undefined;
    let settle: (res: SipResponse | null) => void = () => undefined;
    const final = new Promise<SipResponse | null>((resolve) => {
      settle = resolve;
      timer = setTimeout(() => resolve(null), this.options.timeoutMs ?? 32_000);
    });
    const onResponse = (res: SipResponse) => {
      if (res.status < 200) return;
      const cseq = Number.parseInt(res.get('CSeq'), 10);
      if (cseq >= this.cseq) this.cseq = cseq + 1;
      clearTimeout(timer);
      settle(res);
    };
    try {
      await sendRequest(
        srf,
        `sip:${r.domain}`,
        {
          method: 'REGISTER',
          proxy: `sip:${formatHostPort(r.proxy)}`,
          headers,
          auth: { username: r.username, password: r.password },
        },
        onResponse,
      );
    } catch (error) {
      clearTimeout(timer);
      throw error;
    }
    return final;
  }
}
