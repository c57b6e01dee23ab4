/**
 * Chat under load: one engine (this process, PostgreSQL, Redis streams when reachable) with
 * BENCH_SOCKETS socket.io connections (default 10,000: citizens and the seats serving them, four
 * conversations a seat), then BENCH_RATE messages/s (default 1,000) for BENCH_SECONDS (20),
 * alternating citizen → seat and seat → citizen across the conversations.
 *
 * The conversations are written straight into the database as the commands leave them after
 * 快速连线 and accept (citizen, guest session, conversation `active`, ticket 处理中, accepted
 * offer, the first system message; seats 忙碌 at capacity with their staff sessions): the API
 * would take minutes for 8,000 of them. The sockets and the posts are real: socket.io over
 * WebSocket, authenticated by the session tokens as the apps do, and POST
 * /api/conversations/:id/messages. The load comes from BENCH_CLIENTS separate processes
 * (chatLoadClient.ts, default 2), each timing post → the recipient's `message.new` on its own
 * clock, so the client side neither shares the engine's event loop nor its file descriptors. On
 * this 2-core machine they still share the CPU with the engine, PostgreSQL and Redis: the
 * figures include that contention (client CPU is printed too).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { REGION_CODES } from '@cloud-seat/contracts';
import { reachable } from '../engine/test/services.js';
import { spawnEngine, type EngineProcess } from '../engine/test/spawnEngine.js';
import type { FromClient, LoadChat, ToClient } from './chatLoadClient.js';
import { engineOn, mb, ms, percentile, scratchDatabase } from './support.js';

const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 10_000);
const RATE = Number(process.env.BENCH_RATE ?? 1000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 2);
/** 2: a second engine process (ROLE=web) serves the seats; citizens stay on the first (needs Redis). */
const NODES = Number(process.env.BENCH_NODES ?? 1);
const USE_REDIS = process.env.BENCH_REDIS !== '0';
const CAPACITY = 4;
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const here = path.dirname(fileURLToPath(import.meta.url));

export async function chatLoad(): Promise<void> {
  const openFiles = softOpenFileLimit();
  // The engine (this process) holds one descriptor a socket; each client process its share.
  if (openFiles !== null && SOCKETS + 1000 > openFiles) {
    console.log(`open-file limit ${openFiles} is too low for ${SOCKETS} sockets in one engine: raise it (ulimit -n)`);
    return;
  }
  const database = await scratchDatabase('cs_bench_load', 'chat load');
  if (!database) return;
  const redis = USE_REDIS && (await reachable(REDIS_URL, 6379));
  const engine = await engineOn({
    DATABASE_URL: database.url,
    ...(redis ? { REDIS_URL } : {}),
    SEED_DEMO: 'false',
    SWEEP_INTERVAL_MS: '60000',
    // Engine settings worth comparing in one place (e.g. SESSION_CACHE_SECONDS=0 against the default).
    ...Object.fromEntries(
      ['DATABASE_POOL_MAX', 'SESSION_CACHE_SECONDS'].flatMap((k) => (process.env[k] ? [[k, process.env[k]!]] : [])),
    ),
  });
  let second: EngineProcess | null = null;
  if (NODES > 1 && !redis) console.log('BENCH_NODES=2 needs Redis (the nodes share realtime through it): one node');
  if (NODES > 1 && redis) {
    second = await spawnEngine(database.url, {
      REDIS_URL,
      ...(process.env.SESSION_CACHE_SECONDS ? { SESSION_CACHE_SECONDS: process.env.SESSION_CACHE_SECONDS } : {}),
    });
  }
  const db = new pg.Client({ connectionString: database.url });
  await db.connect();
  const children: ChildProcess[] = [];
  try {
    const seatCount = Math.round(SOCKETS / (CAPACITY + 1));
    const t0 = performance.now();
    const { chats, seatTokens } = await fill(db, seatCount, SOCKETS - seatCount);
    console.log(
      `${chats.length} active conversations, ${seatCount} seats written in ${ms(performance.now() - t0)}; ` +
        `realtime: ${redis ? 'Redis streams' : 'in-memory'}; ${CLIENTS} client processes; ` +
        (second ? 'two engine nodes (citizens on the first, seats on the second)' : 'one engine node'),
    );

    // Seats go to client processes round robin, each with its conversations (both ends in one process).
    const groups = Array.from({ length: CLIENTS }, () => ({ chats: [] as LoadChat[], seatTokens: [] as string[] }));
    const groupOf = new Map(seatTokens.map((token, i) => [token, groups[i % CLIENTS]!]));
    for (const token of seatTokens) groupOf.get(token)!.seatTokens.push(token);
    for (const c of chats) groupOf.get(c.seatToken)!.chats.push(c);
    const rssBefore = process.memoryUsage().rss;
    const clients = groups.map(() => {
      const child = fork(path.join(here, 'chatLoadClient.ts'), [], { execArgv: ['--import', 'tsx'] });
      children.push(child);
      return child;
    });
    const connected = await Promise.all(
      clients.map((child, i) =>
        ask(
          child,
          { type: 'connect', url: engine.url!, seatUrl: second?.url, ...groups[i]!, concurrency: 100 },
          'connected',
        ),
      ),
    );
    const sockets = connected.reduce((n, r) => n + r.sockets, 0);
    const failed = connected.reduce((n, r) => n + r.failed, 0);
    const rssConnected = process.memoryUsage().rss;
    console.log(
      `sockets connected: ${sockets} of ${SOCKETS}${failed ? ` (${failed} FAILED)` : ''} in ` +
        `${(Math.max(...connected.map((r) => r.ms)) / 1000).toFixed(1)} s; engine RSS ${mb(rssBefore)} → ` +
        `${mb(rssConnected)} (${((rssConnected - rssBefore) / 1024 / Math.max(1, sockets)).toFixed(0)} KB a socket)`,
    );

    let rssPeak = rssConnected;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 250);
    const cpu0 = process.cpuUsage();
    const machine0 = machineCpu();
    const services0 = await serviceCpu(db, second?.pid);
    const started = performance.now();
    // Engine and machine CPU over the load itself (not the wait for late deliveries after it).
    const loadEnd = new Promise<{
      cpu: NodeJS.CpuUsage;
      machine: ReturnType<typeof machineCpu>;
      wallMs: number;
      services: Map<string, number>;
    }>((resolve) =>
      setTimeout(() => {
        const at = { cpu: process.cpuUsage(cpu0), machine: machineCpu(), wallMs: performance.now() - started };
        void serviceCpu(db, second?.pid).then((services) => resolve({ ...at, services }));
      }, SECONDS * 1000),
    );
    const results = await Promise.all(
      clients.map((child) =>
        ask(child, { type: 'run', rate: RATE / CLIENTS, seconds: SECONDS, graceMs: 5000 }, 'result'),
      ),
    );
    clearInterval(sampler);
    const { cpu, machine, wallMs, services } = await loadEnd;
    const serviceShare = (prefix: string) => {
      let used = 0;
      for (const [key, spent] of services) if (key.startsWith(prefix)) used += spent - (services0.get(key) ?? 0);
      return `${((used / wallMs) * 100).toFixed(0)}%`;
    };

    const delivery = results.flatMap((r) => r.delivery).sort((a, b) => a - b);
    const answers = results.flatMap((r) => r.answer).sort((a, b) => a - b);
    const sum = (key: 'sent' | 'refused' | 'undelivered' | 'skipped') => results.reduce((n, r) => n + r[key], 0);
    const runMs = Math.max(...results.map((r) => r.elapsedMs));
    const engineCpu = ((cpu.user + cpu.system) / 1000 / wallMs) * 100;
    const clientCpu = (results.reduce((n, r) => n + r.cpuMs, 0) / wallMs) * 100;
    // Per message only when the engine kept up: otherwise part of the load is still queued.
    const kept = sum('undelivered') + sum('skipped') === 0;
    const perMessage = kept ? ` (${((cpu.user + cpu.system) / 1000 / sum('sent')).toFixed(1)} ms a message)` : '';
    const busy = machine.busy - machine0.busy;
    const all = machine.total - machine0.total;
    console.log(`${RATE} msg/s offered for ${SECONDS} s to ${sockets} sockets:`);
    console.log(
      `  sent ${sum('sent')} (${((sum('sent') / runMs) * 1000).toFixed(0)} msg/s achieved), delivered ` +
        `${delivery.length} (${((delivery.length / runMs) * 1000).toFixed(0)} msg/s)` +
        `${sum('refused') ? `, ${sum('refused')} REFUSED` : ''}` +
        `${sum('undelivered') ? `, ${sum('undelivered')} NOT DELIVERED within 5 s` : ''}` +
        `${sum('skipped') ? `, ${sum('skipped')} not sent (generator backlog)` : ''}`,
    );
    console.log(
      `  post → recipient message.new: p50 ${ms(percentile(delivery, 50))}, p95 ${ms(percentile(delivery, 95))}, ` +
        `p99 ${ms(percentile(delivery, 99))} (goal p99 ≤ 100 ms)`,
    );
    const windows = Array.from({ length: Math.ceil(SECONDS / 5) }, (_, w) =>
      results
        .flatMap((r) => r.delivery.filter((_, i) => Math.floor(r.postedAt[i]! / 5000) === w))
        .sort((x, y) => x - y),
    );
    const p99s = windows.map((w) => (w.length ? ms(percentile(w, 99)) : 'none delivered'));
    console.log(`  p99 by 5 s of the run (posted then): ${p99s.join(', ')}`);
    console.log(
      `  post → HTTP answer: p50 ${ms(percentile(answers, 50))}, p95 ${ms(percentile(answers, 95))}, ` +
        `p99 ${ms(percentile(answers, 99))}`,
    );
    console.log(
      `  engine: CPU ${engineCpu.toFixed(0)}% of one core${perMessage}, RSS ${mb(rssConnected)} connected → ${mb(rssPeak)} peak; ` +
        (second ? `second engine node ${serviceShare('engine:')} of one core; ` : '') +
        `PostgreSQL (this database's backends) ${serviceShare('postgres:')}, Redis ${serviceShare('redis:')}, ` +
        `client processes ${clientCpu.toFixed(0)}%; machine ${((busy / all) * 100).toFixed(0)}% busy ` +
        `(${os.cpus().length} cores: engine, PostgreSQL, Redis and clients)`,
    );
  } finally {
    for (const child of children) if (child.connected) child.send({ type: 'quit' } satisfies ToClient);
    await db.end();
    await second?.stop();
    await engine.stop();
    await database.drop();
  }
}

function ask<T extends FromClient['type']>(
  child: ChildProcess,
  message: ToClient,
  answer: T,
): Promise<Extract<FromClient, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: FromClient) => {
      if (m.type !== answer) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(m as Extract<FromClient, { type: T }>);
    };
    const onExit = (code: number | null) => reject(new Error(`load client exited with ${code}`));
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.send(message);
  });
}

const sessionToken = () => randomBytes(32).toString('base64url');
const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Seats across the ten regions, each serving CAPACITY conversations, with what 快速连线 and
 * accept would have written.
 */
async function fill(db: pg.Client, seatCount: number, chatCount: number) {
  const seats = Array.from({ length: seatCount }, (_, i) => ({
    accountId: randomUUID(),
    seatId: randomUUID(),
    region: REGION_CODES[i % REGION_CODES.length]!,
    token: sessionToken(),
  }));
  const chats = Array.from({ length: chatCount }, (_, i) => ({
    citizenId: randomUUID(),
    conversationId: randomUUID(),
    seat: seats[Math.floor(i / CAPACITY) % seatCount]!,
    token: sessionToken(),
  }));
  const col = <T>(rows: T[], pick: (r: T) => string) => rows.map(pick);
  await db.query('BEGIN');
  await db.query(
    `INSERT INTO accounts (id, username, password_hash, display_name, role_code, region_code)
     SELECT a, 'load' || n, '!', '坐席' || n, 'seat', r FROM unnest($1::uuid[], $2::text[]) WITH ORDINALITY t(a, r, n)`,
    [col(seats, (s) => s.accountId), col(seats, (s) => s.region)],
  );
  await db.query(
    `INSERT INTO seats (id, account_id, region_code, job_number, name, availability, state, active_chats,
                        chat_capacity, state_since, last_seen_at)
     SELECT s, a.id, a.region_code, 'L' || a.username, a.display_name, 'available', 'busy', ${CAPACITY},
            ${CAPACITY}, now(), now()
       FROM unnest($1::uuid[], $2::uuid[]) t(s, acc) JOIN accounts a ON a.id = t.acc`,
    [col(seats, (s) => s.seatId), col(seats, (s) => s.accountId)],
  );
  await db.query(
    `INSERT INTO citizens (id, display_name, identity_type) SELECT c, '访客' || n, 'personal'
       FROM unnest($1::uuid[]) WITH ORDINALITY t(c, n)`,
    [col(chats, (c) => c.citizenId)],
  );
  await db.query(
    `INSERT INTO auth_sessions (token_hash, principal_type, principal_id, expires_at)
     SELECT h, t, p, now() + interval '1 day' FROM unnest($1::text[], $2::text[], $3::uuid[]) x(h, t, p)`,
    [
      [...col(seats, (s) => hashOf(s.token)), ...col(chats, (c) => hashOf(c.token))],
      [...seats.map(() => 'staff'), ...chats.map(() => 'citizen')],
      [...col(seats, (s) => s.accountId), ...col(chats, (c) => c.citizenId)],
    ],
  );
  await db.query(
    `INSERT INTO conversations (id, citizen_id, region_code, channel, status, seat_id, queued_at, accepted_at,
                                last_seq, category, rank_at)
     SELECT c, p, s.region_code, 'chat', 'active', s.id, now(), now(), 1, '综合咨询', now()
       FROM unnest($1::uuid[], $2::uuid[], $3::uuid[]) t(c, p, seat) JOIN seats s ON s.id = t.seat`,
    [col(chats, (c) => c.conversationId), col(chats, (c) => c.citizenId), col(chats, (c) => c.seat.seatId)],
  );
  await db.query(`
    INSERT INTO tickets (id, number, conversation_id, citizen_id, region_code, seat_id, channel, status)
    SELECT gen_random_uuid(), 'YL' || lpad(nextval('ticket_number_seq')::text, 8, '0'), id, citizen_id,
           region_code, seat_id, 'chat', 'in_progress'
      FROM conversations;
    INSERT INTO offers (id, conversation_id, seat_id, status, offered_at, expires_at, responded_at)
    SELECT gen_random_uuid(), id, seat_id, 'accepted', now(), now() + interval '20 seconds', now() FROM conversations;
    INSERT INTO messages (id, conversation_id, seq, sender_type, sender_name, body)
    SELECT gen_random_uuid(), c.id, 1, 'system', '系统', s.name || ' 为您服务'
      FROM conversations c JOIN seats s ON s.id = c.seat_id;
    COMMIT;
    ANALYZE;
  `);
  return {
    chats: chats.map((c) => ({ conversationId: c.conversationId, citizenToken: c.token, seatToken: c.seat.token })),
    seatTokens: seats.map((s) => s.token),
  };
}

function softOpenFileLimit(): number | null {
  try {
    const line = fs
      .readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    return line ? Number(line.split(/\s+/)[3]) : null;
  } catch {
    return null;
  }
}

/** CPU time (ms) so far of this database's PostgreSQL backends and of redis-server, by process. */
async function serviceCpu(db: pg.Client, enginePid?: number): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const { rows } = await db.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
  );
  const redisPids = fs
    .readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d) && readProc(`/proc/${d}/comm`)?.trim() === 'redis-server');
  for (const [prefix, pids] of [
    ['postgres:', rows.map((r) => String(r.pid))],
    ['redis:', redisPids],
    ['engine:', enginePid ? [String(enginePid)] : []],
  ] as const) {
    for (const pid of pids) {
      const stat = readProc(`/proc/${pid}/stat`);
      if (!stat) continue;
      // utime and stime in clock ticks (100 a second), counted after the parenthesized name
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(`${prefix}${pid}`, ((Number(fields[11]) + Number(fields[12])) / 100) * 1000);
    }
  }
  return out;
}

function readProc(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

function machineCpu(): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const { times } of os.cpus()) {
    busy += times.user + times.nice + times.sys + times.irq;
    total += times.user + times.nice + times.sys + times.irq + times.idle;
  }
  return { busy, total };
}
