/**
 * SIP transports: UDP and TCP listeners (loopback by default, for SIP peers such as sipp) and
 * SIP over WebSocket (RFC 7118) attached to an existing http.Server on a path, for JsSIP.
 *
 * Every inbound message comes with its {@link Flow}: the way back to the peer. Responses and
 * later requests to a contact registered over a flow go back over that same flow — the same
 * WebSocket (JsSIP's Via/Contact hosts are `*.invalid`, unreachable otherwise), the same TCP
 * connection, or for UDP the datagram's source address (Via `rport`, RFC 3581).
 */
import dgram from 'node:dgram';
import http from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { DEFAULT_LIMITS, SipParseError, SipStreamFramer, type SipLimits } from './message.js';

export type TransportKind = 'udp' | 'tcp' | 'ws';

export interface Endpoint {
  address: string;
  port: number;
}

export interface Flow {
  /** Stable for the life of the flow: `udp:1.2.3.4:5060`, `tcp:7`, `ws:3`. */
  readonly id: string;
  readonly transport: TransportKind;
  /** TCP and WS: retransmissions are not needed (RFC 3261 §17). */
  readonly reliable: boolean;
  readonly remote: Endpoint;
  readonly local: Endpoint;
  /** False once the connection has closed (UDP flows never close). */
  isOpen(): boolean;
  send(data: Buffer): boolean;
}

export interface TransportSink {
  message(data: Buffer, flow: Flow): void;
  /** A stream that cannot be framed further (too large, no Content-Length); it is closed after. */
  framingError(error: SipParseError, flow: Flow): void;
  flowClosed?(flow: Flow): void;
}

export interface SipTransport {
  readonly kind: TransportKind;
  readonly local: Endpoint;
  close(): Promise<void>;
}

export interface ListenOptions {
  /** Default 127.0.0.1: SIP peers on loopback only. */
  host?: string;
  /** Default 0: any free port (read `local.port`). */
  port?: number;
}

let nextFlowId = 1;

// ---------------------------------------------------------------------------------------------
// UDP

export class UdpTransport implements SipTransport {
  readonly kind = 'udp';
  private constructor(
    private readonly socket: dgram.Socket,
    readonly local: Endpoint,
  ) {}

  static async listen(options: ListenOptions, sink: TransportSink) {
    const host = options.host ?? '127.0.0.1';
    const socket = dgram.createSocket({ type: net.isIPv6(host) ? 'udp6' : 'udp4', recvBufferSize: 4 * 1024 * 1024 });
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(options.port ?? 0, host, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    const address = socket.address();
    const transport = new UdpTransport(socket, { address: address.address, port: address.port });
    socket.on('message', (data, rinfo) => {
      if (isKeepAlive(data)) return;
      sink.message(data, transport.flowTo(rinfo.address, rinfo.port));
    });
    // A datagram to a closed port (ICMP unreachable) must not bring the switch down.
    socket.on('error', () => undefined);
    return transport;
  }

  /** The flow to a UDP address (a Via sent-by or received/rport, a registered source). */
  flowTo(address: string, port: number): Flow {
    const socket = this.socket;
    return {
      id: `udp:${address}:${port}`,
      transport: 'udp',
      reliable: false,
      remote: { address, port },
      local: this.local,
      isOpen: () => true,
      send: (data) => {
        socket.send(data, port, address);
        return true;
      },
    };
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}

function isKeepAlive(data: Buffer): boolean {
  return data.length <= 4 && data.every((b) => b === 13 || b === 10 || b === 0);
}

// ---------------------------------------------------------------------------------------------
// TCP

export class TcpTransport implements SipTransport {
  readonly kind = 'tcp';
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    private readonly server: net.Server,
    readonly local: Endpoint,
  ) {}

  static async listen(options: ListenOptions, sink: TransportSink, limits: SipLimits = DEFAULT_LIMITS) {
    const server = net.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address() as net.AddressInfo;
    const transport = new TcpTransport(server, { address: address.address, port: address.port });
    server.on('connection', (socket) => transport.accept(socket, sink, limits));
    return transport;
  }

  private accept(socket: net.Socket, sink: TransportSink, limits: SipLimits): void {
    this.sockets.add(socket);
    socket.setNoDelay(true);
    const flow = streamFlow('tcp', socket, this.local);
    const framer = new SipStreamFramer(limits);
    socket.on('data', (chunk: Buffer) => {
      let framed: { messages: Buffer[]; keepAlives: number };
      try {
        framed = framer.push(chunk);
      } catch (err) {
        if (err instanceof SipParseError) sink.framingError(err, flow);
        socket.end();
        socket.pause();
        return;
      }
      if (framed.keepAlives > 0) socket.write('\r\n');
      for (const message of framed.messages) sink.message(message, flow);
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      this.sockets.delete(socket);
      sink.flowClosed?.(flow);
    });
  }

  get connections(): number {
    return this.sockets.size;
  }

  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function streamFlow(transport: 'tcp', socket: net.Socket, local: Endpoint): Flow {
  return {
    id: `${transport}:${nextFlowId++}`,
    transport,
    reliable: true,
    remote: { address: socket.remoteAddress ?? '', port: socket.remotePort ?? 0 },
    local,
    isOpen: () => !socket.destroyed && socket.writable,
    send: (data) => {
      if (socket.destroyed || !socket.writable) return false;
      socket.write(data);
      return true;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// WebSocket (RFC 7118)

export interface WebSocketAttachOptions {
  server: http.Server;
  /** Default `/sip`. */
  path?: string;
}

export class WebSocketTransport implements SipTransport {
  readonly kind = 'ws';
  private readonly wss: WebSocketServer;
  private readonly onUpgrade: (req: http.IncomingMessage, socket: Duplex, head: Buffer) => void;

  private constructor(
    private readonly server: http.Server,
    readonly path: string,
    private readonly sink: TransportSink,
    private readonly limits: SipLimits,
    private readonly ownsServer: boolean,
  ) {
    this.wss = new WebSocketServer({
      noServer: true,
      // Larger than the SIP limit so an oversized message is answered 513 rather than cut off.
      maxPayload: limits.maxMessageBytes * 2,
      handleProtocols: (protocols) => (protocols.has('sip') ? 'sip' : false),
    });
    this.onUpgrade = (req, socket, head) => {
      const pathname = new URL(req.url ?? '/', 'http://x').pathname;
      if (pathname !== this.path) return; // another upgrade listener's (socket.io…)
      const offered = String(req.headers['sec-websocket-protocol'] ?? '')
        .split(',')
        .map((p) => p.trim().toLowerCase());
      if (!offered.includes('sip')) {
        socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, req));
    };
    server.on('upgrade', this.onUpgrade);
  }

  /** Attaches to an existing HTTP server (the engine's), answering upgrades on `path`. */
  static attach(options: WebSocketAttachOptions, sink: TransportSink, limits: SipLimits = DEFAULT_LIMITS) {
    return new WebSocketTransport(options.server, options.path ?? '/sip', sink, limits, false);
  }

  /** A standalone HTTP server for SIP over WebSocket only (tests, a separate SIP edge). */
  static async listen(options: ListenOptions & { path?: string }, sink: TransportSink, limits = DEFAULT_LIMITS) {
    const server = http.createServer((_req, res) => res.writeHead(426, { Connection: 'close' }).end());
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    return new WebSocketTransport(server, options.path ?? '/sip', sink, limits, true);
  }

  get local(): Endpoint {
    const address = this.server.address();
    return address && typeof address === 'object'
      ? { address: address.address, port: address.port }
      : { address: '', port: 0 };
  }

  get connections(): number {
    return this.wss.clients.size;
  }

  private accept(ws: WebSocket, req: http.IncomingMessage): void {
    const flow: Flow = {
      id: `ws:${nextFlowId++}`,
      transport: 'ws',
      reliable: true,
      remote: { address: req.socket.remoteAddress ?? '', port: req.socket.remotePort ?? 0 },
      local: this.local,
      isOpen: () => ws.readyState === ws.OPEN,
      send: (data) => {
        if (ws.readyState !== ws.OPEN) return false;
        ws.send(data.toString('utf8'));
        return true;
      },
    };
    ws.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
      const buf = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
      if (isKeepAlive(buf)) return;
      this.sink.message(buf, flow);
    });
    ws.on('error', () => ws.terminate());
    ws.on('close', () => this.sink.flowClosed?.(flow));
  }

  close(): Promise<void> {
    this.server.off('upgrade', this.onUpgrade);
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
    if (!this.ownsServer) return Promise.resolve();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
