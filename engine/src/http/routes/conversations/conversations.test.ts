import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../../../test/apiClient.js';
import { createSeat, createStaff } from '../../../../test/factories.js';
import { startTestEngine, type TestEngine } from '../../../../test/testEngine.js';
import { Offer, SeatStateChange, Ticket, TicketEvent } from '../../../models/index.js';

let engine: TestEngine;
beforeAll(async () => {
  engine = await startTestEngine();
});
afterAll(async () => engine?.stop());

/** A seat of its own region, logged in and set idle; each test uses its own region. */
async function idleSeat(regionCode: string, capacity = 3) {
  const s = await createSeat({ regionCode, capacity });
  const api = await new ApiClient(engine.url).login(s.username, s.password);
  expect((await api.put('/seat/state', { state: 'idle' })).status).toBe(200);
  return { ...s, api };
}

async function offline(api: ApiClient) {
  await api.put('/seat/state', { state: 'offline' });
}

describe('the chat slice: quick connect → offer → accept → messages → end → evaluation', () => {
  it('runs end to end and records everything on the ticket', async () => {
    const seat = await idleSeat('150621');
    const citizen = await new ApiClient(engine.url).asGuest({ displayName: '王先生' });

    const created = await citizen.post('/conversations', { regionCode: '150621' });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('offered');
    expect(created.body.ticket.number).toMatch(/^GD\d{14}$/);
    const id = created.body.id as string;

    const offers = await seat.api.get('/seat/offers');
    expect(offers.body.offers).toHaveLength(1);
    expect(offers.body.offers[0].conversation).toMatchObject({ id, citizen: { displayName: '王先生' } });

    const accepted = await seat.api.post(`/offers/${offers.body.offers[0].id}/accept`);
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'active', seat: { id: seat.seat.id } });
    expect((await seat.api.get('/seat')).body.state).toBe('handling');

    const c1 = randomUUID();
    expect(
      (await citizen.post(`/conversations/${id}/messages`, { clientId: c1, body: '你好，我想咨询结婚登记' })).status,
    ).toBe(201);
    expect(
      (
        await seat.api.post(`/conversations/${id}/messages`, {
          clientId: randomUUID(),
          body: '您好，请带好身份证和户口本。',
        })
      ).status,
    ).toBe(201);

    const messages = (await citizen.get(`/conversations/${id}/messages`)).body.messages as Array<{
      seq: number;
      senderType: string;
      body: string;
    }>;
    expect(messages.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    expect(messages.map((m) => m.senderType)).toEqual(['system', 'system', 'citizen', 'seat']);
    expect(messages[1]!.body).toContain(seat.seat.jobNumber);
    const resumed = (await citizen.get(`/conversations/${id}/messages?afterSeq=2`)).body.messages;
    expect(resumed.map((m: { seq: number }) => m.seq)).toEqual([3, 4]);

    const ended = await seat.api.post(`/conversations/${id}/end`);
    expect(ended.body.status).toBe('ended');
    expect((await seat.api.get('/seat')).body.state).toBe('idle');
    const late = await citizen.post(`/conversations/${id}/messages`, { clientId: randomUUID(), body: '还在吗？' });
    expect([late.status, late.body.error.code, late.body.error.message]).toEqual([
      409,
      'CONVERSATION_ENDED',
      '会话已结束',
    ]);
    expect(
      (await seat.api.post(`/conversations/${id}/messages`, { clientId: randomUUID(), body: '补充' })).status,
    ).toBe(409);
    // A retry of a message stored before the end still gets its message, and takes no seq.
    const lastSeqBefore = (await citizen.get(`/conversations/${id}`)).body.lastSeq as number;
    const retried = await citizen.post(`/conversations/${id}/messages`, {
      clientId: c1,
      body: '你好，我想咨询结婚登记',
    });
    expect([retried.status, retried.body.seq]).toEqual([200, 3]);
    expect((await citizen.get(`/conversations/${id}`)).body.lastSeq).toBe(lastSeqBefore);

    const rated = await citizen.post(`/conversations/${id}/evaluation`, { label: 'satisfied' });
    expect(rated.status).toBe(200);
    expect(rated.body.evaluation).toMatchObject({ rating: 4, label: 'satisfied' });
    const again = await citizen.post(`/conversations/${id}/evaluation`, { rating: 1 });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ALREADY_EVALUATED');

    const ticket = await Ticket.findOne({ where: { conversationId: id } });
    expect(ticket).toMatchObject({ status: 'closed', satisfaction: 4, seatId: seat.seat.id });
    const events = await TicketEvent.findAll({ where: { ticketId: ticket!.id }, order: [['id', 'ASC']] });
    expect(events.map((e) => e.type)).toEqual(['created', 'queued', 'offered', 'accepted', 'ended', 'evaluated']);
    const changes = await SeatStateChange.findAll({ where: { seatId: seat.seat.id }, order: [['id', 'ASC']] });
    expect(changes.map((c) => c.toState)).toEqual(['idle', 'handling', 'idle']);
    await offline(seat.api);
  });

  it('stores a retried message once (same clientId)', async () => {
    const seat = await idleSeat('150622');
    const citizen = await new ApiClient(engine.url).asGuest();
    const { body: conv } = await citizen.post('/conversations', { regionCode: '150622' });
    const clientId = randomUUID();
    const results = await Promise.all(
      [1, 2, 3].map(() => citizen.post(`/conversations/${conv.id}/messages`, { clientId, body: '重复发送' })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 201]);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    const messages = (await citizen.get(`/conversations/${conv.id}/messages`)).body.messages;
    expect(messages.filter((m: { body: string }) => m.body === '重复发送')).toHaveLength(1);
    await citizen.post(`/conversations/${conv.id}/end`);
    await offline(seat.api);
  });

  it('returns the open conversation instead of queueing a citizen twice', async () => {
    const citizen = await new ApiClient(engine.url).asGuest();
    const first = await citizen.post('/conversations', { regionCode: '150623' });
    const second = await citizen.post('/conversations', { regionCode: '150623' });
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.body.id).toBe(first.body.id);
    expect(first.body.status).toBe('queued');
    const cancelled = await citizen.post(`/conversations/${first.body.id}/end`);
    expect(cancelled.body.status).toBe('abandoned');
  });

  it('offers a waiting citizen as soon as a seat becomes idle, and never beyond capacity', async () => {
    const citizens = await Promise.all([1, 2, 3].map(() => new ApiClient(engine.url).asGuest()));
    const convs = [];
    for (const c of citizens) convs.push(await c.post('/conversations', { regionCode: '150624' }));
    expect(convs.every((c) => c.body.status === 'queued')).toBe(true);
    const seat = await idleSeat('150624', 2);
    const offers = (await seat.api.get('/seat/offers')).body.offers;
    expect(offers).toHaveLength(2);
    const statuses = await Promise.all(convs.map((c, i) => citizens[i]!.get(`/conversations/${c.body.id}`)));
    expect(statuses.map((s) => s.body.status).sort()).toEqual(['offered', 'offered', 'queued']);
    // the oldest contacts come first
    expect(offers.map((o: { conversation: { id: string } }) => o.conversation.id)).toEqual([
      convs[0]!.body.id,
      convs[1]!.body.id,
    ]);
    for (const [i, c] of convs.entries()) await citizens[i]!.post(`/conversations/${c.body.id}/end`);
    await offline(seat.api);
  });

  it('lets exactly one of two concurrent accepts win', async () => {
    const seat = await idleSeat('150625');
    const citizen = await new ApiClient(engine.url).asGuest();
    const { body: conv } = await citizen.post('/conversations', { regionCode: '150625' });
    const offerId = (await seat.api.get('/seat/offers')).body.offers[0].id;
    const [a, b] = await Promise.all([
      seat.api.post(`/offers/${offerId}/accept`),
      seat.api.post(`/offers/${offerId}/accept`),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect((await seat.api.get('/seat')).body.activeContacts).toBe(1);
    await seat.api.post(`/conversations/${conv.id}/end`);
    await offline(seat.api);
  });

  it('re-offers to the next seat when one declines or lets the offer expire', async () => {
    const first = await idleSeat('150626');
    const second = await idleSeat('150626');
    const citizen = await new ApiClient(engine.url).asGuest();
    const { body: conv } = await citizen.post('/conversations', { regionCode: '150626' });
    const firstOffers = (await first.api.get('/seat/offers')).body.offers;
    const secondOffers = (await second.api.get('/seat/offers')).body.offers;
    const [holder, other] = firstOffers.length ? [first, second] : [second, first];
    const offerId = (firstOffers[0] ?? secondOffers[0]).id;
    expect((await holder.api.post(`/offers/${offerId}/decline`)).status).toBe(204);
    const next = (await other.api.get('/seat/offers')).body.offers;
    expect(next.map((o: { conversation: { id: string } }) => o.conversation.id)).toEqual([conv.id]);

    // let it expire (20 s offer timeout): the sweeper puts it back, and both seats refused it
    // less than the 60 s re-offer delay ago, so nobody takes it yet
    engine.ctx.now = () => new Date(Date.now() + 30_000);
    const swept = await engine.sweeper!.runOnce();
    engine.ctx.now = () => new Date();
    expect(swept.expired).toBeGreaterThanOrEqual(1);
    expect((await Offer.findByPk(next[0].id))?.status).toBe('expired');
    expect((await citizen.get(`/conversations/${conv.id}`)).body.status).toBe('queued');
    // the seat that let it ring out is paused as 未接听 until it switches back
    expect((await other.api.get('/seat')).body).toMatchObject({ state: 'paused', pauseReason: 'no_answer' });
    const expiredAccept = await other.api.post(`/offers/${next[0].id}/accept`);
    expect(expiredAccept.status).toBe(409);
    expect(expiredAccept.body.error.code).toBe('OFFER_GONE');
    await citizen.post(`/conversations/${conv.id}/end`);
    await offline(first.api);
    await offline(second.api);
  });
});

describe('a contact every seat refused', () => {
  it('does not block the contacts behind it, and is offered again after the re-offer delay', async () => {
    const seat = await idleSeat('150603');
    const first = await new ApiClient(engine.url).asGuest();
    const { body: refused } = await first.post('/conversations', { regionCode: '150603' });
    const offerId = (await seat.api.get('/seat/offers')).body.offers[0].id;
    await seat.api.post(`/offers/${offerId}/decline`);
    expect((await first.get(`/conversations/${refused.id}`)).body.status).toBe('queued');

    const second = await new ApiClient(engine.url).asGuest();
    const { body: behind } = await second.post('/conversations', { regionCode: '150603' });
    expect(behind.status).toBe('offered');
    const offers = (await seat.api.get('/seat/offers')).body.offers;
    expect(offers.map((o: { conversation: { id: string } }) => o.conversation.id)).toEqual([behind.id]);
    expect((await seat.api.post(`/offers/${offers[0].id}/accept`)).status).toBe(200);

    // after the re-offer delay the refused contact comes back to the same seat
    engine.ctx.now = () => new Date(Date.now() + 61_000);
    try {
      await engine.sweeper!.runOnce();
    } finally {
      engine.ctx.now = () => new Date();
    }
    expect((await first.get(`/conversations/${refused.id}`)).body.status).toBe('offered');
    await first.post(`/conversations/${refused.id}/end`);
    await seat.api.post(`/conversations/${behind.id}/end`);
    await offline(seat.api);
  });
});

describe('queue standing', () => {
  it('tells waiting citizens their position and an estimated wait, and moves them up', async () => {
    const citizens = [];
    const convs = [];
    for (let i = 0; i < 3; i++) {
      const c = await new ApiClient(engine.url).asGuest();
      citizens.push(c);
      convs.push((await c.post('/conversations', { regionCode: '150602' })).body);
    }
    expect(convs.map((c) => c.queue)).toEqual([
      { position: 1, estimatedWaitSeconds: null },
      { position: 2, estimatedWaitSeconds: null },
      { position: 3, estimatedWaitSeconds: null },
    ]);
    // a seat on duty but busy gives an estimate (default 180 s handling while nothing ended yet)
    const s = await createSeat({ regionCode: '150602' });
    const seatApi = await new ApiClient(engine.url).login(s.username, s.password);
    await seatApi.put('/seat/state', { state: 'busy' });
    await citizens[0]!.post(`/conversations/${convs[0].id}/end`);
    const third = (await citizens[2]!.get(`/conversations/${convs[2].id}`)).body;
    expect(third.queue).toEqual({ position: 2, estimatedWaitSeconds: 360 });
    for (const [i, c] of convs.entries()) await citizens[i]!.post(`/conversations/${c.id}/end`);
    await offline(seatApi);
  });
});

describe('permissions and data scope', () => {
  it('keeps a conversation from other citizens, other seats and out-of-region supervisors', async () => {
    const seat = await idleSeat('150627');
    const owner = await new ApiClient(engine.url).asGuest();
    const { body: conv } = await owner.post('/conversations', { regionCode: '150627' });
    await seat.api.post(`/offers/${(await seat.api.get('/seat/offers')).body.offers[0].id}/accept`);

    const stranger = await new ApiClient(engine.url).asGuest();
    expect((await stranger.get(`/conversations/${conv.id}`)).status).toBe(404);
    expect(
      (await stranger.post(`/conversations/${conv.id}/messages`, { clientId: randomUUID(), body: 'x' })).status,
    ).toBe(403);

    const otherSeat = await createSeat({ regionCode: '150627' });
    const otherSeatApi = await new ApiClient(engine.url).login(otherSeat.username, otherSeat.password);
    expect((await otherSeatApi.get(`/conversations/${conv.id}`)).status).toBe(403);
    expect((await otherSeatApi.post(`/conversations/${conv.id}/end`)).status).toBe(403);

    const farSupervisor = await createStaff({ role: 'supervisor', regionCode: '150600' });
    const far = await new ApiClient(engine.url).login(farSupervisor.username, farSupervisor.password);
    const denied = await far.get(`/conversations/${conv.id}`);
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('OUT_OF_SCOPE');

    const nearSupervisor = await createStaff({ role: 'supervisor', regionCode: '150627' });
    const near = await new ApiClient(engine.url).login(nearSupervisor.username, nearSupervisor.password);
    expect((await near.get(`/conversations/${conv.id}`)).status).toBe(200);
    // a supervisor reads but does not take the seat's place in the chat
    expect((await near.post(`/conversations/${conv.id}/messages`, { clientId: randomUUID(), body: 'x' })).status).toBe(
      403,
    );

    const admin = await createStaff({ role: 'admin', regionCode: '150600' });
    const adminApi = await new ApiClient(engine.url).login(admin.username, admin.password);
    expect((await adminApi.get(`/conversations/${conv.id}`)).status).toBe(200);
    await seat.api.post(`/conversations/${conv.id}/end`);
    await offline(seat.api);
  });

  it('refuses seat routes to non-seats and citizen routes to staff', async () => {
    const sup = await createStaff({ role: 'supervisor' });
    const api = await new ApiClient(engine.url).login(sup.username, sup.password);
    expect((await api.get('/seat/offers')).status).toBe(403);
    expect((await api.post('/conversations', { regionCode: '150600' })).status).toBe(403);
    const anon = new ApiClient(engine.url);
    expect((await anon.post('/conversations', { regionCode: '150600' })).status).toBe(401);
    expect((await anon.get('/seat')).status).toBe(401);
  });

  it('validates every input with a 4xx and a Chinese message', async () => {
    const citizen = await new ApiClient(engine.url).asGuest();
    const badRegion = await citizen.post('/conversations', { regionCode: '999999' });
    expect(badRegion.status).toBe(400);
    expect(badRegion.body.error).toMatchObject({ code: 'VALIDATION_FAILED', message: '请求内容不正确，请检查后重试' });
    expect((await citizen.get('/conversations/not-a-uuid')).status).toBe(400);
    expect((await citizen.get(`/conversations/${randomUUID()}`)).status).toBe(404);
    const { body: conv } = await citizen.post('/conversations', { regionCode: '150600' });
    const tooLong = await citizen.post(`/conversations/${conv.id}/messages`, {
      clientId: randomUUID(),
      body: '长'.repeat(2001),
    });
    expect(tooLong.status).toBe(400);
    const huge = await citizen.post(`/conversations/${conv.id}/messages`, {
      clientId: randomUUID(),
      body: 'x'.repeat(70_000),
    });
    expect(huge.status).toBe(413);
    const early = await citizen.post(`/conversations/${conv.id}/evaluation`, { rating: 5 });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('INVALID_STATE');
    expect((await citizen.post(`/conversations/${conv.id}/evaluation`, {})).status).toBe(400);
    expect((await citizen.get('/no-such-route')).status).toBe(404);
    // nothing stored was lost by the bad requests
    const messages = (await citizen.get(`/conversations/${conv.id}/messages`)).body.messages;
    expect(messages).toHaveLength(1);
    await citizen.post(`/conversations/${conv.id}/end`);
  });
});
