/**
 * rtpengine's ng control protocol over UDP: each request is `<cookie> <bencoded dictionary>`
 * with a `command` key, the reply is `<cookie> <bencoded dictionary>` with a `result` key. UDP
 * loses datagrams, so a request is sent again with the same cookie until a reply comes;
 * rtpengine remembers the replies it gave by cookie and repeats them instead of running a
 * command twice.
 */
import { randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { isIP } from 'node:net';
import { decode, encode, type BencodeDict, type BencodeInput } from './bencode.js';

export type NgCommand = 'ping' | 'offer' | 'answer' | 'delete' | 'query' | 'list' | 'statistics' | 'play DTMF';

/** A request's parameters besides `command`; keys as rtpengine spells them (`call-id`, `from-tag`…). */
export type NgParams = { readonly [key: string]: BencodeInput | undefined };

/** rtpengine answered `result: error` (or a reply it could not understand). */
export class NgError extends Error {
  constructor(
    readonly command: NgCommand,
    readonly reason: string,
  ) {
    super(`rtpengine ${command}: ${reason}`);
  }
}

/** No reply at all: rtpengine is not running at that address, or a firewall drops the datagrams. */
export class NgTimeoutError extends Error {}

export interface NgClientOptions {
  /** `host:port` of rtpengine's `--listen-ng` socket (the RTPENGINE_NG setting). */
  address: string;
  /** Wait this long for a reply before sending the request again. Default 500 ms. */
  retransmitMs?: number;
  /** Give up after this many sends. Default 5 (about 2.5 s with the default wait). */
  attempts?: number;
}

interface Pending {
  command: NgCommand;
  resolve: (reply: BencodeDict) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export function parseNgAddress(address: string): { host: string; port: number } {
  const match = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(address.trim());
  const port = Number(match?.[2]);
  if (!match?.[1] || !(port > 0 && port < 65536)) {
    throw new Error(`RTPENGINE_NG must be host:port of rtpengine's ng socket (e.g. 127.0.0.1:22222), got '${address}'`);
  }
  return { host: match[1], port };
}

export class NgClient {
  readonly address: string;
  private readonly host: string;
  private readonly port: number;
  private readonly retransmitMs: number;
  private readonly attempts: number;
  private readonly pending = new Map<string, Pending>();
  private socket: Socket | undefined;

  constructor(options: NgClientOptions) {
    this.address = options.address;
    ({ host: this.host, port: this.port } = parseNgAddress(options.address));
    this.retransmitMs = options.retransmitMs ?? 500;
    this.attempts = options.attempts ?? 5;
  }

  /** Resolves when rtpengine answers `pong`. */
  async ping(): Promise<void> {
    const reply = await this.request('ping');
    if (reply.result !== 'pong') throw new NgError('ping', `expected pong, got ${String(reply.result)}`);
  }

  offer(params: NgParams): Promise<BencodeDict> {
    return this.request('offer', params);
  }

  answer(params: NgParams): Promise<BencodeDict> {
    return this.request('answer', params);
  }

  delete(params: NgParams): Promise<BencodeDict> {
    return this.request('delete', params);
  }

  query(params: NgParams): Promise<BencodeDict> {
    return this.request('query', params);
  }

  /**
   * Sends one command and resolves with rtpengine's reply dictionary. Rejects with
   * {@link NgError} on `result: error` and with {@link NgTimeoutError} when no reply comes.
   */
  request(command: NgCommand, params: NgParams = {}): Promise<BencodeDict> {
    const socket = this.open();
    const cookie = randomBytes(8).toString('hex');
    const datagram = Buffer.concat([Buffer.from(`${cookie} `), encode({ ...params, command })]);
    return new Promise<BencodeDict>((resolve, reject) => {
      let sent = 0;
      const send = () => {
        if (sent === this.attempts) {
          this.pending.delete(cookie);
          this.closeIfIdle();
          reject(
            new NgTimeoutError(
              `rtpengine did not answer '${command}' at ${this.address} (RTPENGINE_NG) after ${sent} tries in ` +
                `${sent * this.retransmitMs} ms: rtpengine must run and listen there (--listen-ng=${this.address})`,
            ),
          );
          return;
        }
        sent += 1;
        socket.send(datagram, this.port, this.host, (error) => {
          // A send error (no route, unresolvable host) is as final as silence: report it now.
          if (error && this.pending.has(cookie)) {
            clearTimeout(entry.timer);
            this.pending.delete(cookie);
            this.closeIfIdle();
            reject(new NgTimeoutError(`rtpengine ng at ${this.address} (RTPENGINE_NG): ${error.message}`));
          }
        });
        entry.timer = setTimeout(send, this.retransmitMs);
      };
      const entry: Pending = { command, resolve, reject, timer: setTimeout(() => undefined, 0) };
      this.pending.set(cookie, entry);
      send();
    });
  }

  /** Closes the socket; requests still waiting reject. */
  close(): void {
    for (const [cookie, entry] of this.pending) {
      clearTimeout(entry.timer);
      entry.reject(new Error(`rtpengine ng client closed before '${entry.command}' was answered`));
      this.pending.delete(cookie);
    }
    this.socket?.close();
    this.socket = undefined;
  }

  private open(): Socket {
    if (this.socket) return this.socket;
    const socket = createSocket(isIP(this.host) === 6 ? 'udp6' : 'udp4');
    socket.on('message', (message) => this.receive(message));
    // An ICMP port-unreachable surfaces as an error on some systems: the retransmits go on and
    // the request times out with the message that says what to start.
    socket.on('error', () => undefined);
    socket.unref();
    this.socket = socket;
    return socket;
  }

  private receive(message: Buffer): void {
    const space = message.indexOf(0x20);
    if (space < 0) return;
    const cookie = message.toString('latin1', 0, space);
    const entry = this.pending.get(cookie);
    if (!entry) return; // a late duplicate of a reply already taken
    clearTimeout(entry.timer);
    this.pending.delete(cookie);
    this.closeIfIdle();
    let reply: BencodeDict;
    try {
      const value = decode(message.subarray(space + 1));
      if (typeof value !== 'object' || Array.isArray(value)) throw new Error('the reply is not a dictionary');
      reply = value;
    } catch (error) {
      entry.reject(new NgError(entry.command, `unreadable reply: ${(error as Error).message}`));
      return;
    }
    if (reply.result === 'error') {
      entry.reject(new NgError(entry.command, String(reply['error-reason'] ?? 'error without a reason')));
    } else {
      entry.resolve(reply);
    }
  }

  /** An idle client holds no socket, so forgetting to close it leaks nothing. */
  private closeIfIdle(): void {
    if (this.pending.size > 0 || !this.socket) return;
    this.socket.close();
    this.socket = undefined;
  }
}
