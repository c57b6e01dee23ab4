import { afterEach, describe, expect, it } from 'vitest';
import { EslAuthError, EslClient, EslDisconnectedError, type EslEvent } from './esl.js';
import { FakeFreeswitch } from './testing/fakeFreeswitch.js';

let fake: FakeFreeswitch;
let client: EslClient | null = null;

afterEach(async () => {
  await client?.close();
  client = null;
  await fake?.stop();
});

async function connect(password = 'ClueCon'): Promise<EslClient> {
  fake ??= await FakeFreeswitch.start({ password: 'ClueCon' });
  client = new EslClient({ host: '127.0.0.1', port: fake.port, password, backoffMs: 20, maxBackoffMs: 50 });
  client.on('error', () => undefined);
  return client;
}

function nextEvent(esl: EslClient, name: string): Promise<EslEvent> {
  return new Promise((resolve) => {
    const listener = (event: EslEvent) => {
      if (event.name !== name) return;
      esl.off('event', listener);
      resolve(event);
    };
    esl.on('event', listener);
  });
}

describe('EslClient (modesl) against a fake mod_event_socket', () => {
  it('authenticates, runs api commands and reads the response body', async () => {
    fake = await FakeFreeswitch.start();
    const esl = await connect();
    await esl.start();
    expect(esl.connected).toBe(true);
    expect(await esl.api('status')).toMatch(/FreeSWITCH .* is ready/);
    expect(await esl.api('uuid_answer 00000000-0000-0000-0000-000000000000')).toBe('-ERR No such channel!\n');
    expect(fake.commands).toContain('api status');
  });

  it('refuses a wrong password with an error naming the setting', async () => {
    fake = await FakeFreeswitch.start();
    const esl = await connect('wrong');
    const started = esl.start();
    await expect(started).rejects.toBeInstanceOf(EslAuthError);
    await expect(started).rejects.toThrow(/FREESWITCH_ESL_PASSWORD/);
    expect(esl.connected).toBe(false);
    await expect(esl.api('status')).rejects.toBeInstanceOf(EslDisconnectedError);
  });

  it('resolves bgapi from its BACKGROUND_JOB, matched by the Job-UUID it sent', async () => {
    fake = await FakeFreeswitch.start();
    const esl = await connect();
    await esl.start();
    const job = await esl.bgapi('originate {origination_uuid=abc}user/seat-x@cloud-seat.local &park()');
    expect(job.body).toBe('-ERR USER_NOT_REGISTERED\n');
    expect(job.jobUuid).toMatch(/^[0-9a-f-]{36}$/);
    const status = await esl.bgapi('status');
    expect(status.body).toMatch(/is ready/);
    // modesl sends `bgapi <name> <args>` with a space even without arguments; FreeSWITCH trims it
    expect(fake.commands.filter((c) => c.startsWith('bgapi ')).map((c) => c.trim())).toEqual([
      'bgapi originate {origination_uuid=abc}user/seat-x@cloud-seat.local &park()',
      'bgapi status',
    ]);
  });

  it('delivers subscribed JSON events with their headers, CUSTOM ones by subclass', async () => {
    fake = await FakeFreeswitch.start();
    const esl = await connect();
    await esl.start();
    await esl.subscribe(['CHANNEL_PARK', 'CUSTOM', 'sofia::register']);
    expect(fake.commands).toContainEqual(expect.stringMatching(/^event json .*CHANNEL_PARK CUSTOM sofia::register/));
    const parked = nextEvent(esl, 'CHANNEL_PARK');
    const uuid = fake.citizenCall({ conversationId: '7d3c6a52-5f0e-4d0b-9a3e-1b2c3d4e5f60', user: 'citizen-1' });
    const park = await parked;
    expect(park.header('Unique-ID')).toBe(uuid);
    expect(park.variable('cloud_seat_kind')).toBe('citizen');
    expect(park.variable('cloud_seat_conversation')).toBe('7d3c6a52-5f0e-4d0b-9a3e-1b2c3d4e5f60');
    expect(park.header('Caller-Caller-ID-Number')).toBe('citizen-1');
    const registered = nextEvent(esl, 'CUSTOM');
    fake.register('seat-ds001');
    const reg = await registered;
    expect(reg.subclass).toBe('sofia::register');
    expect(reg.header('from-user')).toBe('seat-ds001');
  });

  it('reconnects after the socket drops: waiting commands fail, subscriptions are sent again', async () => {
    fake = await FakeFreeswitch.start();
    const esl = await connect();
    await esl.start();
    await esl.subscribe(['CHANNEL_HANGUP_COMPLETE']);
    const events: string[] = [];
    esl.on('disconnected', () => events.push('disconnected'));
    esl.on('connected', () => events.push('connected'));
    const reconnected = new Promise<void>((resolve) => esl.once('connected', () => resolve()));
    const lost = esl.bgapi('originate {origination_uuid=a}user/seat-x@d &park()').catch((err: unknown) => err);
    fake.dropConnections();
    // the bgapi may have completed before the drop; if not, it fails rather than hangs
    const outcome = await lost;
    if (outcome instanceof Error) expect(outcome).toBeInstanceOf(EslDisconnectedError);
    await reconnected;
    expect(events).toEqual(['disconnected', 'connected']);
    expect(fake.commands.filter((c) => c.includes('CHANNEL_HANGUP_COMPLETE'))).toHaveLength(2);
    expect(await esl.api('status')).toMatch(/is ready/);
  });
});
