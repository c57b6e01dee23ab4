/**
 * A minimal RFC 3261 §17 transaction layer (with the RFC 6026 "Accepted" state for 2xx).
 *
 * Server transactions: a retransmitted request is absorbed and the last response resent; an
 * INVITE's final response is retransmitted over UDP (timer G, and for 2xx the UAS core's
 * retransmission of §13.3.1.4) until the ACK comes or 64·T1 passes. Client transactions, for
 * requests the switch sends (INVITE/BYE/OPTIONS to a registered contact): retransmitted over UDP
 * (timers A/E), a synthesized 408 after 64·T1 (timers B/F), the ACK of a non-2xx INVITE answer
 * sent here. Timers are configurable (tests scale T1 down).
 */
import {
  makeResponse,
  parseCSeq,
  parseVia,
  SipHeaders,
  type SipMessage,
  type SipRequest,
  type SipResponse,
} from './message.js';
import type { Flow } from './transports.js';

export interface TimerConfig {
  t1: number;
  t2: number;
  t4: number;
}
export const DEFAULT_TIMERS: TimerConfig = { t1: 500, t2: 4000, t4: 5000 };

export type Send = (message: SipMessage, flow: Flow) => void;

type ServerState = 'trying' | 'proceeding' | 'completed' | 'accepted' | 'confirmed' | 'terminated';

/** Key of a request's transaction: top Via branch + sent-by + method (ACK → INVITE). */
export function transactionKey(request: { method?: string; headers: SipHeaders }, method?: string): string | null {
  const via = request.headers.get('via');
  const cseq = parseCSeq(request.headers.get('cseq') ?? '');
  if (!via || !cseq) return null;
  const top = parseVia(via);
  const m = method ?? (cseq.method === 'ACK' ? 'INVITE' : cseq.method);
  const branch = top.params.branch;
  if (branch && branch.startsWith('z9hG4bK')) return `${branch}|${top.host}:${top.port ?? ''}|${m}`;
  // RFC 2543 peers: no magic cookie; match on the dialog-ish fields instead.
  const from = request.headers.get('from') ?? '';
  return `${request.headers.get('call-id')}|${cseq.seq}|${from}|${via}|${m}`;
}

/** Key matching the ACK of a 2xx (a new branch) to its INVITE: Call-ID + CSeq number. */
function acceptedKey(headers: SipHeaders): string {
  const cseq = parseCSeq(headers.get('cseq') ?? '');
  return `${headers.get('call-id')}|${cseq?.seq ?? ''}`;
}

export class ServerTransaction {
  state: ServerState = 'trying';
  lastResponse: SipResponse | null = null;
  /** Called when a final response (INVITE) saw no ACK within 64·T1. */
  onAckTimeout: (() => void) | null = null;
  private timers: NodeJS.Timeout[] = [];

  constructor(
    readonly key: string,
    readonly request: SipRequest,
    readonly flow: Flow,
    private readonly layer: TransactionLayer,
  ) {}

  get isInvite(): boolean {
    return this.request.method === 'INVITE';
  }

  respond(response: SipResponse): void {
    if (this.state === 'terminated' || this.state === 'completed' || this.state === 'accepted') return;
    this.lastResponse = response;
    this.layer.send(response, this.flow);
    if (response.status < 200) {
      this.state = 'proceeding';
      return;
    }
    const { t1, t2 } = this.layer.timers;
    if (!this.isInvite) {
      this.state = 'completed';
      this.after(this.flow.reliable ? 0 : 64 * t1, () => this.terminate()); // timer J
      return;
    }
    this.state = response.status < 300 ? 'accepted' : 'completed';
    if (this.state === 'accepted') this.layer.accepted.set(acceptedKey(this.request.headers), this);
    if (!this.flow.reliable) this.retransmit(t1, t2); // timer G / 2xx retransmission
    this.after(64 * t1, () => {
      // timer H / L: no ACK
      const noAck = this.state !== 'confirmed';
      this.terminate();
      if (noAck) this.onAckTimeout?.();
    });
  }

  /** A retransmission of the request: resend what was last sent. */
  absorb(): void {
    if (this.lastResponse) this.layer.send(this.lastResponse, this.flow);
  }

  /** ACK matched (same branch for non-2xx, Call-ID + CSeq for 2xx). */
  acknowledge(): void {
    if (this.state !== 'completed' && this.state !== 'accepted') return;
    this.clearTimers();
    this.state = 'confirmed';
    this.after(this.flow.reliable ? 0 : this.layer.timers.t4, () => this.terminate()); // timer I
  }

  terminate(): void {
    if (this.state === 'terminated') return;
    this.state = 'terminated';
    this.clearTimers();
    this.layer.forgetServer(this);
  }

  private retransmit(interval: number, cap: number): void {
    this.timers.push(
      setTimeout(() => {
        if (this.state !== 'completed' && this.state !== 'accepted') return;
        if (this.lastResponse) this.layer.send(this.lastResponse, this.flow);
        this.retransmit(Math.min(interval * 2, cap), cap);
      }, interval),
    );
  }

  private after(ms: number, fn: () => void): void {
    if (ms <= 0) queueMicrotask(fn);
    else this.timers.push(setTimeout(fn, ms));
  }

  private clearTimers(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers = [];
  }
}

export class ClientTransaction {
  state: 'calling' | 'proceeding' | 'completed' | 'terminated' = 'calling';
  /** Resolves with the final response (a synthesized 408 on timeout, 503 if the flow is gone). */
  readonly final: Promise<SipResponse>;
  private resolveFinal!: (response: SipResponse) => void;
  private timers: NodeJS.Timeout[] = [];

  constructor(
    readonly key: string,
    readonly request: SipRequest,
    readonly flow: Flow,
    private readonly layer: TransactionLayer,
    private readonly onResponse: ((response: SipResponse) => void) | null,
  ) {
    this.final = new Promise((resolve) => (this.resolveFinal = resolve));
  }

  start(): void {
    const { t1, t2 } = this.layer.timers;
    if (!this.flow.isOpen()) {
      queueMicrotask(() => this.finish(makeResponse(this.request, 503, { reason: 'Flow Closed' })));
      return;
    }
    this.layer.send(this.request, this.flow);
    if (!this.flow.reliable) this.retransmit(t1, this.request.method === 'INVITE' ? Infinity : t2);
    this.timers.push(setTimeout(() => this.finish(makeResponse(this.request, 408)), 64 * t1)); // timer B / F
  }

  receive(response: SipResponse): void {
    if (this.state === 'terminated') return;
    if (this.state === 'completed') {
      if (this.request.method === 'INVITE' && response.status >= 300) this.layer.send(this.ack(response), this.flow);
      return;
    }
    if (response.status < 200) {
      this.state = 'proceeding';
      this.onResponse?.(response);
      return;
    }
    if (this.request.method === 'INVITE' && response.status >= 300) this.layer.send(this.ack(response), this.flow);
    this.finish(response);
  }

  /** Its connection closed: 503 now rather than a 408 after timer B/F. */
  flowGone(): void {
    this.finish(makeResponse(this.request, 503, { reason: 'Flow Closed' }));
  }

  private finish(response: SipResponse): void {
    if (this.state === 'terminated' || this.state === 'completed') return;
    this.clearTimers();
    this.onResponse?.(response);
    this.resolveFinal(response);
    const linger = this.flow.reliable || response.status === 408 ? 0 : 64 * this.layer.timers.t1; // timer D / K
    if (linger === 0) return this.terminate();
    this.state = 'completed';
    this.timers.push(setTimeout(() => this.terminate(), linger));
  }

  /** The ACK of a non-2xx answer (§17.1.1.3): same branch, To with the answer's tag. */
  private ack(response: SipResponse): SipRequest {
    const headers = new SipHeaders();
    headers.append('Via', this.request.headers.get('via')!);
    for (const route of this.request.headers.getAll('route')) headers.append('Route', route);
    headers.append('Max-Forwards', '70');
    headers.append('From', this.request.headers.get('from')!);
    headers.append('To', response.headers.get('to') ?? this.request.headers.get('to')!);
    headers.append('Call-ID', this.request.headers.get('call-id')!);
    headers.append('CSeq', `${parseCSeq(this.request.headers.get('cseq')!)!.seq} ACK`);
    return { kind: 'request', method: 'ACK', uri: this.request.uri, headers, body: Buffer.alloc(0) };
  }

  private retransmit(interval: number, cap: number): void {
    this.timers.push(
      setTimeout(() => {
        if (this.state === 'terminated' || this.state === 'completed') return;
        if (this.state === 'calling' || this.request.method !== 'INVITE') this.layer.send(this.request, this.flow);
        this.retransmit(Math.min(interval * 2, cap), cap);
      }, interval),
    );
  }

  terminate(): void {
    this.state = 'terminated';
    for (const t of this.timers) clearTimeout(t);
    this.timers = [];
    this.layer.forgetClient(this);
  }

  private clearTimers(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers = [];
  }
}

export type InboundRequest =
  | { kind: 'new'; tx: ServerTransaction }
  | { kind: 'retransmission' }
  /** ACK of a 2xx (goes to the dialog; `tx` is its INVITE transaction, if still known). */
  | { kind: 'ack'; tx: ServerTransaction | null }
  /** ACK of a non-2xx final response: absorbed here. */
  | { kind: 'ack-absorbed' };

export class TransactionLayer {
  readonly timers: TimerConfig;
  readonly accepted = new Map<string, ServerTransaction>();
  private readonly server = new Map<string, ServerTransaction>();
  private readonly client = new Map<string, ClientTransaction>();

  constructor(
    readonly send: Send,
    timers: Partial<TimerConfig> = {},
  ) {
    this.timers = { ...DEFAULT_TIMERS, ...timers };
  }

  receiveRequest(request: SipRequest, flow: Flow): InboundRequest {
    const key = transactionKey(request)!;
    if (request.method === 'ACK') {
      const tx = this.server.get(key);
      if (tx && tx.state !== 'accepted') {
        tx.acknowledge();
        return { kind: 'ack-absorbed' };
      }
      const accepted = this.accepted.get(acceptedKey(request.headers)) ?? null;
      accepted?.acknowledge();
      return { kind: 'ack', tx: accepted };
    }
    const existing = this.server.get(key);
    if (existing) {
      existing.absorb();
      return { kind: 'retransmission' };
    }
    const tx = new ServerTransaction(key, request, flow, this);
    this.server.set(key, tx);
    return { kind: 'new', tx };
  }

  /** The INVITE transaction a CANCEL targets (same branch, §9.2). */
  inviteFor(cancel: SipRequest): ServerTransaction | undefined {
    const key = transactionKey(cancel, 'INVITE');
    return key ? this.server.get(key) : undefined;
  }

  /** Routes a response to its client transaction; false when none matches (stray, dropped). */
  receiveResponse(response: SipResponse): boolean {
    const key = transactionKey(response);
    const tx = key ? this.client.get(key) : undefined;
    if (!tx) return false;
    tx.receive(response);
    return true;
  }

  /** Sends a request (its top Via must carry a fresh z9hG4bK branch) in a client transaction. */
  request(request: SipRequest, flow: Flow, onResponse?: (response: SipResponse) => void): ClientTransaction {
    const key = transactionKey(request);
    if (!key) throw new Error('request without Via/CSeq');
    const tx = new ClientTransaction(key, request, flow, this, onResponse ?? null);
    this.client.set(key, tx);
    tx.start();
    return tx;
  }

  /** A connection closed: its client transactions end at once with 503 (no answer can come). */
  flowClosed(flow: Flow): void {
    for (const tx of [...this.client.values()]) if (tx.flow.id === flow.id) tx.flowGone();
  }

  forgetServer(tx: ServerTransaction): void {
    if (this.server.get(tx.key) === tx) this.server.delete(tx.key);
    const ak = acceptedKey(tx.request.headers);
    if (this.accepted.get(ak) === tx) this.accepted.delete(ak);
  }

  forgetClient(tx: ClientTransaction): void {
    if (this.client.get(tx.key) === tx) this.client.delete(tx.key);
  }

  get size(): { server: number; client: number } {
    return { server: this.server.size, client: this.client.size };
  }

  /** Ends every transaction (shutdown). */
  close(): void {
    for (const tx of [...this.server.values()]) tx.terminate();
    this.accepted.clear();
    for (const tx of [...this.client.values()]) tx.terminate();
  }
}
