/**
 * Starts a real engine for one test file: its own PostgreSQL database cloned from the migrated
 * template (or an embedded PGlite when PostgreSQL is absent), an HTTP port chosen by the OS,
 * and optionally Redis for realtime.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { startEngine, type Engine } from '../src/server.js';
import { withDatabase } from './services.js';

export interface TestEngine extends Engine {
  url: string;
}

export async function startTestEngine(
  options: {
    redis?: boolean;
    role?: 'all' | 'web' | 'worker';
    databaseUrl?: string;
    env?: Record<string, string>;
    /** A clock the test moves (appointments, timeouts). */
    now?: () => Date;
  } = {},
): Promise<TestEngine & { databaseUrl: string | null }> {
  const adminUrl = inject('pgAdminUrl');
  const template = inject('pgTemplate');
  const redisUrl = inject('redisUrl');
  let databaseUrl: string | null = options.databaseUrl ?? null;
  let dropDatabase: (() => Promise<void>) | null = null;
  let dataDir: string | null = null;

  if (!databaseUrl && adminUrl && template) {
    const name = `${template}_${randomBytes(4).toString('hex')}`;
    await adminQuery(adminUrl, `CREATE DATABASE ${name} TEMPLATE ${template}`);
    databaseUrl = withDatabase(adminUrl, name);
    dropDatabase = () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } else if (!databaseUrl) {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'cs-test-'));
  }

  const config = loadConfig({
    NODE_ENV: 'test',
    ROLE: options.role ?? 'all',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    SEED_DEMO: 'false',
    SWEEP_INTERVAL_MS: '60000',
    OFFER_TIMEOUT_SECONDS: '20',
    // Test clients mostly drive seats over HTTP without a socket; presence tests lower this.
    SEAT_DISCONNECT_GRACE_SECONDS: '3600',
    // Most suites test the queue; the assistant's suites turn it on (ASSISTANT: 'embedded').
    ASSISTANT: 'off',
    // The call suites turn the embedded switch on (SWITCH: 'embedded', SIP ports 0).
    SWITCH: 'off',
    SIP_UDP_PORT: '0',
    SIP_TCP_PORT: '0',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { DATA_DIR: dataDir! }),
    ...(options.redis && redisUrl ? { REDIS_URL: redisUrl } : {}),
    ...options.env,
  });
  const engine = await startEngine(config, createLogger(config.logLevel), { now: options.now });
  const stop = engine.stop.bind(engine);
  return {
    ...engine,
    url: engine.url ?? '',
    databaseUrl,
    async stop() {
      await stop();
      await dropDatabase?.();
      if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
