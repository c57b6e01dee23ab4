/**
 * Test support for the SIP edge (used by the *.test.ts files only): realistic JsSIP messages,
 * raw UDP/TCP/WebSocket peers that send text and collect what comes back, and a digest
 * Authorization builder.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import WebSocket from 'ws';
import { digestResponse, parseDigest } from './digest.js';
import { parseMessage, SipStreamFramer, type SipMessage, type SipRequest, type SipResponse } from './message.js';

const crlf = (lines: string[]) => lines.join('\r\n');

export const SAMPLE_SDP = crlf([
  'v=0',
  'o=- 4611731400430051336 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111 0 8',
  'c=IN IP4 0.0.0.0',
  'a=rtpmap:111 opus/48000/2',
  'a=setup:actpass',
  'a=sendrecv',
  '',
]);

export interface JsSipSample {
  user?: string;
  domain?: string;
  host?: string;
  branch?: string;
  callId?: string;
  cseq?: number;
  fromTag?: string;
  expires?: number;
  authorization?: string;
}

/** What JsSIP 3.13 sends over WSS when a seat signs in. */
export function jssipRegister(o: JsSipSample = {}): string {
  const user = o.user ?? '1001';
  const domain = o.domain ?? 'cloudseat.local';
  const host = o.host ?? '8lrf0mh3tq7g.invalid';
  const expires = o.expires ?? 600;
  return crlf([
    `REGISTER sip:${domain} SIP/2.0`,
    `Via: SIP/2.0/WSS ${host};branch=${o.branch ?? 'z9hG4bK9051253'}`,
    'Max-Forwards: 69',
    `To: <sip:${user}@${domain}>`,
    `From: "坐席 ${user}" <sip:${user}@${domain}>;tag=${o.fromTag ?? '8ncnv8k8ro'}`,
    `Call-ID: ${o.callId ?? 'bq7kdm4gq1gq1kfh6c4s5m'}`,
    `CSeq: ${o.cseq ?? 1} REGISTER`,
    ...(o.authorization ? [`Authorization: ${o.authorization}`] : []),
    `Contact: <sip:4v5p1eoh@${host};transport=ws>;+sip.ice;reg-id=1;+sip.instance="<urn:uuid:1d5a2a5e-7a0c-4c2e-9c66-0e4b1b2d9a11>";expires=${expires}`,
    `Expires: ${expires}`,
    'Allow: INVITE,ACK,CANCEL,BYE,UPDATE,MESSAGE,OPTIONS,REFER,INFO,NOTIFY',
    'Supported: path,gruu,outbound',
    'User-Agent: JsSIP 3.13.8',
    'Content-Length: 0',
    '',
    '',
  ]);
}

/** A citizen's call from the mini-program H5 page (JsSIP). */
export function jssipInvite(o: JsSipSample & { callee?: string; proxyAuthorization?: string } = {}): string {
  const user = o.user ?? 'citizen-7f3a';
  const domain = o.domain ?? 'cloudseat.local';
  const host = o.host ?? 'q1w2e3r4t5y6.invalid';
  const callee = o.callee ?? '12345';
  return crlf([
    `INVITE sip:${callee}@${domain} SIP/2.0`,
    `Via: SIP/2.0/WSS ${host};branch=${o.branch ?? 'z9hG4bK1793463'}`,
    'Max-Forwards: 69',
    `To: <sip:${callee}@${domain}>`,
    `From: <sip:${user}@${domain}>;tag=${o.fromTag ?? 's0hd2p9k1n'}`,
    `Call-ID: ${o.callId ?? '9k3hfnm1q0vt8cq0d2lj'}`,
    `CSeq: ${o.cseq ?? 8236} INVITE`,
    ...(o.proxyAuthorization ? [`Proxy-Authorization: ${o.proxyAuthorization}`] : []),
    `Contact: <sip:k2j4h6g8@${host};transport=ws;ob>`,
    'Content-Type: application/sdp',
    'Session-Expires: 90',
    'Allow: INVITE,ACK,CANCEL,BYE,UPDATE,MESSAGE,OPTIONS,REFER,INFO,NOTIFY',
    'Supported: timer,ice,replaces,outbound',
    'User-Agent: JsSIP 3.13.8',
    `Content-Length: ${Buffer.byteLength(SAMPLE_SDP)}`,
    '',
    SAMPLE_SDP,
  ]);
}

/** The Authorization value answering a 401/407 challenge (what JsSIP and sipp compute). */
export function answerChallenge(
  challenge: string,
  p: { username: string; password: string; method: string; uri: string; cnonce?: string },
): string {
  const c = parseDigest(challenge)!;
  const cnonce = p.cnonce ?? 'r8ld3g6o7qmi';
  const nc = '00000001';
  const response = digestResponse({ ...p, realm: c.realm!, nonce: c.nonce!, qop: 'auth', nc, cnonce });
  return `Digest algorithm=MD5, username="${p.username}", realm="${c.realm}", nonce="${c.nonce}", uri="${p.uri}", response="${response}", qop=auth, cnonce="${cnonce}", nc=${nc}`;
}

/** A raw SIP peer: sends text, queues every message received. */
export abstract class RawPeer {
  protected readonly inbox: SipMessage[] = [];
  private waiters: { match: (m: SipMessage) => boolean; resolve: (m: SipMessage) => void }[] = [];
  raw: Buffer[] = [];

  abstract send(text: string | Buffer): void;
  abstract close(): void;

  protected deliver(data: Buffer): void {
    this.raw.push(data);
    let message: SipMessage;
    try {
      message = parseMessage(data);
    } catch {
      return;
    }
    const waiter = this.waiters.find((w) => w.match(message));
    if (waiter) {
      this.waiters = this.waiters.filter((w) => w !== waiter);
      waiter.resolve(message);
    } else this.inbox.push(message);
  }

  /** The next message matching `match` (already received or to come). */
  next(match: (m: SipMessage) => boolean = () => true, timeoutMs = 3000): Promise<SipMessage> {
    const at = this.inbox.findIndex(match);
    if (at >= 0) return Promise.resolve(this.inbox.splice(at, 1)[0]!);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no matching SIP message in time')), timeoutMs);
      this.waiters.push({
        match,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      });
    });
  }

  response(status?: number, timeoutMs?: number, callId?: string): Promise<SipResponse> {
    return this.next(
      (m) =>
        m.kind === 'response' &&
        (status === undefined || m.status === status) &&
        (callId === undefined || m.headers.get('call-id') === callId),
      timeoutMs,
    ) as Promise<SipResponse>;
  }

  request(method: string, timeoutMs?: number): Promise<SipRequest> {
    return this.next((m) => m.kind === 'request' && m.method === method, timeoutMs) as Promise<SipRequest>;
  }

  /** Nothing arrives for `ms`. */
  async silentFor(ms: number): Promise<boolean> {
    const before = this.raw.length;
    await new Promise((r) => setTimeout(r, ms));
    return this.raw.length === before;
  }
}

export class UdpPeer extends RawPeer {
  private constructor(
    private readonly socket: dgram.Socket,
    private readonly target: { host: string; port: number },
  ) {
    super();
    socket.on('message', (data) => this.deliver(data));
  }

  static async open(target: { host: string; port: number }): Promise<UdpPeer> {
    const socket = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    return new UdpPeer(socket, target);
  }

  get port(): number {
    return this.socket.address().port;
  }

  send(text: string | Buffer): void {
    this.socket.send(Buffer.from(text), this.target.port, this.target.host);
  }

  close(): void {
    this.socket.close();
  }
}

export class TcpPeer extends RawPeer {
  private readonly framer = new SipStreamFramer({ maxMessageBytes: 1 << 20, maxHeaders: 500 });
  closed = false;

  private constructor(private readonly socket: net.Socket) {
    super();
    socket.on('data', (chunk: Buffer) => {
      for (const m of this.framer.push(chunk).messages) this.deliver(m);
    });
    socket.on('close', () => (this.closed = true));
    socket.on('error', () => undefined);
  }

  static async open(target: { host: string; port: number }): Promise<TcpPeer> {
    const socket = net.connect(target.port, target.host);
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    return new TcpPeer(socket);
  }

  send(text: string | Buffer): void {
    this.socket.write(Buffer.from(text));
  }

  close(): void {
    this.socket.destroy();
  }
}

export class WsPeer extends RawPeer {
  private constructor(readonly ws: WebSocket) {
    super();
    ws.on('message', (data: Buffer) => this.deliver(Buffer.from(data)));
  }

  static async open(url: string, protocol: string | string[] = 'sip'): Promise<WsPeer> {
    const ws = new WebSocket(url, protocol);
    await new Promise<void>((resolve, reject) => ws.once('open', () => resolve()).once('error', reject));
    return new WsPeer(ws);
  }

  send(text: string | Buffer): void {
    this.ws.send(Buffer.from(text).toString('utf8'));
  }

  close(): void {
    this.ws.terminate();
  }
}
