import { randomUUID } from 'node:crypto';
import type { CatalogSyncRunView } from '@cloud-seat/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../../../test/apiClient.js';
import { createRole, createStaff } from '../../../../test/factories.js';
import { startTestEngine, type TestEngine } from '../../../../test/testEngine.js';
import { TEMPLATE_COLUMNS } from '../../../adapters/matterCatalog/fileSource.js';
import { sharedStringsGrid } from '../../../adapters/matterCatalog/fixtures/workbooks.js';
import {
  platformRecord,
  startPlatformStandIn,
  type PlatformStandIn,
} from '../../../adapters/matterCatalog/platformStandIn.js';
import { readXlsx } from '../../../adapters/matterCatalog/xlsxReader.js';
import { Account, Matter } from '../../../models/index.js';

let engine: TestEngine;
let standIn: PlatformStandIn;
let admin: ApiClient;

beforeAll(async () => {
  standIn = await startPlatformStandIn([
    ...Array.from({ length: 45 }, (_, i) => platformRecord('150602', i + 1)),
    ...Array.from({ length: 15 }, (_, i) => platformRecord('150603', i + 1)),
  ]);
  engine = await startTestEngine({
    env: { CATALOG_PLATFORM_URL: standIn.url, CATALOG_PLATFORM_TOKEN: 'stand-in-token', CATALOG_PAGE_SIZE: '10' },
  });
  admin = await staffClient('admin');
});
afterAll(async () => {
  await engine?.stop();
  await standIn?.close();
});

async function staffClient(role: 'seat' | 'supervisor' | 'admin') {
  const s = await createStaff({ role, regionCode: '150600' });
  return new ApiClient(engine.url).login(s.username, s.password);
}

function upload(api: ApiClient, name: string, content: Buffer | string, field = 'file') {
  const form = new FormData();
  form.append(field, new Blob([content]), name);
  return fetch(`${engine.url}/api/admin/catalog/import`, {
    method: 'POST',
    headers: api.authHeaders(),
    body: form,
  }).then(async (res) => ({ status: res.status, body: (await res.json()) as any }));
}

async function finished(id: string, seen: CatalogSyncRunView[] = []): Promise<CatalogSyncRunView> {
  for (let i = 0; i < 400; i++) {
    const { body } = await admin.get<CatalogSyncRunView>(`/admin/catalog/runs/${id}`);
    seen.push(body);
    if (body.status !== 'running') return body;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('run did not finish');
}

describe('catalog admin routes', () => {
  it('are for matter.manage with data scope all only', async () => {
    const anonymous = new ApiClient(engine.url);
    expect((await anonymous.post('/admin/catalog/sync', {})).status).toBe(401);
    expect((await anonymous.get('/admin/catalog/runs')).status).toBe(401);
    for (const role of ['seat', 'supervisor'] as const) {
      const api = await staffClient(role);
      expect((await api.post('/admin/catalog/sync', {})).body.error.code).toBe('FORBIDDEN');
      expect((await api.get('/admin/catalog/runs')).status).toBe(403);
      expect((await api.get('/admin/catalog/template.xlsx')).status).toBe(403);
      expect((await upload(api, 'a.json', '[]')).status).toBe(403);
    }
    const regional = await createRole(['matter.manage'], 'region');
    const s = await createStaff({ regionCode: '150602' });
    await Account.update({ roleCode: regional.code }, { where: { id: s.account.id } });
    const api = await new ApiClient(engine.url).login(s.username, s.password);
    expect((await api.post('/admin/catalog/sync', {})).body.error.code).toBe('OUT_OF_SCOPE');
  });

  it('syncs from the platform in the background: 202, progress while paging, 409 meanwhile, the report at the end', async () => {
    standIn.knobs.delayMs = 40;
    standIn.knobs.malformed = { areaCode: '150602', index: 44 };
    const started = await admin.post<CatalogSyncRunView>('/admin/catalog/sync', {});
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({
      source: 'platform',
      origin: standIn.url,
      status: 'running',
      finishedAt: null,
    });
    expect(started.body.startedBy).toMatch(/^测试/);

    const again = await admin.post('/admin/catalog/sync', { incremental: true });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({
      code: 'CATALOG_SYNC_RUNNING',
      message: expect.stringContaining('正在进行'),
    });
    expect((await upload(admin, 'a.json', JSON.stringify([platformRecord('150602', 1)]))).status).toBe(409);

    const seen: CatalogSyncRunView[] = [];
    const run = await finished(started.body.id, seen);
    standIn.knobs.delayMs = 0;
    standIn.knobs.malformed = null;
    expect(seen.some((r) => r.status === 'running' && r.done > 0 && r.done < 60)).toBe(true);
    expect(run).toMatchObject({ status: 'succeeded', done: 60, total: 60, error: null });
    expect(run.regions).toEqual(
      expect.arrayContaining([
        { regionCode: '150602', done: 45, total: 45 },
        { regionCode: '150603', done: 15, total: 15 },
      ]),
    );
    expect(run.report).toMatchObject({ added: 59, changed: 0, unchanged: 0, withdrawn: 0 });
    expect(run.report.rejected).toEqual([
      expect.objectContaining({ at: '东胜区第5页第5条', implCode: '11150600MB1045-150602-45' }),
    ]);
    expect(await Matter.count({ where: { regionCode: '150602' } })).toBe(44);

    const list = await admin.get<{ runs: CatalogSyncRunView[] }>('/admin/catalog/runs');
    expect(list.body.runs[0]).toMatchObject({ id: run.id, status: 'succeeded' });
  });

  it('refuses a sync when no platform is configured', async () => {
    const configured = engine.config.catalog.platformUrl;
    engine.config.catalog.platformUrl = null;
    try {
      const res = await admin.post('/admin/catalog/sync', {});
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({
        code: 'CATALOG_PLATFORM_NOT_CONFIGURED',
        message: expect.stringContaining('CATALOG_PLATFORM_URL'),
      });
    } finally {
      engine.config.catalog.platformUrl = configured;
    }
    expect((await admin.post('/admin/catalog/sync', { incremental: 'yes' })).status).toBe(400);
  });

  it('imports JSON and XLSX files, and refuses what it cannot read', async () => {
    const json = await upload(
      admin,
      'matters.json',
      JSON.stringify({ data: { records: [platformRecord('150621', 1)] } }),
    );
    expect(json.status).toBe(202);
    expect(json.body).toMatchObject({ source: 'file', origin: 'matters.json' });
    expect(await finished(json.body.id)).toMatchObject({
      status: 'succeeded',
      done: 1,
      total: 1,
      regions: [{ regionCode: '150621', done: 1, total: 1 }],
      report: { added: 1 },
    });

    const header = ['事项名称', '基本编码', '实施编码', '区域编码', '事项类型', '实施主体', '服务对象', '业务分类'];
    const xlsx = sharedStringsGrid([
      header,
      ['结婚登记', 'B0001', 'XLSX-0001', '准格尔旗', '行政确认', '民政局', '自然人', '婚姻登记'],
    ]);
    const imported = await upload(admin, '导入.bin', xlsx);
    expect(imported.status).toBe(202);
    expect(await finished(imported.body.id)).toMatchObject({ status: 'succeeded', report: { added: 1 } });
    expect(await Matter.findOne({ where: { regionCode: '150622', code: 'XLSX-0001' } })).toMatchObject({ type: '07' });

    for (const bad of ['not a catalog', '{"x":1}', Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3])]) {
      const res = await upload(admin, 'bad.xlsx', bad);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({
        code: 'CATALOG_FILE_UNREADABLE',
        message: expect.stringMatching(/[\u4e00-\u9fa5]/),
      });
    }
    expect((await upload(admin, 'a.json', '[]', 'other')).body.error.code).toBe('VALIDATION_FAILED');
    const tooLarge = await upload(admin, 'big.json', Buffer.alloc(20 * 1024 * 1024 + 1, 32));
    expect(tooLarge.status).toBe(413);
    const notMultipart = await admin.request('POST', '/admin/catalog/import', '[]', {
      'content-type': 'application/json',
    });
    expect(notMultipart.status).toBe(400);
  });

  it('serves the import template and answers 400/404 for bad run ids', async () => {
    const res = await fetch(`${engine.url}/api/admin/catalog/template.xlsx`, { headers: admin.authHeaders() });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const rows = readXlsx(Buffer.from(await res.arrayBuffer()));
    expect(rows).toEqual([{ number: 1, cells: TEMPLATE_COLUMNS }]);
    expect(TEMPLATE_COLUMNS.slice(0, 4)).toEqual(['事项名称', '基本编码', '实施编码', '区域编码']);

    expect((await admin.get('/admin/catalog/runs/nope')).status).toBe(400);
    expect((await admin.get(`/admin/catalog/runs/${randomUUID()}`)).status).toBe(404);
  });
});
