/** 服务评价 later from 我的工单: within 7 days of the end, once, by the citizen only. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../test/apiClient.js';
import { TestClock } from '../../test/clock.js';
import { createSeat } from '../../test/factories.js';
import { startTestEngine, type TestEngine } from '../../test/testEngine.js';
import { Ticket } from '../models/index.js';

const clock = new TestClock();
let engine: TestEngine;
beforeAll(async () => {
  engine = await startTestEngine({ now: clock.now });
});
afterAll(async () => engine?.stop());

/** A conversation served and ended by a fresh seat of `regionCode`. */
async function endedConversation(regionCode: string) {
  const s = await createSeat({ regionCode });
  const seat = await new ApiClient(engine.url).login(s.username, s.password);
  expect((await seat.put('/seat/state', { state: 'idle' })).status).toBe(200);
  const citizen = await new ApiClient(engine.url).asGuest();
  const id = (await citizen.post('/conversations', { regionCode })).body.id as string;
  const [offer] = (await seat.get('/seat/offers')).body.offers as Array<{ id: string }>;
  expect((await seat.post(`/offers/${offer!.id}/accept`)).status).toBe(200);
  expect((await seat.post(`/conversations/${id}/end`)).status).toBe(200);
  expect((await seat.put('/seat/state', { state: 'offline' })).status).toBe(200);
  return { id, citizen, seat };
}

describe('late evaluation', () => {
  it('accepts a rating six days after the end and closes the ticket', async () => {
    const { id, citizen, seat } = await endedConversation('150626');
    clock.advance(6 * 86_400_000);
    expect((await seat.post(`/conversations/${id}/evaluation`, { rating: 5 })).status).toBe(403);
    const rated = await citizen.post(`/conversations/${id}/evaluation`, { label: 'very_satisfied', comment: '很耐心' });
    expect(rated.status).toBe(200);
    expect(rated.body.evaluation).toMatchObject({ rating: 5, label: 'very_satisfied' });
    expect(await Ticket.findOne({ where: { conversationId: id } })).toMatchObject({
      satisfaction: 5,
      status: 'closed',
    });
  });

  it('refuses a rating more than seven days after the end, storing nothing', async () => {
    const { id, citizen } = await endedConversation('150627');
    clock.advance(7 * 86_400_000 + 60_000);
    const late = await citizen.post(`/conversations/${id}/evaluation`, { rating: 2 });
    expect(late.status).toBe(409);
    expect(late.body.error).toMatchObject({ code: 'INVALID_STATE', message: '服务结束已超过 7 天，无法再评价' });
    expect((await Ticket.findOne({ where: { conversationId: id } }))!.satisfaction).toBeNull();
  });
});
