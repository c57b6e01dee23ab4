/**
 * The switch's outgoing INVITE to a softphone (a seat's registered JsSIP contact), as a small
 * UAC dialog: ringing, the 2xx ACK, CANCEL while ringing, BYE once answered, and the peer's BYE
 * (through `SipServer.outgoingDialogs`). JsSIP's hosts are `*.invalid`, so every request goes
 * back over the flow the softphone registered on.
 */
import { randomBytes } from 'node:crypto';
import { dialogKey, hostPort } from '../sip/calls.js';
import {
  parseCSeq,
  parseNameAddr,
  serialize,
  SipHeaders,
  tagOf,
  type SipRequest,
  type SipResponse,
} from '../sip/message.js';
import type { Binding } from '../sip/registrar.js';
import type { SipServer } from '../sip/sipServer.js';

export type OutgoingOutcome =
  | { kind: 'answered'; sdp: string }
  | { kind: 'failed'; status: number; cause: 'no_answer' | 'rejected' | 'unreachable' };

export interface OutgoingLegOptions {
  /** `sip:call-<conversation id>@<domain>`: what the softphone shows as the caller. */
  fromUri: string;
  displayName: string;
  /** `sip:seat-ds001@<domain>`. */
  toUri: string;
  sdp: string;
  headers?: [string, string][];
  /** CANCEL after this long without an answer (the offer's timeout). */
  ringTimeoutMs: number;
}

const token = (bytes = 6) => randomBytes(bytes).toString('hex');

/** What a final answer means for the ACD: busy/decline → rejected, silence → no answer. */
export function causeOf(status: number): 'no_answer' | 'rejected' | 'unreachable' {
  if (status === 486 || status === 600 || status === 603) return 'rejected';
  if (status === 408 || status === 480 || status === 487) return 'no_answer';
  return 'unreachable';
}

export class OutgoingLeg {
  state: 'calling' | 'ringing' | 'answered' | 'ended' = 'calling';
  readonly callId = token(12);
  private readonly fromTag = token();
  private remoteTag: string | null = null;
  private remoteTarget: string;
  private inviteVia: string | null = null;
  private cseq = 1;
  private cancelWanted = false;
  private readonly endedListeners: (() => void)[] = [];
  private readonly infoListeners: ((request: SipRequest) => void)[] = [];
  private ringTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly server: SipServer,
    private readonly binding: Binding,
    private readonly options: OutgoingLegOptions,
  ) {
    this.remoteTarget = binding.contact.uri;
  }

  /** Sends the INVITE; resolves on the final answer (a CANCEL on timeout gives `no_answer`). */
  async invite(onRinging?: () => void): Promise<OutgoingOutcome> {
    const o = this.options;
    const flow = this.binding.flow;
    this.ringTimer = setTimeout(() => this.cancel(), o.ringTimeoutMs);
    this.ringTimer.unref();
    const final = await this.server.request(
      flow,
      {
        method: 'INVITE',
        uri: this.binding.contact.uri,
        headers: [
          ['From', `"${o.displayName.replace(/"/g, '')}" <${o.fromUri}>;tag=${this.fromTag}`],
          ['To', `<${o.toUri}>`],
          ['Call-ID', this.callId],
          ['CSeq', `${this.cseq} INVITE`],
          ['Contact', `<sip:switch@${hostPort(flow)};transport=${flow.transport}>`],
          ['Allow', 'INVITE, ACK, CANCEL, BYE, OPTIONS, INFO'],
          ...(o.headers ?? []),
          ['Content-Type', 'application/sdp'],
        ],
        body: o.sdp,
      },
      (response) => {
        this.inviteVia ??= response.headers.get('via') ?? null;
        if (response.status > 100 && response.status < 200 && this.state === 'calling') {
          this.state = 'ringing';
          onRinging?.();
        }
        if (response.status > 100 && this.cancelWanted) this.sendCancel();
      },
    );
    if (this.ringTimer) clearTimeout(this.ringTimer);
    if (final.status >= 200 && final.status < 300) {
      this.remoteTag = tagOf(final.headers.get('to'));
      const contact = final.headers.get('contact');
      if (contact) {
        try {
          this.remoteTarget = parseNameAddr(contact).uri;
        } catch {
          // keep the registered contact
        }
      }
      this.sendAck(final);
      if (this.cancelWanted || this.state === 'ended') {
        // answered after we gave up: hang it up at once
        this.state = 'answered';
        await this.bye();
        return { kind: 'failed', status: 487, cause: 'no_answer' };
      }
      this.state = 'answered';
      this.server.outgoingDialogs.set(this.key(), {
        flowId: this.binding.flow.id,
        ended: () => this.end(),
        info: (request) => {
          for (const listener of this.infoListeners) listener(request);
        },
      });
      return { kind: 'answered', sdp: final.body.toString('utf8') };
    }
    this.state = 'ended';
    const status = this.cancelWanted && final.status === 487 ? 487 : final.status;
    return { kind: 'failed', status, cause: causeOf(status) };
  }

  /** Gives up ringing (CANCEL), or hangs up an answered leg (BYE). */
  async hangup(): Promise<void> {
    if (this.state === 'answered') return this.bye();
    this.cancel();
  }

  /** The softphone hung up (its BYE), or we did. */
  onEnded(listener: () => void): void {
    this.endedListeners.push(listener);
  }

  /** An INFO the softphone sent in the dialog (DTMF), already answered 200. */
  onInfo(listener: (request: SipRequest) => void): void {
    this.infoListeners.push(listener);
  }

  /** Sends an INFO in the dialog (a relayed DTMF tone) once answered. */
  async info(contentType: string, body: string): Promise<void> {
    if (this.state !== 'answered' || !this.binding.flow.isOpen()) return;
    await this.inDialog('INFO', { contentType, text: body });
  }

  private cancel(): void {
    if (this.state === 'answered' || this.state === 'ended' || this.cancelWanted) return;
    this.cancelWanted = true;
    if (this.inviteVia) this.sendCancel();
  }

  private sendCancel(): void {
    if (!this.inviteVia) return;
    const headers = new SipHeaders();
    headers.append('Via', this.inviteVia);
    headers.append('Max-Forwards', '70');
    headers.append(
      'From',
      `"${this.options.displayName.replace(/"/g, '')}" <${this.options.fromUri}>;tag=${this.fromTag}`,
    );
    headers.append('To', `<${this.options.toUri}>`);
    headers.append('Call-ID', this.callId);
    headers.append('CSeq', `${this.cseq} CANCEL`);
    this.sendRaw({ kind: 'request', method: 'CANCEL', uri: this.binding.contact.uri, headers, body: Buffer.alloc(0) });
  }

  private sendAck(final: SipResponse): void {
    const headers = new SipHeaders();
    headers.append(
      'Via',
      `SIP/2.0/${this.viaTransport()} ${hostPort(this.binding.flow)};branch=z9hG4bK${token(10)};rport`,
    );
    headers.append('Max-Forwards', '70');
    headers.append('From', final.headers.get('from')!);
    headers.append('To', final.headers.get('to')!);
    headers.append('Call-ID', this.callId);
    headers.append('CSeq', `${parseCSeq(final.headers.get('cseq')!)!.seq} ACK`);
    this.sendRaw({ kind: 'request', method: 'ACK', uri: this.remoteTarget, headers, body: Buffer.alloc(0) });
  }

  private async bye(): Promise<void> {
    if (this.state !== 'answered') return;
    this.server.outgoingDialogs.delete(this.key());
    this.end();
    if (!this.binding.flow.isOpen()) return;
    await this.inDialog('BYE');
  }

  /** A request in the answered dialog, over the flow the softphone registered on. */
  private async inDialog(method: 'BYE' | 'INFO', body?: { contentType: string; text: string }): Promise<void> {
    await this.server.request(this.binding.flow, {
      method,
      uri: this.remoteTarget,
      headers: [
        ['From', `<${this.options.fromUri}>;tag=${this.fromTag}`],
        ['To', `<${this.options.toUri}>;tag=${this.remoteTag ?? ''}`],
        ['Call-ID', this.callId],
        ['CSeq', `${++this.cseq} ${method}`],
        ...(body ? [['Content-Type', body.contentType] as [string, string]] : []),
      ],
      body: body?.text,
    });
  }

  private end(): void {
    if (this.state === 'ended') return;
    this.state = 'ended';
    this.infoListeners.length = 0;
    if (this.ringTimer) clearTimeout(this.ringTimer);
    for (const listener of this.endedListeners.splice(0)) listener();
  }

  private key(): string {
    return dialogKey(this.callId, this.fromTag, this.remoteTag ?? '');
  }

  private viaTransport(): string {
    const t = this.binding.flow.transport;
    return t === 'ws' ? 'WS' : t.toUpperCase();
  }

  private sendRaw(request: SipRequest): void {
    this.binding.flow.send(serialize(request));
  }
}
