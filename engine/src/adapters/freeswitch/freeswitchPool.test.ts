/**
 * A pool of two FreeSWITCH servers driven by one engine (comma-separated FREESWITCH_ESL_HOST,
 * FREESWITCH_WSS_URL, FREESWITCH_INTERCONNECT): two fake mod_event_sockets, each knowing the other
 * by its interconnect address. A seat's softphone is always sent to the same server; citizens'
 * calls are spread; a call parked on one server rings a seat registered on the other through that
 * server's external profile, and one on the same server directly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../../test/apiClient.js';
import { createSeat } from '../../../test/factories.js';
import { startTestEngine, type TestEngine } from '../../../test/testEngine.js';
import { until as untilEvery } from '../../../test/until.js';
import { TicketEvent, Ticket } from '../../models/index.js';
import { FakeFreeswitch } from './testing/fakeFreeswitch.js';

const until = <T>(fn: () => Promise<T | null | undefined | false>, timeoutMs = 10_000) => untilEvery(fn, timeoutMs, 50);

const DOMAIN = 'pool.cloud-seat.local';
const INTERCONNECT = ['127.0.0.1:15081', '127.0.0.1:15082'];
const WSS = ['wss://fs1.example.gov.cn:7443', 'wss://fs2.example.gov.cn:7443'];
let fakes: FakeFreeswitch[];
let engine: TestEngine;

beforeAll(async () => {
  fakes = [
    await FakeFreeswitch.start({ password: 'esl-secret', domain: DOMAIN }),
    await FakeFreeswitch.start({ password: 'esl-secret', domain: DOMAIN }),
  ];
  fakes[0]!.peers.set(INTERCONNECT[1]!, fakes[1]!);
  fakes[1]!.peers.set(INTERCONNECT[0]!, fakes[0]!);
  engine = await startTestEngine({
    env: {
      SWITCH: 'freeswitch',
      FREESWITCH_ESL_HOST: fakes.map((f) => `127.0.0.1:${f.port}`).join(','),
      FREESWITCH_ESL_PASSWORD: 'esl-secret',
      FREESWITCH_WSS_URL: WSS.join(','),
      FREESWITCH_INTERCONNECT: INTERCONNECT.join(','),
      FREESWITCH_XML_CURL_SECRET: 'xml-curl-secret-pool-0123456789',
      FREESWITCH_SIP_DOMAIN: DOMAIN,
    },
  });
  await until(async () => fakes.every((f) => f.connectionCount === 1));
});

afterAll(async () => {
  await engine?.stop();
  for (const fake of fakes ?? []) await fake.stop();
});

/** The fake a softphone was sent to, by the WSS URL in its credentials. */
const serverOf = (wsUrl: string) => fakes[WSS.indexOf(wsUrl)]!;

async function seatOnPool(regionCode: string) {
  const s = await createSeat({ regionCode });
  const api = await new ApiClient(engine.url).login(s.username, s.password);
  const creds = (await api.get('/seat/sip')).body;
  // the same seat is always sent to the same server
  expect((await api.get('/seat/sip')).body.wsUrl).toBe(creds.wsUrl);
  const home = serverOf(creds.wsUrl);
  home.phones.set(creds.authorizationUser, { kind: 'answer', afterMs: 20 });
  home.register(creds.authorizationUser);
  await until(async () => engine.freeswitch!.registered.has(creds.authorizationUser));
  expect((await api.put('/seat/state', { state: 'idle' })).status).toBe(200);
  return { ...s, api, user: creds.authorizationUser as string, home };
}

/** A citizen's call parked on the wanted server (citizens' grants go to the servers in turn). */
async function citizenCallsOn(server: FakeFreeswitch, regionCode: string) {
  const citizen = await new ApiClient(engine.url).asGuest({ displayName: '卫先生' });
  const conversationId = (await citizen.post('/conversations', { regionCode, channel: 'audio' })).body.id as string;
  const tickets = [];
  for (let i = 0; i < 2; i++) {
    tickets.push((await citizen.post(`/conversations/${conversationId}/call`, { media: 'audio' })).body);
  }
  // two grants in a row: one for each server
  expect(new Set(tickets.map((t) => t.credentials.wsUrl))).toEqual(new Set(WSS));
  const ticket = tickets.find((t) => serverOf(t.credentials.wsUrl) === server)!;
  const uuid = server.citizenCall({ conversationId, user: ticket.credentials.authorizationUser });
  return { citizen, conversationId, uuid };
}

describe('a pool of two FreeSWITCH driven by one engine', () => {
  it('rings a seat registered on the other server through its interconnect, and one on the same server directly', async () => {
    const seat = await seatOnPool('150621');
    const other = fakes.find((f) => f !== seat.home)!;

    // parked on the other server: originated there to the seat's server's external profile
    const away = await citizenCallsOn(other, '150621');
    const via = INTERCONNECT[fakes.indexOf(seat.home)]!;
    const originate = await other.waitForCommand(new RegExp(`^bgapi originate .*${away.conversationId}`));
    expect(originate).toContain(`}sofia/external/${seat.user}@${via} &park()`);
    const awayLeg = await until(async () => other.legOf(seat.user));
    await other.waitForCommand(new RegExp(`^api uuid_bridge ${away.uuid} ${awayLeg.uuid}$`));
    expect(seat.home.commands.some((c) => c.includes(away.uuid))).toBe(false); // all on the citizen's server
    other.hangup(away.uuid);
    await until(async () => !engine.freeswitch!.hasCall(away.conversationId));
    const ticket = (await Ticket.findOne({ where: { conversationId: away.conversationId } }))!;
    const legs = await until(async () => {
      const rows = await TicketEvent.findAll({ where: { ticketId: ticket.id, type: 'call_leg' } });
      return rows.length === 2 ? rows : null;
    });
    expect(legs.map((l) => [l.data.role, l.data.cause]).sort()).toEqual([
      ['citizen', 'normal'],
      ['seat', 'normal'],
    ]);

    // parked on the seat's own server: the usual user/ dial
    const home = await citizenCallsOn(seat.home, '150621');
    const direct = await seat.home.waitForCommand(new RegExp(`^bgapi originate .*${home.conversationId}`));
    expect(direct).toContain(`}user/${seat.user}@${DOMAIN} &park()`);
    const homeLeg = await until(async () => seat.home.legOf(seat.user));
    await seat.home.waitForCommand(new RegExp(`^api uuid_bridge ${home.uuid} ${homeLeg.uuid}$`));
    seat.home.hangup(home.uuid);
    await until(async () => !engine.freeswitch!.hasCall(home.conversationId));
  });

  it('sends softphones only to servers whose event socket is up', async () => {
    const s = await createSeat({ regionCode: '150623' });
    const api = await new ApiClient(engine.url).login(s.username, s.password);
    const usual = (await api.get('/seat/sip')).body.wsUrl as string;
    const down = serverOf(usual);
    down.refuseConnections = true;
    down.dropConnections();
    await until(async () => !engine.freeswitch!.servers[fakes.indexOf(down)]!.esl.connected);
    const elsewhere = (await api.get('/seat/sip')).body.wsUrl as string;
    expect(elsewhere).not.toBe(usual);
    expect(WSS).toContain(elsewhere);
    down.refuseConnections = false;
    await until(async () => down.connectionCount === 1, 15_000);
    expect((await api.get('/seat/sip')).body.wsUrl).toBe(usual);
  });

  it('a seat unregistered everywhere is not reachable; each server reconciles its own registrations', async () => {
    const seat = await seatOnPool('150622');
    expect(engine.freeswitch!.reachable({ jobNumber: seat.user.replace(/^seat-/, '') })).toBe(true);
    seat.home.unregister(seat.user);
    await until(async () => !engine.freeswitch!.registered.has(seat.user));
    // the other server's socket drops and comes back: the seat's registration stays unknown
    const other = fakes.find((f) => f !== seat.home)!;
    other.dropConnections();
    await until(async () => other.connectionCount === 1);
    await engine.freeswitch!.reconciled();
    expect(engine.freeswitch!.registered.has(seat.user)).toBe(false);
    seat.home.register(seat.user);
    await until(async () => engine.freeswitch!.registered.has(seat.user));
  });
});
