import { afterEach, describe, expect, it, vi } from 'vitest';
import { newClientId, uuidV4Fallback } from './clientId';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('client ids', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('uses crypto.randomUUID when the runtime has it', () => {
    vi.stubGlobal('crypto', { randomUUID: () => '11111111-2222-4333-8444-555555555555' });
    expect(newClientId()).toBe('11111111-2222-4333-8444-555555555555');
  });

  it('falls back to getRandomValues without randomUUID (mini-program runtimes)', () => {
    const getRandomValues = vi.fn((bytes: Uint8Array) => bytes.fill(0xab));
    vi.stubGlobal('crypto', { getRandomValues });
    expect(newClientId()).toBe('abababab-abab-4bab-abab-abababababab');
    expect(getRandomValues).toHaveBeenCalledOnce();
  });

  it('falls back to a valid, distinct uuid v4 without crypto', () => {
    vi.stubGlobal('crypto', undefined);
    const random = vi.spyOn(Math, 'random');
    const ids = new Set(Array.from({ length: 50 }, () => newClientId()));
    expect(random).toHaveBeenCalled();
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(UUID_V4);
  });

  it('sets the version and variant bits whatever the random bytes are', () => {
    expect(uuidV4Fallback((b) => b.fill(0xff))).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
    expect(uuidV4Fallback((b) => b.fill(0))).toBe('00000000-0000-4000-8000-000000000000');
  });
});
