/**
 * The embedded switch's SIP edge: transports + transactions + digest + registrar + calls.
 *
 * Every inbound message is parsed (malformed → 400 with a Warning, too large → 513, garbage
 * that names no transaction → dropped), matched to a transaction, then dispatched by method:
 * REGISTER (digest, registrar), OPTIONS (200), INVITE (digest when configured, 100 Trying,
 * then the {@link InviteHandler}), ACK, BYE (200, or 481 for an unknown dialog), CANCEL (200 +
 * 487), INFO in a dialog (200), anything else 405 with Allow. Calls live in a session table
 * that empties as they end.
 */
import { randomBytes } from 'node:crypto';
import type http from 'node:http';
import { CallSession, dialogKey, hostPort, type CallEndReason, type InviteHandler } from './calls.js';
import { DigestAuthenticator, type SipCredentials } from './digest.js';
import {
  DEFAULT_LIMITS,
  formatVia,
  makeResponse,
  parseMessage,
  parseVia,
  SipHeaders,
  SipParseError,
  serialize,
  tagOf,
  userOf,
  type SipLimits,
  type SipMessage,
  type SipRequest,
  type SipResponse,
} from './message.js';
import { Registrar, type RegistrarOptions } from './registrar.js';
import { TransactionLayer, type ServerTransaction, type TimerConfig } from './transactions.js';
import {
  TcpTransport,
  UdpTransport,
  WebSocketTransport,
  type Flow,
  type ListenOptions,
  type SipTransport,
  type TransportSink,
} from './transports.js';

export const ALLOW = 'INVITE, ACK, CANCEL, BYE, OPTIONS, REGISTER, INFO';

export interface SipLogger {
  warn(obj: object, msg: string): void;
  debug?(obj: object, msg: string): void;
}

export interface SipServerOptions {
  udp?: ListenOptions;
  tcp?: ListenOptions;
  /** SIP over WebSocket on an existing HTTP server (the engine's), or a standalone one. */
  ws?: { server: http.Server; path?: string } | (ListenOptions & { path?: string });
  credentials: SipCredentials;
  realm: string;
  handler: InviteHandler;
  /** A user's contact was bound (a new registration, not a refresh of one already there). */
  onRegistered?: (user: string) => void;
  /** Digest on INVITE too (407); default true. Off for trusted loopback load tests. */
  authenticateInvites?: boolean;
  /** INVITEs from these flows (SIP trunks over UDP/TCP) skip digest; their user is null. */
  trusted?: (flow: Flow) => boolean;
  /** An INVITE without a final response after this long is answered 480 (default 180 s). */
  ringTimeoutMs?: number;
  nonceSecret?: Buffer | string;
  nonceTtlMs?: number;
  registrar?: RegistrarOptions;
  timers?: Partial<TimerConfig>;
  limits?: Partial<SipLimits>;
  /** How often expired bindings are swept (ms); default 30 s. */
  sweepIntervalMs?: number;
  logger?: SipLogger;
}

export interface SipServerStats {
  sessions: number;
  bindings: number;
  serverTransactions: number;
  clientTransactions: number;
  /** Messages that could not be parsed since start. */
  malformed: number;
}

export class SipServer {
  readonly registrar: Registrar;
  readonly transactions: TransactionLayer;
  /** Session table: dialog key (Call-ID + local tag + remote tag) → call. */
  readonly sessions = new Map<string, CallSession>();
  /**
   * Dialogs the switch started (its INVITEs to softphones), by dialog key (Call-ID + our From
   * tag + their To tag): a BYE from the peer is answered 200 and calls `ended`, an INFO `info`.
   */
  readonly outgoingDialogs = new Map<string, { flowId: string; ended(): void; info?(request: SipRequest): void }>();
  readonly transports: { udp?: UdpTransport; tcp?: TcpTransport; ws?: WebSocketTransport } = {};
  private readonly byInvite = new WeakMap<ServerTransaction, CallSession>();
  private readonly auth: DigestAuthenticator;
  private readonly limits: SipLimits;
  private readonly sweeper: NodeJS.Timeout;
  private malformed = 0;

  constructor(private readonly options: SipServerOptions) {
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.registrar = new Registrar(options.registrar);
    this.transactions = new TransactionLayer((message, flow) => this.send(message, flow), options.timers);
    this.auth = new DigestAuthenticator({
      realm: options.realm,
      credentials: options.credentials,
      secret: options.nonceSecret,
      nonceTtlMs: options.nonceTtlMs,
    });
    this.sweeper = setInterval(() => this.registrar.sweep(), options.sweepIntervalMs ?? 30_000);
    this.sweeper.unref();
  }

  async listen(): Promise<this> {
    const sink: TransportSink = {
      message: (data, flow) => this.receive(data, flow),
      framingError: (error, flow) => this.rejectMalformed(error, flow),
      flowClosed: (flow) => this.flowClosed(flow),
    };
    const { udp, tcp, ws } = this.options;
    if (udp) this.transports.udp = await UdpTransport.listen(udp, sink);
    if (tcp) this.transports.tcp = await TcpTransport.listen(tcp, sink, this.limits);
    if (ws) {
      this.transports.ws =
        'server' in ws
          ? WebSocketTransport.attach({ server: ws.server, path: ws.path }, sink, this.limits)
          : await WebSocketTransport.listen(ws, sink, this.limits);
    }
    return this;
  }

  stats(): SipServerStats {
    const tx = this.transactions.size;
    return {
      sessions: this.sessions.size,
      bindings: this.registrar.size,
      serverTransactions: tx.server,
      clientTransactions: tx.client,
      malformed: this.malformed,
    };
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    for (const session of [...this.sessions.values()]) session.end('shutdown');
    this.transactions.close();
    const all: (SipTransport | undefined)[] = [this.transports.udp, this.transports.tcp, this.transports.ws];
    await Promise.all(all.map((t) => t?.close()));
  }

  /**
   * Sends a request out of dialog (OPTIONS ping, the B2BUA's INVITE to a registered contact)
   * over `flow`; a Via with a fresh branch is put on top. Resolves with the final response.
   */
  request(
    flow: Flow,
    init: { method: string; uri: string; headers?: [string, string][]; body?: string },
    onResponse?: (response: SipResponse) => void,
  ): Promise<SipResponse> {
    const headers = new SipHeaders();
    headers.append('Via', this.via(flow));
    headers.append('Max-Forwards', '70');
    for (const [name, value] of init.headers ?? []) headers.append(name, value);
    if (!headers.has('from')) headers.append('From', `<sip:switch@${hostPort(flow)}>;tag=${token()}`);
    if (!headers.has('to')) headers.append('To', `<${init.uri}>`);
    if (!headers.has('call-id')) headers.append('Call-ID', token(12));
    if (!headers.has('cseq')) headers.append('CSeq', `1 ${init.method}`);
    const request: SipRequest = {
      kind: 'request',
      method: init.method,
      uri: init.uri,
      headers,
      body: Buffer.from(init.body ?? ''),
    };
    return this.transactions.request(request, flow, onResponse).final;
  }

  // -------------------------------------------------------------------------------------------

  private send(message: SipMessage, flow: Flow): void {
    if (message.kind === 'response' && !flow.reliable) flow = this.responseFlow(message, flow);
    flow.send(serialize(message));
  }

  /** UDP responses go to the source when the Via asked for rport, else to received:Via-port. */
  private responseFlow(response: SipResponse, flow: Flow): Flow {
    const udp = this.transports.udp;
    const top = response.headers.get('via');
    if (!udp || !top || flow.transport !== 'udp') return flow;
    try {
      const via = parseVia(top);
      if (via.params.rport) return flow;
      const port = via.port ?? 5060;
      return port === flow.remote.port ? flow : udp.flowTo(flow.remote.address, port);
    } catch {
      return flow;
    }
  }

  /** Never throws: a message that trips an unexpected error is logged and dropped, not fatal. */
  private receive(data: Buffer, flow: Flow): void {
    try {
      this.handle(data, flow);
    } catch (err) {
      this.malformed++;
      this.options.logger?.warn({ err, flow: flow.id }, 'sip: message dropped on an unexpected error');
    }
  }

  private handle(data: Buffer, flow: Flow): void {
    let message: SipMessage;
    try {
      message = parseMessage(data, this.limits);
    } catch (err) {
      if (err instanceof SipParseError) return this.rejectMalformed(err, flow);
      throw err;
    }
    if (message.kind === 'response') {
      this.transactions.receiveResponse(message);
      return;
    }
    this.stampVia(message, flow);
    const inbound = this.transactions.receiveRequest(message, flow);
    if (inbound.kind === 'ack') return this.onAck(message);
    if (inbound.kind !== 'new') return;
    const tx = inbound.tx;
    this.dispatch(message, tx).catch((err: unknown) => {
      this.options.logger?.warn({ err, method: message.method }, 'sip: request handling failed');
      if (!tx.lastResponse || tx.lastResponse.status < 200) tx.respond(makeResponse(message, 500, { toTag: token() }));
    });
  }

  /** RFC 3581 / §18.2.1: received and rport on the top Via, so responses find the way back. */
  private stampVia(request: SipRequest, flow: Flow): void {
    const top = request.headers.get('via');
    if (!top) return;
    const via = parseVia(top);
    if ('rport' in via.params) {
      via.params.rport = String(flow.remote.port);
      via.params.received = flow.remote.address;
    } else if (via.host !== flow.remote.address) {
      via.params.received = flow.remote.address;
    } else return;
    request.headers.replaceFirst('Via', formatVia(via));
  }

  private rejectMalformed(error: SipParseError, flow: Flow): void {
    this.malformed++;
    this.options.logger?.debug?.({ code: error.code, flow: flow.id }, `sip: malformed message: ${error.message}`);
    const partial = error.partial;
    // Answer only requests that say where the answer goes (§21.4.1); drop the rest.
    if (!partial || partial.startLine.startsWith('SIP/')) return;
    const h = partial.headers;
    if (!h.has('via') || !h.has('call-id') || !h.has('cseq') || !h.has('from') || !h.has('to')) return;
    try {
      parseVia(h.get('via')!);
    } catch {
      return;
    }
    const status = error.code === 'too_large' ? 513 : 400;
    const warning = `399 cloud-seat "${error.message.replace(/["\\\r\n]/g, ' ').slice(0, 100)}"`;
    this.send(makeResponse({ headers: h }, status, { toTag: token(), headers: [['Warning', warning]] }), flow);
  }

  private async dispatch(request: SipRequest, tx: ServerTransaction): Promise<void> {
    const reply = (status: number, headers: [string, string][] = []) =>
      tx.respond(makeResponse(request, status, { toTag: token(), headers }));
    if (!/^sips?:/i.test(request.uri)) return reply(416);
    switch (request.method) {
      case 'REGISTER':
        return this.onRegister(request, tx);
      case 'OPTIONS':
        return reply(200, [
          ['Allow', ALLOW],
          ['Accept', 'application/sdp'],
        ]);
      case 'INVITE':
        return this.onInvite(request, tx);
      case 'BYE':
      case 'INFO': {
        const key = this.inDialogKey(request);
        const session = this.sessions.get(key);
        const outgoing = this.outgoingDialogs.get(key);
        if (!session && !outgoing) return reply(481);
        reply(200);
        if (request.method === 'BYE') {
          session?.end('remote-bye');
          if (outgoing) {
            this.outgoingDialogs.delete(key);
            outgoing.ended();
          }
        } else {
          session?.info(request);
          outgoing?.info?.(request);
        }
        return;
      }
      case 'CANCEL': {
        const invite = this.transactions.inviteFor(request);
        const session = invite ? this.byInvite.get(invite) : undefined;
        if (!invite) return reply(481);
        reply(200);
        session?.cancel();
        return;
      }
      default:
        return reply(405, [['Allow', ALLOW]]);
    }
  }

  private async onRegister(request: SipRequest, tx: ServerTransaction): Promise<void> {
    const toTag = token();
    const outcome = await this.auth.authenticate(request, toTag);
    if (!outcome.ok) return tx.respond(outcome.response);
    const aor = userOf(request.headers.get('to')!);
    if (aor !== outcome.user) {
      const warning: [string, string] = ['Warning', '399 cloud-seat "may only register its own user"'];
      return tx.respond(makeResponse(request, 403, { toTag, headers: [warning] }));
    }
    const known = this.registrar.lookup(outcome.user).length > 0;
    const result = this.registrar.register(request, outcome.user, tx.flow);
    tx.respond(this.registrar.response(request, result, toTag));
    if (!known && this.registrar.lookup(outcome.user).length > 0) this.options.onRegistered?.(outcome.user);
  }

  private async onInvite(request: SipRequest, tx: ServerTransaction): Promise<void> {
    if (tagOf(request.headers.get('to'))) {
      // A re-INVITE: accepted only in a dialog we know (session refresh, hold): not yet supported.
      const known = this.sessions.has(this.inDialogKey(request));
      return tx.respond(makeResponse(request, known ? 488 : 481));
    }
    tx.respond(makeResponse(request, 100));
    let user: string | null = null;
    const trusted = this.options.trusted?.(tx.flow) ?? false;
    if ((this.options.authenticateInvites ?? true) && !trusted) {
      const outcome = await this.auth.authenticate(request, token(), { proxy: true });
      if (!outcome.ok) return tx.respond(outcome.response);
      user = outcome.user;
    }
    const session = new CallSession(request, tx, tx.flow, user, {
      sendInDialog: (s, method, body) => this.sendInDialog(s, method, body),
      ended: (s, reason) => this.sessionEnded(s, reason),
    });
    this.sessions.set(session.id, session);
    this.byInvite.set(tx, session);
    tx.onAckTimeout = () => {
      if (session.state === 'answered') void session.hangup().catch(() => undefined);
    };
    if (!tx.flow.isOpen()) return session.end('flow-closed');
    // A call nobody answers (a handler that forgot it) is not kept forever: 480 after timer C.
    const unanswered = setTimeout(() => session.reject(480), this.options.ringTimeoutMs ?? 180_000);
    unanswered.unref();
    session.onEnded(() => clearTimeout(unanswered));
    session.onAnswered = () => clearTimeout(unanswered);
    try {
      await this.options.handler.onInvite(session);
    } catch (err) {
      this.options.logger?.warn({ err, callId: session.callId }, 'sip: invite handler failed');
      if (session.state === 'early') session.reject(500);
      else void session.hangup().catch(() => undefined);
    }
  }

  private onAck(request: SipRequest): void {
    this.sessions.get(this.inDialogKey(request))?.confirm();
  }

  private sendInDialog(
    session: CallSession,
    method: 'BYE' | 'INFO',
    body?: { contentType: string; text: string },
  ): Promise<SipResponse> {
    const to = session.invite.headers.get('from')!;
    const from = session.invite.headers.get('to')!;
    return this.request(session.flow, {
      method,
      uri: session.remoteTarget,
      headers: [
        ['From', /;\s*tag=/i.test(from) ? from : `${from};tag=${session.localTag}`],
        ['To', to],
        ['Call-ID', session.callId],
        ['CSeq', `${++session.localCSeq} ${method}`],
        ...(body ? [['Content-Type', body.contentType] as [string, string]] : []),
      ],
      body: body?.text,
    });
  }

  private sessionEnded(session: CallSession, reason: CallEndReason): void {
    this.sessions.delete(session.id);
    this.options.logger?.debug?.({ callId: session.callId, reason }, 'sip: call ended');
  }

  private flowClosed(flow: Flow): void {
    this.registrar.removeFlow(flow);
    for (const session of [...this.sessions.values()]) if (session.flow.id === flow.id) session.end('flow-closed');
    // the switch's own calls to a softphone that went away (page closed): ringing ones get a 503,
    // answered ones end now rather than when ICE consent fails ~30 s later
    this.transactions.flowClosed(flow);
    for (const [key, dialog] of [...this.outgoingDialogs]) {
      if (dialog.flowId !== flow.id) continue;
      this.outgoingDialogs.delete(key);
      dialog.ended();
    }
  }

  /** Dialog key of an in-dialog request: our tag is in To, theirs in From. */
  private inDialogKey(request: SipRequest): string {
    return dialogKey(
      request.headers.get('call-id')!,
      tagOf(request.headers.get('to')) ?? '',
      tagOf(request.headers.get('from')) ?? '',
    );
  }

  private via(flow: Flow): string {
    const transport = flow.transport === 'ws' ? 'WS' : flow.transport.toUpperCase();
    return `SIP/2.0/${transport} ${hostPort(flow)};branch=z9hG4bK${token(10)};rport`;
  }
}

function token(bytes = 6): string {
  return randomBytes(bytes).toString('hex');
}

export async function startSipServer(options: SipServerOptions): Promise<SipServer> {
  return new SipServer(options).listen();
}
