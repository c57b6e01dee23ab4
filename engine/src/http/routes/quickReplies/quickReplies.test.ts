import { randomUUID } from 'node:crypto';
import { FAQ_ANSWER_SENDER_NAME } from '@cloud-seat/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../../../test/apiClient.js';
import { createSeat, createStaff, uniq } from '../../../../test/factories.js';
import { startTestEngine, type TestEngine } from '../../../../test/testEngine.js';
import { Matter, Ticket, TicketEvent } from '../../../models/index.js';

let engine: TestEngine;
beforeAll(async () => {
  engine = await startTestEngine();
});
afterAll(async () => engine?.stop());

async function seatClient(options: Parameters<typeof createSeat>[0] = {}) {
  const s = await createSeat(options);
  return { ...s, api: await new ApiClient(engine.url).login(s.username, s.password) };
}

async function staffClient(role: 'supervisor' | 'admin' | 'seat', regionCode: string) {
  const s = await createStaff({ role, regionCode });
  return new ApiClient(engine.url).login(s.username, s.password);
}

const del = (api: ApiClient, path: string) => api.request('DELETE', path);

describe('personal quick replies', () => {
  it('creates, lists, edits and deletes a seat’s own phrases', async () => {
    const { api } = await seatClient({ regionCode: '150602' });
    const created = await api.post('/seat/quick-replies', {
      shortcut: 'hy',
      title: '问候',
      text: '{市民姓名}您好，我是{坐席姓名}，工号{工号}。',
    });
    expect(created.status).toBe(201);
    expect(created.body.quickReply).toMatchObject({ scope: 'personal', shortcut: 'hy', regionCode: null });
    const id = created.body.quickReply.id as string;

    const edited = await api.put(`/seat/quick-replies/${id}`, { shortcut: 'hy', title: '开场白', text: '您好！' });
    expect(edited.status).toBe(200);
    expect(edited.body.quickReply).toMatchObject({ title: '开场白', text: '您好！', rendered: '您好！' });

    const listed = await api.get('/seat/quick-replies');
    expect(listed.body.quickReplies.map((p: { id: string }) => p.id)).toContain(id);

    expect((await del(api, `/seat/quick-replies/${id}`)).status).toBe(204);
    expect((await del(api, `/seat/quick-replies/${id}`)).status).toBe(404);
  });

  it('refuses bad input with a Chinese message and an English code', async () => {
    const { api } = await seatClient({ regionCode: '150602' });
    const unknown = await api.post('/seat/quick-replies', { shortcut: 'x1', title: '问候', text: '{市民名字}您好' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('VALIDATION_FAILED');
    expect(unknown.body.error.message).toContain('{市民名字}');
    expect(unknown.body.error.message).toContain('{市民姓名}');

    for (const bad of [
      { shortcut: 'a b', title: '问候', text: '您好' },
      { shortcut: 'ok', title: '', text: '您好' },
      { shortcut: 'ok', title: '问候', text: 'x'.repeat(1001) },
      { title: '问候', text: '您好' },
    ]) {
      const res = await api.post('/seat/quick-replies', bad);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({
        code: 'VALIDATION_FAILED',
        message: expect.stringMatching(/[\u4e00-\u9fa5]/),
      });
    }
    expect((await api.put('/seat/quick-replies/not-a-uuid', { shortcut: 'a', title: 'b', text: 'c' })).status).toBe(
      400,
    );
    expect(
      (await api.put(`/seat/quick-replies/${randomUUID()}`, { shortcut: 'a', title: 'b', text: 'c' })).status,
    ).toBe(404);

    await api.post('/seat/quick-replies', { shortcut: 'dup', title: '一', text: '一' });
    const dup = await api.post('/seat/quick-replies', { shortcut: 'DUP', title: '二', text: '二' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.message).toContain('/DUP');
  });

  it('never lets a seat see, edit or delete another seat’s phrase', async () => {
    const a = await seatClient({ regionCode: '150602' });
    const b = await seatClient({ regionCode: '150602' });
    const { body } = await a.api.post('/seat/quick-replies', { shortcut: 'mine', title: '私人', text: '我的短语' });
    const id = body.quickReply.id as string;
    expect((await b.api.put(`/seat/quick-replies/${id}`, { shortcut: 'x', title: 'x', text: 'x' })).status).toBe(403);
    expect((await del(b.api, `/seat/quick-replies/${id}`)).status).toBe(403);
    const seen = (await b.api.get('/seat/quick-replies')).body.quickReplies.map((p: { id: string }) => p.id);
    expect(seen).not.toContain(id);
    // Staff without a seat profile have no personal library.
    const sup = await staffClient('supervisor', '150602');
    expect((await sup.get('/seat/quick-replies')).status).toBe(403);
  });
});

describe('team quick replies', () => {
  it('are managed with quick_reply.manage in the region scope and seen by the team’s seats', async () => {
    const supervisor = await staffClient('supervisor', '150603');
    const team = (category: string, shortcut: string, regionCode = '150603') =>
      supervisor.post('/quick-replies/team', {
        regionCode,
        category,
        shortcut,
        title: shortcut,
        text: `${category}短语`,
      });

    const social = await team('社会保障', 'sb');
    expect(social.status).toBe(201);
    expect(social.body.quickReply).toMatchObject({ scope: 'team', regionCode: '150603', category: '社会保障' });
    expect((await team('综合咨询', 'zh')).status).toBe(201);
    expect((await team('企业开办', 'qy')).status).toBe(201);

    const outOfScope = await team('社会保障', 'sb2', '150602');
    expect(outOfScope.status).toBe(403);
    expect(outOfScope.body.error.code).toBe('OUT_OF_SCOPE');
    expect(
      (
        await supervisor.post('/quick-replies/team', {
          regionCode: '999999',
          category: 'x',
          shortcut: 'a',
          title: 'a',
          text: 'a',
        })
      ).status,
    ).toBe(400);
    const admin = await staffClient('admin', '150600');
    expect(
      (
        await admin.post('/quick-replies/team', {
          regionCode: '150603',
          category: '社会保障',
          shortcut: 'adm',
          title: '管理员',
          text: '好',
        })
      ).status,
    ).toBe(201);

    const { api: seatApi } = await seatClient({ regionCode: '150603', category: '社会保障' });
    expect(
      (
        await seatApi.post('/quick-replies/team', {
          regionCode: '150603',
          category: '社会保障',
          shortcut: 'no',
          title: 'no',
          text: 'no',
        })
      ).status,
    ).toBe(403);
    const id = social.body.quickReply.id as string;
    expect((await seatApi.put(`/seat/quick-replies/${id}`, { shortcut: 'x', title: 'x', text: 'x' })).status).toBe(403);

    const seen = (await seatApi.get('/seat/quick-replies')).body.quickReplies.map(
      (p: { shortcut: string }) => p.shortcut,
    );
    expect(seen.sort()).toEqual(['adm', 'sb', 'zh']);

    const listed = await supervisor.get('/quick-replies/team?category=社会保障');
    expect(listed.body.quickReplies.map((p: { shortcut: string }) => p.shortcut)).toEqual(['adm', 'sb']);
    expect((await supervisor.get('/quick-replies/team?regionCode=150602')).status).toBe(403);

    const edited = await supervisor.put(`/quick-replies/team/${id}`, {
      regionCode: '150603',
      category: '社会保障',
      shortcut: 'sb',
      title: '社保',
      text: '{事项}请带身份证',
    });
    expect(edited.body.quickReply).toMatchObject({ title: '社保', text: '{事项}请带身份证' });
    expect(
      (
        await supervisor.put(`/quick-replies/team/${id}`, {
          regionCode: '150602',
          category: '社会保障',
          shortcut: 'sb',
          title: 'x',
          text: 'x',
        })
      ).status,
    ).toBe(403);
    const elsewhere = await staffClient('supervisor', '150621');
    expect((await del(elsewhere, `/quick-replies/team/${id}`)).status).toBe(403);
    expect((await del(supervisor, `/quick-replies/team/${id}`)).status).toBe(204);
    expect((await del(supervisor, `/quick-replies/team/${id}`)).status).toBe(404);
  });
});

describe('quick replies in a conversation', () => {
  it('are searched and rendered for the seat’s conversation, and scope-checked', async () => {
    const seat = await seatClient({ regionCode: '150621', name: '刘敏' });
    await seat.api.post('/seat/quick-replies', {
      shortcut: 'hy',
      title: '问候',
      text: '{市民姓名}您好，我是{坐席姓名}（工号{工号}），{区域}为您服务。',
    });
    await seat.api.post('/seat/quick-replies', {
      shortcut: 'gd',
      title: '工单',
      text: '您的工单号是{工单号}，事项：{事项}',
    });
    await seat.api.post('/seat/quick-replies', {
      shortcut: 'bye',
      title: '结束语',
      text: '感谢您的咨询，祝您生活愉快。',
    });
    expect((await seat.api.put('/seat/state', { state: 'idle' })).status).toBe(200);

    const citizen = await new ApiClient(engine.url).asGuest({ displayName: '王先生' });
    const { body: conv } = await citizen.post('/conversations', { regionCode: '150621' });
    const { body: offers } = await seat.api.get('/seat/offers');
    expect((await seat.api.post(`/offers/${offers.offers[0].id}/accept`)).status).toBe(200);

    const found = await seat.api.get(`/seat/quick-replies?q=${encodeURIComponent('/hy')}&conversationId=${conv.id}`);
    expect(found.status).toBe(200);
    expect(found.body.quickReplies[0]).toMatchObject({
      shortcut: 'hy',
      text: '{市民姓名}您好，我是{坐席姓名}（工号{工号}），{区域}为您服务。',
      rendered: `王先生您好，我是刘敏（工号${seat.seat.jobNumber}），达拉特旗为您服务。`,
    });
    const ticket = await seat.api.get(`/seat/quick-replies?q=gd&conversationId=${conv.id}`);
    expect(ticket.body.quickReplies[0].rendered).toBe(`您的工单号是${conv.ticket.number}，事项：您咨询的事项`);
    const byText = await seat.api.get(`/seat/quick-replies?q=${encodeURIComponent('生活愉快')}`);
    expect(byText.body.quickReplies.map((p: { shortcut: string }) => p.shortcut)).toEqual(['bye']);

    const other = await seatClient({ regionCode: '150621' });
    const refused = await other.api.get(`/seat/quick-replies?conversationId=${conv.id}`);
    expect(refused.status).toBe(403);
    expect((await seat.api.get(`/seat/quick-replies?conversationId=${randomUUID()}`)).status).toBe(404);
    expect((await seat.api.get('/seat/quick-replies?conversationId=x')).status).toBe(400);

    await seat.api.post(`/conversations/${conv.id}/end`);
    await seat.api.put('/seat/state', { state: 'offline' });
  });
});

describe('FAQs (常见问题)', () => {
  it('are managed in scope, listed publicly and answered at once for a waiting citizen', async () => {
    const supervisor = await staffClient('supervisor', '150622');
    const question = `结婚登记需要带什么材料${uniq('')}？`;
    const created = await supervisor.post('/faqs', {
      regionCode: '150622',
      question,
      answer: '请双方携带本人身份证、户口簿和近期二寸合照。',
      sort: 1,
    });
    expect(created.status).toBe(201);
    expect(created.body.faq).toMatchObject({ regionCode: '150622', question, matterId: null, sort: 1 });

    expect((await supervisor.post('/faqs', { regionCode: '150622', question, answer: '重复' })).status).toBe(409);
    expect((await supervisor.post('/faqs', { regionCode: '150622', question: '问', answer: '太短' })).status).toBe(400);
    expect(
      (await supervisor.post('/faqs', { regionCode: '150621', question: '别处的问题？', answer: '不行' })).status,
    ).toBe(403);
    const otherMatter = await Matter.create({
      id: randomUUID(),
      regionCode: '150621',
      code: uniq('M'),
      name: '别处事项',
      category: '综合咨询',
    });
    const wrongMatter = await supervisor.post('/faqs', {
      regionCode: '150622',
      question: '事项不对？',
      answer: '不行',
      matterId: otherMatter.id,
    });
    expect(wrongMatter.status).toBe(400);
    expect(wrongMatter.body.error.message).toBe('所选事项不属于该区域');
    const { api: seatApi } = await seatClient({ regionCode: '150622' });
    expect(
      (await seatApi.post('/faqs', { regionCode: '150622', question: '坐席能加吗？', answer: '不能' })).status,
    ).toBe(403);

    const listed = await new ApiClient(engine.url).get('/regions/150622/faqs');
    expect(listed.status).toBe(200);
    expect(listed.body.faqs.map((f: { question: string }) => f.question)).toContain(question);
    expect((await new ApiClient(engine.url).get('/regions/150699/faqs')).status).toBe(400);

    // No seat is on duty: the citizen waits, taps the question and gets the answer at once.
    const citizen = await new ApiClient(engine.url).asGuest();
    const { body: conv } = await citizen.post('/conversations', { regionCode: '150622' });
    expect(conv.status).toBe('queued');
    expect(
      (await citizen.post(`/conversations/${conv.id}/messages`, { clientId: randomUUID(), body: question })).status,
    ).toBe(201);
    expect(
      (await citizen.post(`/conversations/${conv.id}/messages`, { clientId: randomUUID(), body: '别的问题' })).status,
    ).toBe(201);
    const messages = (await citizen.get(`/conversations/${conv.id}/messages`)).body.messages as Array<{
      senderType: string;
      senderName: string;
      body: string;
    }>;
    expect(messages.slice(1).map((m) => [m.senderType, m.body])).toEqual([
      ['citizen', question],
      ['system', '请双方携带本人身份证、户口簿和近期二寸合照。'],
      ['citizen', '别的问题'],
    ]);
    expect(messages[2]!.senderName).toBe(FAQ_ANSWER_SENDER_NAME);
    const ticket = await Ticket.findOne({ where: { conversationId: conv.id } });
    const events = await TicketEvent.findAll({ where: { ticketId: ticket!.id, type: 'faq_answered' } });
    expect(events.map((e) => e.data)).toEqual([{ faqId: created.body.faq.id, question }]);

    const id = created.body.faq.id as string;
    const edited = await supervisor.put(`/faqs/${id}`, { regionCode: '150622', question, answer: '新答案' });
    expect(edited.body.faq).toMatchObject({ answer: '新答案', sort: 100 });
    expect((await del(supervisor, `/faqs/${id}`)).status).toBe(204);
    expect((await del(supervisor, `/faqs/${id}`)).status).toBe(404);
    await citizen.post(`/conversations/${conv.id}/end`);
  });

  it('answers a matter’s question only in contacts about that matter', async () => {
    const admin = await staffClient('admin', '150600');
    const matter = await Matter.create({
      id: randomUUID(),
      regionCode: '150623',
      code: uniq('M'),
      name: '生育登记',
      category: '生育收养',
    });
    const question = `生育登记在哪里办${uniq('')}？`;
    await admin.post('/faqs', { regionCode: '150623', question, answer: '线上即可办理。', matterId: matter.id });

    const general = await new ApiClient(engine.url).asGuest();
    const { body: c1 } = await general.post('/conversations', { regionCode: '150623' });
    await general.post(`/conversations/${c1.id}/messages`, { clientId: randomUUID(), body: question });
    const m1 = (await general.get(`/conversations/${c1.id}/messages`)).body.messages;
    expect(m1.map((m: { body: string }) => m.body)).not.toContain('线上即可办理。');
    await general.post(`/conversations/${c1.id}/end`);

    const about = await new ApiClient(engine.url).asGuest();
    const { body: c2 } = await about.post('/conversations', { regionCode: '150623', matterId: matter.id });
    await about.post(`/conversations/${c2.id}/messages`, { clientId: randomUUID(), body: question });
    // Typed by hand: white space and a half-width question mark still match.
    await about.post(`/conversations/${c2.id}/messages`, {
      clientId: randomUUID(),
      body: ` ${question.replace('？', '?').replace('在哪里', '在 哪里')}`,
    });
    const m2 = (await about.get(`/conversations/${c2.id}/messages`)).body.messages;
    expect(m2.filter((m: { body: string }) => m.body === '线上即可办理。')).toHaveLength(2);
    await about.post(`/conversations/${c2.id}/end`);

    const filtered = await new ApiClient(engine.url).get(`/regions/150623/faqs?matterId=${matter.id}`);
    expect(filtered.body.faqs.map((f: { question: string }) => f.question)).toContain(question);
  });
});
