import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalDiskStore } from './localDiskStore.js';

const root = await fs.mkdtemp(path.join(os.tmpdir(), 'cs-blobs-'));
afterAll(() => fs.rm(root, { recursive: true, force: true }));

describe('LocalDiskStore', () => {
  const store = new LocalDiskStore(root);

  it('stores, reads back and removes a blob', async () => {
    await store.put('attachments/2026/11/a.pdf', Readable.from(['%PDF-', '1.7 hello']));
    expect(await text((await store.get('attachments/2026/11/a.pdf'))!)).toBe('%PDF-1.7 hello');
    await store.remove('attachments/2026/11/a.pdf');
    expect(await store.get('attachments/2026/11/a.pdf')).toBeNull();
  });

  it('leaves nothing behind when the upload stream fails', async () => {
    const failing = new Readable({
      read() {
        this.push('part');
        this.destroy(new Error('client went away'));
      },
    });
    await expect(store.put('attachments/b.png', failing)).rejects.toThrow('client went away');
    expect(await store.get('attachments/b.png')).toBeNull();
    expect((await fs.readdir(path.join(root, 'attachments'))).filter((f) => f.includes('b.png'))).toEqual([]);
  });

  it('refuses keys that could escape the root', async () => {
    await expect(store.put('../evil', Readable.from(['x']))).rejects.toThrow(/invalid blob key/);
    await expect(store.get('/etc/passwd')).rejects.toThrow(/invalid blob key/);
  });
});
