/**
 * 工单流转 of a live conversation through the HTTP API on real PostgreSQL: to a seat (accept,
 * decline, no answer), to a team's queue, and the refusals.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../test/apiClient.js';
import { TestClock } from '../../test/clock.js';
import { createSeat } from '../../test/factories.js';
import { startTestEngine, type TestEngine } from '../../test/testEngine.js';
import { Conversation, Seat, Ticket, TicketEvent } from '../models/index.js';
import { markSeatsSeen } from './seatPresence.js';

const clock = new TestClock();
let engine: TestEngine;
beforeAll(async () => {
  engine = await startTestEngine({ now: clock.now });
});
afterAll(async () => engine?.stop());

async function idleSeat(regionCode: string, options: { category?: string; skills?: string[] } = {}) {
  const s = await createSeat({ regionCode, ...options });
  const api = await new ApiClient(engine.url).login(s.username, s.password);
  expect((await api.put('/seat/state', { state: 'idle' })).status).toBe(200);
  return { ...s, api };
}

type TestSeat = Awaited<ReturnType<typeof idleSeat>>;

/** A citizen whose conversation `seat` (the only idle seat of the region) has accepted. */
async function servedBy(seat: TestSeat, regionCode: string) {
  const citizen = await new ApiClient(engine.url).asGuest({ displayName: '王阿姨' });
  const id = (await citizen.post('/conversations', { regionCode })).body.id as string;
  const [offer] = (await seat.api.get('/seat/offers')).body.offers as Array<{ id: string }>;
  expect((await seat.api.post(`/offers/${offer!.id}/accept`)).status).toBe(200);
  expect(
    (await citizen.post(`/conversations/${id}/messages`, { clientId: crypto.randomUUID(), body: '我想办理社保转移' }))
      .status,
  ).toBe(201);
  return { citizen, id };
}

async function timeline(conversationId: string) {
  const ticket = (await Ticket.findOne({ where: { conversationId } }))!;
  const events = await TicketEvent.findAll({ where: { ticketId: ticket.id }, order: [['id', 'ASC']] });
  return { ticket, types: events.map((e) => e.type), events };
}

describe('transfer to a seat', () => {
  it('moves the conversation with its whole history once the receiver accepts, and tells the citizen', async () => {
    const a = await idleSeat('150621');
    const { citizen, id } = await servedBy(a, '150621');
    const b = await idleSeat('150602');

    const asked = await a.api.post(`/conversations/${id}/transfer`, {
      toSeatId: b.seat.id,
      note: '市民咨询跨省社保转移',
    });
    expect(asked.status).toBe(202);
    expect(asked.body).toMatchObject({ kind: 'offered', conversation: { status: 'active', seat: { id: a.seat.id } } });
    const [offer] = (await b.api.get('/seat/offers')).body.offers;
    expect(offer).toMatchObject({
      id: asked.body.offerId,
      conversation: { id },
      transfer: { fromSeat: { id: a.seat.id, jobNumber: a.seat.jobNumber }, note: '市民咨询跨省社保转移' },
    });
    // Until the receiver accepts, the asking seat still serves.
    expect(
      (await a.api.post(`/conversations/${id}/messages`, { clientId: crypto.randomUUID(), body: '正在为您转接' }))
        .status,
    ).toBe(201);

    const accepted = await b.api.post(`/offers/${offer.id}/accept`);
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ id, status: 'active', seat: { id: b.seat.id } });

    const history = (await b.api.get(`/conversations/${id}/messages?afterSeq=0`)).body.messages as Array<{
      seq: number;
      body: string;
    }>;
    expect(history.map((m) => m.seq)).toEqual(history.map((_, i) => i + 1));
    expect(history.map((m) => m.body)).toContain('我想办理社保转移');
    expect(history.at(-1)!.body).toContain(`已为您转接至坐席 ${b.seat.name}（工号 ${b.seat.jobNumber}）`);
    const seen = (await citizen.get(`/conversations/${id}`)).body;
    expect(seen.seat.id).toBe(b.seat.id);
    // The asking seat no longer holds it.
    expect((await a.api.get(`/conversations/${id}/messages`)).status).toBe(403);
    expect(
      (await a.api.post(`/conversations/${id}/messages`, { clientId: crypto.randomUUID(), body: 'x' })).status,
    ).toBe(403);

    expect((await Seat.findByPk(a.seat.id))!.activeChats).toBe(0);
    expect((await Seat.findByPk(b.seat.id))!.activeChats).toBe(1);
    const { ticket, types, events } = await timeline(id);
    expect(ticket.seatId).toBe(b.seat.id);
    expect(ticket.regionCode).toBe('150602');
    expect(types.slice(-2)).toEqual(['transfer_requested', 'transfer_accepted']);
    expect(events.at(-1)!.actorId).toBe(b.seat.id);
    expect(events.at(-2)!.data).toMatchObject({ toSeatId: b.seat.id, note: '市民咨询跨省社保转移' });
    expect((await Conversation.findByPk(id))!.regionCode).toBe('150602');
  });

  it('leaves everything with the asking seat when the receiver declines', async () => {
    const a = await idleSeat('150622');
    const { id } = await servedBy(a, '150622');
    const b = await idleSeat('150622');
    const asked = await a.api.post(`/conversations/${id}/transfer`, { toSeatId: b.seat.id });
    expect(asked.status).toBe(202);
    expect((await b.api.post(`/offers/${asked.body.offerId}/decline`)).status).toBe(204);
    const conversation = (await Conversation.findByPk(id))!;
    expect(conversation).toMatchObject({ status: 'active', seatId: a.seat.id });
    expect((await timeline(id)).types.slice(-2)).toEqual(['transfer_requested', 'transfer_declined']);
    expect((await Seat.findByPk(b.seat.id))!.activeChats).toBe(0);
    // It may ask again.
    expect((await a.api.post(`/conversations/${id}/transfer`, { toSeatId: b.seat.id })).status).toBe(202);
  });

  it('lapses an unanswered transfer without pausing the receiver', async () => {
    const a = await idleSeat('150623');
    const { id } = await servedBy(a, '150623');
    const b = await idleSeat('150623');
    expect((await a.api.post(`/conversations/${id}/transfer`, { toSeatId: b.seat.id })).status).toBe(202);
    clock.advance(21_000);
    await markSeatsSeen(engine.ctx, [a.seat.id, b.seat.id]);
    await engine.sweeper!.runOnce();
    expect((await timeline(id)).types.at(-1)).toBe('transfer_expired');
    expect(await Conversation.findByPk(id)).toMatchObject({ status: 'active', seatId: a.seat.id });
    expect((await Seat.findByPk(b.seat.id))!.state).toBe('idle');
  });

  it('refuses what cannot be transferred, with a clear 4xx and nothing changed', async () => {
    const a = await idleSeat('150624');
    const { citizen, id } = await servedBy(a, '150624');
    const b = await idleSeat('150624');
    const other = await idleSeat('150624');

    const both = await a.api.post(`/conversations/${id}/transfer`, { toSeatId: b.seat.id, toCategory: '社会保障' });
    expect(both.status).toBe(400);
    expect(both.body.error.code).toBe('VALIDATION_FAILED');
    expect((await a.api.post(`/conversations/${id}/transfer`, {})).status).toBe(400);
    expect((await a.api.post(`/conversations/${id}/transfer`, { toSeatId: 'not-a-uuid' })).status).toBe(400);
    expect((await a.api.post(`/conversations/${id}/transfer`, { toRegionCode: '999999' })).status).toBe(400);
    const self = await a.api.post(`/conversations/${id}/transfer`, { toSeatId: a.seat.id });
    expect(self.status).toBe(409);
    expect(self.body.error.message).toBe('不能转接给自己');
    expect((await other.api.post(`/conversations/${id}/transfer`, { toSeatId: b.seat.id })).status).toBe(403);
    expect((await citizen.post(`/conversations/${id}/transfer`, { toSeatId: b.seat.id })).status).toBe(403);
    expect((await a.api.post(`/conversations/${crypto.randomUUID()}/transfer`, { toSeatId: b.seat.id })).status).toBe(
      404,
    );
    expect((await a.api.post(`/conversations/${id}/transfer`, { toSeatId: crypto.randomUUID() })).status).toBe(404);
    expect((await b.api.put('/seat/state', { state: 'paused', reason: 'meeting' })).status).toBe(200);
    const paused = await a.api.post(`/conversations/${id}/transfer`, { toSeatId: b.seat.id });
    expect(paused.status).toBe(409);
    expect(paused.body.error.message).toContain('不在线或暂停服务');
    expect((await a.api.post(`/conversations/${id}/transfer`, { toSeatId: other.seat.id })).status).toBe(202);
    const twice = await a.api.post(`/conversations/${id}/transfer`, { toSeatId: other.seat.id });
    expect(twice.status).toBe(409);
    expect((await a.api.post(`/conversations/${id}/transfer`, { toCategory: '综合咨询' })).status).toBe(409);

    expect((await a.api.post(`/conversations/${id}/end`)).status).toBe(200);
    expect((await other.api.get('/seat/offers')).body.offers).toEqual([]);
    expect((await a.api.post(`/conversations/${id}/transfer`, { toSeatId: other.seat.id })).status).toBe(409);
    expect((await timeline(id)).types.filter((t) => t === 'transfer_requested')).toHaveLength(1);
  });
});

describe('transfer to a team or another region', () => {
  it('puts the contact at the head of the team queue, frees the seat and routes it there', async () => {
    const a = await idleSeat('150625');
    const { citizen, id } = await servedBy(a, '150625');
    const social = await idleSeat('150600', { category: '社会保障', skills: ['社保'] });

    const moved = await a.api.post(`/conversations/${id}/transfer`, {
      toRegionCode: '150600',
      toCategory: '社会保障',
      note: '需要市本级社保窗口',
    });
    expect(moved.status).toBe(200);
    expect(moved.body.kind).toBe('queued');
    expect((await Seat.findByPk(a.seat.id))!.activeChats).toBe(0);
    const [offer] = (await social.api.get('/seat/offers')).body.offers;
    expect(offer.conversation).toMatchObject({ id, category: '社会保障' });
    expect((await social.api.post(`/offers/${offer.id}/accept`)).status).toBe(200);
    const messages = (await citizen.get(`/conversations/${id}/messages?afterSeq=0`)).body.messages as Array<{
      body: string;
    }>;
    expect(messages.map((m) => m.body)).toContain('我想办理社保转移');
    expect(messages.some((m) => m.body.startsWith('正在为您转接至'))).toBe(true);
    const { ticket, types } = await timeline(id);
    expect(types).toContain('transferred_to_queue');
    expect(ticket).toMatchObject({
      regionCode: '150600',
      category: '社会保障',
      seatId: social.seat.id,
      status: 'in_progress',
    });
  });
});
