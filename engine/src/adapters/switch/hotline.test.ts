/**
 * 电话热线 end to end on this machine: a phone caller (sipp over UDP, G.711 A-law RTP from a pcap)
 * calls the hotline number from a trusted trunk address, walks the voice IVR by SIP INFO keys, is
 * queued, rung to a seat whose softphone (a SIP UA over /sip) answers with a Chromium leg, hears
 * the phone's audio through rtpengine (RTP ↔ WebRTC), and hangs up. The ticket: channel phone,
 * the IVR path, the call legs. Real engine (PostgreSQL), real rtpengine, sipp and Chromium; with
 * CI=true nothing is skipped.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import dgram from 'node:dgram';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HOTLINE_PROMPTS, sayNumber } from '@cloud-seat/ivr';
import { Op } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../../test/apiClient.js';
import { createSeat } from '../../../test/factories.js';
import { startTestEngine, type TestEngine } from '../../../test/testEngine.js';
import { Citizen, Conversation, Seat, Ticket, TicketEvent } from '../../models/index.js';
import { chromiumInstalled, launchBrowser, type Browser } from '../media/browserLegs.js';
import { run } from '../media/mixRecording.js';
import { NgClient } from '../rtpengine/ngClient.js';
import {
  freeUdpPort,
  rtpengineInstalled,
  startRtpengine,
  type RtpengineProcess,
} from '../rtpengine/rtpengineProcess.js';
import { PhoneCallRunner } from './hotlineCall.js';
import { TestUa } from './testUa.js';
import { UdpPeer } from '../sip/testing.js';
import { openPlainRtpPhone } from '../rtpengine/plainRtpPhone.js';
import { sleep, until } from '../../../test/until.js';

const isCI = process.env.CI === 'true';
const sippFound = spawnSync('sh', ['-c', 'command -v sipp'], { encoding: 'utf8' }).status === 0;
const SCENARIO = fileURLToPath(new URL('./fixtures/hotline-caller.xml', import.meta.url));
const HANGUP_SCENARIO = fileURLToPath(new URL('./fixtures/hotline-hangup.xml', import.meta.url));
const RFC2833_SCENARIO = fileURLToPath(new URL('./fixtures/hotline-rfc2833.xml', import.meta.url));
const AFTER_HOURS_SCENARIO = fileURLToPath(new URL('./fixtures/hotline-after-hours.xml', import.meta.url));
const HOTLINE = '12345';

/** One call of a sipp scenario (UDP, loopback) to the hotline of the engine listening on `sipPort`. */
function callHotline(scenario: string, sipPort: number, cwd: string) {
  const args = ['-sf', scenario, '-s', HOTLINE, '-m', '1', '-i', '127.0.0.1', '-p', '0', '-mi', '127.0.0.1'];
  return runSipp([...args, '-t', 'u1', `127.0.0.1:${sipPort}`], cwd);
}

function runSipp(args: string[], cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('sipp', [...args, '-nostdin', '-trace_err', '-error_file', path.join(cwd, 'errors.log')], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-10_000)));
    child.stderr.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-10_000)));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

const ready = isCI || (sippFound && rtpengineInstalled() && chromiumInstalled());

describe.skipIf(!ready)('the hotline on the embedded switch (sipp, rtpengine, Chromium)', () => {
  let rtpengine: RtpengineProcess;
  let engine: TestEngine;
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'cs-hotline-'));
    // short prompts (0.4 s tones) so the walk takes seconds; the real ones are 5–40 s long
    const promptsDir = path.join(dir, 'prompts');
    await run('mkdir', ['-p', promptsDir]);
    const tone = path.join(promptsDir, 'tone.opus');
    await run(
      'ffmpeg',
      ['-v', 'error', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=0.4', '-ar', '48000'].concat([
        '-c:a',
        'libopus',
        tone,
      ]),
    );
    for (const id of Object.keys(HOTLINE_PROMPTS)) await run('cp', [tone, path.join(promptsDir, `${id}.opus`)]);
    const portMin = 20_000 + randomInt(0, 60) * 200;
    const dtmfLog = `127.0.0.1:${await freeUdpPort('127.0.0.1')}`;
    rtpengine = await startRtpengine({ portMin, portMax: portMin + 199, dtmfLogDest: dtmfLog });
    engine = await startTestEngine({
      env: {
        SWITCH: 'embedded',
        RECORDINGS_DIR: path.join(dir, 'recordings'),
        RTPENGINE_NG: rtpengine.ngAddress,
        RTPENGINE_DTMF_LOG: dtmfLog,
        SIP_TRUNK_ADDRESSES: '127.0.0.1',
        HOTLINE_NUMBER: HOTLINE,
        IVR_PROMPTS_DIR: promptsDir,
      },
    });
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await engine?.stop();
    await rtpengine?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('a caller walks the IVR, is queued, bridged to a seat with audio through rtpengine, keys by RFC 2833 to the seat, hangs up', async () => {
    const region = '150600'; // key 1 in the region menu: 市本级
    const s = await createSeat({ regionCode: region });
    const api = await new ApiClient(engine.url).login(s.username, s.password);
    const creds = await api.get('/seat/sip');
    const ua = await TestUa.open(`${engine.url.replace('http', 'ws')}/sip`, creds.body);
    expect((await ua.register()).status).toBe(200);
    expect((await api.put('/seat/state', { state: 'idle' })).status).toBe(200);
    const seatLeg = await browser.newLeg();

    const sipPort = engine.calls!.sipServer.transports.udp!.local.port;
    const sipp = callHotline(SCENARIO, sipPort, dir);

    // the IVR queued the caller: the seat's softphone rings for the phone contact
    const invite = await ua.incoming(20_000).catch(async (err: unknown) => {
      throw new Error(`no call for the seat; sipp: ${(await sipp).output}`, { cause: err });
    });
    const conversationId = invite.headers.get('x-conversation-id')!;
    expect(invite.headers.get('x-call-media')).toBe('audio');
    const conversation = (await Conversation.findByPk(conversationId))!;
    expect(conversation).toMatchObject({ channel: 'phone', regionCode: region, category: '综合咨询' });
    const toTag = 'seat1';
    ua.reply(invite, 180, { toTag });
    const answer = await seatLeg.answerOffer(invite.body.toString('utf8'), { video: false });
    ua.reply(invite, 200, { toTag, sdp: answer });
    await ua.peer.request('ACK', 5000);

    // the phone's voice (the pcap, PCMA → Opus in rtpengine) reaches the seat's browser
    const heard = await until(async () => {
      const stats = await seatLeg.stats();
      return stats.audioPacketsReceived > 100 && stats.audioEnergy > 0 ? stats : null;
    }, 15_000);
    expect(heard.audioEnergy).toBeGreaterThan(0);

    // a key the phone sends by RFC 2833 while talking reaches the seat's softphone as an INFO
    const info = await ua.peer.request('INFO', 20_000);
    ua.reply(info, 200);
    expect(info.headers.get('content-type')).toBe('application/dtmf-relay');
    expect(info.body.toString('utf8')).toMatch(/^Signal=1\r?\n/);

    // the caller hangs up (sipp's BYE): the seat's leg gets a BYE, sipp's scenario completes
    const bye = await ua.peer.request('BYE', 20_000);
    ua.reply(bye, 200);
    const sippRun = await sipp;
    expect(sippRun.code, sippRun.output).toBe(0);
    await seatLeg.hangup();

    const ticket = (await Ticket.findOne({ where: { conversationId } }))!;
    expect(ticket.channel).toBe('phone');
    const citizen = (await Citizen.findByPk(ticket.citizenId))!;
    expect(citizen).toMatchObject({ phone: '13800001234', displayName: '来电 138****1234' });
    const ivr = (await TicketEvent.findOne({ where: { ticketId: ticket.id, type: 'ivr_path' } }))!;
    expect(ivr.data.summary).toBe('市本级 › 综合咨询');
    expect(ivr.data.steps).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ node: 'region', result: 'option', key: '1', label: '市本级' }),
        expect.objectContaining({ node: 'topic', result: 'option', key: '1', label: '综合咨询' }),
      ]),
    );
    const legs = await until(async () => {
      const rows = await TicketEvent.findAll({ where: { ticketId: ticket.id, type: 'call_leg' } });
      return rows.length === 2 ? rows : null;
    });
    const byRole = Object.fromEntries(legs.map((l) => [l.data.role as string, l.data]));
    expect(byRole.citizen).toMatchObject({ partyId: citizen.id, cause: 'normal' });
    expect(byRole.seat).toMatchObject({ partyId: s.seat.id, cause: 'normal' });
    const ended = await until(async () => {
      const row = await Conversation.findByPk(conversationId);
      return row?.status === 'ended' ? row : null;
    });
    expect(ended.status).toBe('ended');
    ua.close();
  }, 90_000);

  it('sends the seat’s keypad to the phone as RFC 2833 in its RTP (rtpengine play DTMF)', async () => {
    const s = await createSeat({ regionCode: '150600' });
    const api = await new ApiClient(engine.url).login(s.username, s.password);
    const ua = await TestUa.open(`${engine.url.replace('http', 'ws')}/sip`, (await api.get('/seat/sip')).body);
    expect((await ua.register()).status).toBe(200);
    expect((await api.put('/seat/state', { state: 'idle' })).status).toBe(200);
    const seatLeg = await browser.newLeg();
    // a trunk's call from our own plain-RTP phone (its RTP inspected), keys 1 and 1 by INFO
    const phone = await openPlainRtpPhone();
    const sipPort = engine.calls!.sipServer.transports.udp!.local.port;
    const trunk = await UdpPeer.open({ host: '127.0.0.1', port: sipPort });
    const callId = `dtmf-out-${randomInt(1e9)}`;
    const me = `127.0.0.1:${trunk.port}`;
    let cseq = 1;
    let toTag = '';
    const send = (method: string, extra: string[] = [], body = '') =>
      trunk.send(
        [
          `${method} sip:${HOTLINE}@127.0.0.1:${sipPort} SIP/2.0`,
          `Via: SIP/2.0/UDP ${me};branch=z9hG4bK-${randomInt(1e9)}`,
          `From: <sip:13800005555@${me}>;tag=trunk-${callId}`,
          `To: <sip:${HOTLINE}@127.0.0.1:${sipPort}>${toTag ? `;tag=${toTag}` : ''}`,
          `Call-ID: ${callId}`,
          `CSeq: ${method === 'ACK' ? 1 : cseq++} ${method}`,
          `Contact: <sip:13800005555@${me}>`,
          'Max-Forwards: 70',
          ...extra,
          `Content-Length: ${Buffer.byteLength(body)}`,
          '',
          body,
        ].join('\r\n'),
      );
    try {
      send('INVITE', ['Content-Type: application/sdp'], phone.offer());
      const ok = await trunk.response(200, 20_000, callId);
      toTag = /tag=([^;>\s]+)/.exec(ok.headers.get('to') ?? '')![1]!;
      phone.acceptAnswer(ok.body.toString('utf8'));
      send('ACK');
      phone.startTone();
      for (const key of ['1', '1']) {
        await sleep(800);
        send('INFO', ['Content-Type: application/dtmf-relay'], `Signal=${key}\r\nDuration=160\r\n`);
      }
      const invite = await ua.incoming(20_000);
      ua.reply(invite, 180, { toTag: 'seat-dtmf' });
      const answer = await seatLeg.answerOffer(invite.body.toString('utf8'), { video: false });
      ua.reply(invite, 200, { toTag: 'seat-dtmf', sdp: answer });
      await ua.peer.request('ACK', 5000);
      await until(async () => (await seatLeg.stats()).audioPacketsReceived > 20);
      // the seat presses 7 and #: the phone hears them as telephone-events, not as INFO
      const dialog = ua.answeredDialog(invite, 'seat-dtmf');
      expect((await ua.dtmf(dialog, '7')).status).toBe(200);
      await sleep(300);
      expect((await ua.dtmf(dialog, '#')).status).toBe(200);
      const heard = await until(async () => (phone.received().keys.length >= 2 ? phone.received().keys : null), 5000);
      expect(heard).toEqual(['7', '#']);
      // and not back to the seat: rtpengine logs the injected keys too, as from the seat's side
      await expect(ua.peer.next((m) => m.kind === 'request' && m.method === 'INFO', 800)).rejects.toThrow();
      send('BYE');
      await trunk.response(200, 5000, callId);
      const bye = await ua.peer.request('BYE', 10_000);
      ua.reply(bye, 200);
    } finally {
      phone.stopTone();
      await phone.close();
      trunk.close();
      await seatLeg.hangup();
      ua.close();
    }
  }, 60_000);

  it('takes a phone’s RFC 2833 keys (rtpengine’s DTMF log) in the voice menu', async () => {
    const paths = () => TicketEvent.findAll({ where: { type: 'ivr_path' }, order: [['at', 'DESC']] });
    const before = (await paths()).length;
    const sipPort = engine.calls!.sipServer.transports.udp!.local.port;
    const sippRun = await callHotline(RFC2833_SCENARIO, sipPort, dir);
    expect(sippRun.code, sippRun.output).toBe(0);
    const events = await until(async () => {
      const rows = await paths();
      return rows.length > before ? rows : null;
    });
    expect(events[0]!.data.summary).toBe('市本级 › 社会保障');
  });

  it('a caller hanging up in the voice menu leaves no contact and frees rtpengine’s ports', async () => {
    const phoneContacts = () => Conversation.count({ where: { channel: 'phone' } });
    const before = await phoneContacts();
    const sipPort = engine.calls!.sipServer.transports.udp!.local.port;
    const sippRun = await callHotline(HANGUP_SCENARIO, sipPort, dir);
    expect(sippRun.code, sippRun.output).toBe(0);
    await until(async () => engine.calls!.hotlineCalls.size === 0);
    const ng = new NgClient({ address: rtpengine.ngAddress });
    try {
      await until(async () => ((await ng.request('list')).calls as unknown[]).length === 0);
    } finally {
      ng.close();
    }
    await sleep(500);
    expect(await phoneContacts()).toBe(before);
  });

  it('tells waiting callers their place and the expected wait (排队播报), over the hold music', async () => {
    // a seat on duty in 市本级 without a softphone: the hotline is open, nobody can take the calls
    const s = await createSeat({ regionCode: '150600' });
    const api = await new ApiClient(engine.url).login(s.username, s.password);
    expect((await api.put('/seat/state', { state: 'idle' })).status).toBe(200);
    const sipPort = engine.calls!.sipServer.transports.udp!.local.port;
    const phoneRunners = () =>
      [...engine.calls!.calls.values()].filter((r): r is PhoneCallRunner => r instanceof PhoneCallRunner);
    const first = callHotline(SCENARIO, sipPort, dir);
    const firstRunner = await until(async () => phoneRunners()[0] ?? null, 15_000);
    const second = callHotline(SCENARIO, sipPort, dir);
    const secondRunner = await until(async () => phoneRunners().find((r) => r !== firstRunner) ?? null, 15_000);
    await until(
      async () => firstRunner.announcer!.announced.length > 0 && secondRunner.announcer!.announced.length > 0,
      10_000,
    );
    expect(firstRunner.announcer!.announced[0]).toEqual(['queue-next']); // 您是下一位
    // 您前面还有 1 位，请耐心等待。预计等待约 M 分钟。
    const said = secondRunner.announcer!.announced[0]!;
    expect(said.slice(0, 3)).toEqual(['queue-ahead', ...sayNumber(1, { counting: true }), 'queue-ahead-end']);
    // the wait from the seats on duty and the region's handling times: under a minute, or 约 M 分钟
    const eta = said.slice(3);
    if (eta[0] === 'queue-eta') expect(eta.at(-1)).toBe('queue-eta-end');
    else expect(eta).toEqual(['queue-eta-short']);
    expect(firstRunner.phase).toBe('waiting');
    for (const run of await Promise.all([first, second])) expect(run.code, run.output).toBe(0);
    await until(async () => phoneRunners().length === 0);
    expect(await Conversation.count({ where: { channel: 'phone', status: 'abandoned' } })).toBeGreaterThanOrEqual(2);
    expect((await api.put('/seat/state', { state: 'offline' })).status).toBe(200);
  }, 60_000);

  it('after service hours (no seat signed in, no shift now) plays the after-hours message, hangs up, writes the caller down for a call back', async () => {
    const signedIn = await Seat.findAll({ where: { state: { [Op.ne]: 'offline' } } });
    await Seat.update({ state: 'offline' }, { where: { id: signedIn.map((seat) => seat.id) } });
    try {
      const waiting = () => Conversation.count({ where: { channel: 'phone', status: 'queued' } });
      const before = await waiting();
      const sipPort = engine.calls!.sipServer.transports.udp!.local.port;
      const started = Date.now();
      const sippRun = await callHotline(AFTER_HOURS_SCENARIO, sipPort, dir);
      // the hotline hung up (sipp received the BYE) after welcome + the three after-hours prompts
      expect(sippRun.code, sippRun.output).toBe(0);
      expect(Date.now() - started).toBeGreaterThan(4 * 400);
      expect(await waiting()).toBe(before); // nobody queued
      // written down for a call back: a 新建 phone ticket with the after-hours step
      const afterHoursSteps = () => TicketEvent.findAll({ where: { type: 'after_hours_call' } });
      const [step] = await until(async () => {
        const rows = await afterHoursSteps();
        return rows.length === 1 ? rows : null;
      });
      const ticket = (await Ticket.findByPk(step!.ticketId))!;
      expect(ticket).toMatchObject({ channel: 'phone', status: 'new', regionCode: '150600' });
      expect(step!.data.summary).toBe('非工作时间');
      expect((await Citizen.findByPk(ticket.citizenId))!.phone).toBe('13800001234');
      // calling again before anyone called back: one more step on the same ticket
      expect((await callHotline(AFTER_HOURS_SCENARIO, sipPort, dir)).code).toBe(0);
      const steps = await until(async () => {
        const rows = await afterHoursSteps();
        return rows.length === 2 ? rows : null;
      });
      expect(new Set(steps.map((e) => e.ticketId))).toEqual(new Set([ticket.id]));
    } finally {
      for (const seat of signedIn) await Seat.update({ state: seat.state }, { where: { id: seat.id } });
    }
  }, 40_000);

  it('an INVITE to the hotline from an address that is not a trunk is challenged (407)', async () => {
    // a WebSocket softphone on the trunk's address is still no trunk
    const ua = await TestUa.open(`${engine.url.replace('http', 'ws')}/sip`, {
      uri: 'sip:nobody@cloud-seat.local',
      authorizationUser: 'nobody',
      password: 'x',
    } as never);
    const { response } = await ua.invite(`sip:${HOTLINE}@cloud-seat.local`, 'v=0\r\n');
    expect([401, 403, 407]).toContain(response.status);
    ua.close();
  });
});

/** Sends one INVITE over UDP from loopback (a trunk) and resolves with the final response's status. */
async function inviteOverUdp(port: number, callee: string): Promise<number> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', r));
  const local = socket.address().port;
  const sdp = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 8\r\n';
  const invite = [
    `INVITE sip:${callee}@127.0.0.1:${port} SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.1:${local};branch=z9hG4bK${randomInt(1e9)}`,
    `From: <sip:13900001111@127.0.0.1>;tag=${randomInt(1e9)}`,
    `To: <sip:${callee}@127.0.0.1>`,
    `Call-ID: ${randomInt(1e9)}@127.0.0.1`,
    'CSeq: 1 INVITE',
    `Contact: <sip:13900001111@127.0.0.1:${local}>`,
    'Max-Forwards: 70',
    'Content-Type: application/sdp',
    `Content-Length: ${Buffer.byteLength(sdp)}`,
    '',
    sdp,
  ].join('\r\n');
  try {
    return await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no final response')), 5000);
      socket.on('message', (data) => {
        const status = Number(/^SIP\/2\.0 (\d{3})/.exec(data.toString())?.[1]);
        if (status >= 200) {
          clearTimeout(timer);
          resolve(status);
        }
      });
      socket.send(invite, port, '127.0.0.1');
    });
  } finally {
    socket.close();
  }
}

describe('the hotline without rtpengine', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startTestEngine({
      env: { SWITCH: 'embedded', SIP_TRUNK_ADDRESSES: '127.0.0.1/32', HOTLINE_NUMBER: HOTLINE },
    });
  });
  afterAll(async () => engine?.stop());

  it('answers a trunk’s call to the hotline 503 (no phone media without RTPENGINE_NG), other numbers 404', async () => {
    const port = engine.calls!.sipServer.transports.udp!.local.port;
    expect(await inviteOverUdp(port, HOTLINE)).toBe(503);
    expect(await inviteOverUdp(port, '10086')).toBe(404);
  });
});
