/**
 * What driving FreeSWITCH costs the engine (issue #8): an engine process with SWITCH=freeswitch on
 * PostgreSQL, connected over TCP to the tests' fake mod_event_socket (FreeSWITCH itself cannot be
 * installed here; the fake speaks the wire protocol and answers as FreeSWITCH does), takes
 * BENCH_FS_CALLS (200) citizen calls arriving BENCH_FS_RATE (5) a second. The 30 demo seats'
 * softphones are registered on the fake and answer 20 ms after they ring; each call talks
 * BENCH_FS_TALK_MS (2000) and the citizen hangs up.
 *
 * Printed, from the fake's receive time of each command (one clock, one process): the parked
 * call → `uuid_answer`, parked → `originate` to the offered seat (its phone rings: the ACD's
 * decision included), the seat's answer → `uuid_bridge`; and the engine process's CPU (utime +
 * stime from /proc) per call, with how many such calls a core could drive.
 */
import { readFileSync } from 'node:fs';
import { ApiClient } from '../engine/test/apiClient.js';
import { spawnEngine } from '../engine/test/spawnEngine.js';
import { FakeFreeswitch } from '../engine/src/adapters/freeswitch/testing/fakeFreeswitch.js';
import { DEMO_PASSWORD, demoSeats } from '../engine/src/seed/demoData.js';
import { engineOn, ms, percentile, scratchDatabase } from './support.js';

const CALLS = Number(process.env.BENCH_FS_CALLS ?? 200);
const RATE = Number(process.env.BENCH_FS_RATE ?? 5);
const TALK_MS = Number(process.env.BENCH_FS_TALK_MS ?? 2000);
const DOMAIN = 'cloud-seat.local';
const CLOCK_TICKS = 100; // USER_HZ on Linux

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** CPU seconds (user + system) a process has used, from /proc/<pid>/stat. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

export async function freeswitch(): Promise<void> {
  const database = await scratchDatabase('cs_bench_fs', 'the FreeSWITCH driver');
  if (!database) return;
  const fake = await FakeFreeswitch.start({ password: 'bench-esl', domain: DOMAIN });
  const env = {
    SWITCH: 'freeswitch',
    FREESWITCH_ESL_PORT: String(fake.port),
    FREESWITCH_ESL_PASSWORD: 'bench-esl',
    FREESWITCH_XML_CURL_SECRET: 'bench-xml-curl-secret-0123',
    SEAT_DISCONNECT_GRACE_SECONDS: '3600',
    OFFER_TIMEOUT_SECONDS: '30',
  };
  // migrations and the demo seats, then the engine as its own process (its CPU apart from ours)
  const setup = await engineOn({ DATABASE_URL: database.url, ...env });
  await setup.stop();
  const engine = await spawnEngine(database.url, env);
  try {
    await waitFor(() => fake.connectionCount === 1, 10_000);
    const seats = demoSeats();
    for (const seat of seats) {
      const api = await new ApiClient(engine.url).login(seat.username, DEMO_PASSWORD);
      const creds = (await api.get('/seat/sip')).body as { authorizationUser: string };
      fake.phones.set(creds.authorizationUser, { kind: 'answer', afterMs: 20 });
      fake.register(creds.authorizationUser);
      await api.put('/seat/state', { state: 'idle' });
    }
    await sleep(500);

    const regions = [...new Set(seats.map((s) => s.regionCode))];
    const parked = new Map<string, { at: number; conversationId: string }>();
    const cpuBefore = cpuSeconds(engine.pid);
    const started = Date.now();
    const placing: Promise<void>[] = [];
    for (let i = 0; i < CALLS; i++) {
      const due = started + (i * 1000) / RATE;
      await sleep(Math.max(0, due - Date.now()));
      placing.push(
        (async () => {
          const citizen = await new ApiClient(engine.url).asGuest({ displayName: `来电${i}` });
          const created = await citizen.post('/conversations', {
            regionCode: regions[i % regions.length],
            channel: 'audio',
          });
          const conversationId = created.body.id as string;
          const ticket = await citizen.post(`/conversations/${conversationId}/call`, { media: 'audio' });
          const uuid = fake.citizenCall({ conversationId, user: ticket.body.credentials.authorizationUser });
          parked.set(uuid, { at: Date.now(), conversationId });
          await waitFor(() => bridged(fake, uuid) !== null, 60_000);
          await sleep(TALK_MS);
          fake.hangup(uuid);
        })(),
      );
    }
    const outcomes = await Promise.allSettled(placing);
    await waitFor(() => [...parked.keys()].every((uuid) => !fake.channels.has(uuid)), 30_000).catch(() => undefined);
    await sleep(1000); // the engine writes the legs down
    const cpu = cpuSeconds(engine.pid) - cpuBefore;
    const wallSeconds = (Date.now() - started) / 1000;

    const answer: number[] = [];
    const ring: number[] = [];
    const bridge: number[] = [];
    for (const [uuid, call] of parked) {
      const answeredAt = timeOf(fake, (c) => c === `api uuid_answer ${uuid}`);
      const originatedAt = timeOf(fake, (c) => c.startsWith('bgapi originate ') && c.includes(call.conversationId));
      const seatAnswer = seatAnsweredAt(fake, call.conversationId);
      const bridgedAt = bridged(fake, uuid);
      if (answeredAt !== null) answer.push(answeredAt - call.at);
      if (originatedAt !== null) ring.push(originatedAt - call.at);
      if (seatAnswer !== null && bridgedAt !== null) bridge.push(bridgedAt - seatAnswer);
    }
    const failed = outcomes.filter((o) => o.status === 'rejected').length;
    console.log(
      `${CALLS} citizen calls at ${RATE}/s over the event socket, 30 seats answering after 20 ms, ${TALK_MS} ms of talk each; ` +
        `${failed} calls not bridged within 60 s`,
    );
    const row = (label: string, values: number[]) => {
      const sorted = [...values].sort((a, b) => a - b);
      console.log(
        `${label.padEnd(48)}${ms(percentile(sorted, 50)).padStart(10)}${ms(percentile(sorted, 95)).padStart(10)}${ms(
          sorted.at(-1) ?? NaN,
        ).padStart(10)}   (${sorted.length})`,
      );
    };
    console.log(
      `${'from → to (fake FreeSWITCH receive times)'.padEnd(48)}${'p50'.padStart(10)}${'p95'.padStart(10)}${'max'.padStart(10)}`,
    );
    row('CHANNEL_PARK sent → uuid_answer', answer);
    row('CHANNEL_PARK sent → originate to the seat', ring);
    row("seat's CHANNEL_ANSWER → uuid_bridge", bridge);
    const perCall = (cpu * 1000) / CALLS;
    console.log(
      `engine process CPU: ${cpu.toFixed(2)} s over ${wallSeconds.toFixed(0)} s for ${CALLS} calls = ${perCall.toFixed(1)} ms per call ` +
        `(API requests of the citizens and seats included); one core ≈ ${Math.floor(1000 / perCall)} such calls a second`,
    );
  } finally {
    await engine.stop();
    await fake.stop();
    await database.drop();
  }
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await sleep(20);
  }
}

function timeOf(fake: FakeFreeswitch, match: (command: string) => boolean): number | null {
  return fake.log.find((entry) => match(entry.command))?.at ?? null;
}

/** When the citizen's channel was bridged to a seat's leg (null: not yet). */
function bridged(fake: FakeFreeswitch, uuid: string): number | null {
  return timeOf(fake, (c) => c.startsWith(`api uuid_bridge ${uuid} `));
}

/** When the seat's phone answered the leg originated for this conversation. */
function seatAnsweredAt(fake: FakeFreeswitch, conversationId: string): number | null {
  return fake.answers.find((a) => a.conversationId === conversationId)?.at ?? null;
}
