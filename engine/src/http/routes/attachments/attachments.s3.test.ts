/**
 * The engine with STORAGE=s3 against an S3-compatible server on loopback: an image goes up
 * through the API into the bucket and comes back down; a wrong bucket stops the start.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../../../test/apiClient.js';
import { createSeat } from '../../../../test/factories.js';
import { startS3Fixture, type S3Fixture } from '../../../../test/s3Fixture.js';
import { startTestEngine, type TestEngine } from '../../../../test/testEngine.js';
import { loadConfig } from '../../../config.js';
import { createLogger } from '../../../logger.js';
import { startEngine } from '../../../server.js';

let s3: S3Fixture;
let engine: TestEngine;
let storageEnv: Record<string, string>;
beforeAll(async () => {
  s3 = await startS3Fixture();
  storageEnv = {
    STORAGE: 's3',
    S3_ENDPOINT: s3.endpoint,
    S3_BUCKET: s3.bucket,
    S3_ACCESS_KEY_ID: s3.accessKeyId,
    S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
    S3_FORCE_PATH_STYLE: 'true',
    S3_PREFIX: 'cloud-seat',
  };
  engine = await startTestEngine({ env: storageEnv });
});
afterAll(async () => {
  await engine?.stop();
  await s3?.stop();
});

/** 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

describe('attachments on an S3-compatible store', () => {
  it('says which store it uses, and keeps an uploaded image in the bucket and serves it back', async () => {
    expect(await (await fetch(`${engine.url}/api/health`)).json()).toMatchObject({ storage: 's3' });

    const s = await createSeat({ regionCode: '150602' });
    const seat = await new ApiClient(engine.url).login(s.username, s.password);
    await seat.put('/seat/state', { state: 'idle' });
    const citizen = await new ApiClient(engine.url).asGuest();
    const id = (await citizen.post('/conversations', { regionCode: '150602' })).body.id as string;
    const [offer] = (await seat.get('/seat/offers')).body.offers;
    await seat.post(`/offers/${offer.id}/accept`);

    const form = new FormData();
    form.append('file', new Blob([PNG]), '营业执照.png');
    const res = await fetch(`${engine.url}/api/conversations/${id}/attachments?clientId=${randomUUID()}`, {
      method: 'POST',
      headers: citizen.authHeaders(),
      body: form,
    });
    expect(res.status).toBe(201);
    const message = (await res.json()) as { attachment: { url: string } };
    const stored = [...s3.objects].filter(([key]) => key.startsWith('cloud-seat/attachments/'));
    expect(stored.map(([, bytes]) => bytes.equals(PNG))).toEqual([true]);

    const got = await fetch(`${engine.url}${message.attachment.url}`, { headers: seat.authHeaders() });
    expect([got.status, got.headers.get('content-type')]).toEqual([200, 'image/png']);
    expect(Buffer.from(await got.arrayBuffer()).equals(PNG)).toBe(true);
  });

  it('refuses to start when the bucket does not exist', async () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      ROLE: 'web',
      PORT: '0',
      LOG_LEVEL: 'silent',
      ...storageEnv,
      S3_BUCKET: 'no-such-bucket',
    });
    await expect(startEngine(config, createLogger('silent'))).rejects.toThrow(
      /S3 store: cannot reach bucket "no-such-bucket" .*the bucket does not exist/,
    );
  });
});
