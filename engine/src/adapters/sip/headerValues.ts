/**
 * SIP header values (RFC 3261 §20, §25): parameters, URIs, name-addr (From/To/Contact/Route),
 * Via, CSeq. Pure string work; the throwing parsers are wrapped by the message parser into
 * typed errors.
 */

export type SipParams = Record<string, string | null>;

/** Splits on commas that are outside quotes and angle brackets. */
export function splitCommas(value: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '\\' && quoted) i++;
    else if (c === '"') quoted = !quoted;
    else if (!quoted && c === '<') depth++;
    else if (!quoted && c === '>') depth = Math.max(0, depth - 1);
    else if (!quoted && depth === 0 && c === ',') {
      out.push(value.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(value.slice(start).trim());
  return out.filter((v) => v.length > 0);
}

/** `;a=1;b;c="x"` → {a: '1', b: null, c: 'x'} (names lower-cased, quotes removed). */
export function parseParams(text: string): SipParams {
  const params: SipParams = {};
  for (const part of splitOutsideQuotes(text, ';')) {
    const trimmed = part.trim();
    if (!trimmed) continue;
    const eq = trimmed.indexOf('=');
    const name = (eq < 0 ? trimmed : trimmed.slice(0, eq)).trim().toLowerCase();
    const raw = eq < 0 ? null : trimmed.slice(eq + 1).trim();
    params[name] = raw !== null && raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2 ? raw.slice(1, -1) : raw;
  }
  return params;
}

export function formatParams(params: SipParams, quoted: ReadonlySet<string> = new Set()): string {
  return Object.entries(params)
    .map(([k, v]) => (v === null ? `;${k}` : quoted.has(k) ? `;${k}="${v}"` : `;${k}=${v}`))
    .join('');
}

function splitOutsideQuotes(text: string, separator: string): string[] {
  const out: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === separator) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out;
}

export interface SipUri {
  scheme: 'sip' | 'sips' | 'tel';
  user: string | null;
  host: string;
  port: number | null;
  params: SipParams;
  headers: string | null;
}

export function parseUri(text: string): SipUri {
  const m = /^(sips?|tel):(?:([^@;?]*)@)?(\[[0-9a-fA-F:.]+\]|[^:;?]+)(?::(\d{1,5}))?((?:;[^?]*)?)(?:\?(.*))?$/i.exec(
    text.trim(),
  );
  if (!m) throw new Error(`malformed URI: ${text.slice(0, 60)}`);
  return {
    scheme: m[1]!.toLowerCase() as SipUri['scheme'],
    user: m[2] !== undefined ? decodeURIComponent(m[2].split(':')[0]!) : null,
    host: m[3]!.toLowerCase(),
    port: m[4] ? Number(m[4]) : null,
    params: parseParams(m[5] ?? ''),
    headers: m[6] ?? null,
  };
}

export function formatUri(uri: SipUri): string {
  const user = uri.user !== null ? `${uri.user}@` : '';
  const port = uri.port !== null ? `:${uri.port}` : '';
  const headers = uri.headers ? `?${uri.headers}` : '';
  return `${uri.scheme}:${user}${uri.host}${port}${formatParams(uri.params)}${headers}`;
}

/** From/To/Contact/Route value: `"Name" <sip:u@h;uri-param>;tag=x` or `sip:u@h;tag=x`. */
export interface NameAddr {
  displayName: string | null;
  uri: string;
  params: SipParams;
}

export function parseNameAddr(text: string): NameAddr {
  const value = text.trim();
  if (value === '*') return { displayName: null, uri: '*', params: {} };
  const lt = indexOutsideQuotes(value, '<');
  if (lt >= 0) {
    const gt = value.indexOf('>', lt);
    if (gt < 0) throw new Error(`unclosed < in ${value.slice(0, 60)}`);
    const name = value.slice(0, lt).trim();
    const uri = value.slice(lt + 1, gt).trim();
    parseUri(uri);
    return {
      displayName: name ? name.replace(/^"(.*)"$/, '$1') : null,
      uri,
      params: parseParams(value.slice(gt + 1)),
    };
  }
  // addr-spec without brackets: parameters after the URI belong to the header (§20.10).
  const semi = value.indexOf(';');
  const uri = semi < 0 ? value : value.slice(0, semi);
  parseUri(uri);
  return { displayName: null, uri, params: parseParams(semi < 0 ? '' : value.slice(semi)) };
}

export function formatNameAddr(addr: NameAddr, quoted: ReadonlySet<string> = QUOTED_CONTACT_PARAMS): string {
  const name = addr.displayName ? `"${addr.displayName}" ` : '';
  return `${name}<${addr.uri}>${formatParams(addr.params, quoted)}`;
}

export const QUOTED_CONTACT_PARAMS: ReadonlySet<string> = new Set(['+sip.instance']);

function indexOutsideQuotes(text: string, char: string): number {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '"') quoted = !quoted;
    else if (!quoted && text[i] === char) return i;
  }
  return -1;
}

export interface Via {
  transport: string;
  host: string;
  port: number | null;
  params: SipParams;
}

export function parseVia(text: string): Via {
  const m =
    /^SIP\s*\/\s*2\.0\s*\/\s*([A-Za-z]+)\s+(\[[0-9a-fA-F:.]+\]|[^\s:;]+)(?:\s*:\s*(\d{1,5}))?\s*((?:;.*)?)$/i.exec(
      text.trim(),
    );
  if (!m) throw new Error(`malformed Via: ${text.slice(0, 60)}`);
  return {
    transport: m[1]!.toUpperCase(),
    host: m[2]!,
    port: m[3] ? Number(m[3]) : null,
    params: parseParams(m[4] ?? ''),
  };
}

export function formatVia(via: Via): string {
  return `SIP/2.0/${via.transport} ${via.host}${via.port !== null ? `:${via.port}` : ''}${formatParams(via.params)}`;
}

export function parseCSeq(text: string): { seq: number; method: string } | null {
  const m = /^(\d{1,10})\s+([A-Za-z0-9.!%*_+`'~-]+)$/.exec(text.trim());
  return m ? { seq: Number(m[1]), method: m[2]! } : null;
}

/** The tag parameter of From/To, or null. */
export function tagOf(header: string | undefined): string | null {
  if (!header) return null;
  return parseNameAddr(header).params.tag ?? null;
}

/** The user part of a From/To/Request-URI, or null. */
export function userOf(uriOrNameAddr: string): string | null {
  const text = uriOrNameAddr.trim();
  const uri = /^(sips?|tel):/i.test(text) && !text.includes('<') ? text.split(';')[0]! : parseNameAddr(text).uri;
  return parseUri(uri).user;
}
