/**
 * SIP digest authentication (RFC 2617 / RFC 7616 with MD5, qop=auth, as JsSIP and sipp speak
 * it). Pure apart from the clock and randomness, both injectable.
 *
 * Nonces are stateless: `<issued-at base36>.<HMAC-SHA256(secret, issued-at) base64url>`; a nonce
 * with a good signature but past its lifetime is answered with `stale=true` so the client retries
 * without asking the user again. Replayed nonce counts are not tracked (nonces are short-lived).
 *
 * Credentials come from {@link SipCredentials}: the stored login passwords are hashes, so the
 * engine issues short-lived SIP passwords per seat login and per citizen call
 * ({@link IssuedSipCredentials}).
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { makeResponse, type SipRequest, type SipResponse } from './message.js';

export interface SipCredentials {
  lookup(user: string): Promise<{ password: string } | null>;
}

/** A random SIP password (24 characters of base64url). */
export function newSipPassword(): string {
  return randomBytes(18).toString('base64url');
}

/** In-memory SIP passwords with an expiry, issued by the engine (seat login, citizen call). */
export class IssuedSipCredentials implements SipCredentials {
  private readonly issued = new Map<string, { password: string; expiresAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A fresh random password for `user`, valid `ttlMs`; replaces the previous one. */
  issue(user: string, ttlMs: number): string {
    const password = newSipPassword();
    this.issued.set(user, { password, expiresAt: this.now() + ttlMs });
    return password;
  }

  revoke(user: string): void {
    this.issued.delete(user);
  }

  async lookup(user: string): Promise<{ password: string } | null> {
    const entry = this.issued.get(user);
    if (!entry) return null;
    if (entry.expiresAt <= this.now()) {
      this.issued.delete(user);
      return null;
    }
    return { password: entry.password };
  }

  /** Drops expired passwords; returns how many. */
  sweep(): number {
    let removed = 0;
    const now = this.now();
    for (const [user, entry] of this.issued) {
      if (entry.expiresAt <= now) {
        this.issued.delete(user);
        removed++;
      }
    }
    return removed;
  }

  get size(): number {
    return this.issued.size;
  }
}

export type DigestParams = Record<string, string>;

/** `Digest username="a", realm="b", nc=00000001` → {username: 'a', realm: 'b', nc: '00000001'}. */
export function parseDigest(header: string): DigestParams | null {
  const m = /^\s*Digest\s+(.*)$/is.exec(header);
  if (!m) return null;
  const params: DigestParams = {};
  const re = /([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))\s*(?:,|$)/g;
  let match: RegExpExecArray | null;
  while ((match = re.exec(m[1]!)) !== null) {
    params[match[1]!.toLowerCase()] = match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : match[3]!;
  }
  return params;
}

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

export function digestResponse(p: {
  username: string;
  realm: string;
  password: string;
  method: string;
  uri: string;
  nonce: string;
  qop?: string;
  nc?: string;
  cnonce?: string;
}): string {
  const ha1 = md5(`${p.username}:${p.realm}:${p.password}`);
  const ha2 = md5(`${p.method}:${p.uri}`);
  return p.qop ? md5(`${ha1}:${p.nonce}:${p.nc}:${p.cnonce}:${p.qop}:${ha2}`) : md5(`${ha1}:${p.nonce}:${ha2}`);
}

export type NonceCheck = 'valid' | 'stale' | 'invalid';

export class NonceSigner {
  constructor(
    private readonly secret: Buffer | string,
    private readonly ttlMs = 5 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  create(): string {
    const issued = this.now().toString(36);
    return `${issued}.${this.sign(issued)}`;
  }

  check(nonce: string): NonceCheck {
    const [issued, signature, extra] = nonce.split('.');
    if (!issued || !signature || extra !== undefined) return 'invalid';
    const expected = Buffer.from(this.sign(issued));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'invalid';
    const at = parseInt(issued, 36);
    return this.now() - at > this.ttlMs || at > this.now() + 60_000 ? 'stale' : 'valid';
  }

  private sign(issued: string): string {
    return createHmac('sha256', this.secret).update(issued).digest('base64url').slice(0, 22);
  }
}

export type AuthOutcome = { ok: true; user: string } | { ok: false; response: SipResponse };

export interface DigestAuthenticatorOptions {
  realm: string;
  credentials: SipCredentials;
  /** Server secret signing the nonces (random per process when omitted). */
  secret?: Buffer | string;
  nonceTtlMs?: number;
  now?: () => number;
}

/**
 * Checks a request's Authorization (WWW-Authenticate challenge, 401) or Proxy-Authorization
 * (407). No credentials, an expired nonce (stale=true) or a nonce not ours (an earlier process)
 * → challenge; unknown user or wrong password → 403 (a fresh challenge would only loop).
 */
export class DigestAuthenticator {
  readonly realm: string;
  private readonly nonces: NonceSigner;
  private readonly credentials: SipCredentials;

  constructor(options: DigestAuthenticatorOptions) {
    this.realm = options.realm;
    this.credentials = options.credentials;
    this.nonces = new NonceSigner(options.secret ?? randomBytes(32), options.nonceTtlMs, options.now);
  }

  challenge(request: SipRequest, toTag: string, options: { stale?: boolean; proxy?: boolean } = {}): SipResponse {
    const value =
      `Digest realm="${this.realm}", nonce="${this.nonces.create()}", algorithm=MD5, qop="auth"` +
      (options.stale ? ', stale=true' : '');
    return makeResponse(request, options.proxy ? 407 : 401, {
      toTag,
      headers: [[options.proxy ? 'Proxy-Authenticate' : 'WWW-Authenticate', value]],
    });
  }

  async authenticate(request: SipRequest, toTag: string, options: { proxy?: boolean } = {}): Promise<AuthOutcome> {
    const header = request.headers.get(options.proxy ? 'proxy-authorization' : 'authorization');
    if (!header) return { ok: false, response: this.challenge(request, toTag, options) };
    const forbidden = (why: string): AuthOutcome => ({
      ok: false,
      response: makeResponse(request, 403, { toTag, headers: [['Warning', `399 cloud-seat "${why}"`]] }),
    });
    const p = parseDigest(header);
    if (!p || !p.username || !p.nonce || !p.response || !p.uri) return forbidden('malformed credentials');
    if (p.realm !== this.realm) return { ok: false, response: this.challenge(request, toTag, options) };
    if (p.algorithm && p.algorithm.toUpperCase() !== 'MD5') return forbidden('unsupported algorithm');
    if (p.qop && (p.qop !== 'auth' || !p.nc || !p.cnonce)) return forbidden('unsupported qop');
    const nonce = this.nonces.check(p.nonce);
    if (nonce === 'invalid') return { ok: false, response: this.challenge(request, toTag, options) };
    const found = await this.credentials.lookup(p.username);
    if (!found) return forbidden('bad credentials');
    const expected = digestResponse({
      username: p.username,
      realm: this.realm,
      password: found.password,
      method: request.method,
      uri: p.uri,
      nonce: p.nonce,
      qop: p.qop,
      nc: p.nc,
      cnonce: p.cnonce,
    });
    const a = Buffer.from(expected);
    const b = Buffer.from(p.response.toLowerCase());
    if (a.length !== b.length || !timingSafeEqual(a, b)) return forbidden('bad credentials');
    if (nonce === 'stale') return { ok: false, response: this.challenge(request, toTag, { ...options, stale: true }) };
    return { ok: true, user: p.username };
  }
}
