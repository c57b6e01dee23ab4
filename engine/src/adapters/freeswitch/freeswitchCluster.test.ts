/**
 * Two engines driving the same FreeSWITCH (SWITCH=freeswitch with REDIS_URL): a second engine as
 * its own OS process on the same database, both connected to the fake mod_event_socket. The
 * password issued by one engine is served to FreeSWITCH by the other; a parked call is taken by
 * exactly one engine; the seat's workbench may reach either engine for 保持/恢复.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ApiClient } from '../../../test/apiClient.js';
import { createSeat } from '../../../test/factories.js';
import { spawnEngine, type EngineProcess } from '../../../test/spawnEngine.js';
import { startTestEngine, type TestEngine } from '../../../test/testEngine.js';
import { sleep, until as untilEvery } from '../../../test/until.js';
import { FakeFreeswitch } from './testing/fakeFreeswitch.js';

const until = <T>(fn: () => Promise<T | null | undefined | false>, timeoutMs = 10_000) => untilEvery(fn, timeoutMs, 50);

const redisUrl = inject('redisUrl');
const SECRET = 'xml-curl-secret-cluster-0123456789';
const DOMAIN = `cluster-${randomBytes(4).toString('hex')}.local`;
let fake: FakeFreeswitch;
let nodeA: TestEngine & { databaseUrl: string | null };
let nodeB: EngineProcess | null = null;

describe.skipIf(!redisUrl)('two engines driving one FreeSWITCH (Redis)', () => {
  beforeAll(async () => {
    fake = await FakeFreeswitch.start({ password: 'esl-secret', domain: DOMAIN });
    const env = {
      SWITCH: 'freeswitch',
      FREESWITCH_ESL_PORT: String(fake.port),
      FREESWITCH_ESL_PASSWORD: 'esl-secret',
      FREESWITCH_XML_CURL_SECRET: SECRET,
      FREESWITCH_SIP_DOMAIN: DOMAIN,
      FREESWITCH_WSS_URL: 'wss://fs.example.gov.cn:7443',
    };
    nodeA = await startTestEngine({ redis: true, env });
    if (!nodeA.databaseUrl) return; // embedded PGlite cannot be shared by two processes
    nodeB = await spawnEngine(nodeA.databaseUrl, { ...env, REDIS_URL: redisUrl!, OFFER_TIMEOUT_SECONDS: '20' });
    await until(async () => fake.connectionCount === 2);
  }, 120_000);

  afterAll(async () => {
    await nodeB?.stop();
    await nodeA?.stop();
    await fake?.stop();
  });

  const lookup = (engineUrl: string, user: string) =>
    fetch(`${engineUrl}/api/freeswitch/directory`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Authorization: `Basic ${Buffer.from(`freeswitch:${SECRET}`).toString('base64')}`,
      },
      body: new URLSearchParams({ section: 'directory', action: 'sip_auth', user, domain: DOMAIN }),
    }).then((r) => r.text());

  it('serves the password one engine issued from the other; one engine takes a parked call; hold works through either', async (ctx) => {
    if (!nodeB) ctx.skip();
    const region = '150625';
    const s = await createSeat({ regionCode: region });
    const atA = await new ApiClient(nodeA.url).login(s.username, s.password);
    const atB = await new ApiClient(nodeB!.url).login(s.username, s.password);
    const creds = (await atA.get('/seat/sip')).body;
    // FreeSWITCH's xml_curl may ask any engine
    expect(await lookup(nodeB!.url, creds.authorizationUser)).toContain(
      `<param name="password" value="${creds.password}"/>`,
    );
    fake.phones.set(creds.authorizationUser, { kind: 'answer', afterMs: 20 });
    fake.register(creds.authorizationUser);
    await sleep(300); // both engines see the registration event
    expect((await atB.put('/seat/state', { state: 'idle' })).status).toBe(200);

    // the citizen is granted the call by engine B; the park is seen by both engines
    const citizen = await new ApiClient(nodeB!.url).asGuest({ displayName: '郑女士' });
    const created = await citizen.post('/conversations', { regionCode: region, channel: 'audio' });
    expect(created.status).toBe(201);
    const conversationId = created.body.id as string;
    const ticket = await citizen.post(`/conversations/${conversationId}/call`, { media: 'audio' });
    expect(ticket.status).toBe(201);
    const uuid = fake.citizenCall({ conversationId, user: ticket.body.credentials.authorizationUser, name: '郑女士' });

    const seatLeg = await until(async () => fake.legOf(creds.authorizationUser));
    await fake.waitForCommand(new RegExp(`^api uuid_bridge ${uuid} ${seatLeg.uuid}$`));
    await sleep(500);
    const answers = fake.commands.filter((c) => c === `api uuid_answer ${uuid}`);
    const originates = fake.commands.filter((c) => c.startsWith('bgapi originate ') && c.includes(conversationId));
    expect(answers).toHaveLength(1);
    expect(originates).toHaveLength(1);

    // 保持 through one engine, 恢复 through the other: one of them holds the call, the other asks it
    const hold = (api: ApiClient, held: boolean) => api.put(`/conversations/${conversationId}/call/hold`, { held });
    const held = await hold(atA, true);
    expect(held.status, JSON.stringify(held.body)).toBe(200);
    expect(held.body).toEqual({ held: true });
    await fake.waitForCommand(new RegExp(`^api uuid_transfer ${uuid} -both park inline$`));
    const resumed = await hold(atB, false);
    expect(resumed.status, JSON.stringify(resumed.body)).toBe(200);
    expect(resumed.body).toEqual({ held: false });
    await until(async () => fake.commands.filter((c) => c === `api uuid_bridge ${uuid} ${seatLeg.uuid}`).length === 2);

    // the citizen hangs up: the engine holding the call ends it
    fake.hangup(uuid, 'NORMAL_CLEARING');
    await fake.waitForCommand(new RegExp(`^api uuid_kill ${seatLeg.uuid} NORMAL_CLEARING$`));
    await until(async () => (await citizen.get(`/conversations/${conversationId}`)).body.status === 'ended');
  }, 60_000);
});
