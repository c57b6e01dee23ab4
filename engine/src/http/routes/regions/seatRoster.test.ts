import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../../../test/apiClient.js';
import { createRole, createSeat, createStaff } from '../../../../test/factories.js';
import { startTestEngine, type TestEngine } from '../../../../test/testEngine.js';
import { Account } from '../../../models/index.js';

let engine: TestEngine;
beforeAll(async () => {
  engine = await startTestEngine();
});
afterAll(async () => engine?.stop());

async function staffApi(role: 'supervisor' | 'admin', regionCode: string) {
  const s = await createStaff({ role, regionCode });
  return new ApiClient(engine.url).login(s.username, s.password);
}

type Roster = { seats: Array<{ id: string; name: string; jobNumber: string; category: string; state: string }> };

describe('GET /regions/:code/seat-roster', () => {
  it('lists every seat of the region, offline ones too, by 工号, for staff whose scope covers it', async () => {
    const region = '150622';
    const offline = await createSeat({ regionCode: region, name: '离线坐席', category: '社会保障' });
    const online = await createSeat({ regionCode: region, name: '在线坐席' });
    const elsewhere = await createSeat({ regionCode: '150623' });
    const onlineApi = await new ApiClient(engine.url).login(online.username, online.password);
    expect((await onlineApi.put('/seat/state', { state: 'idle' })).status).toBe(200);

    for (const api of [await staffApi('supervisor', region), await staffApi('admin', '150600')]) {
      const res = await api.get<Roster>(`/regions/${region}/seat-roster`);
      expect(res.status).toBe(200);
      const ids = res.body.seats.map((s) => s.id);
      expect(ids).toEqual(expect.arrayContaining([offline.seat.id, online.seat.id]));
      expect(ids).not.toContain(elsewhere.seat.id);
      expect(res.body.seats.find((s) => s.id === offline.seat.id)).toEqual({
        id: offline.seat.id,
        name: '离线坐席',
        jobNumber: offline.seat.jobNumber,
        category: '社会保障',
        state: 'offline',
      });
      expect(res.body.seats.find((s) => s.id === online.seat.id)?.state).toBe('idle');
      const jobNumbers = res.body.seats.map((s) => s.jobNumber);
      expect(jobNumbers).toEqual([...jobNumbers].sort());
    }

    // The public view still lists the online seat only.
    const cards = await new ApiClient(engine.url).get(`/regions/${region}/seats`);
    const cardIds = cards.body.seats.map((s: { id: string }) => s.id);
    expect(cardIds).toContain(online.seat.id);
    expect(cardIds).not.toContain(offline.seat.id);
    await onlineApi.put('/seat/state', { state: 'offline' });
  });

  it("refuses a supervisor another region's roster with OUT_OF_SCOPE", async () => {
    const res = await (await staffApi('supervisor', '150602')).get(`/regions/150603/seat-roster`);
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: 'OUT_OF_SCOPE', message: '该数据不在您的管辖区域内' });
  });

  it('gives a seat (data scope self) only itself, and its own region only', async () => {
    const region = '150624';
    const me = await createSeat({ regionCode: region });
    const colleague = await createSeat({ regionCode: region });
    const api = await new ApiClient(engine.url).login(me.username, me.password);
    const own = await api.get<Roster>(`/regions/${region}/seat-roster`);
    expect(own.status).toBe(200);
    expect(own.body.seats.map((s) => s.id)).toEqual([me.seat.id]);
    expect(own.body.seats.map((s) => s.id)).not.toContain(colleague.seat.id);
    expect((await api.get(`/regions/150602/seat-roster`)).status).toBe(403);
  });

  it('refuses citizens, anonymous callers and staff without a reading permission; 400 for an unknown region', async () => {
    expect((await new ApiClient(engine.url).get('/regions/150602/seat-roster')).status).toBe(401);
    const citizen = await new ApiClient(engine.url).asGuest();
    expect((await citizen.get('/regions/150602/seat-roster')).status).toBe(403);

    const role = await createRole(['matter.manage'], 'all');
    const curator = await createStaff({ role: 'admin', regionCode: '150600' });
    await Account.update({ roleCode: role.code }, { where: { id: curator.account.id } });
    const curatorApi = await new ApiClient(engine.url).login(curator.username, curator.password);
    expect((await curatorApi.get('/regions/150602/seat-roster')).status).toBe(403);

    const bad = await (await staffApi('admin', '150600')).get('/regions/999999/seat-roster');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
  });
});
