/**
 * A fake drachtio-server for tests: a TCP server speaking drachtio's wire protocol, so the
 * sipfront app connects with drachtio-srf unmodified and the test sees the SIP the app makes
 * the server send. The "network" behind it is simulated: SIP elements registered with
 * {@link FakeDrachtio.peer} (a FreeSWITCH, the carrier's registrar) answer what is sent to their
 * address; {@link FakeDrachtio.receive} injects what the carrier sends.
 *
 * Wire protocol (drachtio-srf 5.x lib/wire-protocol.js and drachtio-agent.js; drachtio-server
 * client.cpp): every frame is `<byte length>#<message>`; a message is `<uuid>|<type>|…`.
 * - app → server: `authenticate|<secret>|<tags>`, `route|<verb>`, `ping`,
 *   `sip|<transaction id>|<dialog id>[|<proxy>]` CRLF <SIP message> (a new request, a request in
 *   a dialog, a CANCEL of a transaction, or a response to a received request).
 * - server → app: `response|<app msg id>|OK|<hostport>|<version>` (authenticate), `response|<id>|OK`
 *   (route, ping), `response|<id>|OK|application|<len>|<proto>|<address>|<port>|<time>|<txn id>|
 *   <dialog id>` CRLF <the SIP message as sent> (sip), `response|<id>|NO|<reason>` on failure,
 *   and `sip|network|<len>|<proto>|<address>|<port>|<time>|<txn id>|<dialog id>|[<local address>|
 *   <local port>|]` CRLF <SIP message> for what arrives from the network.
 * What the server adds to the app's SIP, as drachtio-server does: Via with a branch, From tag,
 * To tag on responses, Call-ID, CSeq, Max-Forwards, Contact, Content-Length; it answers 100
 * Trying to an INVITE and 200 to a CANCEL itself; dialog ids are `<call-id>;from-tag=<tag>`.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { hostPortOfUri, SipText, tagOf, uriOf } from './sipText.js';

const CRLF = '\r\n';

export interface PeerReply {
  status: number;
  reason?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Wait this long before sending this reply (after the previous one). */
  delayMs?: number;
}

/** A simulated SIP element: answers each request sent to its address ([]: stays silent). */
export type PeerHandler = (request: SipText) => PeerReply[] | Promise<PeerReply[]>;

export interface NetworkRecord {
  direction: 'out' | 'in';
  /** The other side, `host:port`. */
  remote: string;
  message: SipText;
}

interface ServerTxn {
  txnId: string;
  request: SipText;
  remote: string;
  toTag: string;
  final: boolean;
}

interface ClientTxn {
  txnId: string;
  request: SipText;
  remote: string;
  final: boolean;
}

interface Dialog {
  id: string;
  callId: string;
  /** The request line target and the headers of requests we send in it. */
  remoteTarget: string;
  localUri: string;
  localTag: string;
  remoteUri: string;
  remoteTag: string;
  remote: string;
  cseq: number;
  inviteCseq: number;
}

const REASONS: Record<number, string> = {
  100: 'Trying',
  180: 'Ringing',
  183: 'Session Progress',
  200: 'OK',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  407: 'Proxy Authentication Required',
  408: 'Request Timeout',
  486: 'Busy Here',
  487: 'Request Terminated',
  500: 'Server Internal Error',
  503: 'Service Unavailable',
};

const token = () => randomBytes(6).toString('hex');
const stamp = () => new Date().toISOString().slice(11, 23);

export interface FakeDrachtioOptions {
  secret: string;
  /** The SIP address the fake server "listens" on (what drachtio reports as its hostport). */
  sipHost?: string;
  sipPort?: number;
}

export class FakeDrachtio {
  /** Every SIP message on the simulated network, in order. */
  readonly network: NetworkRecord[] = [];
  /** Verbs the app asked to be routed (`invite`, `options`, …). */
  readonly routes = new Set<string>();
  /** Raw frames received from the app (for failure messages). */
  readonly frames: string[] = [];
  readonly sipHost: string;
  readonly sipPort: number;
  private readonly secret: string;
  private readonly server = net.createServer((socket) => this.accept(socket));
  private readonly sockets = new Set<net.Socket>();
  private readonly peers = new Map<string, PeerHandler>();
  private readonly serverTxns = new Map<string, ServerTxn>();
  private readonly clientTxns = new Map<string, ClientTxn>();
  private readonly dialogs = new Map<string, Dialog>();
  private readonly listeners = new Set<() => void>();
  private authenticated: net.Socket | null = null;

  constructor(options: FakeDrachtioOptions) {
    this.secret = options.secret;
    this.sipHost = options.sipHost ?? '127.0.0.1';
    this.sipPort = options.sipPort ?? 5060;
  }

  /** Listens on a free loopback port for the app's connection; resolves with the port. */
  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this.port;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Registers the SIP element at `host:port`. */
  peer(hostPort: string, handler: PeerHandler): void {
    this.peers.set(hostPort, handler);
  }

  /** Resolves once an app has authenticated and asked for every verb in `verbs`. */
  ready(verbs: string[] = []): Promise<void> {
    return this.until(() => this.authenticated !== null && verbs.every((v) => this.routes.has(v)), 'app ready');
  }

  /** Resolves with the first network record (from `from` on) matching `match`. */
  async waitFor(
    match: (r: NetworkRecord) => boolean,
    what: string,
    from = 0,
    timeoutMs = 5_000,
  ): Promise<NetworkRecord> {
    let found: NetworkRecord | undefined;
    await this.until(() => (found = this.network.slice(from).find(match)) !== undefined, what, timeoutMs);
    return found!;
  }

  /** What the server sent out to `remote` (requests and responses). */
  sentTo(remote: string): SipText[] {
    return this.network.filter((r) => r.direction === 'out' && r.remote === remote).map((r) => r.message);
  }

  /** The carrier (or anyone at `remote`) sends `message` to the server's SIP port. */
  receive(remote: string, message: SipText): void {
    this.record('in', remote, message);
    const socket = this.authenticated;
    if (!socket) throw new Error('no authenticated app connected to the fake drachtio');
    if (message.isResponse) {
      this.deliverResponse(remote, message);
      return;
    }
    if (message.method === 'ACK') {
      const dialog = this.dialogOfRequest(message);
      if (dialog) this.toApp(this.networkSip(remote, token(), dialog.id, message));
      return;
    }
    if (message.method === 'CANCEL') {
      const txn = [...this.serverTxns.values()].find(
        (t) => t.request.callId === message.callId && t.request.method === 'INVITE' && !t.final,
      );
      this.record('out', remote, this.responseTo(message, 200, txn?.toTag ?? token()));
      if (txn) this.toApp(this.networkSip(remote, txn.txnId, '', message));
      return;
    }
    const dialog = this.dialogOfRequest(message);
    const txnId = randomUUID();
    const txn: ServerTxn = {
      txnId,
      request: message,
      remote,
      toTag: tagOf(message.get('To')) ?? token(),
      final: false,
    };
    this.serverTxns.set(txnId, txn);
    if (message.method === 'INVITE' && !dialog) this.record('out', remote, this.responseTo(message, 100, ''));
    this.toApp(this.networkSip(remote, txnId, dialog?.id ?? '', message));
  }

  private accept(socket: net.Socket): void {
    this.sockets.add(socket);
    let buffer = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const hash = buffer.indexOf('#');
        if (hash < 0) return;
        const length = Number(buffer.toString('utf8', 0, hash));
        if (!Number.isInteger(length) || length <= 0) {
          socket.destroy();
          return;
        }
        if (buffer.length < hash + 1 + length) return;
        const frame = buffer.toString('utf8', hash + 1, hash + 1 + length);
        buffer = buffer.subarray(hash + 1 + length);
        this.frames.push(frame);
        try {
          this.onFrame(socket, frame);
        } catch (error) {
          this.frames.push(`!! ${(error as Error).stack ?? String(error)}`);
        }
        this.notify();
      }
    });
    socket.on('close', () => {
      this.sockets.delete(socket);
      if (this.authenticated === socket) this.authenticated = null;
    });
    socket.on('error', () => undefined);
  }

  private onFrame(socket: net.Socket, frame: string): void {
    const eol = frame.indexOf(CRLF);
    const leader = eol < 0 ? frame : frame.slice(0, eol);
    const tokens = leader.split('|');
    const [msgId = '', type] = tokens;
    switch (type) {
      case 'authenticate':
        if (tokens[2] !== this.secret) {
          this.send(socket, `response|${msgId}|NO|incorrect secret`);
          socket.end();
          return;
        }
        this.authenticated = socket;
        this.send(
          socket,
          `response|${msgId}|OK|udp/${this.sipHost}:${this.sipPort},tcp/${this.sipHost}:${this.sipPort}|v0.9.4|`,
        );
        return;
      case 'route':
        this.routes.add(tokens[2] ?? '');
        this.send(socket, `response|${msgId}|OK`);
        return;
      case 'ping':
        this.send(socket, `response|${msgId}|OK`);
        return;
      case 'sip':
        this.onAppSip(msgId, tokens[2] ?? '', tokens[3] ?? '', tokens[4], SipText.parse(frame.slice(eol + 2)));
        return;
      default:
        this.send(socket, `response|${msgId}|NO|Unknown message type`);
    }
  }

  private onAppSip(msgId: string, txnId: string, dialogId: string, proxy: string | undefined, msg: SipText): void {
    if (msg.isResponse) return this.appResponds(msgId, txnId, msg);
    if (dialogId) return this.appRequestInDialog(msgId, dialogId, msg);
    if (txnId && msg.method === 'CANCEL') return this.appCancels(msgId, txnId);
    return this.appRequest(msgId, proxy, msg);
  }

  /** The app answers a request received from the network. */
  private appResponds(msgId: string, txnId: string, partial: SipText): void {
    const txn = this.serverTxns.get(txnId);
    if (!txn) return this.send(this.authenticated!, `response|${msgId}|NO|transaction not found`);
    const status = partial.status;
    const response = this.responseTo(txn.request, status, status === 100 ? '' : txn.toTag, partial);
    let dialogId = '';
    if (txn.request.method === 'INVITE' && status >= 200 && status < 300) {
      if (!response.has('Contact')) response.set('Contact', `<sip:${this.sipHost}:${this.sipPort}>`);
      dialogId = `${txn.request.callId};from-tag=${tagOf(txn.request.get('From'))}`;
      this.dialogs.set(dialogId, {
        id: dialogId,
        callId: txn.request.callId,
        remoteTarget: uriOf(txn.request.get('Contact')) || `sip:${txn.remote}`,
        localUri: txn.request.get('To')!.split(';tag=')[0]!,
        localTag: txn.toTag,
        remoteUri: txn.request.get('From')!.split(';tag=')[0]!,
        remoteTag: tagOf(txn.request.get('From')) ?? '',
        remote: txn.remote,
        cseq: 0,
        inviteCseq: txn.request.cseq.seq,
      });
    } else if (txn.request.method !== 'INVITE' && this.dialogOfRequest(txn.request)) {
      dialogId = this.dialogOfRequest(txn.request)!.id;
    }
    if (status >= 200) {
      txn.final = true;
      if (txn.request.method === 'BYE' && dialogId) this.dialogs.delete(dialogId);
    }
    this.record('out', txn.remote, response);
    this.echo(msgId, txn.remote, txnId, dialogId, response);
  }

  /** The app sends a request outside a dialog (INVITE to FreeSWITCH, OPTIONS, REGISTER). */
  private appRequest(msgId: string, proxy: string | undefined, msg: SipText): void {
    const remote = hostPortOfUri(proxy || msg.uri);
    const callId = msg.get('Call-ID') ?? `${token()}@${this.sipHost}`;
    const fromUri = msg.get('From') ?? `<sip:${this.sipHost}:${this.sipPort}>`;
    const request = new SipText(msg.startLine, [], msg.body);
    request.set('Via', `SIP/2.0/UDP ${this.sipHost}:${this.sipPort};rport;branch=z9hG4bK${token()}`);
    request.set('Max-Forwards', '70');
    request.set('From', tagOf(fromUri) ? fromUri : `${fromUri};tag=${token()}`);
    request.set('To', msg.get('To') ?? `<${msg.uri}>`);
    request.set('Call-ID', callId);
    request.set('CSeq', msg.get('CSeq') ?? `${1 + (Number.parseInt(token().slice(0, 3), 16) % 1000)} ${msg.method}`);
    if (['INVITE', 'REGISTER', 'SUBSCRIBE'].includes(msg.method) && !msg.has('Contact')) {
      request.set('Contact', `<sip:${this.sipHost}:${this.sipPort}>`);
    }
    for (const [name, value] of msg.headers) {
      if (!['Via', 'From', 'To', 'Call-ID', 'CSeq', 'Max-Forwards'].includes(name)) request.set(name, value);
    }
    const txnId = randomUUID();
    this.clientTxns.set(txnId, { txnId, request, remote, final: false });
    this.record('out', remote, request);
    this.echo(msgId, remote, txnId, '', request);
    void this.askPeer(remote, txnId, request);
  }

  /** The app sends a request inside a dialog (ACK, BYE, INFO, re-INVITE). */
  private appRequestInDialog(msgId: string, dialogId: string, msg: SipText): void {
    const dialog = this.dialogs.get(dialogId);
    if (!dialog) return this.send(this.authenticated!, `response|${msgId}|NO|unable to find dialog`);
    const method = msg.method;
    const seq = method === 'ACK' ? dialog.inviteCseq : (dialog.cseq = Math.max(dialog.cseq, dialog.inviteCseq) + 1);
    const request = new SipText(`${method} ${dialog.remoteTarget} SIP/2.0`, [], msg.body);
    request.set('Via', `SIP/2.0/UDP ${this.sipHost}:${this.sipPort};rport;branch=z9hG4bK${token()}`);
    request.set('Max-Forwards', '70');
    request.set('From', `${dialog.localUri};tag=${dialog.localTag}`);
    request.set('To', `${dialog.remoteUri};tag=${dialog.remoteTag}`);
    request.set('Call-ID', dialog.callId);
    request.set('CSeq', `${seq} ${method}`);
    for (const [name, value] of msg.headers) {
      if (!['Via', 'From', 'To', 'Call-ID', 'CSeq', 'Max-Forwards'].includes(name)) request.set(name, value);
    }
    const txnId = method === 'ACK' ? '' : randomUUID();
    if (txnId) this.clientTxns.set(txnId, { txnId, request, remote: dialog.remote, final: false });
    if (method === 'BYE') this.dialogs.delete(dialogId);
    this.record('out', dialog.remote, request);
    this.echo(msgId, dialog.remote, txnId, dialogId, request);
    if (txnId) void this.askPeer(dialog.remote, txnId, request, dialogId);
  }

  /** The app cancels an INVITE it sent: CANCEL out, the far end's 200 stays here, its 487 goes up. */
  private appCancels(msgId: string, txnId: string): void {
    const txn = this.clientTxns.get(txnId);
    if (!txn) return this.send(this.authenticated!, `response|${msgId}|NO|transaction not found`);
    const cancel = new SipText(`CANCEL ${txn.request.uri} SIP/2.0`, [
      ['Via', txn.request.get('Via')!],
      ['Max-Forwards', '70'],
      ['From', txn.request.get('From')!],
      ['To', txn.request.get('To')!],
      ['Call-ID', txn.request.callId],
      ['CSeq', `${txn.request.cseq.seq} CANCEL`],
    ]);
    this.record('out', txn.remote, cancel);
    this.echo(msgId, txn.remote, txnId, '', cancel);
    this.record('in', txn.remote, this.responseTo(cancel, 200, token()));
    if (!txn.final) this.deliverPeerReply(txn, { status: 487 }, '');
  }

  private async askPeer(remote: string, txnId: string, request: SipText, dialogId = ''): Promise<void> {
    const handler = this.peers.get(remote);
    if (!handler) return; // nobody there: the request goes unanswered
    const replies = await handler(request);
    const toTag = tagOf(request.get('To')) ?? token();
    for (const reply of replies) {
      if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
      const txn = this.clientTxns.get(txnId);
      if (!txn || txn.final) return; // cancelled meanwhile
      this.deliverPeerReply(txn, reply, dialogId, toTag);
    }
  }

  private deliverPeerReply(txn: ClientTxn, reply: PeerReply, dialogId: string, toTag = token()): void {
    const response = this.responseTo(txn.request, reply.status, reply.status === 100 ? '' : toTag);
    if (reply.reason) response.startLine = `SIP/2.0 ${reply.status} ${reply.reason}`;
    for (const [name, value] of Object.entries(reply.headers ?? {})) response.set(name, value);
    if (reply.body !== undefined) response.body = reply.body;
    if (response.body && !response.has('Content-Type')) response.set('Content-Type', 'application/sdp');
    if (txn.request.method === 'INVITE' && reply.status < 300 && !response.has('Contact')) {
      response.set('Contact', `<sip:${txn.remote}>`);
    }
    this.record('in', txn.remote, response);
    this.deliverResponse(txn.remote, response, txn, dialogId);
  }

  private deliverResponse(remote: string, response: SipText, txn?: ClientTxn, dialogId = ''): void {
    const client =
      txn ??
      [...this.clientTxns.values()].find(
        (t) => t.request.callId === response.callId && t.request.cseq.seq === response.cseq.seq && !t.final,
      );
    if (!client) return;
    if (response.status >= 200) client.final = true;
    let id = dialogId;
    if (client.request.method === 'INVITE' && response.status >= 200 && response.status < 300) {
      id = `${client.request.callId};from-tag=${tagOf(client.request.get('From'))}`;
      this.dialogs.set(id, {
        id,
        callId: client.request.callId,
        remoteTarget: uriOf(response.get('Contact')) || client.request.uri,
        localUri: client.request.get('From')!.split(';tag=')[0]!,
        localTag: tagOf(client.request.get('From')) ?? '',
        remoteUri: response.get('To')!.split(';tag=')[0]!,
        remoteTag: tagOf(response.get('To')) ?? '',
        remote,
        cseq: client.request.cseq.seq,
        inviteCseq: client.request.cseq.seq,
      });
    }
    this.toApp(this.networkSip(remote, client.txnId, id, response));
  }

  /** A response to `request` with the headers drachtio copies from it; `partial` adds the app's. */
  private responseTo(request: SipText, status: number, toTag: string, partial?: SipText): SipText {
    const reason = partial?.startLine.split(' ').slice(2).join(' ') || REASONS[status] || 'Unknown';
    const response = new SipText(`SIP/2.0 ${status} ${reason}`, [], partial?.body ?? '');
    for (const via of request.getAll('Via')) response.headers.push(['Via', via]);
    response.set('From', request.get('From') ?? '');
    const to = request.get('To') ?? '';
    response.set('To', toTag && !tagOf(to) ? `${to};tag=${toTag}` : to);
    response.set('Call-ID', request.callId);
    response.set('CSeq', request.get('CSeq') ?? '');
    for (const [name, value] of partial?.headers ?? []) {
      if (!['Via', 'From', 'To', 'Call-ID', 'CSeq'].includes(name)) response.set(name, value);
    }
    return response;
  }

  private dialogOfRequest(request: SipText): Dialog | undefined {
    const fromTag = tagOf(request.get('From'));
    const toTag = tagOf(request.get('To'));
    if (!toTag) return undefined;
    return [...this.dialogs.values()].find(
      (d) => d.callId === request.callId && d.localTag === toTag && d.remoteTag === fromTag,
    );
  }

  private networkSip(remote: string, txnId: string, dialogId: string, message: SipText): string {
    const [host, port] = splitHostPort(remote);
    const text = message.toString();
    return (
      `sip|network|${Buffer.byteLength(text)}|udp|${host}|${port}|${stamp()}|${txnId}|${dialogId}|` +
      `${this.sipHost}|${this.sipPort}|${CRLF}${text}`
    );
  }

  private echo(msgId: string, remote: string, txnId: string, dialogId: string, message: SipText): void {
    const [host, port] = splitHostPort(remote);
    const text = message.toString();
    this.send(
      this.authenticated!,
      `response|${msgId}|OK|application|${Buffer.byteLength(text)}|udp|${host}|${port}|${stamp()}|${txnId}|${dialogId}` +
        `${CRLF}${text}`,
    );
  }

  private toApp(message: string): void {
    if (this.authenticated) this.send(this.authenticated, message);
  }

  private send(socket: net.Socket, message: string): void {
    const framed = `${randomUUID()}|${message}`;
    socket.write(`${Buffer.byteLength(framed, 'utf8')}#${framed}`);
  }

  private record(direction: 'in' | 'out', remote: string, message: SipText): void {
    this.network.push({ direction, remote, message });
    this.notify();
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }

  private until(done: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!done()) return;
        cleanup();
        resolve();
      };
      const timer = setTimeout(() => {
        cleanup();
        const trace = this.network.map((r) => `${r.direction} ${r.remote} ${r.message.startLine}`).join('\n');
        reject(new Error(`fake drachtio: timed out waiting for ${what}; network so far:\n${trace}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      this.listeners.add(check);
    });
  }
}

function splitHostPort(hostPort: string): [string, string] {
  const at = hostPort.lastIndexOf(':');
  return [hostPort.slice(0, at).replace(/^\[|\]$/g, ''), hostPort.slice(at + 1)];
}
