/**
 * The system under test. With E2E_BASE_URL set (the embedded-default smoke run) the tests drive
 * that running system. Otherwise they start the engine in this process on real PostgreSQL (a
 * fresh database) and Redis, serving the built apps, with demo data seeded.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { loadConfig } from '../../engine/src/config.js';
import { createLogger } from '../../engine/src/logger.js';
import { startEngine } from '../../engine/src/server.js';

export interface SystemUnderTest {
  baseUrl: string;
  stop(): Promise<void>;
}

const PG_ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export async function startSystem(): Promise<SystemUnderTest> {
  if (process.env.E2E_BASE_URL) return { baseUrl: process.env.E2E_BASE_URL.replace(/\/$/, ''), stop: async () => {} };

  const name = `cs_e2e_${randomBytes(4).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: url.toString(),
    REDIS_URL,
    SEED_DEMO: 'true',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
  });
  const engine = await startEngine(config, createLogger(config.logLevel));
  return {
    baseUrl: engine.url!,
    async stop() {
      await engine.stop();
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
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
