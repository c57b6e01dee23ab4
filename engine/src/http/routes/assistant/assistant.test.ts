/**
 * The assistant front line on a real engine (embedded NLU, the demo catalog and FAQ, PostgreSQL):
 * greeting, answers linking the guide, 转人工 / complaint / two misses → the ACD queue with the
 * matter and the whole exchange for the seat, after hours → 留言 on the ticket, knowledge rebuilt
 * when the FAQ changes, per-region settings with permission and scope, the idle sweep.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../../../test/apiClient.js';
import { TestClock } from '../../../../test/clock.js';
import { createRole, createSeat, createStaff } from '../../../../test/factories.js';
import { startTestEngine, type TestEngine } from '../../../../test/testEngine.js';
import { beijingInstant, beijingDate } from '../../../domain/schedule/beijingTime.js';
import { Conversation, Ticket, TicketEvent } from '../../../models/index.js';

interface Msg {
  seq: number;
  senderType: string;
  senderName: string;
  body: string;
  matter?: { id: string; name: string } | null;
  choices?: { label: string; value: string; action: string }[];
}

const clock = new TestClock();
/** 10:00 Beijing today: demo shifts (08:00–20:00) cover it. */
const daytime = () => beijingInstant(beijingDate(new Date()), '10:00');
/** 22:30 Beijing today: no shift covers it. */
const night = () => beijingInstant(beijingDate(new Date()), '22:30');

let engine: TestEngine;
let admin: ApiClient;
beforeAll(async () => {
  clock.set(daytime());
  engine = await startTestEngine({ env: { ASSISTANT: 'embedded', SEED_DEMO: 'true' }, now: clock.now });
  const a = await createStaff({ role: 'admin' });
  admin = await new ApiClient(engine.url).login(a.username, a.password);
  // the NLU trains once per process: the first turn would wait for it
  await engine.ctx.assistant!.ready();
}, 60_000);
afterAll(async () => engine?.stop());

async function citizenIn(regionCode: string, extra: Record<string, unknown> = {}) {
  const citizen = await new ApiClient(engine.url).asGuest({ displayName: '李大爷' });
  const created = await citizen.post('/conversations', { regionCode, ...extra });
  expect(created.status).toBe(201);
  return { citizen, id: created.body.id as string, created: created.body };
}

async function messagesOf(api: ApiClient, id: string): Promise<Msg[]> {
  const res = await api.get(`/conversations/${id}/messages`);
  expect(res.status).toBe(200);
  return res.body.messages as Msg[];
}

/** Posts the citizen's text and waits until the assistant (or the queue) answered it. */
async function ask(api: ApiClient, id: string, text: string): Promise<Msg[]> {
  const before = (await messagesOf(api, id)).length;
  const res = await api.post(`/conversations/${id}/messages`, { clientId: randomUUID(), body: text });
  expect(res.status).toBe(201);
  const deadline = Date.now() + 10_000;
  for (;;) {
    const all = await messagesOf(api, id);
    const reply = all.slice(before + 1);
    if (reply.length > 0) {
      // a turn posts its messages in one transaction: all are there once the first is
      return reply;
    }
    if (Date.now() > deadline) throw new Error(`no reply to “${text}”`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function eventsOf(conversationId: string) {
  const ticket = await Ticket.findOne({ where: { conversationId } });
  const events = await TicketEvent.findAll({ where: { ticketId: ticket!.id }, order: [['id', 'ASC']] });
  return { ticket: ticket!, events };
}

describe('answering first', () => {
  it('greets a quick connect, answers from the guide with its card, and records the matter', async () => {
    const { citizen, id, created } = await citizenIn('150602');
    expect(created.status).toBe('assistant');
    expect(created.queue).toBeNull();
    const [greeting] = await messagesOf(citizen, id);
    expect(greeting).toMatchObject({ senderType: 'assistant', senderName: '智能助手' });
    expect(greeting!.body).toContain('智能助手');
    expect(greeting!.choices).toEqual([{ label: '转人工', value: '转人工', action: 'send' }]);

    const reply = await ask(citizen, id, '身份证丢了怎么办');
    expect(reply[0]!.senderType).toBe('assistant');
    expect(reply[0]!.matter?.name).toContain('身份证');
    const view = (await citizen.get(`/conversations/${id}`)).body;
    expect(view.status).toBe('assistant');
    expect(view.matter?.name).toBe(reply[0]!.matter!.name);

    const { events } = await eventsOf(id);
    expect(events.map((e) => e.type)).toEqual(['created', 'assistant_started', 'matter_set']);
  });

  it('answers an administrator’s new FAQ entry without a restart', async () => {
    const question = '办理业务可以带宠物进大厅吗？';
    const answer = '为保障办事环境，除导盲犬外，宠物不能进入政务服务大厅。';
    const { citizen, id } = await citizenIn('150603');
    const before = await ask(citizen, id, question);
    expect(before.map((m) => m.body).join('')).not.toContain(answer);

    const saved = await admin.post('/faqs', { regionCode: '150603', question, answer });
    expect(saved.status).toBe(201);
    // the knowledge version is checked at most every 2 s
    const deadline = Date.now() + 8000;
    let replies: Msg[] = [];
    while (Date.now() < deadline) {
      replies = await ask(citizen, id, question);
      if (replies.some((m) => m.body.includes(answer))) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(replies.map((m) => m.body).join('\n')).toContain(answer);
  });

  it('leaves a chosen seat’s contact and an assistant switched off to the queue', async () => {
    const seat = await createSeat({ regionCode: '150621' });
    const chosen = await citizenIn('150621', { seatId: seat.seat.id });
    expect(chosen.created.status).toBe('queued');

    expect((await admin.put('/regions/150622/assistant', { enabled: false, from: '00:00', to: '00:00' })).status).toBe(
      200,
    );
    const off = await citizenIn('150622');
    expect(off.created.status).toBe('queued');
    expect((await messagesOf(off.citizen, off.id)).some((m) => m.senderType === 'assistant')).toBe(false);

    // on, but only at night: at 10:00 the contact queues
    expect((await admin.put('/regions/150622/assistant', { enabled: true, from: '20:00', to: '08:00' })).status).toBe(
      200,
    );
    expect((await citizenIn('150622')).created.status).toBe('queued');
  });
});

describe('handing off', () => {
  it('转人工 queues the contact with its matter; the seat gets the whole exchange', async () => {
    const { citizen, id } = await citizenIn('150623');
    await ask(citizen, id, '结婚登记要带什么材料');
    const handed = await ask(citizen, id, '转人工');
    expect(handed.map((m) => m.senderType)).toEqual(['assistant', 'system']);
    expect(handed[1]!.body).toContain('排队');
    const view = (await citizen.get(`/conversations/${id}`)).body;
    expect(view.status).toBe('queued');
    expect(view.matter?.name).toBe('结婚登记');
    expect(view.queue.position).toBe(1);

    // a seat signs in: the contact is offered, accepted, and the seat reads the exchange
    const seat = await createSeat({ regionCode: '150623', category: view.category, skills: [view.category] });
    const seatApi = await new ApiClient(engine.url).login(seat.username, seat.password);
    expect((await seatApi.put('/seat/state', { state: 'idle' })).status).toBe(200);
    const offers = (await seatApi.get('/seat/offers')).body.offers;
    expect(offers).toHaveLength(1);
    expect(offers[0].conversation.matter?.name).toBe('结婚登记');
    expect((await seatApi.post(`/offers/${offers[0].id}/accept`)).status).toBe(200);
    const transcript = await messagesOf(seatApi, id);
    expect(transcript.filter((m) => m.senderType === 'citizen').map((m) => m.body)).toEqual([
      '结婚登记要带什么材料',
      '转人工',
    ]);
    expect(transcript.filter((m) => m.senderType === 'assistant').length).toBeGreaterThanOrEqual(3);

    const { events } = await eventsOf(id);
    const handoff = events.find((e) => e.type === 'assistant_handoff')!;
    expect(handoff.data).toMatchObject({ reason: 'requested', matterName: '结婚登记', turns: 2 });
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['assistant_started', 'assistant_handoff', 'queued', 'offered', 'accepted']),
    );
    // once a seat serves, the assistant stays silent
    await seatApi.post(`/conversations/${id}/messages`, { clientId: randomUUID(), body: '您好，我来为您服务。' });
    const count = (await messagesOf(citizen, id)).length;
    await citizen.post(`/conversations/${id}/messages`, { clientId: randomUUID(), body: '身份证丢了怎么办' });
    await new Promise((r) => setTimeout(r, 300));
    expect((await messagesOf(citizen, id)).length).toBe(count + 1);
  });

  it('a complaint goes straight to a seat; two misses offer one and 好的 accepts', async () => {
    const first = await citizenIn('150624');
    await ask(first.citizen, first.id, '我要投诉你们窗口工作人员态度太差');
    expect((await first.citizen.get(`/conversations/${first.id}`)).body.status).toBe('queued');
    expect((await eventsOf(first.id)).events.find((e) => e.type === 'assistant_handoff')!.data).toMatchObject({
      reason: 'complaint',
    });

    const second = await citizenIn('150625');
    await ask(second.citizen, second.id, '今天天气怎么样');
    const offer = await ask(second.citizen, second.id, '推荐一部好看的电影');
    expect(offer.at(-1)!.choices?.map((c) => c.label)).toContain('转人工');
    expect((await second.citizen.get(`/conversations/${second.id}`)).body.status).toBe('assistant');
    await ask(second.citizen, second.id, '好的');
    expect((await second.citizen.get(`/conversations/${second.id}`)).body.status).toBe('queued');
    expect((await eventsOf(second.id)).events.find((e) => e.type === 'assistant_handoff')!.data).toMatchObject({
      reason: 'lowConfidence',
    });
  });

  it('out of service hours offers 预约 or 留言; the 留言 stays on the open ticket', async () => {
    clock.set(night());
    try {
      const { citizen, id } = await citizenIn('150626');
      const offer = await ask(citizen, id, '转人工');
      expect(offer.at(-1)!.body).toContain('不是人工坐席的服务时间');
      expect(offer.at(-1)!.choices?.map((c) => [c.label, c.action])).toEqual([
        ['预约办理', 'appointment'],
        ['留言', 'send'],
        ['继续问助手', 'send'],
      ]);
      expect((await citizen.get(`/conversations/${id}`)).body.status).toBe('assistant');

      const prompt = await ask(citizen, id, '留言');
      expect(prompt[0]!.body).toContain('请在下方输入您的留言');
      const note = '我想办理养老保险转移，请明天上午给我回电话 13800001234';
      const done = await ask(citizen, id, note);
      expect(done[0]!.body).toContain('您的留言已记录');
      const view = (await citizen.get(`/conversations/${id}`)).body;
      expect(view.status).toBe('ended');
      const { ticket, events } = await eventsOf(id);
      expect(ticket.status).toBe('new');
      expect(done[0]!.body).toContain(ticket.number);
      expect(events.find((e) => e.type === 'message_left')!.data).toEqual({ message: note });
      expect(events.some((e) => e.type === 'queued')).toBe(false);
      // rating now would close the 留言 unread
      const rating = await citizen.post(`/conversations/${id}/evaluation`, { label: 'satisfied' });
      expect([rating.status, rating.body.error.code]).toEqual([409, 'INVALID_STATE']);
      expect((await Ticket.findByPk(ticket.id))!.status).toBe('new');
    } finally {
      clock.set(daytime());
    }
  });

  it('the idle sweep ends a silent conversation with the assistant', async () => {
    const { citizen, id } = await citizenIn('150627');
    // its last activity at the test clock's 10:00 (the row's stamp is the real time of the write)
    await Conversation.sequelize!.query('UPDATE conversations SET updated_at = :at WHERE id = :id', {
      replacements: { at: clock.now(), id },
    });
    clock.advance(31 * 60_000);
    try {
      await engine.sweeper!.runOnce();
    } finally {
      clock.set(daytime());
    }
    expect((await citizen.get(`/conversations/${id}`)).body.status).toBe('ended');
    const { ticket, events } = await eventsOf(id);
    expect(ticket.status).toBe('resolved');
    expect(events.at(-1)!.data).toEqual({ idle: true });
    // the citizen may start again
    expect((await citizenIn('150627')).created.status).toBe('assistant');
  });
});

describe('settings', () => {
  it('lists the regions with what serves now, saves, and validates', async () => {
    const list = await admin.get('/assistant/settings');
    expect(list.status).toBe(200);
    expect(list.body.assistant).toBe('embedded');
    expect(list.body.regions).toHaveLength(10);
    const city = list.body.regions.find((r: { regionCode: string }) => r.regionCode === '150600');
    expect(city).toMatchObject({ enabled: true, from: '00:00', to: '00:00', servingNow: true, seatsOnDutyNow: true });

    const bad = await admin.put('/regions/150600/assistant', { enabled: true, from: '25:00', to: '08:00' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(bad.body.error)).toContain('时间格式应为 HH:mm');
    expect((await admin.put('/regions/999999/assistant', { enabled: true, from: '08:00', to: '20:00' })).status).toBe(
      400,
    );
    const after = (await admin.get('/assistant/settings')).body.regions.find(
      (r: { regionCode: string }) => r.regionCode === '150600',
    );
    expect(after.from).toBe('00:00');
  });

  it('needs queue.manage, within the data scope', async () => {
    const seat = await createSeat({ regionCode: '150602' });
    const seatApi = await new ApiClient(engine.url).login(seat.username, seat.password);
    expect((await seatApi.get('/assistant/settings')).status).toBe(403);
    expect(
      (await seatApi.put('/regions/150602/assistant', { enabled: false, from: '00:00', to: '00:00' })).status,
    ).toBe(403);
    const guest = await new ApiClient(engine.url).asGuest({ displayName: '游客' });
    expect((await guest.get('/assistant/settings')).status).toBe(403);

    const role = await createRole(['queue.manage'], 'region');
    const local = await createStaff({ role: role.code as 'admin', regionCode: '150602' });
    const localApi = await new ApiClient(engine.url).login(local.username, local.password);
    const mine = await localApi.get('/assistant/settings');
    expect(mine.body.regions.map((r: { regionCode: string }) => r.regionCode)).toEqual(['150602']);
    const other = await localApi.put('/regions/150603/assistant', { enabled: false, from: '00:00', to: '00:00' });
    expect([other.status, other.body.error.code]).toEqual([403, 'OUT_OF_SCOPE']);
    expect(
      (await localApi.put('/regions/150602/assistant', { enabled: true, from: '08:00', to: '20:00' })).body,
    ).toMatchObject({ settings: { regionCode: '150602', from: '08:00', to: '20:00', updatedBy: expect.any(String) } });
  });
});
