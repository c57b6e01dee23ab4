import { describe, expect, it } from 'vitest';
import { DigestAuthenticator, digestResponse, IssuedSipCredentials, NonceSigner, parseDigest } from './digest.js';
import { parseMessage, type SipRequest } from './message.js';
import { answerChallenge, jssipRegister } from './testing.js';

const REALM = 'cloudseat.local';

function clock(start = 1_800_000_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('digestResponse', () => {
  it('matches the RFC 2617 §3.5 example', () => {
    expect(
      digestResponse({
        username: 'Mufasa',
        realm: 'testrealm@host.com',
        password: 'Circle Of Life',
        method: 'GET',
        uri: '/dir/index.html',
        nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
        qop: 'auth',
        nc: '00000001',
        cnonce: '0a4f113b',
      }),
    ).toBe('6629fae49393a05397450978507c4ef1');
  });

  it('parses quoted and bare parameters', () => {
    expect(parseDigest('Digest username="a\\"b", realm="r", nc=00000001, qop=auth')).toEqual({
      username: 'a"b',
      realm: 'r',
      nc: '00000001',
      qop: 'auth',
    });
    expect(parseDigest('Basic abc')).toBeNull();
  });
});

describe('NonceSigner', () => {
  it('accepts its own nonces, marks old ones stale and forged ones invalid', () => {
    const c = clock();
    const signer = new NonceSigner('secret', 60_000, c.now);
    const nonce = signer.create();
    expect(signer.check(nonce)).toBe('valid');
    c.advance(61_000);
    expect(signer.check(nonce)).toBe('stale');
    expect(signer.check(nonce.replace(/.$/, (ch) => (ch === 'A' ? 'B' : 'A')))).toBe('invalid');
    expect(new NonceSigner('other', 60_000, c.now).check(signer.create())).toBe('invalid');
    expect(signer.check('nonsense')).toBe('invalid');
  });
});

describe('IssuedSipCredentials', () => {
  it('issues a password per user that expires and can be revoked', async () => {
    const c = clock();
    const creds = new IssuedSipCredentials(c.now);
    const p1 = creds.issue('seat-1001', 60_000);
    const p2 = creds.issue('citizen-7f3a', 10_000);
    expect(p1).not.toBe(p2);
    expect(p1.length).toBeGreaterThanOrEqual(20);
    expect(await creds.lookup('seat-1001')).toEqual({ password: p1 });
    c.advance(10_000);
    expect(await creds.lookup('citizen-7f3a')).toBeNull();
    expect(creds.issue('seat-1001', 60_000)).not.toBe(p1);
    creds.revoke('seat-1001');
    expect(await creds.lookup('seat-1001')).toBeNull();
    creds.issue('a', 1);
    creds.issue('b', 100);
    c.advance(2);
    expect(creds.sweep()).toBe(1);
    expect(creds.size).toBe(1);
  });
});

describe('DigestAuthenticator', () => {
  async function setup() {
    const c = clock();
    const creds = new IssuedSipCredentials(c.now);
    const password = creds.issue('1001', 3_600_000);
    const auth = new DigestAuthenticator({
      realm: REALM,
      credentials: creds,
      secret: 's',
      nonceTtlMs: 30_000,
      now: c.now,
    });
    const first = await auth.authenticate(parseMessage(jssipRegister()) as SipRequest, 'tag1');
    if (first.ok) throw new Error('expected a challenge');
    const challenge = first.response.headers.get('www-authenticate')!;
    const authorized = (pw: string, username = '1001') =>
      parseMessage(
        jssipRegister({
          cseq: 2,
          authorization: answerChallenge(challenge, {
            username,
            password: pw,
            method: 'REGISTER',
            uri: `sip:${REALM}`,
          }),
        }),
      ) as SipRequest;
    return { c, auth, first, challenge, password, authorized };
  }

  it('challenges a request without credentials with 401, MD5 and qop=auth', async () => {
    const { first, challenge } = await setup();
    expect(first.response.status).toBe(401);
    expect(challenge).toMatch(/^Digest realm="cloudseat.local", nonce="[^"]+", algorithm=MD5, qop="auth"$/);
    expect(first.response.headers.get('to')).toContain(';tag=tag1');
  });

  it('accepts the right password', async () => {
    const { auth, authorized, password } = await setup();
    expect(await auth.authenticate(authorized(password), 't')).toEqual({ ok: true, user: '1001' });
  });

  it('forbids a wrong password or an unknown user (403, no challenge loop)', async () => {
    const { auth, authorized, password } = await setup();
    const wrong = await auth.authenticate(authorized('not-it'), 't');
    expect(wrong.ok === false && wrong.response.status).toBe(403);
    const unknown = await auth.authenticate(authorized(password, 'nobody'), 't');
    expect(unknown.ok === false && unknown.response.status).toBe(403);
  });

  it('answers an expired nonce with a fresh challenge marked stale=true', async () => {
    const { auth, authorized, password, c } = await setup();
    c.advance(31_000);
    const outcome = await auth.authenticate(authorized(password), 't');
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.response.status).toBe(401);
      expect(outcome.response.headers.get('www-authenticate')).toContain('stale=true');
    }
  });

  it('challenges INVITEs with 407 Proxy-Authenticate when asked', async () => {
    const { auth } = await setup();
    const req = parseMessage(jssipRegister()) as SipRequest;
    const outcome = await auth.authenticate(req, 't', { proxy: true });
    expect(outcome.ok === false && outcome.response.status).toBe(407);
    expect(outcome.ok === false && outcome.response.headers.get('proxy-authenticate')).toContain('qop="auth"');
  });
});
