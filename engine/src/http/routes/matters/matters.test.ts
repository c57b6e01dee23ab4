import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../../../test/apiClient.js';
import { createMatter, createSeat, createStaff } from '../../../../test/factories.js';
import { startTestEngine, type TestEngine } from '../../../../test/testEngine.js';
import { Ticket, TicketEvent } from '../../../models/index.js';

let engine: TestEngine;
beforeAll(async () => {
  engine = await startTestEngine();
});
afterAll(async () => engine?.stop());

const guide = {
  implementingBody: '鄂尔多斯市民政局',
  conditions: '双方均无配偶',
  steps: [
    { title: '预约', detail: '在线预约登记时间' },
    { title: '受理', detail: '窗口审核材料' },
  ],
  materials: [
    {
      name: '居民身份证',
      required: true,
      form: 'paper' as const,
      copies: '原件1份',
      note: '',
      blankFormUrl: '',
      sampleUrl: '',
    },
  ],
  address: '康巴什区政务服务中心二楼',
  hours: '周一至周五 9:00-17:00',
  phone: '0477-8123456',
  complaintPhone: '12345',
};

async function admin() {
  const s = await createStaff({ role: 'admin', regionCode: '150600' });
  return new ApiClient(engine.url).login(s.username, s.password);
}

describe('public catalog', () => {
  it('searches a region by name, alias, synonym and pinyin initials, and serves the guide', async () => {
    const marriage = await createMatter('150603', {
      name: '结婚登记',
      aliases: ['领结婚证'],
      themes: ['p-marriage'],
      category: '婚姻登记',
      ...guide,
    });
    await createMatter('150603', { name: '离婚登记', themes: ['p-marriage'] });
    await createMatter('150602', { name: '结婚登记', basicCode: marriage.basicCode }); // another region
    const anyone = new ApiClient(engine.url);

    for (const q of ['结婚登记', '领结婚证', '下周想去领证', 'jhdj']) {
      const found = await anyone.get(`/regions/150603/matters?q=${encodeURIComponent(q)}`);
      expect(found.status).toBe(200);
      expect(found.body.matters[0], q).toMatchObject({ id: marriage.id, regionCode: '150603', active: true });
    }
    const all = (await anyone.get('/regions/150603/matters')).body.matters as Array<{ name: string }>;
    expect(all.map((m) => m.name)).toEqual(['结婚登记', '离婚登记'].sort((a, b) => a.localeCompare(b, 'zh-Hans-CN')));

    const shown = await anyone.get(`/matters/${marriage.id}`);
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({
      name: '结婚登记',
      implementingBody: '鄂尔多斯市民政局',
      steps: guide.steps,
      materials: guide.materials,
      phone: '0477-8123456',
      active: true,
    });
    expect(shown.body.mapUrl).toContain(encodeURIComponent('康巴什区政务服务中心二楼'));

    expect((await anyone.get(`/matters/${randomUUID()}`)).status).toBe(404);
    expect((await anyone.get('/matters/not-a-uuid')).status).toBe(400);
    expect((await anyone.get('/regions/999999/matters')).status).toBe(400);
    const tooLong = await anyone.get(`/regions/150603/matters?q=${'很'.repeat(61)}`);
    expect([tooLong.status, tooLong.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('hides a withdrawn matter from lists at once, keeps its guide, and shows new matters without a restart', async () => {
    const anyone = new ApiClient(engine.url);
    const old = await createMatter('150625', { name: '农机购置补贴申请' });
    expect((await anyone.get('/regions/150625/matters?q=农机')).body.matters).toHaveLength(1);

    await old.update({ withdrawnAt: new Date() });
    await createMatter('150625', { name: '农机跨区作业证明' }); // bumps the version too
    const found = (await anyone.get('/regions/150625/matters?q=农机')).body.matters as Array<{ name: string }>;
    expect(found.map((m) => m.name)).toEqual(['农机跨区作业证明']);
    expect((await anyone.get(`/matters/${old.id}`)).body).toMatchObject({ active: false, name: '农机购置补贴申请' });
  });
});

describe('scenarios and curation', () => {
  it('an admin orders a scenario; citizens see it per region; every change is recorded', async () => {
    const api = await admin();
    const birth = await createMatter('150626', { name: '生育登记', themes: ['p-birth'] });
    const cert = await createMatter('150626', { name: '出生医学证明办理', themes: ['p-birth'] });
    const cityOnly = await createMatter('150600', { name: '收养登记', themes: ['p-birth'] });
    const order = [cert.basicCode, birth.basicCode, cityOnly.basicCode];

    const saved = await api.put('/admin/scenarios/p-birth/matters', { basicCodes: order });
    expect(saved.status).toBe(200);
    expect(saved.body.entries.map((e: { basicCode: string }) => e.basicCode)).toEqual(order);
    expect((await api.get('/admin/scenarios/p-birth')).body.entries.map((e: { name: string }) => e.name)).toEqual([
      '出生医学证明办理',
      '生育登记',
      '收养登记',
    ]);

    const anyone = new ApiClient(engine.url);
    const scenarios = (await anyone.get('/scenarios?regionCode=150626&kind=person')).body.scenarios as Array<{
      code: string;
      name: string;
      matterCount: number;
    }>;
    expect(scenarios.map((s) => s.name).slice(0, 2)).toEqual(['生育收养', '户籍办理']);
    expect(scenarios.find((s) => s.code === 'p-birth')!.matterCount).toBe(2);
    expect(scenarios.every((s) => !s.code.startsWith('l-'))).toBe(true);
    const detail = await anyone.get('/scenarios/p-birth?regionCode=150626');
    expect(detail.body.matters.map((m: { id: string }) => m.id)).toEqual([cert.id, birth.id]);
    expect((await anyone.get('/scenarios/p-birth?regionCode=150600')).body.matters[0].id).toBe(cityOnly.id);
    expect((await anyone.get('/scenarios/x-unknown?regionCode=150600')).status).toBe(400);
    expect((await anyone.get('/scenarios/p-birth')).status).toBe(400);

    // lists, their theme filter and the admin's entries follow the curated scenarios
    const inTheme = async () =>
      ((await anyone.get('/regions/150626/matters?theme=p-birth')).body.matters as Array<{ id: string }>)
        .map((m) => m.id)
        .sort();
    expect(await inTheme()).toEqual([birth.id, cert.id].sort());
    const entries = (await api.get('/admin/catalog/entries?theme=p-birth')).body.entries as Array<{
      basicCode: string;
      themes: string[];
    }>;
    expect(entries.map((e) => e.basicCode).sort()).toEqual([...order].sort());
    expect(entries.every((e) => e.themes.includes('p-birth'))).toBe(true);
    await api.put('/admin/scenarios/p-birth/matters', { basicCodes: [birth.basicCode, cityOnly.basicCode] });
    expect(await inTheme()).toEqual([birth.id]);
    expect((await anyone.get(`/matters/${cert.id}`)).body.themes).toEqual([]);
    await api.put('/admin/scenarios/p-birth/matters', { basicCodes: order });

    const unknown = await api.put('/admin/scenarios/p-birth/matters', { basicCodes: ['NOPE0001'] });
    expect([unknown.status, unknown.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(unknown.body.error.message).toContain('NOPE0001');
    const twice = await api.put('/admin/scenarios/p-birth/matters', { basicCodes: [cert.basicCode, cert.basicCode] });
    expect(twice.status).toBe(400);
    // the refused saves changed nothing
    expect((await api.get('/admin/scenarios/p-birth')).body.entries).toHaveLength(3);

    const marked = await api.put('/admin/assisted-filing', { basicCode: birth.basicCode, assisted: true });
    expect(marked.body).toMatchObject({ basicCode: birth.basicCode, assistedFiling: true, regions: 1 });
    const listed = (await anyone.get('/regions/150626/matters?q=生育登记')).body.matters[0];
    expect(listed).toMatchObject({ id: birth.id, assistedFiling: true });
    expect((await anyone.get(`/matters/${birth.id}`)).body.assistedFiling).toBe(true);
    expect((await api.put('/admin/assisted-filing', { basicCode: 'NOPE0001', assisted: true })).status).toBe(404);

    const changes = (await api.get('/admin/catalog/changes')).body.changes as Array<{ action: string; detail: string }>;
    expect(changes[0]).toMatchObject({ action: 'assisted_on', detail: expect.stringContaining('生育登记') });
    expect(changes[1]).toMatchObject({ action: 'scenario_order', detail: expect.stringContaining('生育收养') });
    expect(changes[2]).toMatchObject({ action: 'scenario_order', detail: expect.stringContaining('移出 1 项') });
  });

  it('refuses curation to anyone but an admin over every region', async () => {
    const seat = await createSeat({ regionCode: '150602' });
    const supervisor = await createStaff({ role: 'supervisor', regionCode: '150602' });
    for (const who of [seat, supervisor]) {
      const api = await new ApiClient(engine.url).login(who.username, who.password);
      expect((await api.get('/admin/catalog/entries')).status).toBe(403);
      expect((await api.put('/admin/assisted-filing', { basicCode: 'X0001', assisted: true })).status).toBe(403);
    }
    expect((await new ApiClient(engine.url).get('/admin/catalog/entries')).status).toBe(401);
    const guest = await new ApiClient(engine.url).asGuest();
    expect((await guest.put('/admin/scenarios/p-birth/matters', { basicCodes: [] })).status).toBe(403);
  });
});

describe('the matter of a conversation', () => {
  async function servedConversation(regionCode: string, body: Record<string, unknown> = {}) {
    const s = await createSeat({ regionCode });
    const seat = await new ApiClient(engine.url).login(s.username, s.password);
    await seat.put('/seat/state', { state: 'idle' });
    const citizen = await new ApiClient(engine.url).asGuest({ displayName: '张女士' });
    const created = await citizen.post('/conversations', { regionCode, ...body });
    const offer = (await seat.get('/seat/offers')).body.offers[0];
    await seat.post(`/offers/${offer.id}/accept`);
    return { seat, citizen, id: created.body.id as string, created: created.body };
  }

  it('carries the matter from the guide; the seat pushes another; the ticket and timeline record both', async () => {
    const carried = await createMatter('150624', { name: '城乡居民养老保险参保登记' });
    const pushed = await createMatter('150624', { name: '养老金领取资格认证' });
    const { seat, citizen, id, created } = await servedConversation('150624', { matterId: carried.id });
    expect(created).toMatchObject({ matter: { id: carried.id }, matterSource: 'carried' });

    const set = await seat.put(`/conversations/${id}/matter`, { matterId: pushed.id });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ matter: { id: pushed.id, name: '养老金领取资格认证' }, matterSource: 'seat' });
    expect((await citizen.get(`/conversations/${id}`)).body.matterSource).toBe('seat');
    const ticket = await Ticket.findOne({ where: { conversationId: id } });
    expect(ticket!.matterId).toBe(pushed.id);
    const steps = await TicketEvent.findAll({ where: { ticketId: ticket!.id, type: 'matter_set' } });
    expect(steps.map((s) => s.data)).toEqual([expect.objectContaining({ matterId: pushed.id, source: 'seat' })]);
  });

  it('detects the matter from the citizen’s words when it has none, and not when it has one', async () => {
    const marriage = await createMatter('150623', { name: '结婚登记', aliases: ['领结婚证'] });
    await createMatter('150623', { name: '离婚登记' });
    const { citizen, id, created } = await servedConversation('150623');
    expect(created.matter).toBeNull();

    await citizen.post(`/conversations/${id}/messages`, { clientId: randomUUID(), body: '你好' });
    expect((await citizen.get(`/conversations/${id}`)).body.matter).toBeNull();
    await citizen.post(`/conversations/${id}/messages`, { clientId: randomUUID(), body: '我们下个月想去领证' });
    const view = (await citizen.get(`/conversations/${id}`)).body;
    expect(view).toMatchObject({ matter: { id: marriage.id }, matterSource: 'detected' });

    // later words name another matter: the one recorded stays (the seat can change it)
    await citizen.post(`/conversations/${id}/messages`, { clientId: randomUUID(), body: '顺便问下离婚登记' });
    expect((await citizen.get(`/conversations/${id}`)).body.matter.id).toBe(marriage.id);
    const ticket = await Ticket.findOne({ where: { conversationId: id } });
    expect(ticket!.matterId).toBe(marriage.id);
  });

  it('refuses a push by others, of another region, withdrawn or unknown matters', async () => {
    const own = await createMatter('150627', { name: '残疾人两项补贴申请' });
    const elsewhere = await createMatter('150602', { name: '残疾人两项补贴申请' });
    const gone = await createMatter('150627', { name: '已取消的事项', withdrawnAt: new Date() });
    const { seat, citizen, id } = await servedConversation('150627');
    const other = await createSeat({ regionCode: '150627' });
    const otherApi = await new ApiClient(engine.url).login(other.username, other.password);

    expect((await otherApi.put(`/conversations/${id}/matter`, { matterId: own.id })).status).toBe(403);
    expect((await citizen.put(`/conversations/${id}/matter`, { matterId: own.id })).status).toBe(403);
    expect((await seat.put(`/conversations/${id}/matter`, { matterId: elsewhere.id })).status).toBe(404);
    expect((await seat.put(`/conversations/${id}/matter`, { matterId: gone.id })).status).toBe(404);
    expect((await seat.put(`/conversations/${id}/matter`, { matterId: 'x' })).status).toBe(400);
    expect((await seat.put(`/conversations/${randomUUID()}/matter`, { matterId: own.id })).status).toBe(404);
    expect((await citizen.get(`/conversations/${id}`)).body.matter).toBeNull();

    // a withdrawn matter cannot start a contact either
    const newcomer = await new ApiClient(engine.url).asGuest();
    const refused = await newcomer.post('/conversations', { regionCode: '150627', matterId: gone.id });
    expect([refused.status, refused.body.error.code]).toEqual([404, 'NOT_FOUND']);
  });
});
