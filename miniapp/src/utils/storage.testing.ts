/** `uni` stubbed for tests that only need its storage: kept in a Map, returned for inspection. */
import { vi } from 'vitest';

export function stubUniStorage(initial: Record<string, string> = {}) {
  const storage = new Map<string, unknown>(Object.entries(initial));
  vi.stubGlobal('uni', {
    getStorageSync: (key: string) => storage.get(key) ?? '',
    setStorageSync: (key: string, value: unknown) => void storage.set(key, value),
    removeStorageSync: (key: string) => void storage.delete(key),
  });
  return storage;
}
