import { beforeEach, describe, expect, it, vi } from 'vitest';
import { catalogApi } from './catalog';

/** uni.request answered with `data`; the requests are recorded. */
function stubRequest(data: unknown) {
  const calls: Array<{ url: string; header: Record<string, string> }> = [];
  vi.stubGlobal('uni', {
    getStorageSync: () => '',
    request: (options: UniNamespace.RequestOptions) => {
      calls.push({ url: options.url, header: options.header as Record<string, string> });
      queueMicrotask(() => options.success?.({ statusCode: 200, data: data as string, header: {}, cookies: [] }));
    },
  });
  return calls;
}

describe('catalog API', () => {
  beforeEach(() => vi.unstubAllGlobals());

  it('reads the public catalog without a guest token', async () => {
    const calls = stubRequest({ scenarios: [{ code: 'p-birth' }], matters: [{ id: 'm1' }] });
    expect(await catalogApi.scenarios('150602', 'legal')).toEqual([{ code: 'p-birth' }]);
    expect(await catalogApi.search('150602', '结婚 登记', { limit: 10 })).toEqual([{ id: 'm1' }]);
    await catalogApi.scenario('p-marriage', '150602');
    await catalogApi.matter('7d0c2b1e-0000-4000-8000-000000000001');
    expect(calls.map((c) => c.url)).toEqual([
      '/api/scenarios?regionCode=150602&kind=legal',
      '/api/regions/150602/matters?q=%E7%BB%93%E5%A9%9A%20%E7%99%BB%E8%AE%B0&limit=10',
      '/api/scenarios/p-marriage?regionCode=150602',
      '/api/matters/7d0c2b1e-0000-4000-8000-000000000001',
    ]);
    expect(calls.every((c) => !('Authorization' in c.header))).toBe(true);
  });
});
