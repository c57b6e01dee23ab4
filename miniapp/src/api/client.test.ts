import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiClient, ApiError, NETWORK_ERROR, uniTokenStore } from './client';

interface Call {
  url: string;
  method: string;
  header: Record<string, string>;
  data: unknown;
}

/** A fake engine behind a stubbed `uni`: storage in a Map, uni.request answered by `route`. */
function fakeUni(route: (call: Call) => { statusCode: number; data: unknown } | 'network-failure') {
  const storage = new Map<string, unknown>();
  const calls: Call[] = [];
  vi.stubGlobal('uni', {
    getStorageSync: (key: string) => storage.get(key) ?? '',
    setStorageSync: (key: string, value: unknown) => void storage.set(key, value),
    removeStorageSync: (key: string) => void storage.delete(key),
    request: (options: UniNamespace.RequestOptions) => {
      const call = { url: options.url, method: options.method ?? 'GET', header: options.header, data: options.data };
      calls.push(call);
      const answer = route(call);
      queueMicrotask(() => {
        if (answer === 'network-failure') options.fail?.({ errMsg: 'request:fail' });
        else options.success?.({ statusCode: answer.statusCode, data: answer.data as string, header: {}, cookies: [] });
      });
    },
  });
  return { storage, calls };
}

const client = () => new ApiClient({ baseUrl: 'http://engine.test', tokens: uniTokenStore('token') });

describe('ApiClient', () => {
  beforeEach(() => vi.unstubAllGlobals());

  it('gets a guest token on first use, keeps it, and sends it as a bearer token', async () => {
    let guests = 0;
    const { storage, calls } = fakeUni(({ url }) =>
      url.endsWith('/api/auth/guest')
        ? { statusCode: 201, data: { token: `guest-${++guests}`, me: {} } }
        : { statusCode: 200, data: { ok: true } },
    );
    const api = client();
    await api.get('/api/auth/me');
    await api.get('/api/auth/me');

    expect(guests).toBe(1);
    expect(storage.get('token')).toBe('guest-1');
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'POST http://engine.test/api/auth/guest',
      'GET http://engine.test/api/auth/me',
      'GET http://engine.test/api/auth/me',
    ]);
    expect(calls[1]?.header.Authorization).toBe('Bearer guest-1');
  });

  it('on 401 gets a new guest token once and retries the request with it', async () => {
    const { storage, calls } = fakeUni(({ url, header }) => {
      if (url.endsWith('/api/auth/guest')) return { statusCode: 201, data: { token: 'fresh', me: {} } };
      return header.Authorization === 'Bearer fresh'
        ? { statusCode: 201, data: { id: 'c1' } }
        : { statusCode: 401, data: { error: { code: 'UNAUTHENTICATED', message: '请先登录' } } };
    });
    storage.set('token', 'expired');

    await expect(client().post('/api/conversations', { regionCode: '150600' })).resolves.toEqual({ id: 'c1' });
    expect(
      calls.map((c) => `${c.method} ${c.url.replace('http://engine.test', '')} ${c.header.Authorization ?? '-'}`),
    ).toEqual([
      'POST /api/conversations Bearer expired',
      'POST /api/auth/guest -',
      'POST /api/conversations Bearer fresh',
    ]);
    expect(calls[2]?.data).toEqual({ regionCode: '150600' });
    expect(storage.get('token')).toBe('fresh');
  });

  it('retries only once: a second 401 surfaces as an ApiError', async () => {
    let guests = 0;
    const { calls } = fakeUni(({ url }) =>
      url.endsWith('/api/auth/guest')
        ? { statusCode: 201, data: { token: `guest-${++guests}`, me: {} } }
        : { statusCode: 401, data: { error: { code: 'UNAUTHENTICATED', message: '请先登录' } } },
    );
    const error = await client()
      .get('/api/auth/me')
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 401, code: 'UNAUTHENTICATED', message: '请先登录' });
    expect(guests).toBe(2); // first-use guest + exactly one renewal
    expect(calls.filter((c) => !c.url.endsWith('/api/auth/guest'))).toHaveLength(2);
  });

  it('concurrent 401s share one new guest identity', async () => {
    let guests = 0;
    const { storage } = fakeUni(({ url, header }) => {
      if (url.endsWith('/api/auth/guest')) return { statusCode: 201, data: { token: `guest-${++guests}`, me: {} } };
      return header.Authorization === 'Bearer old' ? { statusCode: 401, data: '' } : { statusCode: 200, data: 'ok' };
    });
    storage.set('token', 'old');
    const api = client();
    await expect(Promise.all([api.get('/a'), api.get('/b'), api.get('/c')])).resolves.toEqual(['ok', 'ok', 'ok']);
    expect(guests).toBe(1);
  });

  it('does not send a token nor renew it for public requests', async () => {
    const { calls } = fakeUni(() => ({ statusCode: 200, data: { regions: [] } }));
    await client().get('/api/regions', { auth: false });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.header.Authorization).toBeUndefined();
  });

  it('turns error bodies and network failures into ApiError', async () => {
    fakeUni(({ url }) =>
      url.endsWith('/down')
        ? 'network-failure'
        : { statusCode: 409, data: { error: { code: 'ALREADY_EVALUATED', message: '您已评价过本次服务' } } },
    );
    const api = client();
    await expect(api.get('/x', { auth: false })).rejects.toMatchObject({ status: 409, code: 'ALREADY_EVALUATED' });
    await expect(api.get('/down', { auth: false })).rejects.toMatchObject({ status: 0, code: NETWORK_ERROR });
  });

  it('encodes query parameters', async () => {
    const { calls } = fakeUni(() => ({ statusCode: 200, data: {} }));
    await client().get('/api/conversations/c1/messages', {
      auth: false,
      query: { afterSeq: 7, limit: 200, skip: undefined },
    });
    expect(calls[0]?.url).toBe('http://engine.test/api/conversations/c1/messages?afterSeq=7&limit=200');
  });

  it('downloads a protected file with the bearer token, renewing a stale one once', async () => {
    const { storage } = fakeUni(({ url }) =>
      url.endsWith('/api/auth/guest')
        ? { statusCode: 201, data: { token: 'fresh', me: {} } }
        : { statusCode: 500, data: {} },
    );
    storage.set('token', 'stale');
    const seen: Array<{ url: string; auth: string | undefined }> = [];
    const api = new ApiClient({
      baseUrl: 'http://engine.test',
      tokens: uniTokenStore('token'),
      downloadTransport: async ({ url, header }) => {
        seen.push({ url, auth: header.Authorization });
        return header.Authorization === 'Bearer fresh'
          ? { statusCode: 200, tempFilePath: 'blob:http://engine.test/1' }
          : { statusCode: 401, tempFilePath: '' };
      },
    });
    expect(await api.download('/api/attachments/a/k')).toBe('blob:http://engine.test/1');
    expect(seen).toEqual([
      { url: 'http://engine.test/api/attachments/a/k', auth: 'Bearer stale' },
      { url: 'http://engine.test/api/attachments/a/k', auth: 'Bearer fresh' },
    ]);
  });

  it('reports a missing file as an ApiError', async () => {
    fakeUni(() => ({ statusCode: 200, data: {} }));
    const api = new ApiClient({
      baseUrl: '',
      tokens: { get: () => 't', set: () => undefined, clear: () => undefined },
      downloadTransport: async () => ({ statusCode: 404, tempFilePath: '' }),
    });
    await expect(api.download('/api/attachments/a/k')).rejects.toMatchObject({
      status: 404,
      message: '文件不存在或已删除',
    });
  });
});
