/**
 * The Redis adapter: one connection factory. Callers own and close what they create.
 */
import { Redis } from 'ioredis';

export function connectRedis(url: string, name: string): Redis {
  return new Redis(url, { connectionName: `cloud-seat:${name}`, maxRetriesPerRequest: null, lazyConnect: false });
}

export type { Redis };
