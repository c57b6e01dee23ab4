/**
 * The system under test. With E2E_BASE_URL set (the embedded-default smoke run) the tests drive
 * that running system. Otherwise they start the engine in this process on real PostgreSQL (a
 * fresh database) and Redis, serving the built apps, with demo data seeded. On a machine without
 * PostgreSQL or Redis (never in CI) it falls back to the embedded database / in-memory realtime.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../../engine/src/config.js';
import { createLogger } from '../../engine/src/logger.js';
import { startEngine, type Engine } from '../../engine/src/server.js';
import { reachable } from '../../engine/test/services.js';

export interface SystemUnderTest {
  baseUrl: string;
  /** The in-process engine (null when driving E2E_BASE_URL): tests that move time run its sweeper. */
  engine: Engine | null;
  stop(): Promise<void>;
}

const PG_ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export async function startSystem(
  options: {
    now?: () => Date;
    /** Quick connects meet the assistant first (as in production); off: they queue at once. */
    assistant?: boolean;
  } = {},
): Promise<SystemUnderTest> {
  if (process.env.E2E_BASE_URL) {
    return { baseUrl: process.env.E2E_BASE_URL.replace(/\/$/, ''), engine: null, stop: async () => {} };
  }

  const [pgOk, redisOk] = await Promise.all([reachable(PG_ADMIN_URL, 5432), reachable(REDIS_URL, 6379)]);
  if (process.env.CI === 'true' && (!pgOk || !redisOk)) {
    throw new Error(`CI=true needs PostgreSQL (${PG_ADMIN_URL}) and Redis (${REDIS_URL}); see .ci/run`);
  }
  if (!pgOk || !redisOk) {
    console.warn(
      `[e2e] ${pgOk ? '' : 'PostgreSQL '}${redisOk ? '' : 'Redis '}not reachable: using the embedded default instead`,
    );
  }

  const name = `cs_e2e_${randomBytes(4).toString('hex')}`;
  let databaseUrl: string | null = null;
  const dataDir = pgOk ? null : await fs.mkdtemp(path.join(os.tmpdir(), 'cs-e2e-'));
  if (pgOk) {
    await admin(`CREATE DATABASE ${name}`);
    const url = new URL(PG_ADMIN_URL);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
  }
  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { DATA_DIR: dataDir! }),
    ...(redisOk ? { REDIS_URL } : {}),
    SEED_DEMO: 'true',
    ASSISTANT: options.assistant ? 'embedded' : 'off',
    // the embedded switch on OS-chosen SIP ports, so several systems never clash on 5060
    SIP_UDP_PORT: '0',
    SIP_TCP_PORT: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
  });
  const engine = await startEngine(config, createLogger(config.logLevel), { now: options.now });
  return {
    baseUrl: engine.url!,
    engine,
    async stop() {
      await engine.stop();
      if (databaseUrl) await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}
async function admin(sql: string) {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
