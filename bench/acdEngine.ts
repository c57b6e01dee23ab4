/**
 * ACD through the engine on PostgreSQL: contact enqueue → seat offered, with 2,000 seats and
 * 10,000 contacts already waiting. The waiting contacts need a team whose seats are all busy
 * (企业开办) or a chosen seat that is busy, so they stay queued; each measured contact is a
 * 快速连线 that a free seat can take. Two figures: inside the engine, enqueue → offer written
 * (the contact's queued_at to its offer's offered_at, both the engine's clock); and the citizen's
 * whole POST /api/conversations round trip (ticket, first message, dispatch, queue standings
 * pushed to the region's waiting citizens, the view). Then the citizen cancels (not timed),
 * which frees the seat again.
 */
import pg from 'pg';
import { REGION_CODES } from '@cloud-seat/contracts';
import { engineOn, ms, percentile, scratchDatabase } from './support.js';

const SEATS = Number(process.env.BENCH_SEATS ?? 2000);
const WAITING = Number(process.env.BENCH_CONTACTS ?? 10000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 300);

export async function acdEngine(): Promise<void> {
  const database = await scratchDatabase('cs_bench_acd', 'enqueue → offered');
  if (!database) return;
  const engine = await engineOn({ DATABASE_URL: database.url, SEED_DEMO: 'false', SWEEP_INTERVAL_MS: '60000' });
  const db = new pg.Client({ connectionString: database.url });
  await db.connect();
  try {
    const t0 = performance.now();
    await fill(db);
    console.log(`filled ${SEATS} seats and ${WAITING} waiting contacts in ${ms(performance.now() - t0)}`);
    const base = engine.url!;
    const post = async (path: string, body: unknown, token?: string) => {
      const res = await fetch(`${base}/api${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const token = (await post('/auth/guest', {})).body.token as string;
    const samples: number[] = [];
    const ids: string[] = [];
    let notOffered = 0;
    for (let i = 0; i < SAMPLES + 20; i++) {
      const regionCode = REGION_CODES[i % REGION_CODES.length];
      const started = performance.now();
      const created = await post('/conversations', { regionCode }, token);
      const took = performance.now() - started;
      if (created.body.status !== 'offered') notOffered += 1;
      if (i >= 20) {
        samples.push(took); // the first ones warm the pools and caches
        ids.push(created.body.id as string);
      }
      await post(`/conversations/${created.body.id as string}/end`, {}, token);
    }
    samples.sort((a, b) => a - b);
    const inside = (
      await db.query<{ ms: number }>(
        `SELECT extract(epoch FROM o.offered_at - c.queued_at) * 1000 AS ms
           FROM conversations c JOIN offers o ON o.conversation_id = c.id WHERE c.id = ANY($1)`,
        [ids],
      )
    ).rows
      .map((r) => Number(r.ms))
      .sort((a, b) => a - b);
    const { rows } = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM conversations WHERE status = 'queued'",
    );
    console.log(`${SAMPLES} contacts through the engine on PostgreSQL, ${rows[0]!.n} waiting, ${SEATS} seats:`);
    console.log(
      `  enqueue → offer written: p50 ${ms(percentile(inside, 50))}, p99 ${ms(percentile(inside, 99))} (goal p99 ≤ 50 ms)`,
    );
    console.log(
      `  whole HTTP request (enqueue, ticket, dispatch, standings push, view): ` +
        `p50 ${ms(percentile(samples, 50))}, p99 ${ms(percentile(samples, 99))}` +
        (notOffered ? `; ${notOffered} NOT offered (check the fill)` : ''),
    );
  } finally {
    await db.end();
    await engine.stop();
    await database.drop();
  }
}

/** Seats across the ten regions: a third 企业开办 (all busy), the rest 综合咨询 with room; waiting contacts for the busy team or a busy chosen seat. */
async function fill(db: pg.Client): Promise<void> {
  const regions = `ARRAY[${REGION_CODES.map((c) => `'${c}'`).join(',')}]`;
  await db.query(`
    INSERT INTO accounts (id, username, password_hash, display_name, role_code, region_code)
    SELECT gen_random_uuid(), 'bench' || i, 'x', '坐席' || i, 'seat', (${regions})[1 + i % 10]
      FROM generate_series(1, ${SEATS}) i;
    INSERT INTO seats (id, account_id, region_code, job_number, name, category, skills, availability, state,
                       active_chats, chat_capacity, state_since, last_seen_at)
    SELECT gen_random_uuid(), a.id, a.region_code, 'B' || a.username, a.display_name,
           CASE WHEN n % 3 = 0 THEN '企业开办' ELSE '综合咨询' END, '[]'::jsonb,
           CASE WHEN n % 3 = 0 THEN 'busy' ELSE 'available' END,
           CASE WHEN n % 3 = 0 THEN 'busy' WHEN n % 3 = 1 THEN 'handling' ELSE 'idle' END,
           CASE WHEN n % 3 = 1 THEN 1 ELSE 0 END, 3, now() - (n || ' seconds')::interval, now() + interval '1 day'
      FROM (SELECT *, row_number() OVER (ORDER BY username) AS n FROM accounts WHERE username LIKE 'bench%') a;
    INSERT INTO citizens (id, display_name, identity_type)
    SELECT gen_random_uuid(), '市民' || i, 'personal' FROM generate_series(1, ${WAITING}) i;
    INSERT INTO conversations (id, citizen_id, region_code, channel, status, category, requested_seat_id,
                               requested_wait_since, queued_at, rank_at)
    SELECT gen_random_uuid(), c.id, s.region_code, 'chat', 'queued', s.category,
           CASE WHEN c.n % 2 = 0 THEN s.id END, CASE WHEN c.n % 2 = 0 THEN now() END,
           now() - (c.n || ' seconds')::interval, now() - (c.n || ' seconds')::interval
      FROM (SELECT id, row_number() OVER () AS n FROM citizens) c
      JOIN (SELECT id, region_code, category, row_number() OVER (ORDER BY id) AS k FROM seats WHERE availability = 'busy') s
        ON s.k = 1 + c.n % (${SEATS} / 3);
    ANALYZE;
  `);
}
