import { randomUUID } from 'node:crypto';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../../../test/apiClient.js';
import { createSeat, createStaff, uniq } from '../../../../test/factories.js';
import { startTestEngine, type TestEngine } from '../../../../test/testEngine.js';
import { formatTicketNumber } from '../../../domain/tickets/ticketNumber.js';
import { Matter, Ticket } from '../../../models/index.js';

let engine: TestEngine;
beforeAll(async () => {
  engine = await startTestEngine();
});
afterAll(async () => engine?.stop());

async function staffApi(role: 'seat' | 'supervisor' | 'admin', regionCode: string) {
  const s = await createStaff({ role, regionCode });
  return new ApiClient(engine.url).login(s.username, s.password);
}

async function seatApi(regionCode: string, options: Parameters<typeof createSeat>[0] = {}) {
  const s = await createSeat({ regionCode, ...options });
  return { ...s, api: await new ApiClient(engine.url).login(s.username, s.password) };
}

/** A ticket written straight to the database (with its citizen and conversation), for the filters. */
async function makeTicket(t: {
  regionCode: string;
  citizenName?: string;
  seatId?: string | null;
  matterId?: string | null;
  category?: string;
  channel?: string;
  status?: string;
  satisfaction?: number | null;
  createdAt?: string;
  citizenId?: string;
}) {
  const db = Ticket.sequelize!;
  const citizenId = t.citizenId ?? randomUUID();
  const conversationId = randomUUID();
  const id = randomUUID();
  const createdAt = t.createdAt ?? '2026-03-01T02:00:00Z';
  const number = formatTicketNumber(new Date(createdAt), Math.floor(Math.random() * 1_000_000));
  const replacements = {
    id,
    number,
    citizenId,
    conversationId,
    regionCode: t.regionCode,
    citizenName: t.citizenName ?? '测试群众',
    seatId: t.seatId ?? null,
    matterId: t.matterId ?? null,
    category: t.category ?? '综合咨询',
    channel: t.channel ?? 'chat',
    status: t.status ?? 'resolved',
    satisfaction: t.satisfaction ?? null,
    createdAt,
  };
  if (!t.citizenId)
    await db.query(
      `INSERT INTO citizens (id, display_name, identity_type) VALUES (:citizenId, :citizenName, 'personal')`,
      { replacements },
    );
  await db.query(
    `INSERT INTO conversations (id, citizen_id, region_code, matter_id, channel, status, seat_id, category,
       queued_at, rank_at, accepted_at, ended_at, created_at)
     VALUES (:conversationId, :citizenId, :regionCode, :matterId, :channel, 'ended', :seatId, :category,
       :createdAt, :createdAt, timestamptz :createdAt + interval '10 seconds', timestamptz :createdAt + interval '130 seconds', :createdAt);
     INSERT INTO tickets (id, number, conversation_id, citizen_id, region_code, seat_id, matter_id, channel, status,
       satisfaction, category, citizen_name, created_at)
     VALUES (:id, :number, :conversationId, :citizenId, :regionCode, :seatId, :matterId, :channel, :status,
       :satisfaction, :category, :citizenName, :createdAt)`,
    { replacements },
  );
  return { id, number, citizenId };
}

type Listed = { id: string; number: string };
const ids = (body: { tickets: Listed[] }) => body.tickets.map((t) => t.id).sort();

describe('a real contact on the ticket list and detail', () => {
  it('lists the ticket for its seat, region supervisor and citizen with the merged timeline', async () => {
    const region = '150621';
    const seat = await seatApi(region);
    expect((await seat.api.put('/seat/state', { state: 'idle' })).status).toBe(200);
    const citizen = await new ApiClient(engine.url).asGuest({ displayName: '刘女士' });
    const created = await citizen.post('/conversations', { regionCode: region });
    const conversationId = created.body.id as string;
    const offers = await seat.api.get('/seat/offers');
    await seat.api.post(`/offers/${offers.body.offers[0].id}/accept`);
    await citizen.post(`/conversations/${conversationId}/messages`, { clientId: randomUUID(), body: '我想办社保卡' });
    await seat.api.post(`/conversations/${conversationId}/messages`, { clientId: randomUUID(), body: '好的，请稍等' });
    await seat.api.post(`/conversations/${conversationId}/end`);
    await citizen.post(`/conversations/${conversationId}/evaluation`, { label: 'satisfied', comment: '很好' });
    await seat.api.put('/seat/state', { state: 'offline' });
    const ticketId = created.body.ticket.id as string;

    const supervisor = await staffApi('supervisor', region);
    const listed = await supervisor.get(`/tickets?q=${encodeURIComponent('刘女士')}`);
    expect(listed.status).toBe(200);
    expect(listed.body.tickets).toHaveLength(1);
    expect(listed.body.tickets[0]).toMatchObject({
      id: ticketId,
      status: 'closed',
      channel: 'chat',
      category: '综合咨询',
      satisfaction: 4,
      citizen: { displayName: '刘女士' },
      seat: { id: seat.seat.id, jobNumber: seat.seat.jobNumber },
    });
    expect(listed.body.tickets[0].acceptedAt).not.toBeNull();
    expect(listed.body.tickets[0].durationSeconds).toBeGreaterThanOrEqual(0);

    const detail = await supervisor.get(`/tickets/${ticketId}`);
    expect(detail.status).toBe(200);
    const timeline = detail.body.ticket.timeline as Array<{
      kind: string;
      at: string;
      type?: string;
      message?: { seq: number; body: string };
    }>;
    const ats = timeline.map((e) => Date.parse(e.at));
    expect(ats).toEqual([...ats].sort((a, b) => a - b));
    const types = timeline.filter((e) => e.kind === 'event').map((e) => e.type);
    expect(types).toEqual(['created', 'queued', 'offered', 'accepted', 'ended', 'evaluated']);
    const seqs = timeline.filter((e) => e.kind === 'message').map((e) => e.message!.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(seqs.length).toBeGreaterThanOrEqual(5);
    // The citizen's words come after the seat took the contact.
    const at = (pred: (e: (typeof timeline)[number]) => boolean) => timeline.findIndex(pred);
    expect(at((e) => e.message?.body === '我想办社保卡')).toBeGreaterThan(at((e) => e.type === 'accepted'));
    expect(at((e) => e.type === 'evaluated')).toBe(timeline.length - 1);
    expect(detail.body.ticket.evaluation).toMatchObject({ rating: 4, comment: '很好' });

    // The seat sees it among its own; the citizen in 我的工单, without internal details.
    expect(ids((await seat.api.get('/seat/tickets')).body)).toEqual([ticketId]);
    const mine = await citizen.get('/citizen/tickets');
    expect(ids(mine.body)).toEqual([ticketId]);
    const own = await citizen.get(`/citizen/tickets/${ticketId}`);
    expect(own.status).toBe(200);
    const offered = own.body.ticket.timeline.find((e: { type?: string }) => e.type === 'offered');
    expect(offered).toMatchObject({ label: '分配坐席', data: {} });

    const stranger = await new ApiClient(engine.url).asGuest({});
    expect((await stranger.get(`/citizen/tickets/${ticketId}`)).status).toBe(404);
    expect((await stranger.get('/citizen/tickets')).body.tickets).toEqual([]);
    expect((await citizen.get('/tickets')).status).toBe(403);
  });
});

describe('filters', () => {
  const region = '150625';
  let admin: ApiClient;
  let seatId: string;
  let matterId: string;
  const made: Record<string, { id: string; number: string; citizenId: string }> = {};

  beforeAll(async () => {
    admin = await staffApi('admin', '150600');
    seatId = (await createSeat({ regionCode: region })).seat.id;
    const matter = await Matter.create({
      id: randomUUID(),
      regionCode: region,
      code: uniq('M'),
      name: '不动产登记查询',
      category: '不动产',
    });
    matterId = matter.id;
    made.base = await makeTicket({ regionCode: region, citizenName: '赵一', createdAt: '2026-03-01T02:00:00Z' });
    made.seat = await makeTicket({
      regionCode: region,
      seatId,
      status: 'in_progress',
      createdAt: '2026-03-02T02:00:00Z',
    });
    made.matter = await makeTicket({
      regionCode: region,
      matterId,
      category: '不动产',
      createdAt: '2026-03-03T02:00:00Z',
    });
    made.video = await makeTicket({
      regionCode: region,
      channel: 'video',
      satisfaction: 1,
      status: 'closed',
      createdAt: '2026-03-04T02:00:00Z',
    });
    made.phone = await makeTicket({
      regionCode: region,
      channel: 'phone',
      satisfaction: 5,
      status: 'closed',
      createdAt: '2026-03-05T02:00:00Z',
    });
    made.other = await makeTicket({
      regionCode: '150626',
      citizenName: '赵二',
      status: 'new',
      createdAt: '2026-03-06T02:00:00Z',
    });
  });

  const list = async (query: string) => {
    const res = await admin.get(`/tickets?${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return ids(res.body);
  };
  const only = (...keys: string[]) => keys.map((k) => made[k]!.id).sort();

  it('narrows by each filter', async () => {
    expect(await list(`regionCode=${region}`)).toEqual(only('base', 'seat', 'matter', 'video', 'phone'));
    expect(await list(`seatId=${seatId}`)).toEqual(only('seat'));
    expect(await list(`regionCode=${region}&category=${encodeURIComponent('不动产')}`)).toEqual(only('matter'));
    expect(await list(`matterId=${matterId}`)).toEqual(only('matter'));
    expect(await list(`regionCode=${region}&status=in_progress`)).toEqual(only('seat'));
    expect(await list(`regionCode=${region}&status=in_progress,closed`)).toEqual(only('seat', 'video', 'phone'));
    expect(await list(`regionCode=${region}&channel=video&channel=phone`)).toEqual(only('video', 'phone'));
    expect(await list(`regionCode=${region}&satisfaction=1`)).toEqual(only('video'));
    expect(await list(`regionCode=${region}&from=2026-03-02T02:00:00Z&to=2026-03-04T02:00:00Z`)).toEqual(
      only('seat', 'matter'),
    );
    // A date as `to` includes that Beijing day.
    expect(await list(`regionCode=${region}&from=2026-03-02&to=2026-03-03`)).toEqual(only('seat', 'matter'));
  });

  it('searches the ticket number, the citizen name and the matter name', async () => {
    expect(await list(`q=${made.phone!.number}`)).toEqual(only('phone'));
    expect(await list(`q=${made.phone!.number.slice(-6).toLowerCase()}`)).toContain(made.phone!.id);
    expect(await list(`q=${encodeURIComponent('赵')}`)).toEqual(only('base', 'other'));
    expect(await list(`q=${encodeURIComponent('不动产登记')}`)).toEqual(only('matter'));
    expect(await list(`q=${encodeURIComponent('%')}`)).toEqual([]);
  });

  it('finds a citizen by the last four digits of their phone', async () => {
    const tail = String(1000 + Math.floor(Math.random() * 9000));
    await Ticket.sequelize!.query('UPDATE citizens SET phone = :phone WHERE id = :id', {
      replacements: { phone: `1380000${tail}`, id: made.video!.citizenId },
    });
    expect(await list(`regionCode=${region}&q=${tail}`)).toEqual(only('video'));
  });

  it('pages by number or by cursor, newest first, with a count', async () => {
    const first = await admin.get(`/tickets?regionCode=${region}&pageSize=2`);
    expect(first.body).toMatchObject({ total: 5, totalCapped: false, page: 1, pageSize: 2 });
    expect(first.body.tickets.map((t: Listed) => t.id)).toEqual([made.phone!.id, made.video!.id]);
    const walked: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { tickets: Listed[]; nextCursor: string | null } } = await admin.get(
        `/tickets?regionCode=${region}&pageSize=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      walked.push(...res.body.tickets.map((t) => t.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(walked).toEqual(['phone', 'video', 'matter', 'seat', 'base'].map((k) => made[k]!.id));
    const third = await admin.get(`/tickets?regionCode=${region}&pageSize=2&page=3`);
    expect(third.body.tickets.map((t: Listed) => t.id)).toEqual([made.base!.id]);
    expect(third.body.nextCursor).toBeNull();
  });

  it('refuses bad input with a Chinese message and an English code', async () => {
    for (const query of [
      'status=bogus',
      'pageSize=1000',
      'satisfaction=6',
      'seatId=abc',
      'from=yesterday',
      'cursor=xyz',
    ]) {
      const res = await admin.get(`/tickets?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    const reversed = await admin.get('/tickets?from=2026-03-05&to=2026-03-01');
    expect(reversed.status).toBe(400);
    const malformed = await admin.get('/tickets/not-a-uuid');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('VALIDATION_FAILED');
    const unknown = await admin.get(`/tickets/${randomUUID()}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ code: 'NOT_FOUND', message: '工单不存在或已删除' });
  });

  it('exports CSV with a BOM and the filtered rows', async () => {
    const res = await fetch(`${engine.url}/api/tickets/export?format=csv&regionCode=${region}&channel=video,phone`, {
      headers: admin.authHeaders(),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('x-export-rows')).toBe('2');
    expect(res.headers.get('x-export-truncated')).toBe('false');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^工单号,状态,区域,渠道,/);
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual([made.phone!.number, made.video!.number]);
    expect(lines[1]).toContain('已关闭,杭锦旗,电话热线');
    expect(lines[1]).toContain('2026-03-05 10:00:00'); // Beijing time
  });

  it('exports XLSX as a zip whose sheet holds the rows', async () => {
    const res = await fetch(`${engine.url}/api/tickets/export?format=xlsx&regionCode=${region}`, {
      headers: admin.authHeaders(),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('.xlsx');
    const files = unzip(Buffer.from(await res.arrayBuffer()));
    expect(Object.keys(files)).toEqual(
      expect.arrayContaining(['[Content_Types].xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml']),
    );
    const sheet = files['xl/worksheets/sheet1.xml']!;
    expect(sheet.match(/<row /g)).toHaveLength(6);
    for (const key of ['base', 'seat', 'matter', 'video', 'phone']) expect(sheet).toContain(made[key]!.number);
    expect(sheet).toContain('不动产登记查询');
  });
});

describe('data scope', () => {
  it('keeps region staff to their region and seats to their own tickets', async () => {
    const a = '150622';
    const b = '150623';
    const seatA = await seatApi(a);
    const mineA = await makeTicket({ regionCode: a, seatId: seatA.seat.id });
    const otherA = await makeTicket({ regionCode: a });
    const inB = await makeTicket({ regionCode: b });

    expect(ids((await seatA.api.get('/tickets')).body)).toEqual([mineA.id]);
    expect(ids((await seatA.api.get('/seat/tickets')).body)).toEqual([mineA.id]);
    expect((await seatA.api.get(`/tickets/${inB.id}`)).status).toBe(403);
    expect((await seatA.api.get(`/tickets/${otherA.id}`)).status).toBe(403);
    expect((await seatA.api.get(`/tickets/${mineA.id}`)).status).toBe(200);

    const supervisorA = await staffApi('supervisor', a);
    expect(ids((await supervisorA.get('/tickets')).body)).toEqual([mineA.id, otherA.id].sort());
    const asked = await supervisorA.get(`/tickets?regionCode=${b}`);
    expect(asked.status).toBe(403);
    expect(asked.body.error.code).toBe('OUT_OF_SCOPE');
    expect((await supervisorA.get(`/tickets/${inB.id}`)).status).toBe(403);
    const exported = await fetch(`${engine.url}/api/tickets/export?regionCode=${b}`, {
      headers: supervisorA.authHeaders(),
    });
    expect(exported.status).toBe(403);
  });

  it("shows a citizen's whole history to the seat serving them, and scoped history to others", async () => {
    const seat = await seatApi('150627');
    expect((await seat.api.put('/seat/state', { state: 'idle' })).status).toBe(200);
    const citizen = await new ApiClient(engine.url).asGuest({ displayName: '孙先生' });
    const me = (await citizen.get('/auth/me')).body.citizen.id as string;
    const earlier = await makeTicket({ regionCode: '150602', citizenId: me, createdAt: '2026-01-01T00:00:00Z' });
    const created = await citizen.post('/conversations', { regionCode: '150627' });
    const offers = await seat.api.get('/seat/offers');
    await seat.api.post(`/offers/${offers.body.offers[0].id}/accept`);

    const history = await seat.api.get(`/citizens/${me}/tickets`);
    expect(history.status).toBe(200);
    expect(ids(history.body)).toEqual([earlier.id, created.body.ticket.id].sort());

    const otherSeat = await seatApi('150627');
    expect(ids((await otherSeat.api.get(`/citizens/${me}/tickets`)).body)).toEqual([]);
    const supervisor = await staffApi('supervisor', '150602');
    expect(ids((await supervisor.get(`/citizens/${me}/tickets`)).body)).toEqual([earlier.id]);
    expect((await supervisor.get('/citizens/nope/tickets')).status).toBe(400);
    await seat.api.post(`/conversations/${created.body.id as string}/end`);
    await seat.api.put('/seat/state', { state: 'offline' });
  });
});

/** Reads a ZIP through its central directory (as spreadsheet apps do) and inflates each entry. */
function unzip(zip: Buffer): Record<string, string> {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  expect(eocd).toBeGreaterThan(0);
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const files: Record<string, string> = {};
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const crc = zip.readUInt32LE(at + 16);
    const csize = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extra = zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    expect(zip.readUInt32LE(local)).toBe(0x04034b50);
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zlib.inflateRawSync(zip.subarray(dataStart, dataStart + csize));
    expect(zlib.crc32(data)).toBe(crc);
    files[name] = data.toString('utf8');
    at += 46 + nameLength + extra;
  }
  return files;
}
