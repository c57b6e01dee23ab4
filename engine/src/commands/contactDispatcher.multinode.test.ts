/**
 * Two engine processes share one PostgreSQL database and route contacts concurrently: every
 * contact is offered exactly once or still waits, no seat is offered beyond its capacity, and
 * nothing is lost.
 */
import { QueryTypes } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../test/apiClient.js';
import { createSeat } from '../../test/factories.js';
import { spawnEngine, type EngineProcess } from '../../test/spawnEngine.js';
import { startTestEngine, type TestEngine } from '../../test/testEngine.js';
import { Seat } from '../models/index.js';

const SEATS = 200;
const CAPACITY = 3;
const CONTACTS = 1000;

let nodeA: TestEngine & { databaseUrl: string | null };
let nodeB: EngineProcess | null = null;
let urlB: string;

// Offers must not time out while a slow machine is still routing (that would pause seats 未接听).
const SLOW_MACHINE_SAFE = { OFFER_TIMEOUT_SECONDS: '600' };

beforeAll(async () => {
  nodeA = await startTestEngine({ env: SLOW_MACHINE_SAFE });
  if (!nodeA.databaseUrl) return; // embedded PGlite cannot be shared by two processes
  nodeB = await spawnEngine(nodeA.databaseUrl, SLOW_MACHINE_SAFE);
  urlB = nodeB.url;
}, 120_000);

afterAll(async () => {
  await nodeB?.stop();
  await nodeA?.stop();
});

describe('routing on two engine processes', () => {
  it(`routes ${CONTACTS} contacts to ${SEATS} seats: each offered once or still queued, none lost`, async (ctx) => {
    if (!nodeA.databaseUrl) ctx.skip();
    const seats = [];
    for (let i = 0; i < SEATS; i++) seats.push((await createSeat({ regionCode: '150625', capacity: CAPACITY })).seat);
    await Seat.update({ availability: 'available', state: 'idle' }, { where: { id: seats.map((s) => s.id) } });

    const citizens = await Promise.all(
      Array.from({ length: CONTACTS }, (_, i) => new ApiClient(i % 2 === 0 ? nodeA.url : urlB).asGuest()),
    );
    // 50 at a time, alternating nodes
    const results: number[] = [];
    for (let i = 0; i < CONTACTS; i += 50) {
      const batch = await Promise.all(
        citizens.slice(i, i + 50).map((c) => c.post('/conversations', { regionCode: '150625' })),
      );
      results.push(...batch.map((r) => r.status));
    }
    expect(results.every((s) => s === 201)).toBe(true);
    await nodeA.sweeper!.runOnce(); // settle anything a skipped lock left for later

    const q = <T extends object>(sql: string) => nodeA.db.sequelize.query<T>(sql, { type: QueryTypes.SELECT });
    const doubled = await q<{ conversation_id: string }>(
      "SELECT conversation_id FROM offers WHERE status IN ('pending','accepted') GROUP BY conversation_id HAVING count(*) > 1",
    );
    expect(doubled).toEqual([]);
    const overloaded = await q<{ seat_id: string }>(
      `SELECT seat_id FROM offers WHERE status = 'pending' GROUP BY seat_id HAVING count(*) > ${CAPACITY}`,
    );
    expect(overloaded).toEqual([]);
    const statuses = await q<{ status: string; n: number }>(
      "SELECT status, count(*)::int AS n FROM conversations WHERE region_code = '150625' GROUP BY status ORDER BY status",
    );
    expect(statuses).toEqual([
      { status: 'offered', n: SEATS * CAPACITY },
      { status: 'queued', n: CONTACTS - SEATS * CAPACITY },
    ]);
    const offeredWithoutOffer = await q<{ id: string }>(
      "SELECT c.id FROM conversations c WHERE c.status = 'offered' AND NOT EXISTS (SELECT 1 FROM offers o WHERE o.conversation_id = c.id AND o.status = 'pending')",
    );
    expect(offeredWithoutOffer).toEqual([]);
  }, 180_000);
});
