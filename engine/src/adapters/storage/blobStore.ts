/**
 * Where attachment bytes live. Local disk by default (the embedded default and single-server
 * installs); an S3-compatible store for production implements the same interface.
 */
import type { Readable } from 'node:stream';

export interface BlobStore {
  readonly kind: string;
  /** Stores the stream under the key; rejects (and leaves nothing) when the stream fails. */
  put(key: string, data: Readable): Promise<void>;
  /** The stored bytes, or null when there is no such key. */
  get(key: string): Promise<Readable | null>;
  remove(key: string): Promise<void>;
  /** Releases connections, if the store holds any. */
  close?(): void;
}

const KEY = /^[a-z0-9][a-z0-9/_.-]*$/;

/** Keys are relative paths of lower-case letters, digits, `/_.-`, never climbing out (`..`). */
export function assertBlobKey(key: string): void {
  if (!KEY.test(key) || key.includes('..')) throw new Error(`invalid blob key: ${key}`);
}
