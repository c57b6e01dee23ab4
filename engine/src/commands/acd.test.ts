/**
 * ACD behaviour through the HTTP API on real PostgreSQL: queues by business category, ring-all,
 * overflow to 市本级, the chosen-seat wait choice and the seat disconnect grace.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../test/apiClient.js';
import { TestClock } from '../../test/clock.js';
import { createSeat, createStaff } from '../../test/factories.js';
import { startTestEngine, type TestEngine } from '../../test/testEngine.js';
import { Conversation, Offer, SeatStateChange, TicketEvent } from '../models/index.js';
import { markSeatsSeen } from './seatPresence.js';

const clock = new TestClock();
let engine: TestEngine;
let admin: ApiClient;
beforeAll(async () => {
  engine = await startTestEngine({ now: clock.now, env: { SEAT_DISCONNECT_GRACE_SECONDS: '30' } });
  const a = await createStaff({ role: 'admin', regionCode: '150600' });
  admin = await new ApiClient(engine.url).login(a.username, a.password);
});
afterAll(async () => engine?.stop());

async function idleSeat(regionCode: string, options: { category?: string; skills?: string[] } = {}) {
  const s = await createSeat({ regionCode, ...options });
  const api = await new ApiClient(engine.url).login(s.username, s.password);
  expect((await api.put('/seat/state', { state: 'idle' })).status).toBe(200);
  return { ...s, api };
}

/** The workbench heartbeat (realtime gateway) for seats that stay connected while the clock moves. */
async function heartbeat(...seats: Array<{ seat: { id: string } }>) {
  await markSeatsSeen(
    engine.ctx,
    seats.map((s) => s.seat.id),
  );
}

async function pendingOffers(api: ApiClient) {
  return (await api.get('/seat/offers')).body.offers as Array<{ id: string; conversation: { id: string } }>;
}

describe('queues by business category', () => {
  it('routes a matter to the seat whose team serves its category, not to an idle general seat', async () => {
    const general = await idleSeat('150602');
    const social = await idleSeat('150602', { category: '社会保障', skills: ['社保'] });
    const matters = (await new ApiClient(engine.url).get('/regions/150602/matters')).body.matters as unknown[];
    expect(matters).toEqual([]); // no demo data: make one
    const { Matter } = await import('../models/index.js');
    const matter = await Matter.create({
      id: crypto.randomUUID(),
      regionCode: '150602',
      code: 'T-SB-1',
      name: '养老保险参保',
      category: '社会保障',
      summary: '',
    });
    const citizen = await new ApiClient(engine.url).asGuest();
    const created = await citizen.post('/conversations', { regionCode: '150602', matterId: matter.id });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'offered', category: '社会保障' });
    expect(await pendingOffers(social.api)).toHaveLength(1);
    expect(await pendingOffers(general.api)).toHaveLength(0);
  });

  it('lets an administrator change a queue and refuses bad settings with a clear 4xx', async () => {
    const bad = await admin.put('/regions/150600/queues/综合咨询', { overflowAfterSeconds: 30 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    expect((await admin.put('/regions/150603/queues/综合咨询', { strategy: 'nope' })).status).toBe(400);
    const seat = await idleSeat('150603');
    const denied = await seat.api.put('/regions/150603/queues/综合咨询', { strategy: 'ring_all' });
    expect(denied.status).toBe(403);
    const ok = await admin.put('/regions/150603/queues/综合咨询', { strategy: 'top_down' });
    expect(ok.status).toBe(200);
    expect(ok.body.queue).toMatchObject({ category: '综合咨询', strategy: 'top_down', overflowRegionCode: '150600' });
    const listed = await admin.get('/regions/150603/queues');
    expect(listed.body.queues.find((q: { category: string }) => q.category === '综合咨询').strategy).toBe('top_down');
  });
});

describe('ring-all', () => {
  it('offers to every eligible seat at once; the first accept wins and the others are revoked', async () => {
    expect((await admin.put('/regions/150621/queues/综合咨询', { strategy: 'ring_all' })).status).toBe(200);
    const a = await idleSeat('150621');
    const b = await idleSeat('150621');
    const citizen = await new ApiClient(engine.url).asGuest();
    const id = (await citizen.post('/conversations', { regionCode: '150621' })).body.id as string;
    const [offerA] = await pendingOffers(a.api);
    const [offerB] = await pendingOffers(b.api);
    expect(offerA!.conversation.id).toBe(id);
    expect(offerB!.conversation.id).toBe(id);

    const [first, second] = await Promise.all([
      a.api.post(`/offers/${offerA!.id}/accept`),
      b.api.post(`/offers/${offerB!.id}/accept`),
    ]);
    const statuses = [first.status, second.status].sort();
    expect(statuses).toEqual([200, 409]);
    const loser = first.status === 200 ? offerB! : offerA!;
    expect((await Offer.findByPk(loser.id))!.status).toBe('revoked');
    expect((await Conversation.findByPk(id))!.status).toBe('active');
  });
});

describe('call capacity', () => {
  it('a seat holds one call at a time: a second call waits for it while chats still reach it', async () => {
    const seat = await idleSeat('150626');
    const first = await new ApiClient(engine.url).asGuest();
    const call1 = (await first.post('/conversations', { regionCode: '150626', channel: 'audio' })).body.id as string;
    const [offer] = await pendingOffers(seat.api);
    expect(offer!.conversation.id).toBe(call1);
    expect((await seat.api.post(`/offers/${offer!.id}/accept`)).status).toBe(200);

    const second = await new ApiClient(engine.url).asGuest();
    const call2 = await second.post('/conversations', { regionCode: '150626', channel: 'video' });
    expect(call2.body.status).toBe('queued');
    const chat = await new ApiClient(engine.url).asGuest();
    const chatContact = await chat.post('/conversations', { regionCode: '150626' });
    expect(chatContact.body.status).toBe('offered');
    expect((await pendingOffers(seat.api)).map((o) => o.conversation.id)).toEqual([chatContact.body.id]);

    // the first call ends: the waiting call is offered
    expect((await seat.api.post(`/conversations/${call1}/end`)).status).toBe(200);
    await engine.sweeper!.runOnce();
    const offers = await pendingOffers(seat.api);
    expect(offers.map((o) => o.conversation.id)).toContain(call2.body.id);
  });
});

describe('overflow 旗区 → 市本级', () => {
  it('offers a district contact to a 市本级 seat once it has waited past the overflow time', async () => {
    expect((await admin.put('/regions/150622/queues/综合咨询', { overflowAfterSeconds: 90 })).status).toBe(200);
    const citizen = await new ApiClient(engine.url).asGuest();
    const id = (await citizen.post('/conversations', { regionCode: '150622' })).body.id as string;
    const city = await idleSeat('150600');
    await engine.sweeper!.runOnce();
    expect((await Conversation.findByPk(id))!.status).toBe('queued'); // not yet: 90 s not waited

    clock.advance(91_000);
    await heartbeat(city);
    await engine.sweeper!.runOnce();
    const offers = await pendingOffers(city.api);
    expect(offers.map((o) => o.conversation.id)).toContain(id);
    const offered = await TicketEvent.findOne({ where: { type: 'offered' }, order: [['id', 'DESC']] });
    expect(offered!.data).toMatchObject({ seatId: city.seat.id, overflow: true });
    await city.api.put('/seat/state', { state: 'offline' }).catch(() => undefined);
  });
});

describe('connecting to a chosen seat', () => {
  it('asks the citizen after the wait, then keeps waiting, or moves to the first free seat of the team', async () => {
    const chosen = await idleSeat('150623', { category: '社会保障', skills: ['社保'] });
    expect((await chosen.api.put('/seat/state', { state: 'paused', reason: 'meeting' })).status).toBe(200);
    const teammate = await idleSeat('150623', { category: '社会保障', skills: ['社保'] });
    const citizen = await new ApiClient(engine.url).asGuest();
    const created = await citizen.post('/conversations', { regionCode: '150623', seatId: chosen.seat.id });
    expect(created.body).toMatchObject({
      status: 'queued',
      requestedSeat: { id: chosen.seat.id },
      waitChoiceSince: null,
    });
    const id = created.body.id as string;
    expect(await pendingOffers(teammate.api)).toHaveLength(0); // waits for the chosen seat only

    clock.advance(61_000);
    await heartbeat(chosen, teammate);
    expect((await engine.sweeper!.runOnce()).waitChoices).toBe(1);
    const asked = (await citizen.get(`/conversations/${id}`)).body;
    expect(asked.waitChoiceSince).not.toBeNull();

    const kept = await citizen.post(`/conversations/${id}/wait-choice`, { choice: 'keep_waiting' });
    expect(kept.status).toBe(200);
    expect(kept.body.conversation).toMatchObject({ status: 'queued', waitChoiceSince: null });

    const wrongTeam = await idleSeat('150623');
    const refused = await citizen.post(`/conversations/${id}/wait-choice`, {
      choice: 'another_seat',
      seatId: wrongTeam.seat.id,
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('社会保障');

    const moved = await citizen.post(`/conversations/${id}/wait-choice`, { choice: 'another_seat' });
    expect(moved.status).toBe(200);
    expect(moved.body.conversation).toMatchObject({ status: 'offered', requestedSeat: null, category: '社会保障' });
    expect((await pendingOffers(teammate.api)).map((o) => o.conversation.id)).toEqual([id]);
    expect((await pendingOffers(wrongTeam.api)).length).toBe(0);

    const stranger = await new ApiClient(engine.url).asGuest();
    expect((await stranger.post(`/conversations/${id}/wait-choice`, { choice: 'keep_waiting' })).status).toBe(404);
    expect((await citizen.post(`/conversations/${id}/wait-choice`, { choice: 'later' })).status).toBe(400);
  });

  it('ends the contact when the citizen chooses an appointment instead', async () => {
    const chosen = await idleSeat('150624');
    await chosen.api.put('/seat/state', { state: 'busy' });
    const citizen = await new ApiClient(engine.url).asGuest();
    const id = (await citizen.post('/conversations', { regionCode: '150624', seatId: chosen.seat.id })).body.id;
    const answered = await citizen.post(`/conversations/${id}/wait-choice`, { choice: 'appointment' });
    expect(answered.status).toBe(200);
    expect(answered.body.conversation.status).toBe('abandoned');
  });
});

describe('seat disconnect grace', () => {
  it('takes a silent seat offline after the grace and returns its contact to the head of the queue', async () => {
    const gone = await idleSeat('150625');
    const citizen = await new ApiClient(engine.url).asGuest();
    const id = (await citizen.post('/conversations', { regionCode: '150625' })).body.id as string;
    const [offer] = await pendingOffers(gone.api);
    expect((await gone.api.post(`/offers/${offer!.id}/accept`)).status).toBe(200);
    // Someone else queues meanwhile, before a second seat comes.
    const later = await new ApiClient(engine.url).asGuest();
    await gone.api.put('/seat/state', { state: 'busy' });
    const laterId = (await later.post('/conversations', { regionCode: '150625' })).body.id as string;

    clock.advance(20_000);
    await engine.sweeper!.runOnce();
    expect((await gone.api.get('/seat')).body.state).toBe('busy'); // within the grace
    clock.advance(15_000);
    expect((await engine.sweeper!.runOnce()).released).toBeGreaterThanOrEqual(1);
    expect((await gone.api.get('/seat')).body.state).toBe('offline');
    const change = await SeatStateChange.findOne({ where: { seatId: gone.seat.id }, order: [['id', 'DESC']] });
    expect(change).toMatchObject({ toState: 'offline', reason: 'disconnected' });
    const returned = (await citizen.get(`/conversations/${id}`)).body;
    expect(returned).toMatchObject({ status: 'queued', seat: null, queue: { position: 1 } });
    expect((await later.get(`/conversations/${laterId}`)).body.queue.position).toBe(2);

    const next = await idleSeat('150625');
    const offers = await pendingOffers(next.api);
    expect(offers[0]!.conversation.id).toBe(id);
  });
});
