/**
 * Queue state lives in PostgreSQL: an engine process that crashes (SIGKILL) with contacts
 * waiting loses none of them; the next process serves them in their queue order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../test/apiClient.js';
import { createSeat } from '../../test/factories.js';
import { spawnEngine, type EngineProcess } from '../../test/spawnEngine.js';
import { startTestEngine, type TestEngine } from '../../test/testEngine.js';

let keeper: TestEngine & { databaseUrl: string | null };
const processes: EngineProcess[] = [];

beforeAll(async () => {
  // Owns the database (created from the migrated template, dropped at the end); its own
  // worker does not sweep during the test.
  keeper = await startTestEngine();
});
afterAll(async () => {
  for (const p of processes) await p.stop();
  await keeper?.stop();
});

describe('queue state across an engine crash', () => {
  it('keeps every waiting contact and its order when the process that queued them dies', async (ctx) => {
    if (!keeper.databaseUrl) ctx.skip(); // an embedded PGlite cannot be shared by processes
    const first = await spawnEngine(keeper.databaseUrl!);
    processes.push(first);
    const citizens = await Promise.all(Array.from({ length: 5 }, () => new ApiClient(first.url).asGuest()));
    const ids: string[] = [];
    for (const c of citizens) {
      const created = await c.post('/conversations', { regionCode: '150627' });
      expect(created.body.status).toBe('queued'); // no seat on duty yet
      ids.push(created.body.id as string);
    }
    await first.crash();

    const second = await spawnEngine(keeper.databaseUrl!);
    processes.push(second);
    const standing = await new ApiClient(second.url).get('/regions/150627/queues');
    expect(standing.status).toBe(401); // staff only; the contacts are read below as their citizens
    for (const [i, c] of citizens.entries()) {
      const again = await new ApiClient(second.url).request('GET', `/conversations/${ids[i]}`, undefined, {
        authorization: `Bearer ${c.sessionToken}`,
      });
      expect(again.body).toMatchObject({ status: 'queued', queue: { position: i + 1 } });
    }
    const s = await createSeat({ regionCode: '150627', capacity: 5 });
    const seat = await new ApiClient(second.url).login(s.username, s.password);
    expect((await seat.put('/seat/state', { state: 'idle' })).status).toBe(200);
    const offers = (await seat.get('/seat/offers')).body.offers as Array<{ conversation: { id: string } }>;
    expect(offers.map((o) => o.conversation.id)).toEqual(ids);
  }, 60_000);
});
