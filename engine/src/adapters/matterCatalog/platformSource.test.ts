import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_FIELD_MAPPING } from './fieldMapping.js';
import { authHeader, PlatformSource, platformTime, type PlatformSettings } from './platformSource.js';
import { platformRecord, startPlatformStandIn, type PlatformStandIn } from './platformStandIn.js';
import type { SourceBatch } from './source.js';

let standIn: PlatformStandIn | null = null;
afterEach(async () => {
  await standIn?.close();
  standIn = null;
});

function source(overrides: Partial<PlatformSettings> = {}) {
  return new PlatformSource({
    url: standIn!.url,
    token: 'stand-in-token',
    pageSize: 10,
    mapping: DEFAULT_FIELD_MAPPING,
    regions: ['150602', '150603'],
    retries: 2,
    backoffMs: 5,
    ...overrides,
  });
}

async function readAll(s: PlatformSource): Promise<SourceBatch[]> {
  const batches: SourceBatch[] = [];
  for await (const batch of s.read()) batches.push(batch);
  return batches;
}

const records = (area: string, count: number, extra = {}) =>
  Array.from({ length: count }, (_, i) => platformRecord(area, i + 1, extra));

describe('PlatformSource', () => {
  it('reads every page of every region with totals and positions', async () => {
    standIn = await startPlatformStandIn([...records('150602', 25), ...records('150603', 10), ...records('150621', 3)]);
    const s = source();
    expect(s.full).toBe(true);
    expect(s.describe()).toBe(standIn.url);
    const batches = await readAll(s);
    expect(batches.map((b) => [b.scope, b.rows.length, b.total, b.last])).toEqual([
      ['150602', 10, 25, false],
      ['150602', 10, 25, false],
      ['150602', 5, 25, true],
      ['150603', 10, 10, true],
    ]);
    expect(batches[1]!.rows[6]!.at).toBe('东胜区第2页第7条');
    expect(batches[1]!.rows[6]!.row).toMatchObject({ implCode: '11150600MB1017-150602-17', regionCode: '150602' });
    const asked = standIn.requests.map((u) => `${u.searchParams.get('areaCode')}:${u.searchParams.get('pageNo')}`);
    expect(asked).toEqual(['150602:1', '150602:2', '150602:3', '150603:1']);
  });

  it('asks only for what changed since a time (Beijing wall clock) when incremental', async () => {
    standIn = await startPlatformStandIn([
      ...records('150602', 3),
      platformRecord('150602', 99, { UPDATE_DATE: '2026-03-01 09:00:00' }),
    ]);
    const since = new Date('2026-03-01T00:30:00Z'); // 08:30 in Beijing
    expect(platformTime(since)).toBe('2026-03-01 08:30:00');
    const s = source({ updatedSince: since, regions: ['150602'] });
    expect(s.full).toBe(false);
    const batches = await readAll(s);
    expect(batches.flatMap((b) => b.rows.map((r) => (r.row as { implCode: string }).implCode))).toEqual([
      '11150600MB1099-150602-99',
    ]);
    expect(standIn.requests[0]!.searchParams.get('updateTimeStart')).toBe('2026-03-01 08:30:00');
  });

  it('retries a failing page with backoff and goes on', async () => {
    standIn = await startPlatformStandIn(records('150602', 15), {
      failPage: { areaCode: '150602', pageNo: 2, status: 503, times: 2 },
    });
    const batches = await readAll(source({ regions: ['150602'] }));
    expect(batches.map((b) => b.rows.length)).toEqual([10, 5]);
    expect(standIn.requests.map((u) => u.searchParams.get('pageNo'))).toEqual(['1', '2', '2', '2']);
  });

  it('says what to check when the platform keeps failing, refuses the token, or is not there', async () => {
    standIn = await startPlatformStandIn(records('150602', 15), { failPage: { pageNo: 2, status: 500 } });
    await expect(readAll(source({ regions: ['150602'] }))).rejects.toThrow(
      '事项库平台读取东胜区第2页时出错（HTTP 500）（已重试 2 次）',
    );
    await expect(readAll(source({ token: 'wrong' }))).rejects.toThrow(/拒绝访问（HTTP 401）.*CATALOG_PLATFORM_TOKEN/);
    const url = standIn.url;
    await standIn.close();
    standIn = null;
    await expect(
      readAll(
        new PlatformSource({
          url,
          token: null,
          pageSize: 10,
          mapping: DEFAULT_FIELD_MAPPING,
          retries: 1,
          backoffMs: 1,
        }),
      ),
    ).rejects.toThrow(/^无法连接事项库平台，请检查 CATALOG_PLATFORM_URL 与网络后重试：ECONNREFUSED（已重试 1 次）$/);
  });

  it('times out a slow page', async () => {
    standIn = await startPlatformStandIn(records('150602', 3), { delayMs: 300 });
    await expect(readAll(source({ timeoutMs: 50, retries: 0 }))).rejects.toThrow(/没有返回东胜区第1页/);
  });

  it('reports answers that are not the platform list (not JSON, a platform error code)', async () => {
    const server = http.createServer((req, res) => {
      if (req.url?.includes('areaCode=150602')) res.end('<html>login</html>');
      else res.end(JSON.stringify({ code: 500, msg: '参数错误' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/list`;
    const s = (region: '150602' | '150603') =>
      new PlatformSource({ url, token: null, pageSize: 10, mapping: DEFAULT_FIELD_MAPPING, regions: [region] });
    await expect(readAll(s('150602'))).rejects.toThrow(/不是 JSON/);
    await expect(readAll(s('150603'))).rejects.toThrow(
      '事项库平台返回错误（code 500：参数错误），请按平台的提示检查后重试',
    );
    server.close();
  });

  it('sends a bearer token or a named header', () => {
    expect(authHeader('abc')).toEqual({ authorization: 'Bearer abc' });
    expect(authHeader('X-App-Key: k1')).toEqual({ 'X-App-Key': 'k1' });
    expect(authHeader(null)).toEqual({});
  });
});
