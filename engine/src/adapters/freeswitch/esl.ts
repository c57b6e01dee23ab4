/**
 * A thin typed wrapper over `modesl` (FreeSWITCH's Event Socket Library for Node, pure JS without
 * type definitions) for an inbound connection to mod_event_socket: authenticate, `api` and
 * `bgapi` commands, JSON event subscriptions, and reconnecting with backoff.
 *
 * modesl parses the wire protocol (headers, Content-Length bodies, `text/event-json`), answers
 * `auth/request` and matches `bgapi` replies to their BACKGROUND_JOB by Job-UUID. What it lacks
 * is added here: a connection that closes fails the commands waiting on it (modesl leaves their
 * callbacks queued forever), a lost connection is dialled again and the subscriptions are sent
 * anew, and a wrong password is a clear error instead of a silent `esl::event::auth::fail`.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import type { Socket } from 'node:net';

// ---- the part of modesl we use, typed -------------------------------------------------------

interface ModeslEvent {
  getHeader(name: string): string | null;
  getBody(): string;
  headers: { name: string; value: string }[];
}

interface ModeslConnection {
  socket: Socket | null;
  on(event: string, listener: (...args: never[]) => void): unknown;
  once(event: string, listener: (...args: never[]) => void): unknown;
  api(command: string, callback: (event: ModeslEvent) => void): void;
  bgapi(command: string, args: string, jobId: string, callback: (event: ModeslEvent) => void): void;
  subscribe(events: string[], callback: (event: ModeslEvent) => void): void;
  disconnect(): void;
}

interface Modesl {
  Connection: new (host: string, port: number, password: string) => ModeslConnection;
}

const modesl = createRequire(import.meta.url)('modesl') as Modesl;

// ---- public types ------------------------------------------------------------------------------

/** One event from FreeSWITCH with its headers as sent (`Event-Name`, `Unique-ID`, `variable_…`). */
export class EslEvent {
  constructor(
    readonly headers: Readonly<Record<string, string>>,
    readonly body: string,
  ) {}

  get name(): string {
    return this.headers['Event-Name'] ?? '';
  }

  /** `sofia::register` for CUSTOM events. */
  get subclass(): string | undefined {
    return this.headers['Event-Subclass'];
  }

  header(name: string): string | undefined {
    return this.headers[name];
  }

  /** A channel variable (`variable_<name>`). */
  variable(name: string): string | undefined {
    return this.headers[`variable_${name}`];
  }
}

export interface EslOptions {
  host: string;
  port: number;
  password: string;
  /** First wait before dialling again after a lost connection; doubles up to `maxBackoffMs`. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** How long one connection attempt (TCP + auth) may take. */
  connectTimeoutMs?: number;
}

export class EslError extends Error {}
/** mod_event_socket answered `auth` with `-ERR invalid`. */
export class EslAuthError extends EslError {}
/** The command could not be sent or its answer never came: the connection is down. */
export class EslDisconnectedError extends EslError {}

interface EslEvents {
  connected: [];
  disconnected: [reason: Error];
  event: [event: EslEvent];
  /** A connection attempt failed (logged by the owner; the client keeps trying). */
  error: [error: Error];
}

function toEslEvent(event: ModeslEvent): EslEvent {
  const headers: Record<string, string> = {};
  for (const h of event.headers) headers[h.name] = String(h.value);
  return new EslEvent(headers, event.getBody() ?? '');
}

/**
 * An inbound event socket that stays connected: `start()` dials, and after a lost connection it
 * dials again (backoff), re-subscribes and emits `connected`, so its owner can reconcile.
 */
export class EslClient extends EventEmitter<EslEvents> {
  private connection: ModeslConnection | null = null;
  private ready = false;
  private closed = false;
  private subscriptions: string[] = [];
  private readonly pending = new Set<(err: Error) => void>();
  private retry: NodeJS.Timeout | null = null;
  private backoff: number;
  private firstConnect: { resolve: () => void; reject: (err: Error) => void } | null = null;

  constructor(private readonly options: EslOptions) {
    super();
    this.backoff = options.backoffMs ?? 250;
  }

  get connected(): boolean {
    return this.ready;
  }

  /**
   * Starts dialling; resolves on the first authenticated connection. Rejects on a refused
   * password ({@link EslAuthError}) — the client still keeps trying in the background until
   * `close()`, as either side's setting may be fixed.
   */
  start(): Promise<void> {
    const first = new Promise<void>((resolve, reject) => (this.firstConnect = { resolve, reject }));
    this.dial();
    return first;
  }

  /** Events to receive (`CHANNEL_PARK`, `CUSTOM sofia::register`…), in JSON; sent again after a reconnect. */
  async subscribe(events: string[]): Promise<void> {
    this.subscriptions = [...new Set([...this.subscriptions, ...events])];
    if (this.ready) await this.sendSubscriptions();
  }

  /** `api <command>`: the response body (FreeSWITCH reports failures in it as `-ERR …`). */
  api(command: string): Promise<string> {
    return this.request((connection, done) => connection.api(command, (event) => done(event.getBody() ?? '')));
  }

  /**
   * `bgapi <command>`: resolves with the BACKGROUND_JOB's body once the job ran (`+OK <uuid>` for
   * an originate, `-ERR USER_BUSY` when it failed).
   */
  bgapi(command: string): Promise<{ jobUuid: string; body: string }> {
    const jobUuid = randomUUID();
    const space = command.indexOf(' ');
    const [name, args] = space === -1 ? [command, ''] : [command.slice(0, space), command.slice(space + 1)];
    return this.request((connection, done) =>
      connection.bgapi(name, args, jobUuid, (event) => done({ jobUuid, body: event.getBody() ?? '' })),
    );
  }

  /** Stops for good: hangs up the socket, fails waiting commands, no more reconnects. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    const connection = this.connection;
    this.connection = null;
    this.ready = false;
    if (connection?.socket) {
      const socket = connection.socket;
      await new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        connection.disconnect();
        setTimeout(resolve, 1000).unref();
      });
    }
    this.failPending(new EslDisconnectedError('event socket closed'));
  }

  private request<T>(send: (connection: ModeslConnection, done: (value: T) => void) => void): Promise<T> {
    const connection = this.connection;
    if (!this.ready || !connection) {
      return Promise.reject(new EslDisconnectedError('not connected to FreeSWITCH event socket'));
    }
    return new Promise<T>((resolve, reject) => {
      const fail = (err: Error) => reject(err);
      this.pending.add(fail);
      send(connection, (value) => {
        this.pending.delete(fail);
        resolve(value);
      });
    });
  }

  private sendSubscriptions(): Promise<void> {
    const events = this.subscriptions;
    if (events.length === 0) return Promise.resolve();
    return this.request((connection, done) => connection.subscribe(events, () => done(undefined)));
  }

  private failPending(err: Error): void {
    const waiting = [...this.pending];
    this.pending.clear();
    for (const fail of waiting) fail(err);
  }

  private dial(): void {
    if (this.closed) return;
    const { host, port, password } = this.options;
    const connection = new modesl.Connection(host, port, password);
    this.connection = connection;
    const socket = connection.socket!;
    let settled = false;
    const timeout = setTimeout(
      () => lost(new EslError(`no answer from FreeSWITCH event socket at ${host}:${port}`)),
      this.options.connectTimeoutMs ?? 5000,
    );
    timeout.unref();

    const lost = (reason: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timeout);
      const wasReady = this.ready && this.connection === connection;
      if (this.connection === connection) {
        this.connection = null;
        this.ready = false;
      }
      socket.destroy();
      this.failPending(new EslDisconnectedError(`FreeSWITCH event socket lost: ${reason.message}`));
      if (wasReady) this.emit('disconnected', reason);
      else if (this.listenerCount('error') > 0) this.emit('error', reason);
      if (reason instanceof EslAuthError && this.firstConnect) {
        this.firstConnect.reject(reason);
        this.firstConnect = null;
      }
      this.scheduleDial();
    };

    connection.on('error', (err: Error) => lost(err));
    socket.once('close', () => lost(new EslError('connection closed')));
    connection.on('esl::event::auth::fail', () =>
      lost(
        new EslAuthError(
          `FreeSWITCH event socket at ${host}:${port} refused the password (FREESWITCH_ESL_PASSWORD must match event_socket.conf.xml)`,
        ),
      ),
    );
    connection.on('esl::event::disconnect::notice', () => lost(new EslError('FreeSWITCH sent a disconnect notice')));
    connection.on('esl::event::**', (event: ModeslEvent, headers?: Record<string, string>) => {
      if (this.connection !== connection || !headers?.['Content-Type']?.startsWith('text/event-')) return;
      this.emit('event', toEslEvent(event));
    });
    connection.once('esl::ready', () => {
      clearTimeout(timeout);
      this.ready = true;
      this.backoff = this.options.backoffMs ?? 250;
      this.sendSubscriptions().then(
        () => {
          if (this.connection !== connection) return;
          this.firstConnect?.resolve();
          this.firstConnect = null;
          this.emit('connected');
        },
        (err: Error) => lost(err),
      );
    });
  }

  private scheduleDial(): void {
    if (this.closed || this.retry) return;
    const wait = this.backoff;
    this.backoff = Math.min(this.backoff * 2, this.options.maxBackoffMs ?? 5000);
    this.retry = setTimeout(() => {
      this.retry = null;
      this.dial();
    }, wait);
    this.retry.unref();
  }
}
