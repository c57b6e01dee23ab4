import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../../../test/apiClient.js';
import { createSeat, createStaff } from '../../../../test/factories.js';
import { startTestEngine, type TestEngine } from '../../../../test/testEngine.js';
import { Recording, Ticket } from '../../../models/index.js';

let engine: TestEngine;
let recordingsDir: string;
beforeAll(async () => {
  recordingsDir = await mkdtemp(path.join(tmpdir(), 'cs-recordings-'));
  engine = await startTestEngine({ env: { SWITCH: 'embedded', RECORDINGS_DIR: recordingsDir } });
});
afterAll(async () => {
  await engine?.stop();
  await rm(recordingsDir, { recursive: true, force: true });
});

async function idleSeat(regionCode: string) {
  const s = await createSeat({ regionCode });
  const api = await new ApiClient(engine.url).login(s.username, s.password);
  expect((await api.put('/seat/state', { state: 'idle' })).status).toBe(200);
  return { ...s, api };
}

async function staff(role: 'supervisor' | 'seat', regionCode: string) {
  const s = await createStaff({ role, regionCode });
  return new ApiClient(engine.url).login(s.username, s.password);
}

const BAD_REQUEST = { code: 'VALIDATION_FAILED', message: '请求内容不正确，请检查后重试' };

describe('GET /api/seat/sip', () => {
  it('issues a fresh password per request to seats only', async () => {
    const seat = await idleSeat('150602');
    const first = await seat.api.get('/seat/sip');
    const second = await seat.api.get('/seat/sip');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      uri: `sip:seat-${seat.seat.jobNumber.toLowerCase()}@cloud-seat.local`,
      realm: 'cloud-seat.local',
      wsPath: '/sip',
    });
    expect(second.body.password).not.toBe(first.body.password);
    // valid for the staff session's length (12 h by default)
    const ttl = Date.parse(first.body.expiresAt) - Date.now();
    expect(ttl).toBeGreaterThan(11 * 3600_000);
    expect((await (await staff('supervisor', '150602')).get('/seat/sip')).body.error.code).toBe('FORBIDDEN');
    const citizen = await new ApiClient(engine.url).asGuest();
    expect((await citizen.get('/seat/sip')).status).toBe(403);
  });
});

describe('POST /api/conversations/:id/call', () => {
  it('call contacts are created with their channel and skip nothing but the assistant', async () => {
    const citizen = await new ApiClient(engine.url).asGuest({ displayName: '钱先生' });
    const bad = await citizen.post('/conversations', { regionCode: '150625', channel: 'fax' });
    expect([bad.status, bad.body.error]).toEqual([400, expect.objectContaining(BAD_REQUEST)]);
    const created = await citizen.post('/conversations', { regionCode: '150625', channel: 'audio' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'queued', channel: 'audio' });
    expect((await Ticket.findOne({ where: { conversationId: created.body.id } }))!.channel).toBe('audio');

    const ticket = await citizen.post(`/conversations/${created.body.id}/call`, { media: 'audio' });
    expect(ticket.status).toBe(201);
    expect(ticket.body).toMatchObject({
      conversationId: created.body.id,
      media: 'audio',
      target: `sip:call-${created.body.id}@cloud-seat.local`,
      credentials: { realm: 'cloud-seat.local', wsPath: '/sip' },
    });
    expect(ticket.body.credentials.authorizationUser).toMatch(/^citizen-/);
  });

  it('400 for a bad body, 404 for someone else’s or unknown, 403 for staff, 409 when it cannot be called', async () => {
    const citizen = await new ApiClient(engine.url).asGuest();
    const other = await new ApiClient(engine.url).asGuest();
    const created = await citizen.post('/conversations', { regionCode: '150626', channel: 'video' });
    const id = created.body.id as string;

    for (const body of [{}, { media: 'fax' }, { media: 1 }]) {
      const res = await citizen.post(`/conversations/${id}/call`, body);
      expect([res.status, res.body.error]).toEqual([400, expect.objectContaining(BAD_REQUEST)]);
    }
    expect((await citizen.post('/conversations/not-a-uuid/call', { media: 'audio' })).status).toBe(400);
    expect((await citizen.post(`/conversations/${randomUUID()}/call`, { media: 'audio' })).status).toBe(404);
    expect((await other.post(`/conversations/${id}/call`, { media: 'audio' })).status).toBe(404);
    expect(
      (await (await staff('supervisor', '150626')).post(`/conversations/${id}/call`, { media: 'audio' })).status,
    ).toBe(403);

    // a chat still waiting in the queue is not a call contact
    const chatter = await new ApiClient(engine.url).asGuest();
    const chat = await chatter.post('/conversations', { regionCode: '150626' });
    const queuedChat = await chatter.post(`/conversations/${chat.body.id}/call`, { media: 'audio' });
    expect([queuedChat.status, queuedChat.body.error.code]).toEqual([409, 'INVALID_STATE']);

    expect((await citizen.post(`/conversations/${id}/end`)).status).toBe(200);
    const ended = await citizen.post(`/conversations/${id}/call`, { media: 'video' });
    expect([ended.status, ended.body.error]).toEqual([409, { code: 'CONVERSATION_ENDED', message: '会话已结束' }]);
  });

  it('a chat a seat serves may turn into a call', async () => {
    const seat = await idleSeat('150627');
    const citizen = await new ApiClient(engine.url).asGuest();
    const chat = await citizen.post('/conversations', { regionCode: '150627' });
    const offers = await seat.api.get('/seat/offers');
    expect((await seat.api.post(`/offers/${offers.body.offers[0].id}/accept`)).status).toBe(200);
    const ticket = await citizen.post(`/conversations/${chat.body.id}/call`, { media: 'video' });
    expect(ticket.status).toBe(201);
    expect(ticket.body.target).toBe(`sip:call-${chat.body.id}@cloud-seat.local`);
  });
});

describe('recordings', () => {
  it('play to the serving seat and to readers in scope; 403 for others; 404 unknown', async () => {
    const seat = await idleSeat('150603');
    const citizen = await new ApiClient(engine.url).asGuest();
    // a chat the seat serves (an audio contact would wait for a seat with a registered softphone)
    const chat = await citizen.post('/conversations', { regionCode: '150603' });
    const id = chat.body.id as string;
    const offers = await seat.api.get('/seat/offers');
    expect((await seat.api.post(`/offers/${offers.body.offers[0].id}/accept`)).status).toBe(200);

    const bytes = Buffer.from('OggS fake recording bytes');
    await mkdir(path.join(recordingsDir, id), { recursive: true });
    await writeFile(path.join(recordingsDir, id, 'mixed-1.ogg'), bytes);
    const recording = await Recording.create({
      id: randomUUID(),
      conversationId: id,
      media: 'audio',
      files: [
        { kind: 'mixed', role: null, path: `${id}/mixed-1.ogg` },
        { kind: 'leg', role: 'citizen', path: `${id}/leg-citizen.webm` },
      ],
      durationSeconds: 12.5,
    });

    const list = await seat.api.get(`/conversations/${id}/recordings`);
    expect(list.status).toBe(200);
    expect(list.body.recordings).toEqual([
      {
        id: recording.id,
        conversationId: id,
        media: 'audio',
        durationSeconds: 12.5,
        createdAt: expect.any(String),
        url: `/api/recordings/${recording.id}`,
      },
    ]);
    const played = await fetch(`${engine.url}/api/recordings/${recording.id}`, { headers: seat.api.authHeaders() });
    expect(played.status).toBe(200);
    expect(played.headers.get('content-type')).toBe('audio/ogg');
    expect(Buffer.from(await played.arrayBuffer())).toEqual(bytes);

    const supervisor = await staff('supervisor', '150603');
    expect((await supervisor.get(`/conversations/${id}/recordings`)).status).toBe(200);
    const bySupervisor = await fetch(`${engine.url}/api/recordings/${recording.id}`, {
      headers: supervisor.authHeaders(),
    });
    expect(bySupervisor.status).toBe(200);

    const elsewhere = await staff('supervisor', '150602');
    expect((await elsewhere.get(`/conversations/${id}/recordings`)).body.error.code).toBe('OUT_OF_SCOPE');
    expect((await elsewhere.get(`/recordings/${recording.id}`)).status).toBe(403);
    const otherSeat = await idleSeat('150603');
    expect((await otherSeat.api.get(`/recordings/${recording.id}`)).status).toBe(403);
    expect((await citizen.get(`/recordings/${recording.id}`)).status).toBe(403);
    expect((await citizen.get(`/conversations/${id}/recordings`)).status).toBe(403);

    expect((await seat.api.get(`/recordings/${randomUUID()}`)).status).toBe(404);
    expect((await seat.api.get(`/conversations/${randomUUID()}/recordings`)).status).toBe(404);
    expect((await seat.api.get('/recordings/nope')).status).toBe(400);
  });
});

describe('with SWITCH=off', () => {
  it('answers the call routes 503 CALLS_UNAVAILABLE', async () => {
    const off = await startTestEngine();
    try {
      expect(off.calls).toBeNull();
      const s = await createSeat({ regionCode: '150602' });
      const seat = await new ApiClient(off.url).login(s.username, s.password);
      const creds = await seat.get('/seat/sip');
      expect([creds.status, creds.body.error]).toEqual([
        503,
        { code: 'CALLS_UNAVAILABLE', message: '语音视频通话暂未开通' },
      ]);
      const citizen = await new ApiClient(off.url).asGuest();
      const created = await citizen.post('/conversations', { regionCode: '150602', channel: 'audio' });
      expect((await citizen.post(`/conversations/${created.body.id}/call`, { media: 'audio' })).status).toBe(503);
    } finally {
      await off.stop();
    }
  });
});
