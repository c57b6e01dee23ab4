/**
 * A small SIP message model for the fake drachtio-server: parse and print requests and
 * responses as text (start line, headers in order, body). Independent of drachtio-srf's own
 * parser, so a test does not check the app with the code under test.
 */

const COMPACT: Record<string, string> = {
  i: 'Call-ID',
  f: 'From',
  t: 'To',
  v: 'Via',
  m: 'Contact',
  l: 'Content-Length',
  c: 'Content-Type',
};

const CANONICAL: Record<string, string> = {
  'call-id': 'Call-ID',
  cseq: 'CSeq',
  'www-authenticate': 'WWW-Authenticate',
  'proxy-authenticate': 'Proxy-Authenticate',
};

function canonical(name: string): string {
  const lower = name.trim().toLowerCase();
  if (COMPACT[lower]) return COMPACT[lower];
  if (CANONICAL[lower]) return CANONICAL[lower];
  return lower.replace(/(^|-)([a-z])/g, (_, dash: string, letter: string) => dash + letter.toUpperCase());
}

export class SipText {
  /** `INVITE sip:12345@10.0.0.5:5080 SIP/2.0` or `SIP/2.0 200 OK`. */
  startLine: string;
  headers: Array<[string, string]>;
  body: string;

  constructor(startLine: string, headers: Array<[string, string]> = [], body = '') {
    this.startLine = startLine;
    this.headers = headers.map(([name, value]) => [canonical(name), value]);
    this.body = body;
  }

  static parse(raw: string): SipText {
    const split = raw.indexOf('\r\n\r\n');
    const head = split < 0 ? raw : raw.slice(0, split);
    const body = split < 0 ? '' : raw.slice(split + 4);
    const [startLine = '', ...lines] = head.split('\r\n');
    const headers: Array<[string, string]> = [];
    for (const line of lines) {
      if (/^[ \t]/.test(line) && headers.length > 0) {
        const last = headers[headers.length - 1]!;
        last[1] += ` ${line.trim()}`;
        continue;
      }
      const colon = line.indexOf(':');
      if (colon > 0) headers.push([line.slice(0, colon), line.slice(colon + 1).trim()]);
    }
    return new SipText(startLine, headers, body);
  }

  get isResponse(): boolean {
    return this.startLine.startsWith('SIP/2.0 ');
  }

  get method(): string {
    if (this.isResponse) return this.cseq.method;
    return this.startLine.split(' ')[0] ?? '';
  }

  get uri(): string {
    return this.isResponse ? '' : (this.startLine.split(' ')[1] ?? '');
  }

  get status(): number {
    return this.isResponse ? Number(this.startLine.split(' ')[1]) : 0;
  }

  get callId(): string {
    return this.get('Call-ID') ?? '';
  }

  get cseq(): { seq: number; method: string } {
    const [seq = '0', method = ''] = (this.get('CSeq') ?? '').split(/\s+/);
    return { seq: Number(seq), method };
  }

  get(name: string): string | undefined {
    const wanted = canonical(name);
    return this.headers.find(([n]) => n === wanted)?.[1];
  }

  getAll(name: string): string[] {
    const wanted = canonical(name);
    return this.headers.filter(([n]) => n === wanted).map(([, v]) => v);
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  set(name: string, value: string): this {
    const wanted = canonical(name);
    const at = this.headers.findIndex(([n]) => n === wanted);
    if (at >= 0) this.headers[at] = [wanted, value];
    else this.headers.push([wanted, value]);
    return this;
  }

  remove(name: string): this {
    const wanted = canonical(name);
    this.headers = this.headers.filter(([n]) => n !== wanted);
    return this;
  }

  toString(): string {
    const headers = this.headers.filter(([n]) => n !== 'Content-Length');
    const lines = [this.startLine, ...headers.map(([n, v]) => `${n}: ${v}`)];
    lines.push(`Content-Length: ${Buffer.byteLength(this.body, 'utf8')}`);
    return `${lines.join('\r\n')}\r\n\r\n${this.body}`;
  }
}

/** The `tag` parameter of a From or To header value. */
export function tagOf(header: string | undefined): string | undefined {
  return header ? /;\s*tag=([^;>\s]+)/i.exec(header)?.[1] : undefined;
}

/** The URI inside `<…>` of a name-addr, or the value itself. */
export function uriOf(header: string | undefined): string {
  if (!header) return '';
  const angle = /<([^>]+)>/.exec(header);
  return angle?.[1] ?? header.split(';')[0]!.trim();
}

/** `host:port` a SIP URI points at (5060 when it names no port). */
export function hostPortOfUri(uri: string): string {
  const match = /^sips?:(?:[^@]*@)?(\[[^\]]+\]|[^:;>?]+)(?::(\d+))?/i.exec(uri.trim());
  if (!match) throw new Error(`not a SIP URI: ${uri}`);
  return `${match[1]}:${match[2] ?? '5060'}`;
}

/** A G.711 offer or answer as carriers and FreeSWITCH send them (PCMA, RFC 2833 keys). */
export const g711Sdp = (origin: string, host: string, port: number) =>
  [
    'v=0',
    `o=${origin} 1700 1701 IN IP4 ${host}`,
    's=-',
    `c=IN IP4 ${host}`,
    't=0 0',
    `m=audio ${port} RTP/AVP 8 101`,
    'a=rtpmap:8 PCMA/8000',
    'a=rtpmap:101 telephone-event/8000',
    'a=fmtp:101 0-16',
    'a=ptime:20',
    'a=sendrecv',
    '',
  ].join('\r\n');
