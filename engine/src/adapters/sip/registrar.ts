/**
 * The registrar's binding store (RFC 3261 §10.3, RFC 5626 `+sip.instance`/`reg-id`). Pure
 * apart from the clock: the caller authenticates the REGISTER first and passes the user whose
 * bindings it may change. Each binding keeps the {@link Flow} it was registered over — JsSIP's
 * contact host is `*.invalid`, so requests to it must go back over that WebSocket.
 */
import {
  formatNameAddr,
  makeResponse,
  parseCSeq,
  parseNameAddr,
  parseUri,
  type NameAddr,
  type SipRequest,
  type SipResponse,
} from './message.js';
import type { Flow } from './transports.js';

export interface Binding {
  /** The user (address of record) the contact belongs to. */
  user: string;
  contact: NameAddr;
  instanceId: string | null;
  regId: string | null;
  callId: string;
  cseq: number;
  expiresAt: number;
  flow: Flow;
}

export type RegisterOutcome =
  { status: 200; bindings: Binding[] } | { status: 400 | 500; reason: string } | { status: 423; minExpires: number };

export interface RegistrarOptions {
  now?: () => number;
  /** Seconds. Shorter requests are answered 423 with Min-Expires. */
  minExpires?: number;
  maxExpires?: number;
  defaultExpires?: number;
}

export class Registrar {
  private readonly bindings = new Map<string, Binding[]>();
  private readonly now: () => number;
  private readonly minExpires: number;
  private readonly maxExpires: number;
  private readonly defaultExpires: number;

  constructor(options: RegistrarOptions = {}) {
    this.now = options.now ?? Date.now;
    this.minExpires = options.minExpires ?? 60;
    this.maxExpires = options.maxExpires ?? 3600;
    this.defaultExpires = options.defaultExpires ?? 600;
  }

  register(request: SipRequest, user: string, flow: Flow): RegisterOutcome {
    const callId = request.headers.get('call-id')!;
    const cseq = parseCSeq(request.headers.get('cseq')!)!.seq;
    const headerExpires = request.headers.get('expires');
    if (headerExpires !== undefined && !/^\d+$/.test(headerExpires)) return { status: 400, reason: 'bad Expires' };
    let contacts: NameAddr[];
    try {
      contacts = request.headers.getAll('contact').map(parseNameAddr);
    } catch {
      return { status: 400, reason: 'bad Contact' };
    }
    const now = this.now();
    const current = this.live(user, now);
    if (contacts.some((c) => c.uri === '*')) {
      if (contacts.length !== 1 || headerExpires !== '0') return { status: 400, reason: 'Contact: * needs Expires: 0' };
      this.bindings.delete(user);
      return { status: 200, bindings: [] };
    }
    for (const contact of contacts) {
      const raw = contact.params.expires ?? headerExpires;
      if (raw != null && !/^\d+$/.test(raw)) return { status: 400, reason: 'bad expires' };
      const expires = raw == null ? this.defaultExpires : Math.min(Number(raw), this.maxExpires);
      if (expires > 0 && expires < this.minExpires) return { status: 423, minExpires: this.minExpires };
      try {
        parseUri(contact.uri);
      } catch {
        return { status: 400, reason: 'bad Contact URI' };
      }
      const instanceId = contact.params['+sip.instance'] ?? null;
      const regId = contact.params['reg-id'] ?? null;
      const at = current.findIndex((b) =>
        instanceId !== null ? b.instanceId === instanceId && b.regId === regId : b.contact.uri === contact.uri,
      );
      const existing = at >= 0 ? current[at]! : null;
      if (existing && existing.callId === callId && existing.cseq >= cseq)
        return { status: 500, reason: 'out of order' };
      if (expires === 0) {
        if (at >= 0) current.splice(at, 1);
        continue;
      }
      const params = { ...contact.params };
      delete params.expires;
      const binding: Binding = {
        user,
        contact: { ...contact, params },
        instanceId,
        regId,
        callId,
        cseq,
        expiresAt: now + expires * 1000,
        flow,
      };
      if (at >= 0) current[at] = binding;
      else current.push(binding);
    }
    if (current.length) this.bindings.set(user, current);
    else this.bindings.delete(user);
    return { status: 200, bindings: [...current] };
  }

  /** The answer to a REGISTER: 200 echoing every current Contact with its `expires`. */
  response(request: SipRequest, outcome: RegisterOutcome, toTag: string): SipResponse {
    if (outcome.status === 423) {
      return makeResponse(request, 423, { toTag, headers: [['Min-Expires', String(outcome.minExpires)]] });
    }
    if (outcome.status !== 200) {
      return makeResponse(request, outcome.status, {
        toTag,
        headers: [['Warning', `399 cloud-seat "${outcome.reason}"`]],
      });
    }
    const now = this.now();
    const headers: [string, string][] = outcome.bindings.map((b) => [
      'Contact',
      formatNameAddr({
        ...b.contact,
        params: { ...b.contact.params, expires: String(Math.max(0, Math.round((b.expiresAt - now) / 1000))) },
      }),
    ]);
    if (outcome.bindings.some((b) => b.regId !== null)) headers.push(['Require', 'outbound']);
    return makeResponse(request, 200, { toTag, headers });
  }

  /** The live bindings of a user, most recent first. */
  lookup(user: string): Binding[] {
    return [...this.live(user, this.now())].sort((a, b) => b.expiresAt - a.expiresAt);
  }

  /** Drops the bindings registered over a flow that has closed (a WebSocket gone). */
  removeFlow(flow: Flow): number {
    let removed = 0;
    for (const [user, list] of this.bindings) {
      const kept = list.filter((b) => b.flow.id !== flow.id);
      removed += list.length - kept.length;
      if (kept.length) this.bindings.set(user, kept);
      else this.bindings.delete(user);
    }
    return removed;
  }

  /** Drops expired bindings; returns how many. */
  sweep(): number {
    const now = this.now();
    let removed = 0;
    for (const [user, list] of this.bindings) {
      const kept = list.filter((b) => b.expiresAt > now);
      removed += list.length - kept.length;
      if (kept.length) this.bindings.set(user, kept);
      else this.bindings.delete(user);
    }
    return removed;
  }

  get size(): number {
    let n = 0;
    for (const list of this.bindings.values()) n += list.length;
    return n;
  }

  private live(user: string, now: number): Binding[] {
    return (this.bindings.get(user) ?? []).filter((b) => b.expiresAt > now);
  }
}
