/** 工单流转 on a ticket through the API: note, escalate, hand back, resolve, close, reopen, with scope. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../../../test/apiClient.js';
import { TestClock } from '../../../../test/clock.js';
import { createSeat, createStaff } from '../../../../test/factories.js';
import { startTestEngine, type TestEngine } from '../../../../test/testEngine.js';

const clock = new TestClock();
let engine: TestEngine;
beforeAll(async () => {
  engine = await startTestEngine({ now: clock.now });
});
afterAll(async () => engine?.stop());

async function login(account: { username: string; password: string }) {
  return new ApiClient(engine.url).login(account.username, account.password);
}

describe('ticket flow actions', () => {
  it('escalates to the region’s supervisor, hands back, resolves, closes and reopens within the window', async () => {
    const s = await createSeat({ regionCode: '150621' });
    const seat = await login(s);
    expect((await seat.put('/seat/state', { state: 'idle' })).status).toBe(200);
    const citizen = await new ApiClient(engine.url).asGuest();
    const conversation = (await citizen.post('/conversations', { regionCode: '150621' })).body;
    const [offer] = (await seat.get('/seat/offers')).body.offers;
    expect((await seat.post(`/offers/${offer.id}/accept`)).status).toBe(200);
    const ticketId = conversation.ticket.id as string;
    const act = (api: ApiClient, body: unknown) => api.post(`/tickets/${ticketId}/actions`, body);

    const live = await act(seat, { action: 'resolve' });
    expect(live.status).toBe(409);
    expect(live.body.error.message).toBe('会话仍在进行中，请先结束会话');
    expect((await act(seat, { action: 'note' })).status).toBe(400);
    expect((await act(seat, { action: 'fly' })).status).toBe(400);
    expect((await seat.post(`/tickets/${randomUUID()}/actions`, { action: 'note', note: 'x' })).status).toBe(404);

    expect((await act(seat, { action: 'note', note: '市民需补交材料' })).status).toBe(200);
    const escalated = await act(seat, { action: 'escalate', note: '涉及跨部门，请班长协调' });
    expect(escalated.status).toBe(200);
    expect(escalated.body.ticket.escalatedAt).not.toBeNull();
    expect(escalated.body.ticket.allowedActions).not.toContain('escalate');
    expect((await act(seat, { action: 'escalate', note: '再催' })).status).toBe(409);
    expect((await act(seat, { action: 'hand_back', note: '自己退回' })).status).toBe(403);

    const local = await login(await createStaff({ role: 'supervisor', regionCode: '150621' }));
    const far = await login(await createStaff({ role: 'supervisor', regionCode: '150622' }));
    const queue = await local.get('/tickets?escalated=true');
    expect(queue.body.tickets.map((t: { id: string }) => t.id)).toEqual([ticketId]);
    const outside = await act(far, { action: 'hand_back', note: '越权' });
    expect(outside.status).toBe(403);
    expect(outside.body.error.code).toBe('OUT_OF_SCOPE');
    const detail = (await local.get(`/tickets/${ticketId}`)).body.ticket;
    expect(detail.allowedActions).toEqual(['note', 'hand_back']);
    const handed = await act(local, { action: 'hand_back', note: '已联系民政局，请告知市民下周一办理' });
    expect(handed.status).toBe(200);
    expect(handed.body.ticket.escalatedAt).toBeNull();
    expect((await local.get('/tickets?escalated=true')).body.tickets).toEqual([]);

    expect((await seat.post(`/conversations/${conversation.id}/end`)).status).toBe(200);
    expect((await seat.get(`/tickets/${ticketId}`)).body.ticket).toMatchObject({
      status: 'resolved',
      allowedActions: ['note', 'close', 'reopen'],
    });
    expect((await act(seat, { action: 'close' })).body.ticket.status).toBe('closed');
    const reopened = await act(seat, { action: 'reopen', note: '市民来电补充诉求' });
    expect(reopened.body.ticket.status).toBe('pending_reply');
    expect((await act(seat, { action: 'reopen' })).status).toBe(409);
    expect((await act(local, { action: 'close', note: '已回复' })).body.ticket.status).toBe('closed');

    clock.advance(8 * 86_400_000);
    const late = await act(seat, { action: 'reopen' });
    expect(late.status).toBe(409);
    expect(late.body.error.message).toBe('工单已超过 7 天，不能重新打开');

    const steps = (await local.get(`/tickets/${ticketId}`)).body.ticket.timeline
      .filter((e: { kind: string }) => e.kind === 'event')
      .map((e: { type: string; actor: { name: string } }) => e.type);
    expect(steps.slice(steps.indexOf('note'))).toEqual([
      'note',
      'escalated',
      'handed_back',
      'ended',
      'closed',
      'reopened',
      'closed',
    ]);
  });
});
