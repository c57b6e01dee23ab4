import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import http from 'node:http';
import { Server as SocketIoServer } from 'socket.io';
import { io as ioClient } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { IncomingCall, InviteHandler } from './calls.js';
import { dummySdp } from './calls.js';
import { IssuedSipCredentials } from './digest.js';
import { makeResponse, parseNameAddr, parseVia, serialize } from './message.js';
import { startSipServer, type SipServer } from './sipServer.js';
import { answerChallenge, jssipInvite, jssipRegister, TcpPeer, UdpPeer, WsPeer } from './testing.js';

const REALM = 'cloudseat.local';
const TIMERS = { t1: 20, t2: 80, t4: 50 };

/** echo: 180 + 200; ringer: 180 only (for CANCEL); anyone else: 404. */
class TestHandler implements InviteHandler {
  readonly calls: IncomingCall[] = [];
  onInvite(call: IncomingCall): void {
    this.calls.push(call);
    if (call.callee === 'echo') {
      call.ring();
      call.answer(dummySdp());
    } else if (call.callee === 'ringer') call.ring();
    else if (call.callee === 'crash') throw new Error('handler bug');
    else call.reject(404);
  }
}

const id = () => randomBytes(5).toString('hex');

function udpRequest(
  peer: UdpPeer,
  method: string,
  o: {
    uri?: string;
    callId?: string;
    fromTag?: string;
    toTag?: string;
    cseq?: number;
    branch?: string;
    extra?: string[];
    body?: string;
  } = {},
): string {
  const body = o.body ?? '';
  return [
    `${method} ${o.uri ?? 'sip:echo@127.0.0.1'} SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.1:${peer.port};branch=${o.branch ?? `z9hG4bK${id()}`};rport`,
    'Max-Forwards: 70',
    `From: <sip:tester@127.0.0.1>;tag=${o.fromTag ?? id()}`,
    `To: <${o.uri ?? 'sip:echo@127.0.0.1'}>${o.toTag ? `;tag=${o.toTag}` : ''}`,
    `Call-ID: ${o.callId ?? id()}`,
    `CSeq: ${o.cseq ?? 1} ${method === 'ACK' || method === 'CANCEL' ? method : method}`,
    `Contact: <sip:tester@127.0.0.1:${peer.port}>`,
    ...(o.extra ?? []),
    ...(body ? ['Content-Type: application/sdp'] : []),
    `Content-Length: ${Buffer.byteLength(body)}`,
    '',
    body,
  ].join('\r\n');
}

async function eventually(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('SIP server over UDP and TCP (no INVITE auth)', () => {
  let server: SipServer;
  let udp: UdpPeer;
  const handler = new TestHandler();
  const credentials = new IssuedSipCredentials();
  let password: string;
  const warnings: string[] = [];

  beforeAll(async () => {
    password = credentials.issue('1001', 60_000);
    server = await startSipServer({
      udp: {},
      tcp: {},
      credentials,
      realm: REALM,
      handler,
      authenticateInvites: false,
      ringTimeoutMs: 1000,
      timers: TIMERS,
      logger: { warn: (obj, msg) => warnings.push(`${msg} ${String((obj as { err?: unknown }).err)}`) },
    });
  });
  // A fresh peer (a fresh port) per test: nothing left over from another test reaches it.
  beforeEach(async () => {
    udp = await UdpPeer.open({ host: '127.0.0.1', port: server.transports.udp!.local.port });
  });
  afterEach(() => udp.close());
  afterAll(() => server.close());

  it('answers OPTIONS 200 with Allow, marking the Via with received and rport', async () => {
    udp.send(udpRequest(udp, 'OPTIONS'));
    const res = await udp.response(200);
    expect(res.headers.getAll('allow')).toContain('REGISTER');
    expect(parseVia(res.headers.get('via')!).params).toMatchObject({ rport: String(udp.port), received: '127.0.0.1' });
    expect(parseNameAddr(res.headers.get('to')!).params.tag).toBeTruthy();
  });

  it('resends the same response to a retransmitted request', async () => {
    const text = udpRequest(udp, 'OPTIONS');
    udp.send(text);
    const first = await udp.response(200);
    udp.send(text);
    const again = await udp.response(200);
    expect(again.headers.get('to')).toBe(first.headers.get('to'));
  });

  it('answers an unsupported method 405 with Allow, an unknown dialog 481', async () => {
    udp.send(udpRequest(udp, 'PUBLISH'));
    const res = await udp.response(405);
    expect(res.headers.getAll('allow').join(', ')).toBe('INVITE, ACK, CANCEL, BYE, OPTIONS, REGISTER, INFO');
    udp.send(udpRequest(udp, 'BYE', { toTag: 'nosuch' }));
    await udp.response(481);
    const branch = `z9hG4bK${id()}`;
    const callId = id();
    udp.send(udpRequest(udp, 'INVITE', { toTag: 'nosuch', branch, callId, body: dummySdp() }));
    await udp.response(481);
    udp.send(udpRequest(udp, 'ACK', { toTag: 'nosuch', branch, callId })); // stops the 481 retransmissions
    udp.send(udpRequest(udp, 'CANCEL'));
    await udp.response(481);
  });

  it('answers a malformed request 400 with a Warning, drops garbage, and keeps serving', async () => {
    const before = server.stats().malformed;
    udp.send(udpRequest(udp, 'OPTIONS').replace('CSeq: 1 OPTIONS', 'CSeq: 1 INVITE'));
    const res = await udp.response(400);
    expect(res.headers.get('warning')).toMatch(/^399 cloud-seat ".*CSeq/);
    udp.send(randomBytes(600));
    udp.send('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    udp.send(udpRequest(udp, 'OPTIONS').replace(/Via: .*\r\n/, 'Via: garbage\r\n'));
    expect(await udp.silentFor(100)).toBe(true);
    udp.send(udpRequest(udp, 'OPTIONS'));
    await udp.response(200);
    expect(server.stats().malformed).toBe(before + 4);
  });

  it('survives 2,000 mutated messages (flipped bytes, cuts, duplicated lines) and keeps no session', async () => {
    let seed = 7;
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    const samples = [
      udpRequest(udp, 'INVITE', { body: dummySdp() }),
      udpRequest(udp, 'OPTIONS'),
      udpRequest(udp, 'BYE', { toTag: 'x' }),
      jssipRegister().replace('SIP/2.0/WSS', 'SIP/2.0/UDP'),
    ];
    for (let i = 0; i < 2000; i++) {
      const bytes = Buffer.from(samples[i % samples.length]!);
      const kind = rand(3);
      if (kind === 0) for (let k = 0; k < 1 + rand(4); k++) bytes[rand(bytes.length)] = rand(256);
      const text = kind === 1 ? bytes.subarray(0, rand(bytes.length)) : bytes;
      if (kind === 2) {
        const lines = text.toString().split('\r\n');
        const at = 1 + rand(lines.length - 1);
        lines.splice(at, 0, lines[rand(lines.length)]!);
        udp.send(lines.join('\r\n'));
      } else udp.send(text);
    }
    udp.send(udpRequest(udp, 'OPTIONS', { callId: 'after-fuzz' }));
    await udp.response(200, 5000, 'after-fuzz');
    // Mutated INVITEs that still parse are real calls to echo: they end when their 2xx goes unacknowledged.
    await eventually(() => server.sessions.size === 0, 5000);
    expect(warnings.filter((w) => w.includes('unexpected'))).toEqual([]);
  });

  it('registers with digest: 401 challenge, 403 for a wrong password or a foreign user, 200', async () => {
    const uri = 'sip:127.0.0.1';
    const reg = (extra: string[] = [], user = '1001', cseq = 1, callId = 'reg-' + id()) =>
      udpRequest(udp, 'REGISTER', { uri, callId, cseq, extra: ['Expires: 120', ...extra] })
        .replace(/To: .*\r\n/, `To: <sip:${user}@127.0.0.1>\r\n`)
        .replace(/Contact: .*\r\n/, `Contact: <sip:${user}@127.0.0.1:${udp.port}>\r\n`);
    udp.send(reg());
    const challenge = (await udp.response(401)).headers.get('www-authenticate')!;
    const authorization = (pw: string) =>
      `Authorization: ${answerChallenge(challenge, { username: '1001', password: pw, method: 'REGISTER', uri })}`;
    udp.send(reg([authorization('wrong')], '1001', 2));
    expect((await udp.response(403)).headers.get('warning')).toContain('bad credentials');
    udp.send(reg([authorization(password)], '1002', 3));
    await udp.response(403);
    udp.send(reg([authorization(password)], '1001', 4));
    const ok = await udp.response(200);
    expect(ok.headers.get('contact')).toBe(`<sip:1001@127.0.0.1:${udp.port}>;expires=120`);
    expect(server.registrar.lookup('1001')).toHaveLength(1);
  });

  it('runs a call: 100, 180, 200 with SDP; 2xx retransmitted until the ACK; BYE 200; session gone', async () => {
    const callId = id();
    const fromTag = id();
    udp.send(udpRequest(udp, 'INVITE', { callId, fromTag, body: dummySdp() }));
    await udp.response(100);
    await udp.response(180);
    const ok = await udp.response(200);
    expect(ok.body.toString()).toContain('m=audio');
    expect(ok.headers.get('contact')).toMatch(/^<sip:echo@127\.0\.0\.1:\d+;transport=udp>$/);
    await udp.response(200, 500); // retransmitted (timer G at T1 = 20 ms)
    expect(server.sessions.size).toBe(1);
    const toTag = parseNameAddr(ok.headers.get('to')!).params.tag!;
    udp.send(udpRequest(udp, 'ACK', { callId, fromTag, toTag }));
    await eventually(() => [...server.sessions.values()][0]?.state === 'confirmed');
    await new Promise((r) => setTimeout(r, 200));
    udp.raw = [];
    expect(await udp.silentFor(150)).toBe(true);
    udp.send(udpRequest(udp, 'BYE', { callId, fromTag, toTag, cseq: 2 }));
    await udp.response(200);
    expect(server.sessions.size).toBe(0);
  });

  it('cancels a ringing call: 200 to the CANCEL, 487 to the INVITE', async () => {
    const callId = id();
    const fromTag = id();
    const branch = `z9hG4bK${id()}`;
    const uri = 'sip:ringer@127.0.0.1';
    udp.send(udpRequest(udp, 'INVITE', { uri, callId, fromTag, branch, body: dummySdp() }));
    await udp.response(180);
    expect(server.sessions.size).toBe(1);
    udp.send(udpRequest(udp, 'CANCEL', { uri, callId, fromTag, branch }));
    const cancelled = await udp.next((m) => m.kind === 'response' && m.headers.get('cseq') === '1 CANCEL');
    expect(cancelled.kind === 'response' && cancelled.status).toBe(200);
    const terminated = await udp.response(487);
    udp.send(
      udpRequest(udp, 'ACK', {
        uri,
        callId,
        fromTag,
        branch,
        toTag: parseNameAddr(terminated.headers.get('to')!).params.tag!,
      }),
    );
    expect(server.sessions.size).toBe(0);
  });

  it('rejects a call to an unknown user 404 and hangs up from the switch side with BYE', async () => {
    udp.send(udpRequest(udp, 'INVITE', { uri: 'sip:nobody@127.0.0.1', body: dummySdp() }));
    await udp.response(404);
    const callId = id();
    const fromTag = id();
    udp.send(udpRequest(udp, 'INVITE', { callId, fromTag, body: dummySdp() }));
    const ok = await udp.response(200);
    const toTag = parseNameAddr(ok.headers.get('to')!).params.tag!;
    udp.send(udpRequest(udp, 'ACK', { callId, fromTag, toTag }));
    const call = handler.calls.find((c) => c.invite.headers.get('call-id') === callId)!;
    await eventually(() => call.state === 'confirmed');
    const hungUp = call.hangup();
    const bye = await udp.request('BYE');
    expect(bye.uri).toBe(`sip:tester@127.0.0.1:${udp.port}`);
    expect(parseNameAddr(bye.headers.get('from')!).params.tag).toBe(toTag);
    expect(parseNameAddr(bye.headers.get('to')!).params.tag).toBe(fromTag);
    udp.send(serialize(makeResponse(bye, 200)));
    await hungUp;
    expect(server.sessions.size).toBe(0);
  });

  it('answers 500 when the handler throws and 480 when nobody answers, leaving no session', async () => {
    const crash = `z9hG4bK${id()}`;
    const callId = id();
    udp.send(udpRequest(udp, 'INVITE', { uri: 'sip:crash@127.0.0.1', branch: crash, callId, body: dummySdp() }));
    const failed = await udp.response(500);
    udp.send(
      udpRequest(udp, 'ACK', {
        uri: 'sip:crash@127.0.0.1',
        branch: crash,
        callId,
        toTag: parseNameAddr(failed.headers.get('to')!).params.tag!,
      }),
    );
    expect(server.sessions.size).toBe(0);
    const unanswered = id();
    udp.send(udpRequest(udp, 'INVITE', { uri: 'sip:ringer@127.0.0.1', callId: unanswered, body: dummySdp() }));
    await udp.response(180, 3000, unanswered);
    expect(server.sessions.size).toBe(1);
    await udp.response(480, 3000, unanswered);
    expect(server.sessions.size).toBe(0);
  });

  it('ends a call whose 200 is never acknowledged (BYE after 64·T1)', async () => {
    udp.send(udpRequest(udp, 'INVITE', { body: dummySdp() }));
    await udp.response(200);
    const bye = await udp.request('BYE', 3000);
    udp.send(serialize(makeResponse(bye, 200)));
    await eventually(() => server.sessions.size === 0);
  });

  it('times out a request to a peer that never answers with 408', async () => {
    const dead = dgram.createSocket('udp4');
    await new Promise<void>((r) => dead.bind(0, '127.0.0.1', r));
    const port = dead.address().port;
    const response = await server.request(server.transports.udp!.flowTo('127.0.0.1', port), {
      method: 'OPTIONS',
      uri: `sip:x@127.0.0.1:${port}`,
    });
    dead.close();
    expect(response.status).toBe(408);
  });

  it('frames TCP: two requests in one write, and 513 for a message over 64 KB', async () => {
    const tcp = await TcpPeer.open({ host: '127.0.0.1', port: server.transports.tcp!.local.port });
    const opt = (n: number) => udpRequest(udp, 'OPTIONS', { cseq: n }).replace('SIP/2.0/UDP', 'SIP/2.0/TCP');
    tcp.send(opt(1) + opt(2));
    await tcp.next((m) => m.kind === 'response' && m.headers.get('cseq') === '1 OPTIONS');
    await tcp.next((m) => m.kind === 'response' && m.headers.get('cseq') === '2 OPTIONS');
    const big = 'x'.repeat(70_000);
    tcp.send(udpRequest(udp, 'OPTIONS', { body: big }).replace('SIP/2.0/UDP', 'SIP/2.0/TCP'));
    const res = await tcp.response(513);
    expect(res.headers.get('warning')).toContain('exceeds');
    await eventually(() => tcp.closed);
  });

  it('leaves no sessions behind and lets the transactions expire', async () => {
    expect(server.sessions.size).toBe(0);
    await eventually(() => server.stats().serverTransactions === 0 && server.stats().clientTransactions === 0, 5000);
  });
});

describe('SIP server over WebSocket (JsSIP)', () => {
  let server: SipServer;
  let url: string;
  const credentials = new IssuedSipCredentials();
  const handler = new TestHandler();

  beforeAll(async () => {
    server = await startSipServer({ ws: { path: '/sip' }, credentials, realm: REALM, handler, timers: TIMERS });
    url = `ws://127.0.0.1:${server.transports.ws!.local.port}/sip`;
  });
  afterAll(() => server.close());

  it('answers the handshake with Sec-WebSocket-Protocol: sip and refuses clients without it', async () => {
    const peer = await WsPeer.open(url);
    expect(peer.ws.protocol).toBe('sip');
    peer.close();
    await expect(
      new Promise((resolve, reject) => new WebSocket(url).once('open', resolve).once('error', reject)),
    ).rejects.toThrow(/400/);
  });

  it('registers a JsSIP seat (.invalid contact) and reaches it back over the same WebSocket', async () => {
    const password = credentials.issue('1001', 60_000);
    const peer = await WsPeer.open(url);
    peer.send(jssipRegister({ domain: REALM }));
    const challenge = (await peer.response(401)).headers.get('www-authenticate')!;
    const authorization = answerChallenge(challenge, {
      username: '1001',
      password,
      method: 'REGISTER',
      uri: `sip:${REALM}`,
    });
    peer.send(jssipRegister({ domain: REALM, cseq: 2, branch: 'z9hG4bK2', authorization }));
    const ok = await peer.response(200);
    const contact = parseNameAddr(ok.headers.get('contact')!);
    expect(contact.uri).toBe('sip:4v5p1eoh@8lrf0mh3tq7g.invalid;transport=ws');
    expect(contact.params).toMatchObject({
      '+sip.instance': '<urn:uuid:1d5a2a5e-7a0c-4c2e-9c66-0e4b1b2d9a11>',
      'reg-id': '1',
    });
    expect(Number(contact.params.expires)).toBeGreaterThan(590);

    const [binding] = server.registrar.lookup('1001');
    const answered = server.request(binding!.flow, { method: 'OPTIONS', uri: binding!.contact.uri });
    const options = await peer.request('OPTIONS');
    expect(parseVia(options.headers.get('via')!).transport).toBe('WS');
    peer.send(serialize(makeResponse(options, 200, { toTag: 'x' })));
    expect((await answered).status).toBe(200);

    peer.close();
    await eventually(() => server.registrar.lookup('1001').length === 0);
  });

  it('authenticates a citizen INVITE (407), answers it, and ends it with BYE', async () => {
    const password = credentials.issue('citizen-7f3a', 60_000);
    const peer = await WsPeer.open(url);
    peer.send(jssipInvite({ callee: 'echo', domain: REALM }));
    await peer.response(100);
    const challenge = (await peer.response(407)).headers.get('proxy-authenticate')!;
    peer.send(
      jssipInvite({ callee: 'echo', domain: REALM })
        .replace('INVITE sip:', 'ACK sip:')
        .replace('8236 INVITE', '8236 ACK'),
    );
    const proxyAuthorization = answerChallenge(challenge, {
      username: 'citizen-7f3a',
      password,
      method: 'INVITE',
      uri: `sip:echo@${REALM}`,
    });
    peer.send(jssipInvite({ callee: 'echo', domain: REALM, cseq: 8237, branch: 'z9hG4bK77', proxyAuthorization }));
    await peer.response(180);
    const ok = await peer.response(200);
    expect(handler.calls.at(-1)?.authenticatedUser).toBe('citizen-7f3a');
    const toTag = parseNameAddr(ok.headers.get('to')!).params.tag!;
    const inDialog = (method: string, cseq: number, branch: string) =>
      [
        `${method} sip:echo@127.0.0.1 SIP/2.0`,
        `Via: SIP/2.0/WSS q1w2e3r4t5y6.invalid;branch=${branch}`,
        'Max-Forwards: 69',
        `To: <sip:echo@${REALM}>;tag=${toTag}`,
        `From: <sip:citizen-7f3a@${REALM}>;tag=s0hd2p9k1n`,
        'Call-ID: 9k3hfnm1q0vt8cq0d2lj',
        `CSeq: ${cseq} ${method}`,
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n');
    peer.send(inDialog('ACK', 8237, 'z9hG4bK78'));
    await eventually(() => handler.calls.at(-1)?.state === 'confirmed');
    peer.send(inDialog('BYE', 8238, 'z9hG4bK79'));
    await peer.response(200);
    expect(server.sessions.size).toBe(0);
    peer.close();
  });

  it('answers 513 to a WebSocket message over 64 KB', async () => {
    const peer = await WsPeer.open(url);
    const sip =
      jssipRegister({ domain: REALM }).replace('Content-Length: 0', 'Content-Length: 70000') + 'x'.repeat(70_000);
    peer.send(sip);
    await peer.response(513);
    peer.close();
  });

  it('ends calls whose WebSocket closes', async () => {
    const password = credentials.issue('citizen-9', 60_000);
    const peer = await WsPeer.open(url);
    const invite = (extra: Partial<Parameters<typeof jssipInvite>[0]> = {}) =>
      jssipInvite({ user: 'citizen-9', callee: 'ringer', domain: REALM, callId: 'ws-close', ...extra });
    peer.send(invite());
    const challenge = (await peer.response(407)).headers.get('proxy-authenticate')!;
    const proxyAuthorization = answerChallenge(challenge, {
      username: 'citizen-9',
      password,
      method: 'INVITE',
      uri: `sip:ringer@${REALM}`,
    });
    peer.send(invite({ cseq: 8237, branch: 'z9hG4bK90', proxyAuthorization }));
    await peer.response(180);
    expect(server.sessions.size).toBe(1);
    peer.close();
    await eventually(() => server.sessions.size === 0);
  });
});

describe('SIP over WebSocket next to socket.io on one HTTP server', () => {
  it('keeps the SIP socket open past engine.io destroyUpgrade and serves both', async () => {
    const httpServer = http.createServer();
    const io = new SocketIoServer(httpServer, { path: '/socket.io', serveClient: false });
    await new Promise<void>((r) => httpServer.listen(0, '127.0.0.1', r));
    const port = (httpServer.address() as { port: number }).port;
    const server = await startSipServer({
      ws: { server: httpServer, path: '/sip' },
      credentials: new IssuedSipCredentials(),
      realm: REALM,
      handler: new TestHandler(),
      timers: TIMERS,
    });
    try {
      const peer = await WsPeer.open(`ws://127.0.0.1:${port}/sip`);
      await new Promise((r) => setTimeout(r, 1300)); // engine.io ends foreign upgrades after 1 s
      peer.send(jssipRegister({ domain: REALM }));
      await peer.response(401);
      const client = ioClient(`http://127.0.0.1:${port}`, { path: '/socket.io', transports: ['websocket'] });
      await new Promise<void>((resolve, reject) =>
        client.once('connect', () => resolve()).once('connect_error', reject),
      );
      client.close();
      peer.close();
    } finally {
      await server.close();
      await io.close();
    }
  });
});
