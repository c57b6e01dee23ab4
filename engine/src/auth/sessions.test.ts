/** The in-process session cache: a repeated token costs no queries; logout here forgets at once. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../../test/testEngine.js';
import { AuthSession } from '../models/index.js';
import { hashToken } from '../security/tokens.js';
import { SessionService } from './sessions.js';

let engine: TestEngine;
beforeAll(async () => {
  engine = await startTestEngine();
});
afterAll(async () => engine?.stop());

const settings = { staffSessionMs: 3600_000, citizenSessionMs: 3600_000 };

describe('session cache', () => {
  it('answers a known token from memory until the cache time is up', async () => {
    let now = Date.parse('2026-11-29T08:00:00Z');
    const sessions = new SessionService({ ...settings, cacheMs: 30_000 }, () => new Date(now));
    const { token } = await sessions.createGuest({ displayName: '张三' }, null);
    expect(await sessions.resolve(token)).toMatchObject({ kind: 'citizen', displayName: '张三' });
    // Another process logs it out: this one keeps answering from memory for up to 30 s …
    await AuthSession.destroy({ where: { tokenHash: hashToken(token) } });
    expect(await sessions.resolve(token)).toMatchObject({ displayName: '张三' });
    // … then asks the database again.
    now += 30_001;
    expect(await sessions.resolve(token)).toBeNull();
  });

  it('forgets at once on logout in this process, and never caches without a cache time', async () => {
    const cached = new SessionService({ ...settings, cacheMs: 30_000 });
    const first = await cached.createGuest({}, null);
    expect(await cached.resolve(first.token)).not.toBeNull();
    await cached.logout(first.token);
    expect(await cached.resolve(first.token)).toBeNull();

    const uncached = new SessionService({ ...settings, cacheMs: 0 });
    const second = await uncached.createGuest({}, null);
    expect(await uncached.resolve(second.token)).not.toBeNull();
    await AuthSession.destroy({ where: { tokenHash: hashToken(second.token) } });
    expect(await uncached.resolve(second.token)).toBeNull();
  });
});
