/**
 * The embedded default database: PostgreSQL compiled to WASM (PGlite), file-backed, exposed on
 * a loopback port through pglite-socket so that the same `pg` driver and SQL dialect are used
 * as in production. Queries are serialized by PGlite itself.
 */
import fs from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import type { Logger } from '../../logger.js';

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(dataDir: string, logger: Logger): Promise<EmbeddedPostgres> {
  await fs.mkdir(dataDir, { recursive: true });
  const started = Date.now();
  // pg_trgm backs the ticket search indexes (migration 0007).
  const db = await PGlite.create({ dataDir, extensions: { pg_trgm } });
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 20 });
  await server.start();
  const conn = server.getServerConn(); // "127.0.0.1:PORT"
  logger.info({ dataDir, conn, ms: Date.now() - started }, 'embedded PostgreSQL (PGlite) started');
  return {
    url: `postgres://postgres@${conn}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
