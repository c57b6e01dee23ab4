import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('defaults to the embedded database and in-memory realtime', () => {
    const c = loadConfig({});
    expect(c.database.kind).toBe('embedded');
    expect(c.redisUrl).toBeNull();
    expect(c.role).toBe('all');
    expect(c.seedDemo).toBe(true);
  });

  it('uses PostgreSQL and Redis when their URLs are set, and no demo data in production', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://u@h/db', REDIS_URL: 'redis://h:6379', NODE_ENV: 'production' });
    expect(c.database).toMatchObject({ kind: 'postgres', url: 'postgres://u@h/db' });
    expect(c.redisUrl).toBe('redis://h:6379');
    expect(c.seedDemo).toBe(false);
    expect(c.cookieSecure).toBe(true);
  });

  it('fails fast with every bad setting named', () => {
    expect(() => loadConfig({ PORT: 'eighty', ROLE: 'boss' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'eighty', ROLE: 'boss' });
    } catch (e) {
      expect((e as Error).message).toMatch(/PORT/);
      expect((e as Error).message).toMatch(/ROLE/);
    }
  });

  it('takes the WeChat reminder settings all together or not at all', () => {
    expect(loadConfig({}).wechat).toBeNull();
    expect(
      loadConfig({ WECHAT_APP_ID: 'wx1', WECHAT_APP_SECRET: 's', WECHAT_REMINDER_TEMPLATE_ID: 't' }).wechat,
    ).toEqual({ appId: 'wx1', appSecret: 's', reminderTemplateId: 't' });
    expect(() => loadConfig({ WECHAT_APP_ID: 'wx1' })).toThrow(/set all three or none/);
  });
});
