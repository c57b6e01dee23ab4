/**
 * The registration trunk over drachtio's wire protocol: the real app (drachtio-srf unmodified)
 * against the fake drachtio-server, the carrier's registrar simulated behind it and checking the
 * digest itself.
 */
import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSipFront, type SipFront } from '../app.js';
import { loadConfig } from '../config.js';
import { captureLogger } from '../testing/captureLogger.js';
import { FakeDrachtio } from '../testing/fakeDrachtio.js';
import type { SipText } from '../testing/sipText.js';

const SECRET = 'cymru';
const REGISTRAR = '127.0.0.50:5060';

describe('trunk registration over drachtio wire protocol', () => {
  const md5 = (text: string) => createHash('md5').update(text).digest('hex');
  let fake: FakeDrachtio;
  let front: SipFront | undefined;

  beforeAll(async () => {
    fake = new FakeDrachtio({ secret: SECRET, sipHost: '127.0.0.1', sipPort: 5060 });
    await fake.listen();
  });
  afterEach(() => {
    front?.stop();
    front = undefined;
  });
  afterAll(async () => {
    await fake.close();
  });

  /** A registrar: 401 with a nonce, then checks the digest (RFC 2617, qop=auth) and grants `expires`. */
  function registrar(password: string, expires: number) {
    const seen: SipText[] = [];
    fake.peer(REGISTRAR, (request) => {
      seen.push(request);
      const auth = request.get('Authorization');
      const challenge = {
        status: 401,
        headers: { 'WWW-Authenticate': 'Digest realm="carrier.example.cn", nonce="n0nc3", qop="auth", algorithm=MD5' },
      };
      if (!auth) return [challenge];
      const p = Object.fromEntries(
        [...auth.matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]*))/g)].map((m) => [m[1], m[2] ?? m[3]]),
      );
      const ha1 = md5(`${p.username}:carrier.example.cn:${password}`);
      const ha2 = md5(`REGISTER:${p.uri}`);
      const expected = md5(`${ha1}:n0nc3:${p.nc}:${p.cnonce}:auth:${ha2}`);
      if (p.response !== expected) return [challenge];
      return [{ status: 200, headers: { Contact: `${request.get('Contact')};expires=${expires}` } }];
    });
    return seen;
  }

  async function startWith(password: string, extra: Record<string, string> = {}) {
    const logger = captureLogger();
    const config = loadConfig({
      DRACHTIO_PORT: String(fake.port),
      DRACHTIO_SECRET: SECRET,
      SIPFRONT_FREESWITCH_TARGETS: '127.0.0.21:5080',
      SIPFRONT_TRUNK_CIDRS: '127.0.0.10',
      RTPENGINE_NG: '127.0.0.1:1',
      SIPFRONT_TRUNK_REGISTER_PROXY: REGISTRAR,
      SIPFRONT_TRUNK_DOMAIN: 'carrier.example.cn',
      SIPFRONT_TRUNK_USERNAME: '04778388000',
      SIPFRONT_TRUNK_PASSWORD: password,
      SIPFRONT_TRUNK_EXPIRES: '600',
      ...extra,
    });
    front = createSipFront(config, logger);
    await front.start();
    return logger;
  }

  it('registers with digest after the 401 and refreshes before the granted expiry', async () => {
    const seen = registrar('s3cret', 2);
    const logger = await startWith('s3cret');
    await expect.poll(() => front!.registrar!.state.status, { timeout: 3_000 }).toBe('registered');
    expect(front!.registrar!.state).toMatchObject({ status: 'registered', expires: 2 });
    const [first, second] = seen;
    expect(first!.startLine).toBe('REGISTER sip:carrier.example.cn SIP/2.0');
    expect(first!.get('Authorization')).toBeUndefined();
    expect(first!.get('From')).toContain('<sip:04778388000@carrier.example.cn>');
    expect(first!.get('Contact')).toBe('<sip:04778388000@127.0.0.1:5060>');
    expect(first!.get('Expires')).toBe('600');
    expect(second!.get('Authorization')).toMatch(
      /^Digest username="04778388000",realm="carrier.example.cn",nonce="n0nc3"/,
    );
    expect(second!.callId).toBe(first!.callId);
    expect(second!.cseq.seq).toBeGreaterThan(first!.cseq.seq);
    expect(logger.lines.some((l) => l.startsWith('info trunk registered'))).toBe(true);

    // Granted 2 s: refreshed after 1 s, same Call-ID, higher CSeq.
    await expect.poll(() => seen.length, { timeout: 3_000 }).toBeGreaterThanOrEqual(3);
    expect(seen[2]!.callId).toBe(first!.callId);
    expect(seen[2]!.cseq.seq).toBeGreaterThan(second!.cseq.seq);
  });

  it('reports a rejected registration and schedules a retry', async () => {
    const seen = registrar('the-real-one', 600);
    const logger = await startWith('wrong');
    await expect.poll(() => front!.registrar!.state.status, { timeout: 3_000 }).toBe('failed');
    expect(front!.registrar!.state).toMatchObject({ status: 'failed', code: 401, failures: 1, retryInMs: 2_000 });
    expect(seen.filter((r) => r.get('Authorization')).length).toBe(1);
    expect(logger.lines.some((l) => l.includes('check the credentials'))).toBe(true);
  });

  it("registers the Contact set for NAT instead of drachtio-server's own address", async () => {
    const seen = registrar('s3cret', 600);
    await startWith('s3cret', { SIPFRONT_CONTACT_HOST: '203.0.113.20:5070' });
    await expect.poll(() => front!.registrar!.state.status, { timeout: 3_000 }).toBe('registered');
    expect(seen[0]!.get('Contact')).toBe('<sip:04778388000@203.0.113.20:5070>');
  });
});
