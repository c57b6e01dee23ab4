/**
 * Prepares the database for the engine's integration tests: a template database migrated once,
 * from which every test file clones its own database (so files run in parallel without sharing
 * rows). Without PostgreSQL (fresh machine, not CI), each file uses an embedded PGlite instead.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { Sequelize } from 'sequelize';
import type { TestProject } from 'vitest/node';
import { migrate } from '../src/migrations/index.js';
import { isCI, reachable, TEST_PG_ADMIN_URL, TEST_REDIS_URL, withDatabase } from './services.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string | null;
    pgTemplate: string | null;
    redisUrl: string | null;
  }
}

export default async function setup(project: TestProject) {
  const pgOk = await reachable(TEST_PG_ADMIN_URL, 5432);
  const redisOk = await reachable(TEST_REDIS_URL, 6379);
  if (isCI && (!pgOk || !redisOk)) {
    throw new Error(
      `CI=true but a required service is absent: PostgreSQL ${pgOk ? 'ok' : `unreachable at ${TEST_PG_ADMIN_URL}`}, Redis ${redisOk ? 'ok' : `unreachable at ${TEST_REDIS_URL}`}. Start them (see .ci/run).`,
    );
  }
  if (!pgOk)
    console.warn(
      `[engine tests] PostgreSQL not reachable at ${TEST_PG_ADMIN_URL}: integration tests run on embedded PGlite instead.`,
    );
  if (!redisOk)
    console.warn(
      `[engine tests] Redis not reachable at ${TEST_REDIS_URL}: SKIPPING the Redis-streams realtime suites.`,
    );

  project.provide('redisUrl', redisOk ? TEST_REDIS_URL : null);
  if (!pgOk) {
    project.provide('pgAdminUrl', null);
    project.provide('pgTemplate', null);
    return;
  }

  const template = `cs_test_tpl_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${template}`);
  const sequelize = new Sequelize(withDatabase(TEST_PG_ADMIN_URL, template), { dialect: 'postgres', logging: false });
  await migrate(sequelize);
  await sequelize.close();
  project.provide('pgAdminUrl', TEST_PG_ADMIN_URL);
  project.provide('pgTemplate', template);

  return async () => {
    const { rows } = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`,
      [template, `${template}_%`],
    );
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    await admin.end();
  };
}
