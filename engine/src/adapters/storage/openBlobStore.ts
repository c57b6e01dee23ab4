/**
 * Opens the attachment store the config names. An S3 store is checked first (the bucket exists
 * and the credentials are accepted), so a wrong setting stops the engine at start with a clear
 * message instead of failing the first upload.
 */
import type { Config } from '../../config.js';
import type { BlobStore } from './blobStore.js';
import { LocalDiskStore } from './localDiskStore.js';
import { S3Store } from './s3Store.js';

export async function openBlobStore(storage: Config['storage']): Promise<BlobStore> {
  if (storage.kind === 'local') return new LocalDiskStore(storage.dir);
  const store = new S3Store(storage);
  try {
    await store.check();
  } catch (err) {
    store.close();
    throw err;
  }
  return store;
}
