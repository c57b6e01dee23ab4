/**
 * The SIP front end to end: the real app (drachtio-srf, unmodified) connected to a fake
 * drachtio-server over its TCP wire protocol, with the real rtpengine rewriting the SDP. The
 * carrier and the FreeSWITCH servers are simulated SIP elements behind the fake server; the
 * assertions are on the SIP the app makes drachtio send.
 */
import { createSocket, type Socket } from 'node:dgram';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NgClient, NgError } from '../../engine/src/adapters/rtpengine/ngClient.js';
import {
  rtpengineInstalled,
  startRtpengine,
  type RtpengineProcess,
} from '../../engine/src/adapters/rtpengine/rtpengineProcess.js';
import { createSipFront, type SipFront } from './app.js';
import { loadConfig } from './config.js';
import { captureLogger } from './testing/captureLogger.js';
import { FakeDrachtio, type PeerReply } from './testing/fakeDrachtio.js';
import { g711Sdp, SipText, tagOf } from './testing/sipText.js';

const SECRET = 'cymru';
const CARRIER = '127.0.0.10:5060';
const STRANGER = '127.0.0.99:5060';
const FS1 = '127.0.0.21:5080';
const FS2 = '127.0.0.22:5080';

const carrierSdp = g711Sdp('carrier', '127.0.0.10', 40000);
const freeswitchSdp = (host: string) => g711Sdp('FreeSWITCH', host, 16500);

let seq = 0;
function carrierInvite(from = CARRIER, sdp = carrierSdp) {
  seq += 1;
  const callId = `carrier-call-${seq}-${Date.now()}`;
  const fromTag = `ct${seq}`;
  const invite = new SipText(
    'INVITE sip:12345@127.0.0.1:5060 SIP/2.0',
    [
      ['Via', `SIP/2.0/UDP ${from};branch=z9hG4bKcarrier${seq}`],
      ['Max-Forwards', '70'],
      ['From', `<sip:13800138000@${from.split(':')[0]}>;tag=${fromTag}`],
      ['To', '<sip:12345@127.0.0.1>'],
      ['Call-ID', callId],
      ['CSeq', '1 INVITE'],
      ['Contact', `<sip:13800138000@${from}>`],
      ['Content-Type', 'application/sdp'],
    ],
    sdp,
  );
  return { invite, callId, fromTag };
}

/** A request the carrier sends inside the call, once the 200 OK told it our To tag. */
function carrierInDialog(
  method: string,
  call: ReturnType<typeof carrierInvite>,
  toTag: string,
  cseq: number,
  body = '',
) {
  const request = new SipText(`${method} sip:127.0.0.1:5060 SIP/2.0`, [
    ['Via', `SIP/2.0/UDP ${CARRIER};branch=z9hG4bKcarrier${method}${seq}${cseq}`],
    ['Max-Forwards', '70'],
    ['From', `<sip:13800138000@127.0.0.10>;tag=${call.fromTag}`],
    ['To', `<sip:12345@127.0.0.1>;tag=${toTag}`],
    ['Call-ID', call.callId],
    ['CSeq', `${cseq} ${method}`],
  ]);
  if (body) {
    request.set('Content-Type', 'application/dtmf-relay');
    request.body = body;
  }
  return request;
}

const sdpPort = (sdp: string) => Number(/^m=audio (\d+)/m.exec(sdp)?.[1]);
const sdpHost = (sdp: string) => /^c=IN IP4 (\S+)/m.exec(sdp)?.[1];

// Without rtpengine the media part is skipped; with CI=true it must run (.ci/run installs rtpengine-daemon).
describe.skipIf(!rtpengineInstalled() && process.env.CI !== 'true')(
  'sipfront over drachtio wire protocol, with rtpengine',
  () => {
    let rtpengine: RtpengineProcess;
    let fake: FakeDrachtio;
    let front: SipFront;
    let logger: ReturnType<typeof captureLogger>;
    /** How each simulated FreeSWITCH answers OPTIONS (null: silent) and INVITE. */
    const behaviour = new Map<string, { options: number | null; invite: PeerReply[] }>();
    const answering = (host: string): PeerReply[] => [
      { status: 100 },
      { status: 180, delayMs: 10 },
      { status: 200, delayMs: 10, body: freeswitchSdp(host) },
    ];

    beforeAll(async () => {
      rtpengine = await startRtpengine({ portMin: 32000, portMax: 32199 });
      fake = new FakeDrachtio({ secret: SECRET });
      const port = await fake.listen();
      for (const fs of [FS1, FS2]) {
        fake.peer(fs, (request) => {
          const b = behaviour.get(fs)!;
          if (request.method === 'OPTIONS') return b.options === null ? [] : [{ status: b.options }];
          if (request.method === 'INVITE') return b.invite;
          return [{ status: 200 }]; // BYE, INFO
        });
      }
      fake.peer(CARRIER, () => [{ status: 200 }]); // BYE from us
      logger = captureLogger();
      const config = loadConfig({
        DRACHTIO_HOST: '127.0.0.1',
        DRACHTIO_PORT: String(port),
        DRACHTIO_SECRET: SECRET,
        SIPFRONT_FREESWITCH_TARGETS: `${FS1},${FS2}`,
        SIPFRONT_TRUNK_CIDRS: '127.0.0.8/30',
        RTPENGINE_NG: rtpengine.ngAddress,
        SIPFRONT_HEALTH_INTERVAL_MS: '150',
        SIPFRONT_HEALTH_TIMEOUT_MS: '100',
      });
      behaviour.set(FS1, { options: 200, invite: answering('127.0.0.21') });
      behaviour.set(FS2, { options: 200, invite: answering('127.0.0.22') });
      front = createSipFront(config, logger);
      await front.start();
      await fake.ready(['invite', 'options']);
    });

    afterAll(async () => {
      front?.stop();
      await fake?.close();
      await rtpengine?.stop();
    });

    afterEach(() => {
      behaviour.set(FS1, { options: 200, invite: answering('127.0.0.21') });
      behaviour.set(FS2, { options: 200, invite: answering('127.0.0.22') });
    });

    const until = async (done: () => boolean, what: string, ms = 3_000) => {
      const end = Date.now() + ms;
      while (!done()) {
        if (Date.now() > end) throw new Error(`timed out: ${what}\n${logger.lines.join('\n')}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    const statuses = () => front.pool.targets.map((t) => t.status).join(',');

    it('authenticates with the secret, routes INVITE and OPTIONS, and pings every FreeSWITCH', async () => {
      expect(fake.frames.some((f) => f.includes(`|authenticate|${SECRET}|`))).toBe(true);
      await until(() => statuses() === 'up,up', 'both FreeSWITCH up');
      for (const fs of [FS1, FS2]) {
        const ping = fake.sentTo(fs).find((m) => m.method === 'OPTIONS')!;
        expect(ping.startLine).toBe(`OPTIONS sip:${fs} SIP/2.0`);
      }
    });

    const invitesToFreeswitch = (from: number) =>
      fake.network
        .slice(from)
        .filter(
          (r) =>
            r.direction === 'out' && r.message.method === 'INVITE' && !r.message.isResponse && r.remote !== CARRIER,
        );

    /** The carrier calls, gets the 200 OK and ACKs it; returns the call and what went over the wire. */
    async function placeCall(sdp = carrierSdp) {
      const from = fake.network.length;
      const call = carrierInvite(CARRIER, sdp);
      fake.receive(CARRIER, call.invite);
      const ok = await fake.waitFor(
        (r) =>
          r.direction === 'out' && r.remote === CARRIER && r.message.status === 200 && r.message.method === 'INVITE',
        '200 OK to the carrier',
        from,
      );
      const toTag = tagOf(ok.message.get('To'))!;
      fake.receive(CARRIER, carrierInDialog('ACK', call, toTag, 1));
      await until(() => front.calls.active.has(call.callId), 'call active');
      const leg = invitesToFreeswitch(from).at(-1)!;
      const legOk = fake.network
        .slice(from)
        .find(
          (r) =>
            r.direction === 'in' &&
            r.remote === leg.remote &&
            r.message.status === 200 &&
            r.message.method === 'INVITE',
        )!;
      return { call, from, ok, toTag, leg, legOk };
    }

    it('bridges a trunk call to FreeSWITCH through rtpengine, passes DTMF INFO and relays the BYE', async () => {
      await until(() => statuses() === 'up,up', 'both FreeSWITCH up');
      const { call, from, ok, toTag, leg: outInvite } = await placeCall();

      // The INVITE to FreeSWITCH's external profile carried rtpengine's SDP, not the carrier's.
      expect([FS1, FS2]).toContain(outInvite.remote);
      const fsHost = outInvite.remote.split(':')[0]!;
      expect(outInvite.message.uri).toBe(`sip:12345@${outInvite.remote}`);
      expect(outInvite.message.get('From')).toContain('sip:13800138000@');
      const offer = outInvite.message.body;
      expect(sdpHost(offer)).toBe('127.0.0.1');
      expect(sdpPort(offer)).toBeGreaterThanOrEqual(32000);
      expect(sdpPort(offer)).toBeLessThanOrEqual(32199);
      expect(offer).toMatch(/a=rtpmap:8 PCMA\/8000/);
      expect(offer).not.toContain('127.0.0.10');

      // The carrier's 200 OK carried rtpengine's answer, not FreeSWITCH's.
      expect(ok.message.callId).toBe(call.callId);
      expect(sdpHost(ok.message.body)).toBe('127.0.0.1');
      expect(sdpPort(ok.message.body)).not.toBe(16500);
      expect(sdpPort(ok.message.body)).toBeGreaterThanOrEqual(32000);
      expect(ok.message.body).not.toContain(fsHost);
      expect(fake.sentTo(CARRIER).map((m) => m.status)).toEqual(expect.arrayContaining([100, 180, 200]));
      await fake.waitFor((r) => r.remote === outInvite.remote && r.message.method === 'ACK', 'ACK to FreeSWITCH', from);

      // rtpengine holds the call under the carrier's Call-ID.
      const ng = new NgClient({ address: rtpengine.ngAddress });
      await expect(ng.query({ 'call-id': call.callId })).resolves.toMatchObject({ result: 'ok' });

      // DTMF by SIP INFO: passed to FreeSWITCH, its 200 back to the carrier.
      const mark = fake.network.length;
      fake.receive(CARRIER, carrierInDialog('INFO', call, toTag, 2, 'Signal=5\r\nDuration=160\r\n'));
      const info = await fake.waitFor(
        (r) => r.direction === 'out' && r.remote === outInvite.remote && r.message.method === 'INFO',
        'INFO to FreeSWITCH',
        mark,
      );
      expect(info.message.body).toBe('Signal=5\r\nDuration=160\r\n');
      expect(info.message.get('Content-Type')).toBe('application/dtmf-relay');
      await fake.waitFor(
        (r) => r.direction === 'out' && r.remote === CARRIER && r.message.method === 'INFO' && r.message.status === 200,
        '200 to the INFO',
        mark,
      );

      // The carrier hangs up: BYE to FreeSWITCH, rtpengine forgets the call.
      const byeMark = fake.network.length;
      fake.receive(CARRIER, carrierInDialog('BYE', call, toTag, 3));
      const bye = await fake.waitFor(
        (r) => r.direction === 'out' && r.remote === outInvite.remote && r.message.method === 'BYE',
        'BYE to FreeSWITCH',
        byeMark,
      );
      expect(bye.message.callId).toBe(outInvite.message.callId);
      await fake.waitFor(
        (r) => r.direction === 'out' && r.remote === CARRIER && r.message.method === 'BYE' && r.message.status === 200,
        '200 to the carrier BYE',
        byeMark,
      );
      await until(() => !front.calls.active.has(call.callId), 'call ended');
      await expect
        .poll(async () => ng.query({ 'call-id': call.callId }).catch((e: unknown) => (e as NgError).reason))
        .toMatch(/Unknown call-id/i);
      ng.close();
    });

    it('passes INFO from FreeSWITCH to the carrier and relays its BYE', async () => {
      await until(() => statuses() === 'up,up', 'both FreeSWITCH up');
      const { call, leg, legOk: fsOk } = await placeCall();
      /** A request FreeSWITCH sends in its leg (its tag in From, ours in To). */
      const fromFreeswitch = (method: string, cseq: number) =>
        new SipText(`${method} sip:127.0.0.1:5060 SIP/2.0`, [
          ['Via', `SIP/2.0/UDP ${leg.remote};branch=z9hG4bKfs${method}${seq}`],
          ['From', fsOk.message.get('To')!],
          ['To', leg.message.get('From')!],
          ['Call-ID', leg.message.callId],
          ['CSeq', `${cseq} ${method}`],
        ]);

      const info = fromFreeswitch('INFO', 8).set('Content-Type', 'application/dtmf');
      info.body = '7';
      let mark = fake.network.length;
      fake.receive(leg.remote, info);
      const carrierInfo = await fake.waitFor(
        (r) => r.direction === 'out' && r.remote === CARRIER && r.message.method === 'INFO' && !r.message.isResponse,
        'INFO to the carrier',
        mark,
      );
      expect(carrierInfo.message.callId).toBe(call.callId);
      expect(carrierInfo.message.body).toBe('7');
      expect(carrierInfo.message.get('Content-Type')).toBe('application/dtmf');
      await fake.waitFor(
        (r) =>
          r.direction === 'out' && r.remote === leg.remote && r.message.status === 200 && r.message.method === 'INFO',
        '200 to the FreeSWITCH INFO',
        mark,
      );

      mark = fake.network.length;
      fake.receive(leg.remote, fromFreeswitch('BYE', 9));
      const carrierBye = await fake.waitFor(
        (r) => r.direction === 'out' && r.remote === CARRIER && r.message.method === 'BYE' && !r.message.isResponse,
        'BYE to the carrier',
        mark,
      );
      expect(carrierBye.message.callId).toBe(call.callId);
      expect(carrierBye.message.uri).toBe(`sip:13800138000@${CARRIER}`);
      expect(tagOf(carrierBye.message.get('To'))).toBe(call.fromTag);
      await fake.waitFor(
        (r) =>
          r.direction === 'out' && r.remote === leg.remote && r.message.status === 200 && r.message.method === 'BYE',
        '200 to the FreeSWITCH BYE',
        mark,
      );
      await until(() => !front.calls.active.has(call.callId), 'call ended');
    });

    it('relays RTP both ways between the carrier and FreeSWITCH through rtpengine', async () => {
      await until(() => statuses() === 'up,up', 'both FreeSWITCH up');
      /** A UDP socket standing for one side's media port, keeping what it receives. */
      const endpoint = async (host: string) => {
        const socket = createSocket('udp4');
        const received: Array<{ payload: Buffer; from: string }> = [];
        socket.on('message', (message, from) =>
          received.push({ payload: message.subarray(12), from: `${from.address}:${from.port}` }),
        );
        await new Promise<void>((resolve) => socket.bind(0, host, resolve));
        sockets.push(socket);
        return { socket, received, port: socket.address().port };
      };
      const sockets: Socket[] = [];
      try {
        const carrier = await endpoint('127.0.0.10');
        const media = new Map([
          [FS1, await endpoint('127.0.0.21')],
          [FS2, await endpoint('127.0.0.22')],
        ]);
        for (const [fs, side] of media) {
          const host = fs.split(':')[0]!;
          behaviour.set(fs, {
            options: 200,
            invite: [{ status: 100 }, { status: 200, delayMs: 10, body: g711Sdp('FreeSWITCH', host, side.port) }],
          });
        }
        const { call, toTag, ok, leg } = await placeCall(g711Sdp('carrier', '127.0.0.10', carrier.port));
        const freeswitch = media.get(leg.remote)!;
        const towardsCarrierSide = { host: sdpHost(ok.message.body)!, port: sdpPort(ok.message.body) };
        const towardsFreeswitchSide = { host: sdpHost(leg.message.body)!, port: sdpPort(leg.message.body) };
        /** RTP version 2, PCMA (8), 20 ms of A-law silence marked with the packet's number. */
        const rtp = (n: number, ssrc: number) => {
          const packet = Buffer.alloc(12 + 160, 0xd5);
          packet.writeUInt8(0x80, 0);
          packet.writeUInt8(8, 1);
          packet.writeUInt16BE(n, 2);
          packet.writeUInt32BE(n * 160, 4);
          packet.writeUInt32BE(ssrc, 8);
          packet.writeUInt8(n, 12);
          return packet;
        };
        for (let n = 1; n <= 10; n += 1) {
          carrier.socket.send(rtp(n, 0x1234), towardsCarrierSide.port, towardsCarrierSide.host);
          freeswitch.socket.send(rtp(n, 0x5678), towardsFreeswitchSide.port, towardsFreeswitchSide.host);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        await until(() => freeswitch.received.length >= 5 && carrier.received.length >= 5, 'RTP through rtpengine');
        // Each side hears the other from rtpengine's port, never from the other side's own address.
        expect(freeswitch.received[0]!.from).toBe(`${towardsFreeswitchSide.host}:${towardsFreeswitchSide.port}`);
        expect(carrier.received[0]!.from).toBe(`${towardsCarrierSide.host}:${towardsCarrierSide.port}`);
        expect(freeswitch.received.map((r) => r.payload[0])).toEqual(expect.arrayContaining([5, 6, 7]));
        expect(carrier.received.map((r) => r.payload[0])).toEqual(expect.arrayContaining([5, 6, 7]));
        fake.receive(CARRIER, carrierInDialog('BYE', call, toTag, 2));
        await until(() => !front.calls.active.has(call.callId), 'call ended');
      } finally {
        for (const socket of sockets) socket.close();
      }
    });

    it('answers 403 to an INVITE from outside the trunk CIDRs and sends nothing to FreeSWITCH', async () => {
      const from = fake.network.length;
      const call = carrierInvite(STRANGER);
      fake.receive(STRANGER, call.invite);
      await fake.waitFor((r) => r.remote === STRANGER && r.message.status === 403, '403 to the stranger', from);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(fake.network.slice(from).filter((r) => r.message.method === 'INVITE' && r.remote !== STRANGER)).toEqual(
        [],
      );
      expect(logger.lines.some((l) => l.includes('outside SIPFRONT_TRUNK_CIDRS'))).toBe(true);
    });

    it('answers OPTIONS from the carrier with 200 and from anyone else with 403', async () => {
      const from = fake.network.length;
      const options = (remote: string) =>
        new SipText('OPTIONS sip:127.0.0.1:5060 SIP/2.0', [
          ['Via', `SIP/2.0/UDP ${remote};branch=z9hG4bKopt${remote}${Date.now()}`],
          ['From', `<sip:ping@${remote.split(':')[0]}>;tag=o1`],
          ['To', '<sip:127.0.0.1>'],
          ['Call-ID', `opt-${remote}-${Date.now()}`],
          ['CSeq', '1 OPTIONS'],
        ]);
      fake.receive(CARRIER, options(CARRIER));
      fake.receive(STRANGER, options(STRANGER));
      await fake.waitFor(
        (r) => r.remote === CARRIER && r.message.method === 'OPTIONS' && r.message.status === 200,
        '200',
        from,
      );
      await fake.waitFor(
        (r) => r.remote === STRANGER && r.message.method === 'OPTIONS' && r.message.status === 403,
        '403',
        from,
      );
    });

    it('answers 503 when no FreeSWITCH is healthy (one answers 503, one is silent)', async () => {
      behaviour.set(FS1, { options: 503, invite: answering('127.0.0.21') });
      behaviour.set(FS2, { options: null, invite: answering('127.0.0.22') });
      await until(() => statuses() === 'busy,down', 'FS1 busy, FS2 down');
      const from = fake.network.length;
      const call = carrierInvite();
      fake.receive(CARRIER, call.invite);
      await fake.waitFor((r) => r.remote === CARRIER && r.message.status === 503, '503 to the carrier', from);
      expect(fake.network.slice(from).filter((r) => r.message.method === 'INVITE' && r.remote !== CARRIER)).toEqual([]);
      expect(logger.lines.some((l) => l.includes('FreeSWITCH 127.0.0.22:5080 is down'))).toBe(true);
      behaviour.set(FS1, { options: 200, invite: answering('127.0.0.21') });
      behaviour.set(FS2, { options: 200, invite: answering('127.0.0.22') });
      await until(() => statuses() === 'up,up', 'both up again');
    });

    it('skips a FreeSWITCH that pings healthy but refuses the INVITE with 503, and calls the next', async () => {
      await until(() => statuses() === 'up,up', 'both FreeSWITCH up');
      behaviour.set(FS1, { options: 200, invite: [{ status: 503 }] });
      behaviour.set(FS2, { options: 200, invite: [{ status: 503 }] });
      const failing = carrierInvite();
      const from = fake.network.length;
      fake.receive(CARRIER, failing.invite);
      await fake.waitFor((r) => r.remote === CARRIER && r.message.status === 503, '503 after both refused', from);
      const tried = fake.network
        .slice(from)
        .filter(
          (r) =>
            r.direction === 'out' && r.message.method === 'INVITE' && !r.message.isResponse && r.remote !== CARRIER,
        );
      expect(tried.map((r) => r.remote).sort()).toEqual([FS1, FS2]);

      behaviour.set(FS1, { options: 200, invite: [{ status: 503 }] });
      behaviour.set(FS2, { options: 200, invite: answering('127.0.0.22') });
      await until(() => statuses() === 'up,up', 'both FreeSWITCH up again');
      let connected = false;
      for (let attempt = 0; attempt < 2 && !connected; attempt += 1) {
        const { call, from, toTag } = await placeCall();
        const legs = invitesToFreeswitch(from);
        expect(legs.at(-1)!.remote).toBe(FS2);
        connected = legs.length === 2; // FS1 first (refused), then FS2
        fake.receive(CARRIER, carrierInDialog('BYE', call, toTag, 2));
        await until(() => !front.calls.active.has(call.callId), 'call ended');
      }
      expect(connected).toBe(true);
    });

    it('passes the carrier CANCEL on to FreeSWITCH and answers 487', async () => {
      await until(() => statuses() === 'up,up', 'both FreeSWITCH up');
      behaviour.set(FS1, { options: 200, invite: [{ status: 100 }, { status: 180 }] });
      behaviour.set(FS2, { options: 200, invite: [{ status: 100 }, { status: 180 }] });
      const from = fake.network.length;
      const call = carrierInvite();
      fake.receive(CARRIER, call.invite);
      const leg = await fake.waitFor(
        (r) => r.direction === 'in' && r.message.status === 180 && r.remote !== CARRIER,
        'FreeSWITCH ringing',
        from,
      );
      await fake.waitFor((r) => r.remote === CARRIER && r.message.status === 180, '180 to the carrier', from);
      const cancel = new SipText('CANCEL sip:12345@127.0.0.1:5060 SIP/2.0', [
        ['Via', call.invite.get('Via')!],
        ['From', call.invite.get('From')!],
        ['To', call.invite.get('To')!],
        ['Call-ID', call.callId],
        ['CSeq', '1 CANCEL'],
      ]);
      fake.receive(CARRIER, cancel);
      const out = await fake.waitFor(
        (r) =>
          r.direction === 'out' && r.remote === leg.remote && r.message.method === 'CANCEL' && !r.message.isResponse,
        'CANCEL to FreeSWITCH',
        from,
      );
      expect(out.message.callId).toBe(leg.message.callId);
      await fake.waitFor(
        (r) => r.remote === CARRIER && r.message.status === 487 && r.message.method === 'INVITE',
        '487 to the carrier',
        from,
      );
      const ng = new NgClient({ address: rtpengine.ngAddress });
      await expect
        .poll(async () => ng.query({ 'call-id': call.callId }).catch((e: unknown) => (e as NgError).reason))
        .toMatch(/Unknown call-id/i);
      ng.close();
    });
  },
);
