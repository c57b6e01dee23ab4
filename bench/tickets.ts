/**
 * The ticket list at scale: BENCH_TICKETS (default 1,000,000) tickets over a year in a fresh
 * PostgreSQL database — 10 regions, ~2,000 seats, 300 matters, a citizen for every ~3 tickets,
 * realistic shares of statuses, channels and ratings — generated inside PostgreSQL with
 * generate_series. The ticket indexes of migration 0007 are dropped for the load and built
 * again afterwards from their own definitions (timed). Then each representative filter runs
 * through the same query module as GET /api/tickets (first page of 20 and the capped count),
 * and again over HTTP as an administrator, a region supervisor and a seat: p50/p95/p99.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { REGION_CODES, type TicketFilter } from '@cloud-seat/contracts';
import { scopeTicketFilter } from '../engine/src/domain/tickets/ticketQuery.js';
import type { StaffPrincipal } from '../engine/src/domain/auth/permissions.js';
import { readTicketList } from '../engine/src/models/ticketQueries.js';
import { hashPassword } from '../engine/src/security/password.js';
import { engineOn, ms, percentile, scratchDatabase } from './support.js';

const TICKETS = Number(process.env.BENCH_TICKETS ?? 1_000_000);
const SEATS = Number(process.env.BENCH_SEATS ?? 2000);
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const CATEGORIES = ['社会保障', '不动产', '户籍办理', '企业开办', '医疗保险', '公积金'];
const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英华慧巧美兰霞平刚桂英建国志红文玉珍海燕春梅鹏飞宇浩然子涵欣怡';

export async function tickets(): Promise<void> {
  const database = await scratchDatabase('cs_bench_tickets', 'ticket list');
  if (!database) return;
  const engine = await engineOn({ DATABASE_URL: database.url, SEED_DEMO: 'false', SWEEP_INTERVAL_MS: '60000' });
  const db = new pg.Client({ connectionString: database.url });
  await db.connect();
  try {
    const indexes = (
      await db.query<{ name: string; def: string }>(
        `SELECT indexname AS name, indexdef AS def FROM pg_indexes
          WHERE tablename = 'tickets' AND indexname NOT IN (SELECT conname FROM pg_constraint)`,
      )
    ).rows;
    for (const i of indexes) await db.query(`DROP INDEX ${i.name}`);

    let t0 = performance.now();
    const staff = await fill(db);
    const loaded = performance.now() - t0;
    t0 = performance.now();
    for (const i of indexes) await db.query(i.def);
    // Steady state: autovacuum has run (visibility map set, so counts can read indexes only).
    await db.query('VACUUM ANALYZE tickets, conversations, matters, seats, citizens');
    const indexed = performance.now() - t0;
    const size = (await db.query<{ s: string }>("SELECT pg_size_pretty(pg_total_relation_size('tickets')) AS s"))
      .rows[0]!.s;
    console.log(
      `generated ${TICKETS.toLocaleString('en')} tickets (+ conversations, ${SEATS} seats) in ${(loaded / 1000).toFixed(1)} s; ` +
        `${indexes.length} ticket indexes built in ${(indexed / 1000).toFixed(1)} s; tickets with indexes ${size}`,
    );

    const cases = await filterCases(db, staff);
    console.log(`\nthrough the query module (first page of 20 + capped count), ${RUNS} runs each:`);
    console.log('filter'.padEnd(44), 'total'.padStart(8), 'p50'.padStart(10), 'p95'.padStart(10), 'p99'.padStart(10));
    const sequelize = engine.ctx.sequelize;
    for (const c of cases) {
      const filter = scopeOf(c.as, staff, c.filter);
      let total = '';
      const samples = await sample(async () => {
        const view = await readTicketList(sequelize, filter, { page: 1, pageSize: 20, cursor: null });
        total = `${view.total}${view.totalCapped ? '+' : ''}`;
      });
      console.log(line(c.name, total, samples));
    }
    // Deep reading: page 50 by offset vs the same position by cursor.
    const deep = await sample(() => readTicketList(sequelize, {}, { page: 50, pageSize: 20, cursor: null }));
    console.log(line('all, page 50 by offset', '', deep));

    console.log(`\nover HTTP (GET /api/tickets, logged in), ${RUNS} runs each:`);
    const cookies = await logins(engine.url!, staff);
    for (const c of cases) {
      const query = new URLSearchParams(
        Object.entries(c.filter).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)]),
      );
      const samples = await sample(async () => {
        const res = await fetch(`${engine.url}/api/tickets?${query}`, { headers: { cookie: cookies[c.as] } });
        if (res.status !== 200) throw new Error(`${c.name}: ${res.status} ${await res.text()}`);
        await res.arrayBuffer();
      });
      console.log(line(`${c.name}`, '', samples));
    }
    const exportStarted = performance.now();
    const exported = await fetch(`${engine.url}/api/tickets/export?format=csv&regionCode=150602&status=closed`, {
      headers: { cookie: cookies.admin },
    });
    const bytes = (await exported.arrayBuffer()).byteLength;
    console.log(
      `\nexport CSV, one region's closed tickets: ${exported.headers.get('x-export-rows')} rows, ` +
        `${(bytes / 1024 / 1024).toFixed(1)} MB in ${ms(performance.now() - exportStarted)}`,
    );
  } finally {
    await db.end();
    await engine.stop();
    await database.drop();
  }
}

type As = 'admin' | 'supervisor' | 'seat';
interface Staff {
  seatId: string;
  seatRegion: string;
  accounts: Record<As, { username: string; password: string }>;
}

function scopeOf(as: As, staff: Staff, filter: TicketFilter): TicketFilter {
  const principal: StaffPrincipal = {
    kind: 'staff',
    accountId: '',
    role: as,
    regionCode: as === 'supervisor' ? '150602' : staff.seatRegion,
    dataScope: as === 'admin' ? 'all' : as === 'supervisor' ? 'region' : 'self',
    permissions: new Set(['conversation.read']),
    seatId: as === 'seat' ? staff.seatId : null,
    displayName: '',
  };
  const outcome = scopeTicketFilter(principal, filter);
  if (!outcome.ok) throw new Error(outcome.reason);
  return outcome.filter;
}

async function filterCases(db: pg.Client, staff: Staff) {
  const some = (
    await db.query<{ number: string; citizen_name: string; matter_id: string; phone: string }>(
      `SELECT number, citizen_name, matter_id, (SELECT phone FROM citizens c WHERE c.id = t.citizen_id) AS phone FROM tickets t WHERE matter_id IS NOT NULL AND region_code = '150602' ORDER BY created_at DESC OFFSET ${Math.min(5000, Math.floor(TICKETS / 100))} LIMIT 1`,
    )
  ).rows[0]!;
  const monthAgo = new Date(Date.now() - 30 * 86_400_000).toISOString();
  const quarterAgo = new Date(Date.now() - 90 * 86_400_000).toISOString();
  const cases: Array<{ name: string; as: As; filter: TicketFilter }> = [
    { name: 'admin: all', as: 'admin', filter: {} },
    { name: 'admin: region', as: 'admin', filter: { regionCode: '150621' } },
    { name: 'admin: status 待回复', as: 'admin', filter: { status: ['pending_reply'] } },
    { name: 'admin: channel video', as: 'admin', filter: { channel: ['video'] } },
    { name: 'admin: satisfaction 1', as: 'admin', filter: { satisfaction: 1 } },
    { name: 'admin: last 30 days', as: 'admin', filter: { from: monthAgo } },
    { name: 'admin: one month, a quarter ago', as: 'admin', filter: { from: quarterAgo, to: monthAgo } },
    { name: 'admin: seat', as: 'admin', filter: { seatId: staff.seatId } },
    { name: 'admin: matter', as: 'admin', filter: { matterId: some.matter_id } },
    { name: 'admin: q ticket number', as: 'admin', filter: { q: some.number } },
    { name: 'admin: q number tail (6 digits)', as: 'admin', filter: { q: some.number.slice(-6) } },
    { name: 'admin: q full name', as: 'admin', filter: { q: some.citizen_name } },
    { name: 'admin: q phone tail (4 digits)', as: 'admin', filter: { q: some.phone.slice(-4) } },
    { name: 'admin: q ticket number prefix (day)', as: 'admin', filter: { q: some.number.slice(0, 10) } },
    { name: 'admin: q surname', as: 'admin', filter: { q: some.citizen_name.slice(0, 1) } },
    { name: 'admin: q matter name', as: 'admin', filter: { q: '不动产登记' } },
    {
      name: 'admin: region+status+channel+category',
      as: 'admin',
      filter: { regionCode: '150602', status: ['closed'], channel: ['phone'], category: '社会保障' },
    },
    { name: 'supervisor: own region', as: 'supervisor', filter: {} },
    { name: 'supervisor: satisfaction 1', as: 'supervisor', filter: { satisfaction: 1 } },
    { name: 'supervisor: 处理中 + 待回复', as: 'supervisor', filter: { status: ['in_progress', 'pending_reply'] } },
    { name: 'supervisor: category, 30 days', as: 'supervisor', filter: { category: '不动产', from: monthAgo } },
    { name: 'supervisor: q surname', as: 'supervisor', filter: { q: some.citizen_name.slice(0, 1) } },
    { name: 'seat: own tickets', as: 'seat', filter: {} },
    { name: 'seat: own, closed, 30 days', as: 'seat', filter: { status: ['closed'], from: monthAgo } },
  ];
  return cases;
}

async function sample(run: () => Promise<unknown>): Promise<number[]> {
  await run(); // warm
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await run();
    samples.push(performance.now() - t);
  }
  return samples.sort((a, b) => a - b);
}

function line(name: string, total: string, s: number[]): string {
  const p = (n: number) => ms(percentile(s, n)).padStart(10);
  return `${name.padEnd(44)} ${total.padStart(8)} ${p(50)} ${p(95)} ${p(99)}`;
}

async function logins(base: string, staff: Staff): Promise<Record<As, string>> {
  const out = {} as Record<As, string>;
  for (const as of ['admin', 'supervisor', 'seat'] as const) {
    const res = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(staff.accounts[as]),
    });
    if (res.status !== 200) throw new Error(`login ${as}: ${res.status}`);
    out[as] = res.headers.get('set-cookie')!.split(';')[0]!;
  }
  return out;
}

/** Seats, matters, citizens, then conversations and their tickets, all made by PostgreSQL. */
async function fill(db: pg.Client): Promise<Staff> {
  const citizens = Math.max(1000, Math.round(TICKETS / 3));
  const regions = `(ARRAY['${REGION_CODES.join("','")}'])`;
  // 市本级 takes ~30% of the contacts, the nine 旗区 the rest.
  const region = (r: string) =>
    `${regions}[CASE WHEN ${r} < 0.3 THEN 1 ELSE 2 + floor((${r} - 0.3) / 0.7 * 9)::int END]`;
  const categories = `(ARRAY['${CATEGORIES.join("','")}'])`;
  await db.query(`
    INSERT INTO accounts (id, username, password_hash, display_name, role_code, region_code)
    SELECT gen_random_uuid(), 'bench' || i, '-', '坐席' || i, 'seat', ${regions}[1 + i % 10]
      FROM generate_series(0, ${SEATS - 1}) i;
    INSERT INTO seats (id, account_id, region_code, job_number, name, category, skills)
    SELECT gen_random_uuid(), a.id, a.region_code, 'B' || lpad(substr(a.username, 6), 5, '0'), a.display_name,
           ${categories}[1 + (substr(a.username, 6)::int / 10) % ${CATEGORIES.length}], '[]'
      FROM accounts a WHERE a.username LIKE 'bench%';
    CREATE UNLOGGED TABLE bench_seats AS
      SELECT region_code, (row_number() OVER (PARTITION BY region_code ORDER BY id))::int AS n, id FROM seats;
    CREATE UNLOGGED TABLE bench_seat_counts AS SELECT region_code, count(*)::int AS per_region FROM seats GROUP BY 1;

    INSERT INTO matters (id, region_code, code, name, category)
    SELECT gen_random_uuid(), r.code, 'M' || m, (ARRAY['不动产登记查询','社保卡申领','户口迁移','营业执照办理',
             '医保报销','公积金提取','不动产登记变更','居住证办理','失业登记','生育登记'])[1 + m % 10] || (m / 10 + 1),
           ${categories}[1 + m % ${CATEGORIES.length}]
      FROM regions r, generate_series(0, 29) m;
    CREATE UNLOGGED TABLE bench_matters AS
      SELECT region_code, (row_number() OVER (PARTITION BY region_code ORDER BY code))::int AS n, id, category FROM matters;

    INSERT INTO citizens (id, phone, display_name, identity_type)
    SELECT gen_random_uuid(), '1' || (30 + floor(random() * 60))::int || lpad(floor(random() * 1e8)::int::text, 8, '0'),
           substr('${SURNAMES}', 1 + floor(power(random(), 2) * ${SURNAMES.length})::int, 1)
             || substr('${GIVEN}', 1 + floor(random() * ${GIVEN.length})::int, 1)
             || CASE WHEN random() < 0.7 THEN substr('${GIVEN}', 1 + floor(random() * ${GIVEN.length})::int, 1) ELSE '' END,
           'personal'
      FROM generate_series(1, ${citizens});
    CREATE UNLOGGED TABLE bench_citizens AS
      SELECT (row_number() OVER (ORDER BY id))::int AS n, id, display_name FROM citizens;
  `);
  // One row per ticket with every random choice made once; conversations and tickets copy it.
  await db.query(`
    CREATE UNLOGGED TABLE bench_gen AS
    WITH r AS (
      SELECT i, random() AS rr, random() AS rs, random() AS rc, random() AS rm, random() AS rsat,
             random() AS rseat, random() AS rmat, random() AS rcit, random() AS rt, random() AS rdur
        FROM generate_series(1, ${TICKETS}) i
    ), p AS (
      SELECT r.*, ${region('rr')} AS region_code,
             now() - (rt * 365 * 86400) * interval '1 second' AS created_at,
             CASE WHEN rs < 0.60 THEN 'closed' WHEN rs < 0.85 THEN 'resolved' WHEN rs < 0.88 THEN 'in_progress'
                  WHEN rs < 0.90 THEN 'pending_reply' ELSE 'new' END AS status,
             CASE WHEN rc < 0.70 THEN 'chat' WHEN rc < 0.90 THEN 'phone' WHEN rc < 0.95 THEN 'audio' ELSE 'video' END AS channel
        FROM r
    ), q AS (
      SELECT p.*, 1 + floor(p.rseat * k.per_region)::int AS seat_n
        FROM p JOIN bench_seat_counts k ON k.region_code = p.region_code
    )
    SELECT p.i, gen_random_uuid() AS id, gen_random_uuid() AS conversation_id, p.region_code, p.created_at, p.status,
           p.channel, c.id AS citizen_id, c.display_name AS citizen_name,
           CASE WHEN p.status = 'new' THEN NULL ELSE s.id END AS seat_id,
           CASE WHEN p.rm < 0.6 THEN m.id END AS matter_id,
           CASE WHEN p.rm < 0.6 THEN m.category ELSE '综合咨询' END AS category,
           CASE WHEN p.status <> 'closed' THEN NULL WHEN p.rsat < 0.50 THEN 5 WHEN p.rsat < 0.80 THEN 4
                WHEN p.rsat < 0.90 THEN 3 WHEN p.rsat < 0.94 THEN 2 ELSE 1 END AS satisfaction,
           p.rdur
      FROM q p
      JOIN bench_citizens c ON c.n = 1 + floor(p.rcit * ${citizens})::int
      JOIN bench_seats s ON s.region_code = p.region_code AND s.n = p.seat_n
      JOIN bench_matters m ON m.region_code = p.region_code AND m.n = 1 + floor(p.rmat * 30)::int;
  `);
  await db.query(`
    INSERT INTO conversations (id, citizen_id, region_code, matter_id, channel, status, seat_id, category,
      queued_at, rank_at, accepted_at, ended_at, ended_by, created_at, updated_at)
    SELECT conversation_id, citizen_id, region_code, matter_id, channel,
           'ended', -- none live: the engine's jobs have nothing to do meanwhile
           seat_id, category, created_at, created_at,
           CASE WHEN seat_id IS NOT NULL THEN created_at + interval '40 seconds' END,
           CASE WHEN status IN ('resolved', 'closed') OR seat_id IS NULL
                THEN created_at + interval '40 seconds' + (60 + rdur * 900) * interval '1 second' END,
           'seat', created_at, created_at
      FROM bench_gen;
    INSERT INTO tickets (id, number, conversation_id, citizen_id, region_code, seat_id, matter_id, channel, status,
      satisfaction, category, citizen_name, created_at, updated_at, closed_at)
    SELECT id, 'GD' || to_char(created_at AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') || lpad(i::text, 7, '0'),
           conversation_id, citizen_id, region_code, seat_id, matter_id, channel, status, satisfaction, category,
           citizen_name, created_at, created_at, CASE WHEN status = 'closed' THEN created_at + interval '20 minutes' END
      FROM bench_gen;
    DROP TABLE bench_gen, bench_seats, bench_seat_counts, bench_matters, bench_citizens;
  `);

  // Three people to log in as: an administrator, a supervisor of 东胜区 and its busiest seat.
  const hash = await hashPassword('Bench@2026pass');
  const accounts = {} as Staff['accounts'];
  for (const [as, role, regionCode] of [
    ['admin', 'admin', '150600'],
    ['supervisor', 'supervisor', '150602'],
  ] as const) {
    const username = `bench_${as}`;
    await db.query(
      `INSERT INTO accounts (id, username, password_hash, display_name, role_code, region_code) VALUES ($1, $2, $3, $4, $5, $6)`,
      [randomUUID(), username, hash, as, role, regionCode],
    );
    accounts[as] = { username, password: 'Bench@2026pass' };
  }
  const seat = (
    await db.query<{ id: string; region_code: string; username: string }>(
      `SELECT s.id, s.region_code, a.username FROM seats s JOIN accounts a ON a.id = s.account_id
        WHERE s.region_code = '150602' ORDER BY s.job_number LIMIT 1`,
    )
  ).rows[0]!;
  await db.query('UPDATE accounts SET password_hash = $1 WHERE username = $2', [hash, seat.username]);
  accounts.seat = { username: seat.username, password: 'Bench@2026pass' };
  return { seatId: seat.id, seatRegion: seat.region_code, accounts };
}
