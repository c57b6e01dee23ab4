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
}
