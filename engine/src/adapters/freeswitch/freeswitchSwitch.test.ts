/**
 * The FreeSWITCH driver end to end: a real engine (PostgreSQL) with SWITCH=freeswitch connected
 * over TCP to the fake mod_event_socket (testing/fakeFreeswitch.ts), which plays the fixtures'
 * events and answers commands as FreeSWITCH does. Seats and citizens act over the real HTTP API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../../test/apiClient.js';
import { createSeat } from '../../../test/factories.js';
import { startTestEngine, type TestEngine } from '../../../test/testEngine.js';
import { Op } from 'sequelize';
import { Citizen, Conversation, Recording, Seat, Ticket, TicketEvent } from '../../models/index.js';
import { FakeFreeswitch } from './testing/fakeFreeswitch.js';
import { until as untilEvery } from '../../../test/until.js';

/** Shorter waits: the fake answers at once. */
const until = <T>(fn: () => Promise<T | null | undefined | false>, timeoutMs = 10_000) => untilEvery(fn, timeoutMs, 50);

const SECRET = 'xml-curl-secret-0123456789';
const DOMAIN = 'cloud-seat.local';
const PROMPTS = '/usr/share/freeswitch/sounds/cloud-seat/ivr';
let fake: FakeFreeswitch;
let engine: TestEngine;

beforeAll(async () => {
  fake = await FakeFreeswitch.start({ password: 'esl-secret', domain: DOMAIN });
  engine = await startTestEngine({
    env: {
      SWITCH: 'freeswitch',
      FREESWITCH_ESL_PORT: String(fake.port),
      FREESWITCH_ESL_PASSWORD: 'esl-secret',
      FREESWITCH_XML_CURL_SECRET: SECRET,
      FREESWITCH_WSS_URL: 'wss://fs.example.gov.cn:7443',
      FREESWITCH_RECORDINGS_DIR: '/var/lib/freeswitch/recordings',
      FREESWITCH_PROMPTS_DIR: PROMPTS,
      HOTLINE_ANNOUNCE_SECONDS: '1',
    },
  });
});
afterAll(async () => {
  await engine?.stop();
  await fake?.stop();
});

/** A seat whose softphone registered to FreeSWITCH (sofia::register), idle. */
async function idleSeatOnFreeswitch(regionCode: string, phone?: Parameters<FakeFreeswitch['phones']['set']>[1]) {
  const s = await createSeat({ regionCode });
  const api = await new ApiClient(engine.url).login(s.username, s.password);
  const creds = await api.get('/seat/sip');
  expect(creds.status).toBe(200);
  const user = creds.body.authorizationUser as string;
  if (phone) fake.phones.set(user, phone);
  fake.register(user);
  await until(async () => engine.freeswitch!.registered.has(user));
  expect((await api.put('/seat/state', { state: 'idle' })).status).toBe(200);
  return { ...s, api, user, creds: creds.body };
}

/** A citizen's audio contact in the hall, its call ticket, and its call parked on FreeSWITCH. */
async function citizenCalls(regionCode: string, name: string) {
  const citizen = await new ApiClient(engine.url).asGuest({ displayName: name });
  const created = await citizen.post('/conversations', { regionCode, channel: 'audio' });
  expect(created.status).toBe(201);
  const conversationId = created.body.id as string;
  const ticket = await citizen.post(`/conversations/${conversationId}/call`, { media: 'audio' });
  expect(ticket.status).toBe(201);
  const uuid = fake.citizenCall({ conversationId, user: ticket.body.credentials.authorizationUser, name });
  return { citizen, conversationId, ticket: ticket.body, uuid };
}

async function callLegs(conversationId: string) {
  const ticket = (await Ticket.findOne({ where: { conversationId } }))!;
  return TicketEvent.findAll({ where: { ticketId: ticket.id, type: 'call_leg' } });
}

/** The call's legs on its ticket, once there are `count` of them. */
function legsOnTicket(conversationId: string, count: number) {
  return until(async () => {
    const rows = await callLegs(conversationId);
    return rows.length === count ? rows : null;
  });
}

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('the FreeSWITCH driver (SWITCH=freeswitch) against a fake FreeSWITCH', () => {
  it('answers mod_xml_curl directory lookups with the issued password, behind the shared secret', async () => {
    const seat = await idleSeatOnFreeswitch('150602');
    expect(seat.creds).toMatchObject({
      uri: `sip:${seat.user}@${DOMAIN}`,
      wsUrl: 'wss://fs.example.gov.cn:7443',
      realm: DOMAIN,
    });
    const lookup = (user: string, auth?: string) =>
      fetch(`${engine.url}/api/freeswitch/directory`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          ...(auth ? { Authorization: auth } : {}),
        },
        body: new URLSearchParams({
          hostname: 'fs1',
          section: 'directory',
          tag_name: 'domain',
          key_name: 'name',
          key_value: DOMAIN,
          'Event-Name': 'REQUEST_PARAMS',
          action: 'sip_auth',
          user,
          domain: DOMAIN,
          sip_auth_method: 'REGISTER',
        }),
      });
    expect((await lookup(seat.user)).status).toBe(401);
    expect((await lookup(seat.user, basic('freeswitch', 'wrong-secret-0123456789'))).status).toBe(401);
    const found = await lookup(seat.user, basic('freeswitch', SECRET));
    expect(found.status).toBe(200);
    expect(found.headers.get('content-type')).toMatch(/text\/xml/);
    const xml = await found.text();
    expect(xml).toContain(`<user id="${seat.user}">`);
    expect(xml).toContain(`<param name="password" value="${seat.creds.password}"/>`);
    const unknown = await (await lookup('seat-nobody', basic('freeswitch', SECRET))).text();
    expect(unknown).toContain('<result status="not found"/>');
    expect(unknown).not.toContain('password');
  });

  it('a parked citizen call: answered, music, the offered seat rung, bridged and recorded; the citizen hangs up', async () => {
    const region = '150603';
    const seat = await idleSeatOnFreeswitch(region);
    const call = await citizenCalls(region, '钱先生');
    expect(call.ticket.credentials.wsUrl).toBe('wss://fs.example.gov.cn:7443');

    await fake.waitForCommand(new RegExp(`^api uuid_answer ${call.uuid}$`));
    await fake.waitForCommand(new RegExp(`^api uuid_broadcast ${call.uuid} playback::\\S+waiting\\.wav aleg$`));
    await fake.waitForCommand(new RegExp(`^api uuid_broadcast ${call.uuid} playback::local_stream://moh aleg$`));
    const originate = await fake.waitForCommand(/^bgapi originate /);
    expect(originate).toContain(`}user/${seat.user}@${DOMAIN} &park()`);
    expect(originate).toContain(`cloud_seat_conversation=${call.conversationId}`);
    expect(originate).toContain(`sip_h_X-Conversation-Id=${call.conversationId}`);
    const seatLeg = await until(async () => fake.legOf(seat.user));

    fake.answer(seatLeg.uuid);
    await fake.waitForCommand(new RegExp(`^api uuid_bridge ${call.uuid} ${seatLeg.uuid}$`));
    await fake.waitForCommand(
      new RegExp(`^api uuid_record ${call.uuid} start /var/lib/freeswitch/recordings/${call.conversationId}/citizen-`),
    );
    await fake.waitForCommand(
      new RegExp(`^api uuid_record ${seatLeg.uuid} start /var/lib/freeswitch/recordings/${call.conversationId}/seat-`),
    );
    await fake.waitForCommand(
      new RegExp(
        `^api uuid_send_info ${call.uuid} application vnd.cloud-seat.call-state\\+json \\{"phase":"talking"\\}`,
      ),
    );
    const active = await seat.api.get(`/conversations/${call.conversationId}`);
    expect(active.body).toMatchObject({ status: 'active', seat: { id: seat.seat.id } });

    // 保持 / 恢复 on the switch: both legs back to park, music to the citizen; then bridged again
    const hold = (held: boolean) => seat.api.put(`/conversations/${call.conversationId}/call/hold`, { held });
    expect((await hold(true)).body).toEqual({ held: true });
    await fake.waitForCommand(new RegExp(`^api uuid_transfer ${call.uuid} -both park inline$`));
    expect((await hold(false)).body).toEqual({ held: false });
    await fake.waitForCommand(new RegExp(`^api uuid_break ${call.uuid} all$`));

    fake.hangup(call.uuid, 'NORMAL_CLEARING');
    await fake.waitForCommand(new RegExp(`^api uuid_kill ${seatLeg.uuid} NORMAL_CLEARING$`));
    await until(async () => (await call.citizen.get(`/conversations/${call.conversationId}`)).body.status === 'ended');
    const legs = await legsOnTicket(call.conversationId, 2);
    const byRole = Object.fromEntries(legs.map((l) => [l.data.role as string, l.data]));
    expect(byRole.citizen).toMatchObject({ cause: 'normal', name: '钱先生' });
    expect(byRole.seat).toMatchObject({ partyId: seat.seat.id, cause: 'normal' });
    expect(byRole.seat!.answeredAt).not.toBeNull();
    const recording = await until(() => Recording.findOne({ where: { conversationId: call.conversationId } }));
    expect(recording.files.map((f) => f.role).sort()).toEqual(['citizen', 'seat']);
    expect(recording.files[0]!.path).toMatch(new RegExp(`^${call.conversationId}/citizen-.*\\.wav$`));
    await until(async () => !engine.freeswitch!.hasCall(call.conversationId));
  });

  it('a busy seat (USER_BUSY) is a decline: the next seat is rung and takes the call', async () => {
    const region = '150621';
    const busy = await idleSeatOnFreeswitch(region, { kind: 'reject', cause: 'USER_BUSY' });
    const call = await citizenCalls(region, '孙女士');
    await fake.waitForCommand(new RegExp(`^bgapi originate .*user/${busy.user}@`));
    const free = await idleSeatOnFreeswitch(region, { kind: 'answer', afterMs: 20 });
    await fake.waitForCommand(new RegExp(`^bgapi originate .*user/${free.user}@`), 15_000);
    const freeLeg = await until(async () => fake.legOf(free.user));
    await fake.waitForCommand(new RegExp(`^api uuid_bridge ${call.uuid} ${freeLeg.uuid}$`));
    // the seat hangs up
    fake.hangup(freeLeg.uuid, 'NORMAL_CLEARING');
    await fake.waitForCommand(new RegExp(`^api uuid_kill ${call.uuid} NORMAL_CLEARING$`));
    await until(async () => (await free.api.get(`/conversations/${call.conversationId}`)).body.status === 'ended');
    const legs = await legsOnTicket(call.conversationId, 3);
    expect(legs.map((l) => [l.data.role, l.data.partyId, l.data.cause])).toEqual(
      expect.arrayContaining([
        ['citizen', expect.any(String), 'normal'],
        ['seat', busy.seat.id, 'rejected'],
        ['seat', free.seat.id, 'normal'],
      ]),
    );
  });

  it('an unregistered softphone (USER_NOT_REGISTERED) is unreachable; the citizen hanging up while waiting abandons', async () => {
    const region = '150622';
    const seat = await idleSeatOnFreeswitch(region);
    fake.registered.delete(seat.user); // gone from FreeSWITCH without an event reaching the engine
    const call = await citizenCalls(region, '周先生');
    await fake.waitForCommand(new RegExp(`^bgapi originate .*user/${seat.user}@`));
    await until(async () => !engine.freeswitch!.seatsOnCall().has(seat.seat.id)); // the leg failed
    fake.hangup(call.uuid, 'ORIGINATOR_CANCEL');
    const legs = await legsOnTicket(call.conversationId, 2);
    expect(legs.map((l) => [l.data.role, l.data.cause]).sort()).toEqual([
      ['citizen', 'citizen_cancelled'],
      ['seat', 'unreachable'],
    ]);
    await until(
      async () => (await call.citizen.get(`/conversations/${call.conversationId}`)).body.status === 'abandoned',
    );
  });

  it('relays DTMF both ways and transfers a live call to another seat, which rings while the first talks', async () => {
    const region = '150627';
    const first = await idleSeatOnFreeswitch(region, { kind: 'answer', afterMs: 20 });
    const call = await citizenCalls(region, '陈女士');
    const firstLeg = await until(async () => fake.legOf(first.user));
    await fake.waitForCommand(new RegExp(`^api uuid_bridge ${call.uuid} ${firstLeg.uuid}$`));

    // a key on either bridged leg is sent to the other (uuid_send_dtmf)
    fake.dtmf(call.uuid, '5');
    await fake.waitForCommand(new RegExp(`^api uuid_send_dtmf ${firstLeg.uuid} 5$`));
    fake.dtmf(firstLeg.uuid, '#');
    await fake.waitForCommand(new RegExp(`^api uuid_send_dtmf ${call.uuid} #$`));

    // 转接 to a seat of the same region: its phone rings while the first seat still talks
    const second = await idleSeatOnFreeswitch(region, { kind: 'ring' });
    const transfer = await first.api.post(`/conversations/${call.conversationId}/transfer`, {
      toSeatId: second.seat.id,
    });
    expect(transfer.status, JSON.stringify(transfer.body)).toBe(202);
    const secondLeg = await until(async () => fake.legOf(second.user));
    expect(fake.channels.get(firstLeg.uuid)?.bridgedTo).toBe(call.uuid);
    fake.answer(secondLeg.uuid);
    await fake.waitForCommand(new RegExp(`^api uuid_bridge ${call.uuid} ${secondLeg.uuid}$`));
    await fake.waitForCommand(new RegExp(`^api uuid_kill ${firstLeg.uuid} `));
    await until(
      async () => (await second.api.get(`/conversations/${call.conversationId}`)).body.seat?.id === second.seat.id,
    );
    fake.hangup(call.uuid, 'NORMAL_CLEARING');
    const legs = await legsOnTicket(call.conversationId, 3);
    expect(legs.map((l) => [l.data.role, l.data.partyId, l.data.cause])).toEqual(
      expect.arrayContaining([
        ['citizen', expect.any(String), 'normal'],
        ['seat', first.seat.id, 'transferred'],
        ['seat', second.seat.id, 'normal'],
      ]),
    );
  });

  /** A phone call parked by the public dialplan, walked through the voice menu by its DTMF events. */
  async function hotlineCaller(caller: string, keys: string[]) {
    const uuid = fake.hotlineCall({ caller });
    const broadcast = (prompt: string) =>
      fake.waitForCommand(new RegExp(`^api uuid_broadcast ${uuid} playback::${PROMPTS}/${prompt}\\.wav aleg$`));
    await fake.waitForCommand(new RegExp(`^api uuid_answer ${uuid}$`));
    await broadcast('welcome');
    await broadcast('menu-region');
    fake.dtmf(uuid, keys[0]!);
    await broadcast('menu-topic');
    fake.dtmf(uuid, keys[1]!);
    await broadcast('connecting');
    const conversation = await until(() =>
      Conversation.findOne({
        where: { channel: 'phone' },
        include: [{ model: Citizen, as: 'citizen', where: { phone: caller } }],
      }),
    );
    return { uuid, conversation };
  }

  it('a hotline call walks the voice menu by DTMF events, queues as a phone contact, is bridged to a seat', async () => {
    const seat = await idleSeatOnFreeswitch('150600', { kind: 'answer', afterMs: 20 });
    const { uuid, conversation } = await hotlineCaller('13900001111', ['1', '1']);
    expect(conversation).toMatchObject({ regionCode: '150600', category: '综合咨询' });
    const seatLeg = await until(async () => fake.legOf(seat.user));
    await fake.waitForCommand(new RegExp(`^api uuid_bridge ${uuid} ${seatLeg.uuid}$`));
    // a phone gets no call-state INFO (that is for the web softphone)
    expect(fake.commands.some((c) => c.startsWith(`api uuid_send_info ${uuid}`))).toBe(false);
    fake.hangup(uuid, 'NORMAL_CLEARING');
    await fake.waitForCommand(new RegExp(`^api uuid_kill ${seatLeg.uuid} NORMAL_CLEARING$`));
    const ticket = (await Ticket.findOne({ where: { conversationId: conversation.id } }))!;
    expect(ticket.channel).toBe('phone');
    const ivr = (await TicketEvent.findOne({ where: { ticketId: ticket.id, type: 'ivr_path' } }))!;
    expect(ivr.data.summary).toBe('市本级 › 综合咨询');
    const legs = await legsOnTicket(conversation.id, 2);
    expect(legs.map((l) => [l.data.role, l.data.cause]).sort()).toEqual([
      ['citizen', 'normal'],
      ['seat', 'normal'],
    ]);
    await until(async () => !engine.freeswitch!.hasCall(conversation.id));
  });

  it('tells a waiting hotline caller their place between the hold music (排队播报), and hangs up after hours', async () => {
    const region = '150624'; // key 7: 鄂托克旗
    const seat = await idleSeatOnFreeswitch(region);
    fake.unregister(seat.user); // on duty, but without a softphone: nobody can take the call
    await until(async () => !engine.freeswitch!.registered.has(seat.user));
    const { uuid, conversation } = await hotlineCaller('13900002222', ['7', '1']);
    expect(conversation.regionCode).toBe(region);
    // 您是下一位 (the next-in-line clip) over the music, then the music again
    await fake.waitForCommand(new RegExp(`^api uuid_broadcast ${uuid} playback::${PROMPTS}/queue-next\\.wav aleg$`));
    const after = fake.commands.lastIndexOf(`api uuid_broadcast ${uuid} playback::${PROMPTS}/queue-next.wav aleg`);
    await until(async () =>
      fake.commands.slice(after).includes(`api uuid_broadcast ${uuid} playback::local_stream://moh aleg`),
    );
    expect(fake.commands.slice(0, after)).toContain(`api uuid_break ${uuid} all`);
    fake.hangup(uuid, 'NORMAL_CLEARING');
    await until(async () => (await Conversation.findByPk(conversation.id))?.status === 'abandoned');

    // after hours: nobody signed in anywhere the hotline queues for, no shift now
    const signedIn = await Seat.findAll({ where: { state: { [Op.ne]: 'offline' } } });
    await Seat.update({ state: 'offline' }, { where: { id: signedIn.map((x) => x.id) } });
    try {
      const late = fake.hotlineCall({ caller: '13900003333' });
      for (const prompt of ['welcome', 'after-hours', 'after-hours-options', 'goodbye']) {
        await fake.waitForCommand(new RegExp(`^api uuid_broadcast ${late} playback::${PROMPTS}/${prompt}\\.wav aleg$`));
      }
      await fake.waitForCommand(new RegExp(`^api uuid_kill ${late} NORMAL_CLEARING$`));
      expect(fake.commands.some((c) => c.includes(`${late} playback::${PROMPTS}/menu-region`))).toBe(false);
      await until(async () => !engine.freeswitch!.hotlineCalls.has(late));
      // written down for a call back
      const step = await until(() => TicketEvent.findOne({ where: { type: 'after_hours_call' } }));
      const ticket = (await Ticket.findByPk(step.ticketId))!;
      expect(ticket).toMatchObject({ channel: 'phone', status: 'new' });
      expect((await Citizen.findByPk(ticket.citizenId))!.phone).toBe('13900003333');
    } finally {
      for (const x of signedIn) await Seat.update({ state: x.state }, { where: { id: x.id } });
    }
  });

  it('survives an event socket reconnect mid-call, and ends a call whose seat left while it was down (cause system)', async () => {
    const region = '150623';
    const seat = await idleSeatOnFreeswitch(region, { kind: 'answer', afterMs: 20 });
    const call = await citizenCalls(region, '吴女士');
    const seatLeg = await until(async () => fake.legOf(seat.user));
    await fake.waitForCommand(new RegExp(`^api uuid_bridge ${call.uuid} ${seatLeg.uuid}$`));

    // FreeSWITCH restarts its socket: the call keeps its session
    const subscriptions = () => fake.commands.filter((c) => c.startsWith('event json')).length;
    const before = subscriptions();
    fake.dropConnections();
    await until(async () => subscriptions() > before && fake.connectionCount === 1);
    await until(async () => fake.commands.includes('api show channels as json'));
    await engine.freeswitch!.reconciled();
    expect(engine.freeswitch!.hasCall(call.conversationId)).toBe(true);
    expect((await seat.api.put(`/conversations/${call.conversationId}/call/hold`, { held: true })).body).toEqual({
      held: true,
    });
    expect((await seat.api.put(`/conversations/${call.conversationId}/call/hold`, { held: false })).body).toEqual({
      held: false,
    });

    // down again; the seat's leg ends meanwhile (its events are lost)
    const shows = fake.commands.filter((c) => c === 'api show channels as json').length;
    fake.dropConnections();
    fake.hangup(seatLeg.uuid, 'NORMAL_CLEARING');
    await until(async () => fake.commands.filter((c) => c === 'api show channels as json').length > shows);
    await fake.waitForCommand(new RegExp(`^api uuid_kill ${call.uuid} NORMAL_CLEARING$`));
    const legs = await legsOnTicket(call.conversationId, 2);
    expect(legs.map((l) => [l.data.role, l.data.cause]).sort()).toEqual([
      ['citizen', 'system'],
      ['seat', 'system'],
    ]);
    await until(async () => (await seat.api.get(`/conversations/${call.conversationId}`)).body.status === 'ended');
    await until(async () => !engine.freeswitch!.hasCall(call.conversationId));
  });

  it('takes the calls parked while the event socket was down (labels read with uuid_getvar)', async () => {
    const region = '150626';
    const seat = await idleSeatOnFreeswitch(region, { kind: 'answer', afterMs: 20 });
    const shows = fake.commands.filter((c) => c === 'api show channels as json').length;
    fake.dropConnections();
    // parked while nobody listens: the CHANNEL_PARK is lost
    const missed = await citizenCalls(region, '冯先生');
    const phone = fake.hotlineCall({ caller: '13900004444' });
    await until(async () => fake.commands.filter((c) => c === 'api show channels as json').length > shows);
    await fake.waitForCommand(new RegExp(`^api uuid_getvar ${missed.uuid} cloud_seat_kind$`));
    await fake.waitForCommand(new RegExp(`^api uuid_answer ${missed.uuid}$`));
    const seatLeg = await until(async () => fake.legOf(seat.user));
    await fake.waitForCommand(new RegExp(`^api uuid_bridge ${missed.uuid} ${seatLeg.uuid}$`));
    // the hotline caller parked meanwhile is in the voice menu
    await fake.waitForCommand(new RegExp(`^api uuid_broadcast ${phone} playback::${PROMPTS}/welcome\\.wav aleg$`));
    // seat legs (outbound) and calls already taken are not taken again
    expect(fake.commands.filter((c) => c === `api uuid_answer ${missed.uuid}`)).toHaveLength(1);
    fake.hangup(phone);
    fake.hangup(missed.uuid);
    await until(async () => !engine.freeswitch!.hasCall(missed.conversationId));
  });
});
