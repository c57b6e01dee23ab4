import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../test/apiClient.js';
import { createSeat } from '../../test/factories.js';
import { startTestEngine, type TestEngine } from '../../test/testEngine.js';
import { SeatStateChange } from '../models/index.js';

let engine: TestEngine;
beforeAll(async () => {
  engine = await startTestEngine({ env: { WRAP_UP_SECONDS: '30' } });
});
afterAll(async () => engine?.stop());

describe('话后整理 wrap-up', () => {
  it('pauses the seat after its last contact, counts down, and returns it to idle with the queue moving', async () => {
    const s = await createSeat({ regionCode: '150621' });
    const seat = await new ApiClient(engine.url).login(s.username, s.password);
    await seat.put('/seat/state', { state: 'idle' });
    const first = await new ApiClient(engine.url).asGuest();
    const { body: conv } = await first.post('/conversations', { regionCode: '150621' });
    await seat.post(`/offers/${(await seat.get('/seat/offers')).body.offers[0].id}/accept`);
    const endedAt = Date.now();
    await seat.post(`/conversations/${conv.id}/end`);

    const paused = (await seat.get('/seat')).body;
    expect(paused).toMatchObject({ state: 'paused', pauseReason: 'wrap_up' });
    const endsIn = Date.parse(paused.pauseEndsAt) - endedAt;
    expect(endsIn).toBeGreaterThan(29_000);
    expect(endsIn).toBeLessThan(31_000);

    // a citizen arriving during wrap-up waits
    const second = await new ApiClient(engine.url).asGuest();
    const { body: waiting } = await second.post('/conversations', { regionCode: '150621' });
    expect(waiting.status).toBe('queued');

    expect((await engine.sweeper!.runOnce()).resumed).toBe(0);
    engine.ctx.now = () => new Date(Date.now() + 31_000);
    try {
      expect((await engine.sweeper!.runOnce()).resumed).toBe(1);
    } finally {
      engine.ctx.now = () => new Date();
    }
    expect((await seat.get('/seat')).body).toMatchObject({ state: 'idle', pauseReason: null, pauseEndsAt: null });
    expect((await second.get(`/conversations/${waiting.id}`)).body.status).toBe('offered');

    const changes = await SeatStateChange.findAll({ where: { seatId: s.seat.id }, order: [['id', 'ASC']] });
    expect(changes.map((c) => [c.toState, c.reason])).toEqual([
      ['idle', null],
      ['handling', null],
      ['paused', 'wrap_up'],
      ['idle', null],
    ]);
  });

  it('a seat switching by hand ends the wrap-up at once', async () => {
    const s = await createSeat({ regionCode: '150622' });
    const seat = await new ApiClient(engine.url).login(s.username, s.password);
    await seat.put('/seat/state', { state: 'idle' });
    const citizen = await new ApiClient(engine.url).asGuest();
    const { body: conv } = await citizen.post('/conversations', { regionCode: '150622' });
    await seat.post(`/offers/${(await seat.get('/seat/offers')).body.offers[0].id}/accept`);
    await seat.post(`/conversations/${conv.id}/end`);
    expect((await seat.get('/seat')).body.pauseReason).toBe('wrap_up');
    expect((await seat.put('/seat/state', { state: 'idle' })).body).toMatchObject({ state: 'idle', pauseEndsAt: null });
  });
});
