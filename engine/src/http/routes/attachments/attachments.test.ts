/**
 * Images and files through the API on real PostgreSQL and a real disk store: upload by both
 * sides, download with safe headers, and every bad upload refused with nothing stored.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../../../test/apiClient.js';
import { createSeat } from '../../../../test/factories.js';
import { startTestEngine, type TestEngine } from '../../../../test/testEngine.js';
import { Attachment, Message } from '../../../models/index.js';

let engine: TestEngine;
beforeAll(async () => {
  engine = await startTestEngine();
});
afterAll(async () => engine?.stop());

/** 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

async function upload(
  client: ApiClient,
  conversationId: string,
  bytes: Buffer,
  name: string,
  clientId: string = randomUUID(),
) {
  const form = new FormData();
  form.append('file', new Blob([bytes]), name);
  const res = await fetch(`${engine.url}/api/conversations/${conversationId}/attachments?clientId=${clientId}`, {
    method: 'POST',
    headers: client.authHeaders(),
    body: form,
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

async function activeConversation(regionCode: string) {
  const s = await createSeat({ regionCode });
  const seat = await new ApiClient(engine.url).login(s.username, s.password);
  await seat.put('/seat/state', { state: 'idle' });
  const citizen = await new ApiClient(engine.url).asGuest();
  const id = (await citizen.post('/conversations', { regionCode })).body.id as string;
  const [offer] = (await seat.get('/seat/offers')).body.offers;
  await seat.post(`/offers/${offer.id}/accept`);
  return { seat, citizen, id };
}

async function storedFiles(): Promise<string[]> {
  const root = engine.config.attachmentsDir;
  const walk = async (dir: string): Promise<string[]> => {
    const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
    const nested = await Promise.all(
      entries.map((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)])),
    );
    return nested.flat();
  };
  return walk(root);
}

describe('attachments', () => {
  it('exchanges an image and a file, serves them safely, and a retry stores nothing twice', async () => {
    const { seat, citizen, id } = await activeConversation('150602');
    const clientId = randomUUID();
    const image = await upload(citizen, id, PNG, '身份证正面.png', clientId);
    expect(image.status).toBe(201);
    expect(image.body).toMatchObject({
      kind: 'image',
      body: '身份证正面.png',
      senderType: 'citizen',
      attachment: { kind: 'image', mime: 'image/png', name: '身份证正面.png', size: PNG.length },
    });
    const again = await upload(citizen, id, PNG, '身份证正面.png', clientId);
    expect([again.status, again.body.id]).toEqual([200, image.body.id]);
    expect(await Attachment.count({ where: { conversationId: id } })).toBe(1);

    const file = await upload(seat, id, PDF, '办事指南.pdf');
    expect(file.body).toMatchObject({ kind: 'file', senderType: 'seat', attachment: { mime: 'application/pdf' } });

    // Only the conversation's people and staff in scope, signed in.
    const anonymous = await fetch(`${engine.url}${image.body.attachment.url}`);
    expect(anonymous.status).toBe(401);
    const stranger = await new ApiClient(engine.url).asGuest();
    expect((await fetch(`${engine.url}${image.body.attachment.url}`, { headers: stranger.authHeaders() })).status).toBe(
      404,
    );
    const otherSeat = await createSeat({ regionCode: '150602' });
    const otherSeatApi = await new ApiClient(engine.url).login(otherSeat.username, otherSeat.password);
    expect(
      (await fetch(`${engine.url}${image.body.attachment.url}`, { headers: otherSeatApi.authHeaders() })).status,
    ).toBe(403);
    expect((await fetch(`${engine.url}${image.body.attachment.url}`, { headers: seat.authHeaders() })).status).toBe(
      200,
    );

    const got = await fetch(`${engine.url}${image.body.attachment.url}`, { headers: citizen.authHeaders() });
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    expect(got.headers.get('content-security-policy')).toContain('sandbox');
    expect(Buffer.from(await got.arrayBuffer()).equals(PNG)).toBe(true);
    const pdf = await fetch(`${engine.url}${file.body.attachment.url}`, { headers: citizen.authHeaders() });
    expect(pdf.headers.get('content-disposition')).toMatch(/^attachment; filename\*=UTF-8''/);
    expect(decodeURIComponent(pdf.headers.get('content-disposition')!.split("''")[1]!)).toBe('办事指南.pdf');

    // The URL's key is required; ids alone reveal nothing.
    const wrongKey = image.body.attachment.url.replace(/[0-9a-f]{32}$/, '0'.repeat(32));
    expect((await fetch(`${engine.url}${wrongKey}`, { headers: citizen.authHeaders() })).status).toBe(404);

    const listed = (await seat.get(`/conversations/${id}/messages`)).body.messages;
    expect(
      listed
        .filter((m: { kind: string }) => m.kind !== 'text')
        .map((m: { attachment: { name: string } }) => m.attachment.name),
    ).toEqual(['身份证正面.png', '办事指南.pdf']);
  });

  it('refuses disguised, active, oversized, empty and misplaced uploads and stores nothing', async () => {
    const { citizen, seat, id } = await activeConversation('150603');
    const before = await storedFiles();
    const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00'), Buffer.alloc(4096)]);
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    const big = Buffer.concat([PNG, Buffer.alloc(20 * 1024 * 1024)]);
    const results = [
      await upload(citizen, id, exe, 'photo.png'),
      await upload(citizen, id, svg, 'icon.svg'),
      await upload(citizen, id, Buffer.from('<html><script>alert(1)</script></html>'), 'a.jpg'),
      await upload(citizen, id, big, 'huge.png'),
      await upload(citizen, id, Buffer.alloc(0), 'empty.png'),
    ];
    expect(results.map((r) => [r.status, r.body.error.code])).toEqual([
      [415, 'UNSUPPORTED_FILE_TYPE'],
      [415, 'UNSUPPORTED_FILE_TYPE'],
      [415, 'UNSUPPORTED_FILE_TYPE'],
      [413, 'PAYLOAD_TOO_LARGE'],
      [400, 'VALIDATION_FAILED'],
    ]);
    expect(results[0]!.body.error.message).toContain('不支持该文件类型');

    const stranger = await new ApiClient(engine.url).asGuest();
    expect((await upload(stranger, id, PNG, 'x.png')).status).toBe(403);
    expect((await upload(citizen, randomUUID(), PNG, 'x.png')).status).toBe(404);
    const noClientId = await fetch(`${engine.url}/api/conversations/${id}/attachments`, {
      method: 'POST',
      headers: citizen.authHeaders(),
      body: new FormData(),
    });
    expect(noClientId.status).toBe(400);

    await seat.post(`/conversations/${id}/end`);
    const afterEnd = await upload(citizen, id, PNG, 'late.png');
    expect([afterEnd.status, afterEnd.body.error.code]).toEqual([409, 'CONVERSATION_ENDED']);

    expect(await storedFiles()).toEqual(before);
    expect(await Attachment.count({ where: { conversationId: id } })).toBe(0);
    expect(await Message.count({ where: { conversationId: id, kind: ['image', 'file'] } })).toBe(0);
  });
});
