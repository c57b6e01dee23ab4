import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../../../test/apiClient.js';
import { createSeat, createStaff } from '../../../../test/factories.js';
import { startTestEngine, type TestEngine } from '../../../../test/testEngine.js';

let engine: TestEngine;
beforeAll(async () => {
  engine = await startTestEngine();
});
afterAll(async () => engine?.stop());

describe('staff login', () => {
  it('logs in with the right password and sets an httpOnly SameSite=Strict cookie', async () => {
    const { username, password, seat } = await createSeat();
    const res = await fetch(`${engine.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^cs_staff=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const me = await res.json();
    expect(me).toMatchObject({ kind: 'staff', account: { username, role: 'seat', seat: { id: seat.id } } });
  });

  it('refuses a wrong password and an unknown user alike, in Chinese', async () => {
    const { username } = await createStaff();
    const api = new ApiClient(engine.url);
    const wrong = await api.post('/auth/login', { username, password: 'nope-nope' });
    const unknown = await api.post('/auth/login', { username: 'no-such-user', password: 'nope-nope' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error).toEqual({ code: 'INVALID_CREDENTIALS', message: '用户名或密码错误' });
  });

  it('refuses a disabled account', async () => {
    const { username, password } = await createStaff({ disabled: true });
    const res = await new ApiClient(engine.url).post('/auth/login', { username, password });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('ACCOUNT_DISABLED');
  });

  it('rejects malformed bodies with 400 and a clear code', async () => {
    const api = new ApiClient(engine.url);
    const missing = await api.post('/auth/login', { username: 'x' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('VALIDATION_FAILED');
    const notJson = await api.request('POST', '/auth/login', '{not json', { 'content-type': 'application/json' });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.message).toBe('请求内容不是有效的 JSON');
  });

  it('throttles repeated failures for one account', async () => {
    const { username, password } = await createStaff();
    const api = new ApiClient(engine.url);
    for (let i = 0; i < 10; i++)
      expect((await api.post('/auth/login', { username, password: 'wrong' })).status).toBe(401);
    const blocked = await api.post('/auth/login', { username, password });
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('RATE_LIMITED');
  });

  it('me answers who is logged in, logout ends the session', async () => {
    const { username, password } = await createStaff();
    const api = await new ApiClient(engine.url).login(username, password);
    expect((await api.get('/auth/me')).body.account.username).toBe(username);
    expect((await api.post('/auth/logout')).status).toBe(204);
    const after = await api.get('/auth/me');
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a cookie-authenticated write from another origin (CSRF)', async () => {
    const { username, password } = await createSeat();
    const api = await new ApiClient(engine.url).login(username, password);
    const res = await api.request('PUT', '/seat/state', { state: 'idle' }, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect((await api.put('/seat/state', { state: 'idle' })).status).toBe(200);
  });
});

describe('citizen guest identity', () => {
  it('creates a guest with a bearer token that works for me', async () => {
    const api = new ApiClient(engine.url);
    await api.asGuest({ identityType: 'legal', elderMode: true });
    const me = await api.get('/auth/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ kind: 'citizen', citizen: { identityType: 'legal', elderMode: true } });
  });

  it('remembers 长辈版 and queues an elder-mode citizen ahead of earlier arrivals', async () => {
    const early = await new ApiClient(engine.url).asGuest();
    const elder = await new ApiClient(engine.url).asGuest();
    const set = await elder.put('/citizen/preferences', { elderMode: true });
    expect(set.body).toMatchObject({ kind: 'citizen', citizen: { elderMode: true } });
    expect((await elder.put('/citizen/preferences', { elderMode: 'yes' })).status).toBe(400);
    const { body: first } = await early.post('/conversations', { regionCode: '150627' });
    const { body: second } = await elder.post('/conversations', { regionCode: '150627' });
    const { seat, username, password } = await createSeat({ regionCode: '150627', capacity: 1 });
    const seatApi = await new ApiClient(engine.url).login(username, password);
    await seatApi.put('/seat/state', { state: 'idle' });
    const offers = (await seatApi.get('/seat/offers')).body.offers;
    expect(offers.map((o: { conversation: { id: string } }) => o.conversation.id)).toEqual([second.id]);
    expect(offers[0].conversation.citizen.elderMode).toBe(true);
    expect(seat.regionCode).toBe('150627');
    await early.post(`/conversations/${first.id}/end`);
    await elder.post(`/conversations/${second.id}/end`);
    await seatApi.put('/seat/state', { state: 'offline' });
  });

  it('ignores a forged token', async () => {
    const res = await fetch(`${engine.url}/api/auth/me`, { headers: { authorization: 'Bearer forged' } });
    expect(res.status).toBe(401);
  });
});

describe('static assets', () => {
  it('serves the demo portraits with a script-proof policy and 404s unknown files', async () => {
    const ok = await fetch(`${engine.url}/assets/avatars/seat-1.svg`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/image\/svg\+xml/);
    expect(ok.headers.get('content-security-policy')).toMatch(/sandbox/);
    const missing = await fetch(`${engine.url}/assets/avatars/nope.svg`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  });
});

describe('public region view', () => {
  it('lists online seat cards with counts per state and filters them', async () => {
    const a = await createSeat({ regionCode: '150624', name: '赵雅琴' });
    const b = await createSeat({ regionCode: '150624', name: '孙建军' });
    await createSeat({ regionCode: '150624', name: '离线的人' });
    const apiA = await new ApiClient(engine.url).login(a.username, a.password);
    const apiB = await new ApiClient(engine.url).login(b.username, b.password);
    await apiA.put('/seat/state', { state: 'idle' });
    await apiB.put('/seat/state', { state: 'paused', reason: 'meeting' });
    const anon = new ApiClient(engine.url);
    const all = (await anon.get('/regions/150624/seats')).body;
    expect(all.seats.map((s: { name: string }) => s.name).sort()).toEqual(['孙建军', '赵雅琴'].sort());
    expect(all.counts).toMatchObject({ idle: 1, paused: 1, busy: 0, handling: 0 });
    const byName = (await anon.get(`/regions/150624/seats?q=${encodeURIComponent('雅琴')}`)).body;
    expect(byName.seats.map((s: { id: string }) => s.id)).toEqual([a.seat.id]);
    expect(byName.counts.idle).toBe(1);
    expect((await anon.get(`/regions/150624/seats?skill=${encodeURIComponent('不存在')}`)).body.seats).toEqual([]);
    expect((await anon.get('/regions/999999/seats')).status).toBe(400);
    await apiA.put('/seat/state', { state: 'offline' });
    await apiB.put('/seat/state', { state: 'offline' });
  });
});
