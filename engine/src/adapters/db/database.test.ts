import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { QueryTypes } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../logger.js';
import { openDatabase, type Database } from './database.js';

/**
 * The embedded default (PGlite behind pglite-socket) with CLS transactions. Without CLS, the
 * un-passed query inside the transaction below would wait forever for the transaction's
 * connection (PGlite serializes queries).
 */
describe('embedded PostgreSQL with CLS transactions', () => {
  let db: Database;
  let dir: string;

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cs-pglite-'));
    db = await openDatabase({ kind: 'embedded', dataDir: dir, poolMax: 5 }, createLogger('silent'));
    await db.sequelize.query('CREATE TABLE cls_probe (id int PRIMARY KEY, v text)');
  }, 60_000);
  afterAll(async () => {
    await db?.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('speaks real PostgreSQL', async () => {
    const [row] = await db.sequelize.query<{ v: string }>('SHOW server_version', { type: QueryTypes.SELECT });
    expect(Number.parseInt(Object.values(row!)[0] as string, 10)).toBeGreaterThanOrEqual(15);
  });

  it('runs queries that do not pass the transaction inside it, and rolls them back with it', async () => {
    await expect(
      db.sequelize.transaction(async () => {
        await db.sequelize.query("INSERT INTO cls_probe VALUES (1, 'inside')");
        const rows = await db.sequelize.query('SELECT v FROM cls_probe WHERE id = 1', { type: QueryTypes.SELECT });
        expect(rows).toHaveLength(1);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    const after = await db.sequelize.query('SELECT v FROM cls_probe WHERE id = 1', { type: QueryTypes.SELECT });
    expect(after).toHaveLength(0);
  });

  it('keeps concurrent transactions apart and serializes FOR UPDATE', async () => {
    await db.sequelize.query("INSERT INTO cls_probe VALUES (2, '0')");
    await Promise.all(
      Array.from({ length: 10 }, () =>
        db.sequelize.transaction(async () => {
          const [row] = await db.sequelize.query<{ v: string }>('SELECT v FROM cls_probe WHERE id = 2 FOR UPDATE', {
            type: QueryTypes.SELECT,
          });
          await db.sequelize.query('UPDATE cls_probe SET v = :v WHERE id = 2', {
            replacements: { v: String(Number(row!.v) + 1) },
          });
        }),
      ),
    );
    const [row] = await db.sequelize.query<{ v: string }>('SELECT v FROM cls_probe WHERE id = 2', {
      type: QueryTypes.SELECT,
    });
    expect(row!.v).toBe('10');
  });
});
