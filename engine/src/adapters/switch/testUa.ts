/**
 * Test support only: a minimal SIP user agent over the engine's SIP WebSocket, speaking what
 * JsSIP 3.13 sends (hosts `*.invalid`, Contact with `transport=ws`), with the media left to a
 * browser page (browserLegs.ts). Enough for REGISTER with digest, an INVITE with digest, the
 * ACK, BYE both ways, answering the switch's INVITE, and DTMF INFO in either dialog.
 */
import { randomBytes } from 'node:crypto';
import { makeResponse, parseNameAddr, serialize, tagOf, type SipRequest, type SipResponse } from '../sip/message.js';
import { answerChallenge, WsPeer } from '../sip/testing.js';

const rand = (n = 5) => randomBytes(n).toString('hex');

export interface UaCredentials {
  uri: string;
  authorizationUser: string;
  password: string;
  realm: string;
}

export interface Dialog {
  callId: string;
  localTag: string;
  remoteTag: string;
  remoteTarget: string;
  localUri: string;
  remoteUri: string;
  cseq: number;
}

export class TestUa {
  private readonly host = `${rand(6)}.invalid`;
  private readonly contactUser = rand(4);

  private constructor(
    readonly peer: WsPeer,
    readonly creds: UaCredentials,
  ) {}

  static async open(wsUrl: string, creds: UaCredentials): Promise<TestUa> {
    return new TestUa(await WsPeer.open(wsUrl, 'sip'), creds);
  }

  get domain(): string {
    return this.creds.uri.split('@')[1]!;
  }

  get contact(): string {
    return `<sip:${this.contactUser}@${this.host};transport=ws>`;
  }

  private build(method: string, uri: string, lines: string[], body = '', contentType = 'application/sdp'): string {
    return [
      `${method} ${uri} SIP/2.0`,
      `Via: SIP/2.0/WSS ${this.host};branch=z9hG4bK${rand()}`,
      'Max-Forwards: 69',
      ...lines,
      'User-Agent: cloud-seat test UA',
      ...(body ? [`Content-Type: ${contentType}`] : []),
      `Content-Length: ${Buffer.byteLength(body)}`,
      '',
      body,
    ].join('\r\n');
  }

  async register(): Promise<SipResponse> {
    const callId = rand(10);
    const tag = rand();
    const uri = `sip:${this.domain}`;
    const lines = (cseq: number, auth?: string) => [
      `To: <${this.creds.uri}>`,
      `From: <${this.creds.uri}>;tag=${tag}`,
      `Call-ID: ${callId}`,
      `CSeq: ${cseq} REGISTER`,
      ...(auth ? [`Authorization: ${auth}`] : []),
      `Contact: ${this.contact};reg-id=1;+sip.instance="<urn:uuid:${rand(4)}-0000-4000-8000-${rand(6)}>";expires=600`,
      'Expires: 600',
      'Supported: path,gruu,outbound',
    ];
    this.peer.send(this.build('REGISTER', uri, lines(1)));
    const challenge = await this.peer.response(401, 5000, callId);
    const auth = answerChallenge(challenge.headers.get('www-authenticate')!, {
      username: this.creds.authorizationUser,
      password: this.creds.password,
      method: 'REGISTER',
      uri,
    });
    this.peer.send(this.build('REGISTER', uri, lines(2, auth)));
    return this.peer.response(undefined, 5000, callId);
  }

  /** INVITE with digest (407 → again with Proxy-Authorization); resolves with the final answer and the dialog. */
  async invite(
    target: string,
    sdp: string,
    timeoutMs = 20_000,
  ): Promise<{ response: SipResponse; dialog: Dialog | null }> {
    const callId = rand(10);
    const tag = rand();
    const lines = (cseq: number, auth?: string) => [
      `To: <${target}>`,
      `From: <${this.creds.uri}>;tag=${tag}`,
      `Call-ID: ${callId}`,
      `CSeq: ${cseq} INVITE`,
      ...(auth ? [`Proxy-Authorization: ${auth}`] : []),
      `Contact: ${this.contact.replace('>', ';ob>')}`,
      'Allow: INVITE,ACK,CANCEL,BYE,OPTIONS',
    ];
    this.peer.send(this.build('INVITE', target, lines(1), sdp));
    const challenge = await this.peer.response(407, 5000, callId);
    this.ack(challenge, target, 1);
    const auth = answerChallenge(challenge.headers.get('proxy-authenticate')!, {
      username: this.creds.authorizationUser,
      password: this.creds.password,
      method: 'INVITE',
      uri: target,
    });
    this.peer.send(this.build('INVITE', target, lines(2, auth), sdp));
    const response = (await this.peer.next(
      (m) => m.kind === 'response' && m.status >= 200 && m.headers.get('call-id') === callId,
      timeoutMs,
    )) as SipResponse;
    if (response.status >= 300) {
      this.ack(response, target, 2);
      return { response, dialog: null };
    }
    const dialog: Dialog = {
      callId,
      localTag: tag,
      remoteTag: tagOf(response.headers.get('to'))!,
      remoteTarget: parseNameAddr(response.headers.get('contact')!).uri,
      localUri: this.creds.uri,
      remoteUri: target,
      cseq: 2,
    };
    this.peer.send(
      this.build('ACK', dialog.remoteTarget, [
        `To: <${target}>;tag=${dialog.remoteTag}`,
        `From: <${this.creds.uri}>;tag=${tag}`,
        `Call-ID: ${callId}`,
        'CSeq: 2 ACK',
      ]),
    );
    return { response, dialog };
  }

  private ack(response: SipResponse, target: string, cseq: number): void {
    this.peer.send(
      this.build('ACK', target, [
        `To: ${response.headers.get('to')}`,
        `From: ${response.headers.get('from')}`,
        `Call-ID: ${response.headers.get('call-id')}`,
        `CSeq: ${cseq} ACK`,
      ]),
    );
  }

  bye(dialog: Dialog): Promise<SipResponse> {
    return this.inDialog(dialog, 'BYE');
  }

  /** A DTMF tone as JsSIP sends it by default: INFO with application/dtmf-relay. */
  dtmf(dialog: Dialog, tone: string): Promise<SipResponse> {
    return this.inDialog(dialog, 'INFO', {
      type: 'application/dtmf-relay',
      text: `Signal=${tone}\r\nDuration=100\r\n`,
    });
  }

  /** The dialog of an INVITE this softphone answered (200 with `toTag`), to send requests in it. */
  answeredDialog(invite: SipRequest, toTag: string): Dialog {
    return {
      callId: invite.headers.get('call-id')!,
      localTag: toTag,
      remoteTag: tagOf(invite.headers.get('from'))!,
      remoteTarget: parseNameAddr(invite.headers.get('contact')!).uri,
      localUri: parseNameAddr(invite.headers.get('to')!).uri,
      remoteUri: parseNameAddr(invite.headers.get('from')!).uri,
      cseq: 0,
    };
  }

  private async inDialog(
    dialog: Dialog,
    method: 'BYE' | 'INFO',
    body?: { type: string; text: string },
  ): Promise<SipResponse> {
    dialog.cseq += 1;
    const lines = [
      `To: <${dialog.remoteUri}>;tag=${dialog.remoteTag}`,
      `From: <${dialog.localUri}>;tag=${dialog.localTag}`,
      `Call-ID: ${dialog.callId}`,
      `CSeq: ${dialog.cseq} ${method}`,
    ];
    this.peer.send(this.build(method, dialog.remoteTarget, lines, body?.text ?? '', body?.type));
    return this.peer.next(
      (m) =>
        m.kind === 'response' &&
        m.headers.get('call-id') === dialog.callId &&
        m.headers.get('cseq') === `${dialog.cseq} ${method}`,
      5000,
    ) as Promise<SipResponse>;
  }

  /** The next INVITE the switch sends this softphone. */
  incoming(timeoutMs = 15_000): Promise<SipRequest> {
    return this.peer.request('INVITE', timeoutMs);
  }

  /** Answers a request: 180, 200 with an SDP, 486… The To-tag stays the same for one INVITE. */
  reply(request: SipRequest, status: number, options: { sdp?: string; toTag?: string } = {}): void {
    const response = makeResponse(request, status, {
      toTag: options.toTag,
      headers: status >= 200 && status < 300 && request.method === 'INVITE' ? [['Contact', this.contact]] : [],
      body: options.sdp,
      contentType: options.sdp ? 'application/sdp' : undefined,
    });
    this.peer.send(serialize(response));
  }

  close(): void {
    this.peer.close();
  }
}
