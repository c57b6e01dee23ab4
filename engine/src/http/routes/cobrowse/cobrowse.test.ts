/** 同屏共享: consent, the relay between the citizen and the serving seat only, the timeline and the replay. */
import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { COBROWSE_MAX_BATCH_BYTES } from '@cloud-seat/contracts';
import { ApiClient } from '../../../../test/apiClient.js';
import { nextEvent, TestSockets, type SocketOptions } from '../../../../test/sockets.js';
import { createSeat, createStaff } from '../../../../test/factories.js';
import { startTestEngine, type TestEngine } from '../../../../test/testEngine.js';
import { CobrowseBatch, Ticket, TicketEvent } from '../../../models/index.js';

let engine: TestEngine;
beforeAll(async () => {
  engine = await startTestEngine();
});
afterAll(async () => engine?.stop());

const sockets = new TestSockets();
afterEach(() => sockets.closeAll());
const next = nextEvent;

async function open(options: SocketOptions): Promise<Socket> {
  const socket = sockets.open(engine.url, options);
  await next(socket, 'connect');
  return socket;
}

/** A citizen served by a fresh seat of `regionCode`, both with sockets. */
async function served(regionCode: string) {
  const s = await createSeat({ regionCode });
  const seat = await new ApiClient(engine.url).login(s.username, s.password);
  expect((await seat.put('/seat/state', { state: 'idle' })).status).toBe(200);
  const citizen = await new ApiClient(engine.url).asGuest();
  const conversation = (await citizen.post('/conversations', { regionCode })).body;
  const [offer] = (await seat.get('/seat/offers')).body.offers as Array<{ id: string }>;
  expect((await seat.post(`/offers/${offer!.id}/accept`)).status).toBe(200);
  const seatSocket = await open({ extraHeaders: { cookie: `cs_staff=${seat.sessionToken}` } });
  const citizenSocket = await open({ auth: { token: citizen.sessionToken } });
  const id = conversation.id as string;
  return { seat, citizen, seatSocket, citizenSocket, id, base: `/conversations/${id}/cobrowse` };
}

const snapshot = { type: 2, timestamp: 1, data: { node: { id: 1, type: 0, childNodes: [] } } };
const typed = (text: string) => ({ type: 3, timestamp: 2, data: { source: 5, id: 12, text, isChecked: false } });

describe('co-browsing', () => {
  it('relays the form live between the citizen and the serving seat, and keeps it on the ticket and for the replay', async () => {
    const { seat, citizen, seatSocket, citizenSocket, id, base } = await served('150621');

    const asked = next<{ conversationId: string }>(citizenSocket, 'cobrowse.request');
    expect((await seat.post(`${base}/request`)).status).toBe(202);
    expect((await asked).conversationId).toBe(id);

    const seatSees = next<{ session: { id: string; status: string } }>(seatSocket, 'cobrowse.started');
    const started = await citizen.post(base, { formTitle: '网上申报' });
    expect(started.status).toBe(201);
    const sessionId = started.body.session.id as string;
    expect((await seatSees).session).toMatchObject({ id: sessionId, status: 'active' });
    expect((await seat.get(base)).body.session.id).toBe(sessionId);

    const mirrored = next<{ seq: number; events: unknown[] }>(seatSocket, 'cobrowse.events');
    expect(
      (await citizen.post(`${base}/${sessionId}/events`, { seq: 0, events: [snapshot, typed('东胜区')] })).status,
    ).toBe(204);
    expect(await mirrored).toMatchObject({ seq: 0, events: [snapshot, typed('东胜区')] });

    const wanted = next<{ sessionId: string }>(citizenSocket, 'cobrowse.snapshot.wanted');
    expect((await seat.post(`${base}/${sessionId}/snapshot`)).status).toBe(202);
    expect((await wanted).sessionId).toBe(sessionId);

    const highlight = next<{ annotation: { kind: string } }>(citizenSocket, 'cobrowse.annotation');
    const marked = await seat.post(`${base}/${sessionId}/annotations`, {
      kind: 'highlight',
      target: { mirrorId: 12, selector: '[name="address"]' },
    });
    expect(marked.status).toBe(201);
    expect((await highlight).annotation).toMatchObject({ kind: 'highlight', target: { mirrorId: 12 } });

    const guidance = next<{ annotation: { id: string; value: string } }>(citizenSocket, 'cobrowse.annotation');
    const suggested = await seat.post(`${base}/${sessionId}/annotations`, {
      kind: 'guidance',
      target: { mirrorId: null, selector: '[name="reason"]' },
      fieldLabel: '申请事由',
      value: '办理营业执照变更',
    });
    expect(suggested.status).toBe(201);
    const annotationId = (await guidance).annotation.id;
    expect(annotationId).toBe(suggested.body.annotation.id);

    const answer = next<{ annotationId: string; accepted: boolean }>(seatSocket, 'cobrowse.guidance.answer');
    expect((await citizen.post(`${base}/${sessionId}/guidance-answers`, { annotationId, accepted: true })).status).toBe(
      204,
    );
    expect(await answer).toEqual({ sessionId, annotationId, accepted: true });

    // Paused: nothing flows until the citizen resumes.
    const paused = next<{ session: { status: string } }>(seatSocket, 'cobrowse.paused');
    expect((await citizen.put(`${base}/${sessionId}/pause`, { paused: true })).body.session.status).toBe('paused');
    expect((await paused).session.status).toBe('paused');
    expect((await citizen.post(`${base}/${sessionId}/events`, { seq: 1, events: [typed('x')] })).status).toBe(409);
    expect((await citizen.put(`${base}/${sessionId}/pause`, { paused: false })).body.session.status).toBe('active');
    expect((await citizen.post(`${base}/${sessionId}/events`, { seq: 1, events: [typed('东胜区铁西')] })).status).toBe(
      204,
    );

    const citizenSeesEnd = next<{ session: { status: string; endedBy: string } }>(citizenSocket, 'cobrowse.ended');
    const ended = await seat.post(`${base}/${sessionId}/end`);
    expect(ended.body.session).toMatchObject({ status: 'ended', endedBy: 'seat' });
    expect((await citizenSeesEnd).session).toMatchObject({ status: 'ended', endedBy: 'seat' });
    expect((await citizen.post(`${base}/${sessionId}/events`, { seq: 2, events: [typed('y')] })).status).toBe(409);
    expect((await seat.get(base)).body.session).toBeNull();

    const ticket = (await Ticket.findOne({ where: { conversationId: id } }))!;
    const timeline = await TicketEvent.findAll({ where: { ticketId: ticket.id }, order: [['id', 'ASC']] });
    const cobrowse = timeline.filter((e) => e.type.startsWith('cobrowse_'));
    expect(cobrowse.map((e) => [e.type, e.actorType])).toEqual([
      ['cobrowse_started', 'citizen'],
      ['cobrowse_annotation', 'seat'],
      ['cobrowse_annotation', 'seat'],
      ['cobrowse_ended', 'seat'],
    ]);
    expect(cobrowse[2]!.data).toMatchObject({ kind: 'guidance', fieldLabel: '申请事由', value: '办理营业执照变更' });

    const replay = await seat.get(`${base}/${sessionId}/replay`);
    expect(replay.status).toBe(200);
    expect(replay.body.events).toEqual([snapshot, typed('东胜区'), typed('东胜区铁西')]);
    expect(await CobrowseBatch.count({ where: { sessionId } })).toBe(2);
    // Like recordings: never to citizens, and to other staff only with conversation.read in scope.
    expect((await citizen.get(`${base}/${sessionId}/replay`)).status).toBe(403);
    const supervisor = await createStaff({ role: 'supervisor', regionCode: '150621' });
    const inScope = await new ApiClient(engine.url).login(supervisor.username, supervisor.password);
    expect((await inScope.get(`${base}/${sessionId}/replay`)).status).toBe(200);
    const elsewhere = await createStaff({ role: 'supervisor', regionCode: '150622' });
    const outOfScope = await new ApiClient(engine.url).login(elsewhere.username, elsewhere.password);
    expect((await outOfScope.get(`${base}/${sessionId}/replay`)).status).toBe(403);
  });

  it('lets the citizen end it, and refuses everyone but the two participants', async () => {
    const { citizen, seatSocket, base } = await served('150623');
    const sessionId = (await citizen.post(base, { formTitle: '网上申报' })).body.session.id as string;

    // nobody signed in: refused before the large events body is read
    const anonymous = await fetch(`${engine.url}/api${base}/${sessionId}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ seq: 0, events: [snapshot], padding: 'x'.repeat(300_000) }),
    });
    expect([anonymous.status, ((await anonymous.json()) as { error: { code: string } }).error.code]).toEqual([
      401,
      'UNAUTHENTICATED',
    ]);
    const otherCitizen = await new ApiClient(engine.url).asGuest();
    expect((await otherCitizen.post(`${base}/${sessionId}/events`, { seq: 0, events: [snapshot] })).status).toBe(404);
    expect((await otherCitizen.post(base, { formTitle: '网上申报' })).status).toBe(404);
    const s = await createSeat({ regionCode: '150623' });
    const otherSeat = await new ApiClient(engine.url).login(s.username, s.password);
    const mark = { kind: 'highlight', target: { mirrorId: 3, selector: null } };
    expect((await otherSeat.post(`${base}/${sessionId}/annotations`, mark)).status).toBe(404);
    expect((await otherSeat.post(`${base}/${sessionId}/end`)).status).toBe(404);
    // A citizen cannot annotate; the seat cannot feed the mirror.
    expect((await citizen.post(`${base}/${sessionId}/annotations`, mark)).status).toBe(403);

    const tooBig = { type: 3, timestamp: 1, data: { text: 'x'.repeat(COBROWSE_MAX_BATCH_BYTES) } };
    expect([400, 413]).toContain(
      (await citizen.post(`${base}/${sessionId}/events`, { seq: 0, events: [tooBig] })).status,
    );
    expect((await citizen.post(`${base}/${sessionId}/events`, { seq: 0, events: [{ nope: 1 }] })).status).toBe(400);

    const seatSeesEnd = next<{ session: { endedBy: string } }>(seatSocket, 'cobrowse.ended');
    expect((await citizen.post(`${base}/${sessionId}/end`)).body.session).toMatchObject({
      status: 'ended',
      endedBy: 'citizen',
    });
    expect((await seatSeesEnd).session.endedBy).toBe('citizen');
  });

  it('ends with the conversation', async () => {
    const { seat, citizen, citizenSocket, id, base } = await served('150625');
    const sessionId = (await citizen.post(base, { formTitle: '网上申报' })).body.session.id as string;
    const told = next<{ session: { id: string; status: string; endedBy: null } }>(citizenSocket, 'cobrowse.ended');
    expect((await seat.post(`/conversations/${id}/end`)).status).toBe(200);
    expect((await told).session).toMatchObject({ id: sessionId, status: 'ended', endedBy: null });
    const ticket = (await Ticket.findOne({ where: { conversationId: id } }))!;
    const ended = await TicketEvent.findAll({ where: { ticketId: ticket.id, type: 'cobrowse_ended' } });
    expect(ended.map((e) => [e.actorType, e.data])).toEqual([['seat', { sessionId, endedBy: null }]]);
    expect((await seat.get(`${base}/${sessionId}/replay`)).body.session.status).toBe('ended');
  });

  it('is only for a conversation a seat serves', async () => {
    const citizen = await new ApiClient(engine.url).asGuest();
    const conversation = (await citizen.post('/conversations', { regionCode: '150624' })).body;
    const res = await citizen.post(`/conversations/${conversation.id}/cobrowse`, { formTitle: '网上申报' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('INVALID_STATE');
  });
});
