/** 同屏共享: consent, the relay between the citizen and the serving seat only, the timeline and the replay. */
import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { COBROWSE_MAX_BATCH_BYTES } from '@cloud-seat/contracts';
import { ApiClient } from '../../../../test/apiClient.js';
import { nextEvent, TestSockets, type SocketOptions } from '../../../../test/sockets.js';
import { createMatter, createSeat, createStaff } from '../../../../test/factories.js';
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
    // The seat's marks are kept between the citizen's batches as rrweb custom events.
    const events = replay.body.events as Array<{ type: number; data: { tag?: string; payload?: { kind: string } } }>;
    expect(events.map((e) => (e.type === 5 ? `${e.data.tag}:${e.data.payload!.kind}` : e))).toEqual([
      snapshot,
      typed('东胜区'),
      'cobrowse.annotation:highlight',
      'cobrowse.annotation:guidance',
      typed('东胜区铁西'),
    ]);
    expect(await CobrowseBatch.count({ where: { sessionId } })).toBe(4);
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
    expect(ended.map((e) => [e.actorType, e.data])).toEqual([['seat', { sessionId, endedBy: null, annotations: {} }]]);
    expect((await seat.get(`${base}/${sessionId}/replay`)).body.session.status).toBe('ended');
  });

  it('relays strokes, notes, the laser and 清除; counts them on the timeline without each laser move', async () => {
    const { seat, citizen, citizenSocket, id, base } = await served('150626');
    const sessionId = (await citizen.post(base, { formTitle: '网上申报' })).body.session.id as string;
    const path = `${base}/${sessionId}/annotations`;
    const marks = [
      {
        kind: 'stroke',
        points: [
          { x: 10, y: 20 },
          { x: 30, y: 40 },
          { x: 50, y: 45 },
        ],
        color: '#e53935',
      },
      {
        kind: 'note',
        target: { mirrorId: null, selector: '[data-field="address"]' },
        at: { x: 20, y: 200 },
        text: '写到门牌号',
      },
      { kind: 'laser', at: { x: 100, y: 120 } },
      { kind: 'laser', at: { x: 104, y: 122 } },
      { kind: 'clear' },
    ];
    for (const mark of marks) {
      const arrived = next<{ annotation: { kind: string } }>(citizenSocket, 'cobrowse.annotation');
      expect((await seat.post(path, mark)).status).toBe(201);
      expect((await arrived).annotation).toMatchObject(mark);
    }
    const tooLong = { kind: 'note', target: null, at: { x: 1, y: 1 }, text: '字'.repeat(201) };
    expect((await seat.post(path, tooLong)).status).toBe(400);
    const points = Array.from({ length: 501 }, (_, i) => ({ x: i, y: i }));
    expect((await seat.post(path, { kind: 'stroke', points, color: '#e53935' })).status).toBe(400);

    // The laser: past its rate in a second, refused with 429 and the Chinese message.
    const burst = await Promise.all(
      Array.from({ length: 40 }, (_, i) => seat.post(path, { kind: 'laser', at: { x: i, y: i } })),
    );
    const refused = burst.filter((r) => r.status === 429);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]!.body.error).toMatchObject({ code: 'RATE_LIMITED', message: '操作过于频繁，请稍后再试' });
    const lasersSent = 2 + burst.filter((r) => r.status === 201).length;

    expect((await seat.post(`${base}/${sessionId}/end`)).status).toBe(200);
    const ticket = (await Ticket.findOne({ where: { conversationId: id } }))!;
    const timeline = await TicketEvent.findAll({ where: { ticketId: ticket.id }, order: [['id', 'ASC']] });
    const annotated = timeline.filter((e) => e.type === 'cobrowse_annotation').map((e) => e.data.kind);
    expect(annotated).toEqual(['stroke', 'note', 'clear']);
    const ended = timeline.find((e) => e.type === 'cobrowse_ended')!;
    expect(ended.data.annotations).toEqual({ stroke: 1, note: 1, laser: lasersSent, clear: 1 });
  });

  it("shares a matter's guide back to the citizen, on the timeline, and stops", async () => {
    const { seat, citizen, citizenSocket, id, base } = await served('150627');
    const sessionId = (await citizen.post(base, { formTitle: '网上申报' })).body.session.id as string;
    const matter = await createMatter('150627', { name: '结婚登记', phone: '0477-1234567' });
    const shared = next<{ sessionId: string; share: { kind: string; guide: { id: string; name: string } } | null }>(
      citizenSocket,
      'cobrowse.shared',
    );
    const res = await seat.put(`${base}/${sessionId}/share`, { matterId: matter.id });
    expect(res.status).toBe(200);
    expect((await shared).share).toMatchObject({ kind: 'guide', guide: { id: matter.id, name: '结婚登记' } });
    expect(res.body.share.guide.phone).toBe('0477-1234567');

    const stopped = next<{ share: unknown }>(citizenSocket, 'cobrowse.shared');
    expect((await seat.put(`${base}/${sessionId}/share`, { matterId: null })).body.share).toBeNull();
    expect((await stopped).share).toBeNull();
    // Only the serving seat shares; an unknown matter is not found.
    expect((await citizen.put(`${base}/${sessionId}/share`, { matterId: matter.id })).status).toBe(403);
    expect((await seat.put(`${base}/${sessionId}/share`, { matterId: crypto.randomUUID() })).status).toBe(404);

    const ticket = (await Ticket.findOne({ where: { conversationId: id } }))!;
    const step = await TicketEvent.findOne({ where: { ticketId: ticket.id, type: 'cobrowse_shared' } });
    expect(step?.data).toMatchObject({ sessionId, matterId: matter.id, matterName: '结婚登记' });
  });

  it('answers a flood of event batches with 429', async () => {
    const { citizen, base } = await served('150603');
    const sessionId = (await citizen.post(base, { formTitle: '网上申报' })).body.session.id as string;
    const flood = await Promise.all(
      Array.from({ length: 60 }, (_, seq) =>
        citizen.post(`${base}/${sessionId}/events`, { seq, events: [typed('x')] }),
      ),
    );
    const statuses = flood.map((r) => r.status);
    expect(statuses.filter((s) => s === 204).length).toBeLessThanOrEqual(40);
    const refused = flood.find((r) => r.status === 429)!;
    expect(refused.body.error).toEqual(
      expect.objectContaining({ code: 'RATE_LIMITED', message: '操作过于频繁，请稍后再试' }),
    );
  });

  it('is only for a conversation a seat serves', async () => {
    const citizen = await new ApiClient(engine.url).asGuest();
    const conversation = (await citizen.post('/conversations', { regionCode: '150624' })).body;
    const res = await citizen.post(`/conversations/${conversation.id}/cobrowse`, { formTitle: '网上申报' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('INVALID_STATE');
  });
});
