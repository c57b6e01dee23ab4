/**
 * Calls arriving at the switch: one {@link CallSession} per INVITE dialog, held in a session
 * table (Call-ID + tags → session) that empties as calls end. An {@link InviteHandler} decides
 * what to do with a new call; the B2BUA will be one. {@link AnsweringHandler} is the stand-in:
 * it answers calls to test users with a dummy SDP (sipp load tests, smoke tests).
 */
import { randomBytes } from 'node:crypto';
import { makeResponse, parseNameAddr, tagOf, userOf, type SipRequest, type SipResponse } from './message.js';
import type { ServerTransaction } from './transactions.js';
import type { Flow } from './transports.js';

export type CallState = 'early' | 'answered' | 'confirmed' | 'ended';
export type CallEndReason =
  'rejected' | 'cancelled' | 'remote-bye' | 'local-bye' | 'no-ack' | 'flow-closed' | 'shutdown';

/** What an {@link InviteHandler} gets: the INVITE, its server transaction, and verbs to answer. */
export interface IncomingCall {
  readonly id: string;
  readonly invite: SipRequest;
  readonly serverTx: ServerTransaction;
  readonly flow: Flow;
  /** User part of From (the caller), Request-URI (the callee); null when absent. */
  readonly caller: string | null;
  readonly callee: string | null;
  /** The digest user the INVITE authenticated as (null when INVITEs are not authenticated). */
  readonly authenticatedUser: string | null;
  readonly state: CallState;
  /** 180 Ringing. */
  ring(): void;
  /** 183 Session Progress with early media. */
  progress(sdp: string): void;
  /** 200 OK with the answer SDP; the call is confirmed when the ACK arrives. */
  answer(sdp: string): void;
  reject(status: number, reason?: string): void;
  /** Ends an answered call (BYE from the switch) or rejects an early one (480). */
  hangup(): Promise<void>;
  onEnded(listener: (reason: CallEndReason) => void): void;
  /** A request the caller sent in the dialog (INFO: DTMF), already answered 200. */
  onInfo(listener: (request: SipRequest) => void): void;
  /** Sends an INFO in the dialog (a relayed DTMF tone) once answered. */
  sendInfo(contentType: string, body: string): Promise<void>;
}

export interface InviteHandler {
  /** A new dialog-forming INVITE, already authenticated and answered 100 Trying. */
  onInvite(call: IncomingCall): void | Promise<void>;
}

/** What a session needs from the server: sending BYE or INFO in the dialog over the call's flow. */
export interface CallSessionHost {
  sendInDialog(
    session: CallSession,
    method: 'BYE' | 'INFO',
    body?: { contentType: string; text: string },
  ): Promise<SipResponse>;
  ended(session: CallSession, reason: CallEndReason): void;
}

export class CallSession implements IncomingCall {
  state: CallState = 'early';
  readonly id: string;
  readonly localTag = randomBytes(6).toString('hex');
  readonly remoteTag: string;
  readonly callId: string;
  readonly caller: string | null;
  readonly callee: string | null;
  /** The remote target (the INVITE's Contact URI) for requests the switch sends in the dialog. */
  readonly remoteTarget: string;
  localCSeq = 1;
  /** Set by the server: called once the 200 is sent. */
  onAnswered: (() => void) | null = null;
  private readonly listeners: ((reason: CallEndReason) => void)[] = [];
  private readonly infoListeners: ((request: SipRequest) => void)[] = [];

  constructor(
    readonly invite: SipRequest,
    readonly serverTx: ServerTransaction,
    readonly flow: Flow,
    readonly authenticatedUser: string | null,
    private readonly host: CallSessionHost,
  ) {
    this.callId = invite.headers.get('call-id')!;
    this.remoteTag = tagOf(invite.headers.get('from')) ?? '';
    this.id = dialogKey(this.callId, this.localTag, this.remoteTag);
    this.caller = safeUser(invite.headers.get('from')!);
    this.callee = safeUser(invite.uri);
    const contact = invite.headers.get('contact');
    this.remoteTarget = contact ? (safe(() => parseNameAddr(contact).uri) ?? invite.uri) : invite.uri;
  }

  ring(): void {
    if (this.state === 'early') this.serverTx.respond(this.response(180));
  }

  progress(sdp: string): void {
    if (this.state === 'early') this.serverTx.respond(this.response(183, sdp));
  }

  answer(sdp: string): void {
    if (this.state !== 'early') return;
    this.state = 'answered';
    this.serverTx.respond(this.response(200, sdp));
    this.onAnswered?.();
  }

  reject(status: number, reason?: string): void {
    if (this.state !== 'early') return;
    this.serverTx.respond(makeResponse(this.invite, status, { toTag: this.localTag, reason }));
    this.end('rejected');
  }

  async hangup(): Promise<void> {
    if (this.state === 'early') return this.reject(480);
    if (this.state === 'ended') return;
    this.end('local-bye');
    await this.host.sendInDialog(this, 'BYE');
  }

  onEnded(listener: (reason: CallEndReason) => void): void {
    this.listeners.push(listener);
  }

  onInfo(listener: (request: SipRequest) => void): void {
    this.infoListeners.push(listener);
  }

  /** The server hands over an INFO of this dialog. */
  info(request: SipRequest): void {
    for (const listener of this.infoListeners) listener(request);
  }

  async sendInfo(contentType: string, body: string): Promise<void> {
    if (this.state !== 'answered' && this.state !== 'confirmed') return;
    await this.host.sendInDialog(this, 'INFO', { contentType, text: body });
  }

  /** The ACK of our 2xx arrived. */
  confirm(): void {
    if (this.state === 'answered') this.state = 'confirmed';
  }

  /** CANCEL before the final response: 487 to the INVITE. */
  cancel(): void {
    if (this.state !== 'early') return;
    this.serverTx.respond(makeResponse(this.invite, 487, { toTag: this.localTag }));
    this.end('cancelled');
  }

  end(reason: CallEndReason): void {
    if (this.state === 'ended') return;
    this.state = 'ended';
    this.infoListeners.length = 0;
    this.host.ended(this, reason);
    for (const listener of this.listeners.splice(0)) listener(reason);
  }

  private response(status: number, sdp?: string): SipResponse {
    const contact = `<sip:${this.callee ?? 'switch'}@${hostPort(this.flow)};transport=${this.flow.transport}>`;
    return makeResponse(this.invite, status, {
      toTag: this.localTag,
      headers: [['Contact', contact]],
      body: sdp,
      contentType: 'application/sdp',
    });
  }
}

export function dialogKey(callId: string, localTag: string, remoteTag: string): string {
  return `${callId}|${localTag}|${remoteTag}`;
}

export function hostPort(flow: Flow): string {
  const address = flow.local.address.includes(':') ? `[${flow.local.address}]` : flow.local.address;
  return `${address}:${flow.local.port}`;
}

function safe<T>(fn: () => T): T | null {
  try {
    return fn();
  } catch {
    return null;
  }
}

function safeUser(value: string): string | null {
  return safe(() => userOf(value));
}

/** A dummy SDP answer (PCMU on a port nothing listens to): enough for signalling tests. */
export function dummySdp(address = '127.0.0.1'): string {
  const id = Date.now();
  return [
    'v=0',
    `o=cloudseat ${id} ${id} IN IP4 ${address}`,
    's=cloud-seat',
    `c=IN IP4 ${address}`,
    't=0 0',
    'm=audio 9 RTP/AVP 0 101',
    'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:101 telephone-event/8000',
    'a=sendrecv',
    '',
  ].join('\r\n');
}

/**
 * Stand-in until the B2BUA: answers calls to `users` with 180 + 200 (dummy SDP), rejects
 * calls to anyone else with 404.
 */
export class AnsweringHandler implements InviteHandler {
  constructor(
    private readonly users: ReadonlySet<string>,
    private readonly sdp: string = dummySdp(),
  ) {}

  onInvite(call: IncomingCall): void {
    if (!call.callee || !this.users.has(call.callee)) return call.reject(404);
    call.ring();
    call.answer(this.sdp);
  }
}
