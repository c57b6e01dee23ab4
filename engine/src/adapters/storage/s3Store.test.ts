/**
 * The S3 store against an S3-compatible server on loopback (engine/test/s3Fixture.ts): real
 * HTTP, Signature V4, S3's XML answers and multipart upload.
 */
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer, text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3Fixture, type S3Fixture } from '../../../test/s3Fixture.js';
import { S3Store, type S3StoreOptions } from './s3Store.js';

let s3: S3Fixture;
let store: S3Store;
const opened: S3Store[] = [];

function open(overrides: Partial<S3StoreOptions> = {}): S3Store {
  const opened1 = new S3Store({
    endpoint: s3.endpoint,
    region: s3.region,
    bucket: s3.bucket,
    accessKeyId: s3.accessKeyId,
    secretAccessKey: s3.secretAccessKey,
    forcePathStyle: true,
    prefix: 'prod',
    ...overrides,
  });
  opened.push(opened1);
  return opened1;
}

beforeAll(async () => {
  s3 = await startS3Fixture();
  store = open();
});
afterAll(async () => {
  for (const s of opened) s.close();
  await s3?.stop();
});

/** A stream of `total` random bytes in 64 KiB chunks, which fails after `failAfter` bytes. */
function source(total: number, failAfter = Infinity): { stream: Readable; bytes: Buffer } {
  const bytes = randomBytes(total);
  let offset = 0;
  const stream = new Readable({
    read() {
      if (offset >= failAfter) return void this.destroy(new Error('client went away'));
      if (offset >= total) return void this.push(null);
      this.push(bytes.subarray(offset, offset + 64 * 1024));
      offset += 64 * 1024;
    },
  });
  return { stream, bytes };
}

describe('S3Store', () => {
  it('checks the bucket and credentials', async () => {
    await expect(store.check()).resolves.toBeUndefined();
    await expect(open({ bucket: 'no-such-bucket' }).check()).rejects.toThrow(
      /S3 store: cannot reach bucket "no-such-bucket" at http:\/\/127\.0\.0\.1:\d+: NotFound \(HTTP 404\): the bucket does not exist/,
    );
    await expect(open({ secretAccessKey: 'wrong' }).check()).rejects.toThrow(
      /cannot reach bucket "cloud-seat-test" .*HTTP 403.*: the access key, secret or their permissions were refused/,
    );
  });

  it('stores under the prefix, reads back and removes a blob; removing twice is fine', async () => {
    await store.put('attachments/2026/11/a.pdf', Readable.from(['%PDF-', '1.7 hello']));
    expect([...s3.objects.keys()]).toContain('prod/attachments/2026/11/a.pdf');
    expect(await text((await store.get('attachments/2026/11/a.pdf'))!)).toBe('%PDF-1.7 hello');
    await store.remove('attachments/2026/11/a.pdf');
    await store.remove('attachments/2026/11/a.pdf');
    expect(await store.get('attachments/2026/11/a.pdf')).toBeNull();
    expect(s3.objects.has('prod/attachments/2026/11/a.pdf')).toBe(false);
  });

  it('answers null for a key that was never stored', async () => {
    expect(await store.get('attachments/never')).toBeNull();
    expect(await open({ prefix: '' }).get('prod/attachments/never')).toBeNull();
  });

  it('streams a 12 MB file of unknown length up in parts and back', async () => {
    const { stream, bytes } = source(12 * 1024 * 1024);
    const before = s3.requests.length;
    await store.put('attachments/big.bin', stream);
    const calls = s3.requests.slice(before);
    expect(calls.filter((c) => c.startsWith('POST /cloud-seat-test/prod/attachments/big.bin?uploads'))).toHaveLength(1);
    expect(calls.filter((c) => c.startsWith('PUT') && c.includes('partNumber'))).toHaveLength(3);
    expect((await buffer((await store.get('attachments/big.bin'))!)).equals(bytes)).toBe(true);
    await store.remove('attachments/big.bin');
  });

  it('leaves no object and no parts when the source fails, small or in the middle of a multipart upload', async () => {
    const small = source(100_000, 64 * 1024);
    await expect(store.put('attachments/b.png', small.stream)).rejects.toThrow('client went away');
    const big = source(12 * 1024 * 1024, 11 * 1024 * 1024);
    const before = s3.requests.length;
    await expect(store.put('attachments/c.bin', big.stream)).rejects.toThrow('client went away');
    expect(s3.requests.slice(before).some((c) => c.startsWith('PUT') && c.includes('partNumber'))).toBe(true);
    expect(s3.requests.slice(before).some((c) => c.startsWith('DELETE') && c.includes('uploadId'))).toBe(true);
    expect(s3.objects.has('prod/attachments/b.png')).toBe(false);
    expect(s3.objects.has('prod/attachments/c.bin')).toBe(false);
    expect(s3.uploads.size).toBe(0);
  });

  it('names the bucket and the cause when an upload is refused', async () => {
    await expect(open({ accessKeyId: 'nobody' }).put('attachments/d.png', Readable.from(['x']))).rejects.toThrow(
      /cannot store "prod\/attachments\/d\.png" in bucket "cloud-seat-test" .*InvalidAccessKeyId \(HTTP 403\)/,
    );
    await expect(open({ bucket: 'gone' }).get('attachments/d.png')).rejects.toThrow(
      /cannot read .*NoSuchBucket \(HTTP 404\): the bucket does not exist/,
    );
    const unreachable = open({ endpoint: 'http://127.0.0.1:9' });
    await expect(unreachable.remove('attachments/d.png')).rejects.toThrow(/the service cannot be reached/);
  });

  it('refuses keys that could escape the prefix', async () => {
    await expect(store.put('../evil', Readable.from(['x']))).rejects.toThrow(/invalid blob key/);
    await expect(store.get('/etc/passwd')).rejects.toThrow(/invalid blob key/);
    await expect(store.remove('a/../../b')).rejects.toThrow(/invalid blob key/);
  });
});
