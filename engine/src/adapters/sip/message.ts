/**
 * SIP message model, parser and serializer (RFC 3261 §7, §20, §25), written for what JsSIP,
 * sipp and ordinary SIP peers send. Pure: no sockets. Header names are stored in their long,
 * canonical form (compact forms i/m/f/t/v/l/k/c/s/e/o/r/u/x are expanded); comma-separated
 * headers (Via, Contact, Route…) are split into one entry per value.
 *
 * Limits: a message is at most `maxMessageBytes` (64 KB) and `maxHeaders` header lines; beyond
 * that the parser throws a typed {@link SipParseError} so the server can answer 513 / 400.
 */

import { parseCSeq, parseNameAddr, parseVia, splitCommas } from './headerValues.js';

export * from './headerValues.js';

export const SIP_VERSION = 'SIP/2.0';
export interface SipLimits {
  maxMessageBytes: number;
  maxHeaders: number;
}
export const DEFAULT_LIMITS: Readonly<SipLimits> = { maxMessageBytes: 64 * 1024, maxHeaders: 128 };

export type SipParseErrorCode =
  | 'too_large'
  | 'too_many_headers'
  | 'bad_start_line'
  | 'bad_header'
  | 'missing_header'
  | 'bad_cseq'
  | 'bad_content_length';

/** A message that could not be parsed. `headers` holds what was read, to answer 400/513 with. */
export class SipParseError extends Error {
  constructor(
    readonly code: SipParseErrorCode,
    message: string,
    readonly partial?: { startLine: string; headers: SipHeaders },
  ) {
    super(message);
    this.name = 'SipParseError';
  }
}

const COMPACT: Record<string, string> = {
  i: 'call-id',
  m: 'contact',
  f: 'from',
  t: 'to',
  v: 'via',
  l: 'content-length',
  k: 'supported',
  c: 'content-type',
  s: 'subject',
  e: 'content-encoding',
  o: 'event',
  r: 'refer-to',
  u: 'allow-events',
  x: 'session-expires',
};

const CANONICAL: Record<string, string> = {
  'call-id': 'Call-ID',
  cseq: 'CSeq',
  'www-authenticate': 'WWW-Authenticate',
  'proxy-authenticate': 'Proxy-Authenticate',
  'mime-version': 'MIME-Version',
  'record-route': 'Record-Route',
};

/** Headers whose comma-separated values are separate entries (RFC 3261 §7.3.1). */
const MULTI_VALUE = new Set([
  'via',
  'contact',
  'route',
  'record-route',
  'allow',
  'supported',
  'require',
  'proxy-require',
  'unsupported',
  'allow-events',
  'path',
]);

export function canonicalHeaderName(name: string): string {
  const lower = name.trim().toLowerCase();
  const long = COMPACT[lower] ?? lower;
  return CANONICAL[long] ?? long.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
}

/** Ordered, case-insensitive header list. */
export class SipHeaders {
  private readonly entries: { name: string; value: string }[] = [];

  static from(list: Iterable<[string, string]>): SipHeaders {
    const headers = new SipHeaders();
    for (const [name, value] of list) headers.append(name, value);
    return headers;
  }

  get(name: string): string | undefined {
    const key = canonicalHeaderName(name).toLowerCase();
    return this.entries.find((e) => e.name.toLowerCase() === key)?.value;
  }

  getAll(name: string): string[] {
    const key = canonicalHeaderName(name).toLowerCase();
    return this.entries.filter((e) => e.name.toLowerCase() === key).map((e) => e.value);
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  append(name: string, value: string): this {
    const canonical = canonicalHeaderName(name);
    const values = MULTI_VALUE.has(canonical.toLowerCase()) ? splitCommas(value) : [value.trim()];
    for (const v of values) this.entries.push({ name: canonical, value: v });
    return this;
  }

  /** Replaces every value of `name` (in place of the first one, or at the end). */
  set(name: string, value: string): this {
    const canonical = canonicalHeaderName(name);
    const key = canonical.toLowerCase();
    const at = this.entries.findIndex((e) => e.name.toLowerCase() === key);
    this.delete(name);
    if (at < 0) this.entries.push({ name: canonical, value });
    else this.entries.splice(at, 0, { name: canonical, value });
    return this;
  }

  delete(name: string): this {
    const key = canonicalHeaderName(name).toLowerCase();
    for (let i = this.entries.length - 1; i >= 0; i--)
      if (this.entries[i]!.name.toLowerCase() === key) this.entries.splice(i, 1);
    return this;
  }

  /** Replaces the first value of `name` in place (the top Via with received/rport added). */
  replaceFirst(name: string, value: string): this {
    const key = canonicalHeaderName(name).toLowerCase();
    const entry = this.entries.find((e) => e.name.toLowerCase() === key);
    if (entry) entry.value = value;
    else this.append(name, value);
    return this;
  }

  /** Inserts a value before the existing ones (a new top Via). */
  prepend(name: string, value: string): this {
    this.entries.unshift({ name: canonicalHeaderName(name), value });
    return this;
  }

  get size(): number {
    return this.entries.length;
  }

  clone(): SipHeaders {
    const copy = new SipHeaders();
    for (const e of this.entries) copy.entries.push({ ...e });
    return copy;
  }

  [Symbol.iterator](): Iterator<[string, string]> {
    return this.entries.map((e): [string, string] => [e.name, e.value])[Symbol.iterator]();
  }
}

export interface SipRequest {
  kind: 'request';
  method: string;
  uri: string;
  headers: SipHeaders;
  body: Buffer;
}

export interface SipResponse {
  kind: 'response';
  status: number;
  reason: string;
  headers: SipHeaders;
  body: Buffer;
}

export type SipMessage = SipRequest | SipResponse;

// ---------------------------------------------------------------------------------------------
// Parsing

const CRLFCRLF = Buffer.from('\r\n\r\n');
const TOKEN = /^[A-Za-z0-9.!%*_+`'~-]+$/;

/** Where the header section ends (index of the blank line), or -1. Accepts bare LF endings too. */
function headerEnd(data: Buffer): { at: number; sepLength: number } {
  const crlf = data.indexOf(CRLFCRLF);
  const lf = data.indexOf('\n\n');
  if (crlf >= 0 && (lf < 0 || crlf < lf)) return { at: crlf, sepLength: 4 };
  if (lf >= 0) return { at: lf, sepLength: 2 };
  return { at: -1, sepLength: 0 };
}

function parseHead(text: string, limits: SipLimits): { startLine: string; headers: SipHeaders } {
  const lines = text.split(/\r?\n/);
  const startLine = lines.shift() ?? '';
  const headers = new SipHeaders();
  let count = 0;
  let current: { name: string; value: string } | null = null;
  const flush = () => {
    if (current) headers.append(current.name, current.value);
    current = null;
  };
  for (const line of lines) {
    if (line === '') continue;
    if (/^[ \t]/.test(line)) {
      // Folded continuation line (RFC 3261 §7.3.1).
      if (!current) throw new SipParseError('bad_header', 'continuation line without a header', { startLine, headers });
      (current as { value: string }).value += ' ' + line.trim();
      continue;
    }
    flush();
    if (++count > limits.maxHeaders) {
      throw new SipParseError('too_many_headers', `more than ${limits.maxHeaders} header lines`, {
        startLine,
        headers,
      });
    }
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : '';
    if (!name || !TOKEN.test(name)) {
      throw new SipParseError('bad_header', `malformed header line: ${line.slice(0, 40)}`, { startLine, headers });
    }
    current = { name, value: line.slice(colon + 1).trim() };
  }
  flush();
  return { startLine, headers };
}

/**
 * Parses one complete message (a UDP datagram, a WebSocket message, or a frame cut by
 * {@link SipStreamFramer}). Without Content-Length the body is the rest of the data.
 */
export function parseMessage(data: Buffer | string, limits: SipLimits = DEFAULT_LIMITS): SipMessage {
  const buf = typeof data === 'string' ? Buffer.from(data) : data;
  const { at, sepLength } = headerEnd(buf);
  const headEnd = at < 0 ? buf.length : at;
  const head = parseHead(buf.subarray(0, headEnd).toString('utf8'), limits);
  if (buf.length > limits.maxMessageBytes) {
    throw new SipParseError('too_large', `message of ${buf.length} bytes exceeds ${limits.maxMessageBytes}`, head);
  }
  let body = at < 0 ? Buffer.alloc(0) : buf.subarray(at + sepLength);
  const lengthHeader = head.headers.get('content-length');
  if (lengthHeader !== undefined) {
    if (!/^\d+$/.test(lengthHeader))
      throw new SipParseError('bad_content_length', 'Content-Length is not a number', head);
    const length = Number(lengthHeader);
    if (length > body.length) {
      throw new SipParseError(
        'bad_content_length',
        `Content-Length ${length} exceeds the ${body.length} body bytes`,
        head,
      );
    }
    body = body.subarray(0, length);
  }
  return buildMessage(head.startLine, head.headers, Buffer.from(body), head);
}

function buildMessage(
  startLine: string,
  headers: SipHeaders,
  body: Buffer,
  head: { startLine: string; headers: SipHeaders },
): SipMessage {
  const response = /^SIP\/2\.0 ([1-6]\d\d) ?(.*)$/i.exec(startLine);
  if (response) {
    requireHeaders(headers, head);
    return { kind: 'response', status: Number(response[1]), reason: response[2] ?? '', headers, body };
  }
  const request = /^([A-Za-z0-9.!%*_+`'~-]+) (\S+) SIP\/2\.0$/i.exec(startLine);
  if (!request) throw new SipParseError('bad_start_line', `malformed start line: ${startLine.slice(0, 60)}`, head);
  const method = request[1]!;
  const uri = request[2]!;
  if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(uri)) throw new SipParseError('bad_start_line', 'malformed Request-URI', head);
  requireHeaders(headers, head);
  const cseq = parseCSeq(headers.get('cseq')!);
  if (!cseq || cseq.method !== method) throw new SipParseError('bad_cseq', 'CSeq does not match the method', head);
  return { kind: 'request', method, uri, headers, body };
}

function requireHeaders(headers: SipHeaders, head: { startLine: string; headers: SipHeaders }): void {
  for (const name of ['via', 'from', 'to', 'call-id', 'cseq']) {
    if (!headers.has(name)) throw new SipParseError('missing_header', `missing ${canonicalHeaderName(name)}`, head);
  }
  if (!parseCSeq(headers.get('cseq')!)) throw new SipParseError('bad_cseq', 'malformed CSeq', head);
  try {
    parseVia(headers.get('via')!);
    parseNameAddr(headers.get('from')!);
    parseNameAddr(headers.get('to')!);
  } catch (err) {
    throw new SipParseError('bad_header', (err as Error).message, head);
  }
}

/**
 * Cuts a byte stream (TCP, TLS) into messages by Content-Length (RFC 3261 §18.3). Leading CRLFs
 * (RFC 5626 keep-alives) are skipped and reported so the transport can answer the pong.
 */
export class SipStreamFramer {
  private buffer: Buffer = Buffer.alloc(0);

  constructor(private readonly limits: SipLimits = DEFAULT_LIMITS) {}

  /** Adds data and returns the complete messages now available (raw, for {@link parseMessage}). */
  push(chunk: Buffer): { messages: Buffer[]; keepAlives: number } {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    const messages: Buffer[] = [];
    let keepAlives = 0;
    for (;;) {
      let start = 0;
      while (start + 1 < this.buffer.length && this.buffer[start] === 13 && this.buffer[start + 1] === 10) start += 2;
      if (start > 0) {
        if (start >= 4) keepAlives++;
        this.buffer = this.buffer.subarray(start);
      }
      const { at, sepLength } = headerEnd(this.buffer);
      if (at < 0) {
        if (this.buffer.length > this.limits.maxMessageBytes) {
          throw new SipParseError('too_large', 'header section exceeds the message limit');
        }
        break;
      }
      const headText = this.buffer.subarray(0, at).toString('utf8');
      const head = parseHead(headText, this.limits);
      const lengthHeader = head.headers.get('content-length');
      if (lengthHeader === undefined || !/^\d+$/.test(lengthHeader)) {
        throw new SipParseError('bad_content_length', 'stream transports need a numeric Content-Length', head);
      }
      const total = at + sepLength + Number(lengthHeader);
      if (total > this.limits.maxMessageBytes) {
        throw new SipParseError('too_large', `message of ${total} bytes exceeds ${this.limits.maxMessageBytes}`, head);
      }
      if (this.buffer.length < total) break;
      messages.push(Buffer.from(this.buffer.subarray(0, total)));
      this.buffer = this.buffer.subarray(total);
    }
    return { messages, keepAlives };
  }

  get pending(): number {
    return this.buffer.length;
  }
}

// ---------------------------------------------------------------------------------------------
// Serializing

export function serialize(message: SipMessage): Buffer {
  const startLine =
    message.kind === 'request'
      ? `${message.method} ${message.uri} ${SIP_VERSION}`
      : `${SIP_VERSION} ${message.status} ${message.reason}`;
  const lines = [startLine];
  for (const [name, value] of message.headers) if (name !== 'Content-Length') lines.push(`${name}: ${value}`);
  lines.push(`Content-Length: ${message.body.length}`, '', '');
  const head = Buffer.from(lines.join('\r\n'));
  return message.body.length ? Buffer.concat([head, message.body]) : head;
}

// ---------------------------------------------------------------------------------------------
// Building responses

export const REASONS: Record<number, string> = {
  100: 'Trying',
  180: 'Ringing',
  183: 'Session Progress',
  200: 'OK',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  416: 'Unsupported URI Scheme',
  423: 'Interval Too Brief',
  480: 'Temporarily Unavailable',
  481: 'Call/Transaction Does Not Exist',
  486: 'Busy Here',
  487: 'Request Terminated',
  488: 'Not Acceptable Here',
  500: 'Server Internal Error',
  503: 'Service Unavailable',
  513: 'Message Too Large',
};

export interface ResponseOptions {
  reason?: string;
  /** To-tag to add when the request's To has none (every response but 100 needs one). */
  toTag?: string;
  headers?: [string, string][];
  body?: Buffer | string;
  contentType?: string;
}

/**
 * A response to `request` (RFC 3261 §8.2.6): Via (all), From, To (+ tag), Call-ID and CSeq
 * copied; Via `received`/`rport` are filled by the transport layer, not here.
 */
export function makeResponse(
  request: { headers: SipHeaders },
  status: number,
  options: ResponseOptions = {},
): SipResponse {
  const headers = new SipHeaders();
  for (const via of request.headers.getAll('via')) headers.append('Via', via);
  const from = request.headers.get('from');
  if (from !== undefined) headers.append('From', from);
  let to = request.headers.get('to');
  if (to !== undefined && options.toTag && status > 100 && !hasTag(to)) to = `${to};tag=${options.toTag}`;
  if (to !== undefined) headers.append('To', to);
  for (const name of ['call-id', 'cseq']) {
    const value = request.headers.get(name);
    if (value !== undefined) headers.append(name, value);
  }
  for (const [name, value] of options.headers ?? []) headers.append(name, value);
  const body = options.body === undefined ? Buffer.alloc(0) : Buffer.from(options.body);
  if (body.length) headers.set('Content-Type', options.contentType ?? 'application/sdp');
  return { kind: 'response', status, reason: options.reason ?? REASONS[status] ?? 'Unknown', headers, body };
}

function hasTag(nameAddr: string): boolean {
  try {
    return parseNameAddr(nameAddr).params.tag != null;
  } catch {
    return /;\s*tag=/i.test(nameAddr);
  }
}
