import { randomUUID } from 'node:crypto';
import type { RegionCode } from '@cloud-seat/contracts';
import { QueryTypes } from 'sequelize';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../../test/testEngine.js';
import { DEFAULT_FIELD_MAPPING } from '../adapters/matterCatalog/fieldMapping.js';
import { platformTime } from '../adapters/matterCatalog/platformSource.js';
import {
  platformRecord,
  startPlatformStandIn,
  type PlatformRecord,
  type PlatformStandIn,
} from '../adapters/matterCatalog/platformStandIn.js';
import { isAppError } from '../errors.js';
import { CatalogSyncRun, Matter } from '../models/index.js';
import { importCatalog, platformSource, runCatalog, startCatalogRun } from './catalogImporter.js';

let engine: TestEngine;
let standIn: PlatformStandIn | null = null;
beforeAll(async () => {
  engine = await startTestEngine();
});
afterAll(async () => engine?.stop());
afterEach(async () => {
  await standIn?.close();
  standIn = null;
});

const records = (area: string, count: number, extra: PlatformRecord = {}) =>
  Array.from({ length: count }, (_, i) => platformRecord(area, i + 1, extra));

async function sync(regions: RegionCode[], options: { incremental?: boolean; pageSize?: number } = {}) {
  const source = await platformSource(
    engine.ctx,
    {
      url: standIn!.url,
      token: 'stand-in-token',
      pageSize: options.pageSize ?? 50,
      mapping: DEFAULT_FIELD_MAPPING,
      regions,
      retries: 1,
      backoffMs: 5,
    },
    options.incremental ?? false,
  );
  return runCatalog(engine.ctx, source, { incremental: !source.full });
}

async function versionOf(region: string): Promise<number> {
  const [row] = await engine.ctx.sequelize.query<{ v: string }>(
    'SELECT catalog_version::text AS v FROM regions WHERE code = :region',
    { type: QueryTypes.SELECT, replacements: { region } },
  );
  return Number(row!.v);
}

const matterOf = (regionCode: string, code: string) => Matter.findOne({ where: { regionCode, code } });

describe('platform sync', () => {
  it('reads many pages, adds every matter, and a second run changes nothing', async () => {
    standIn = await startPlatformStandIn([
      ...records('150602', 120),
      ...records('150603', 30, { PERSON_THEME: '死亡殡葬' }),
    ]);
    const before = await versionOf('150602');
    const run = await sync(['150602', '150603'], { pageSize: 25 });
    expect(run.status).toBe('succeeded');
    expect(run.report).toEqual({ added: 150, changed: 0, unchanged: 0, withdrawn: 0, rejected: [] });
    expect({ done: run.done, total: run.total }).toEqual({ done: 150, total: 150 });
    expect(run.regions).toEqual([
      { regionCode: '150602', done: 120, total: 120 },
      { regionCode: '150603', done: 30, total: 30 },
    ]);
    expect(standIn.requests).toHaveLength(5 + 2);
    expect(await Matter.count({ where: { regionCode: '150602' } })).toBe(120);
    const m = await matterOf('150602', '11150600MB1007-150602-7');
    expect(m).toMatchObject({ name: '测试事项7', legalLimitDays: 20, themes: ['p-household'], withdrawnAt: null });
    expect(m!.materials).toHaveLength(2);
    expect(await versionOf('150602')).toBe(before + 1);
    // New basic codes are appended to their themes' scenarios.
    const [scenario] = await engine.ctx.sequelize.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM scenario_matters WHERE theme_code = 'p-death'`,
      { type: QueryTypes.SELECT },
    );
    expect(scenario!.n).toBe(30);

    const again = await sync(['150602', '150603'], { pageSize: 25 });
    expect(again.status).toBe('succeeded');
    expect(again.report).toEqual({ added: 0, changed: 0, unchanged: 150, withdrawn: 0, rejected: [] });
    expect(await versionOf('150602')).toBe(before + 1);
  });

  it('changes, withdraws (TASK_STATE 2 and missing in a full sync) and brings a matter back', async () => {
    const rows = records('150621', 10);
    standIn = await startPlatformStandIn(rows);
    expect((await sync(['150621'])).report.added).toBe(10);

    rows[0]!.TRANSACT_TIME = '每周一至周五 8:30-17:30';
    rows[1]!.TASK_STATE = '2';
    const gone = rows.splice(2, 1)[0]!;
    const run = await sync(['150621']);
    expect(run.report).toMatchObject({ added: 0, changed: 1, unchanged: 7, withdrawn: 2 });
    expect((await matterOf('150621', String(rows[0]!.TASK_CODE)))!.hours).toBe('每周一至周五 8:30-17:30');
    const cancelled = await matterOf('150621', String(rows[1]!.TASK_CODE));
    const missing = await matterOf('150621', String(gone.TASK_CODE));
    expect(cancelled!.withdrawnAt).toBeInstanceOf(Date);
    expect(missing!.withdrawnAt).toBeInstanceOf(Date);

    // Withdrawn matters are kept (old tickets), and come back when the platform lists them again.
    rows.push(gone);
    const back = await sync(['150621']);
    expect(back.report).toMatchObject({ added: 0, changed: 1, withdrawn: 0, unchanged: 9 });
    expect((await matterOf('150621', String(gone.TASK_CODE)))!.withdrawnAt).toBeNull();
    expect((await matterOf('150621', String(rows[1]!.TASK_CODE)))!.withdrawnAt).toEqual(cancelled!.withdrawnAt);
  });

  it('incremental: asks only for what changed since the last successful sync', async () => {
    const rows = records('150622', 8);
    standIn = await startPlatformStandIn(rows);
    await sync(['150622']);
    rows[3]!.TASK_NAME = '测试事项四（新名称）';
    rows[3]!.UPDATE_DATE = platformTime(new Date());
    const run = await sync(['150622'], { incremental: true });
    expect(run.incremental).toBe(true);
    expect(standIn.requests.at(-1)!.searchParams.get('updateTimeStart')).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(run.report).toMatchObject({ added: 0, changed: 1, unchanged: 0, withdrawn: 0 });
    expect(run.total).toBe(1);
    // Not a full sync: the matters it did not read stay active.
    expect(await Matter.count({ where: { regionCode: '150622', withdrawnAt: null } })).toBe(8);
  });

  it('reports a malformed row with its position and reason, applies the rest, and does not withdraw its matter', async () => {
    const rows = records('150623', 12);
    standIn = await startPlatformStandIn(rows);
    await sync(['150623'], { pageSize: 5 });
    rows[6]!.TASK_NAME = '测试事项七（改）';
    standIn.knobs.malformed = { areaCode: '150623', index: 6 };
    rows.push(platformRecord('150623', 13), platformRecord('150623', 13, { TASK_NAME: '重复的行' }));
    const run = await sync(['150623'], { pageSize: 5 });
    expect(run.status).toBe('succeeded');
    expect(run.report.added).toBe(1);
    expect(run.report.rejected).toEqual([
      {
        at: '鄂托克前旗第2页第2条',
        implCode: '11150600MB1007-150623-7',
        name: null,
        reason: expect.stringMatching(/^缺少事项名称；事项类型的值“XX”无效/),
      },
      {
        at: '鄂托克前旗第3页第4条',
        implCode: '11150600MB1013-150623-13',
        name: '重复的行',
        reason: '实施编码 11150600MB1013-150623-13 在本次数据中重复（首次出现在鄂托克前旗第3页第3条），此行未导入',
      },
    ]);
    const kept = await matterOf('150623', '11150600MB1007-150623-7');
    expect(kept).toMatchObject({ name: '测试事项7', withdrawnAt: null });
  });

  it('fails with what to do next when the platform breaks mid-way, keeping the regions already applied', async () => {
    standIn = await startPlatformStandIn([...records('150624', 20), ...records('150625', 20)], {
      failPage: { areaCode: '150625', pageNo: 2, status: 502 },
    });
    const run = await sync(['150624', '150625'], { pageSize: 10 });
    expect(run.status).toBe('failed');
    expect(run.error).toBe(
      '事项库平台读取杭锦旗第2页时出错（HTTP 502）（已重试 1 次）。已更新的区域（鄂托克旗）保留本次结果，问题解决后重新同步即可',
    );
    expect(run.finishedAt).toBeInstanceOf(Date);
    expect(await Matter.count({ where: { regionCode: '150624' } })).toBe(20);
    expect(await Matter.count({ where: { regionCode: '150625' } })).toBe(0);
    expect(run.regions).toEqual([
      { regionCode: '150624', done: 20, total: 20 },
      { regionCode: '150625', done: 10, total: 20 },
    ]);

    standIn.knobs.failPage = null;
    const retry = await sync(['150624', '150625'], { pageSize: 10 });
    expect(retry.report).toMatchObject({ added: 20, unchanged: 20 });
  });
});

describe('runs', () => {
  it('allows one running run; an abandoned one (no heartbeat for 2 minutes) is failed when the next starts', async () => {
    const live = await CatalogSyncRun.create({
      id: randomUUID(),
      source: 'file',
      origin: 'live.xlsx',
      status: 'running',
      startedBy: null,
      heartbeatAt: new Date(),
    });
    const seed = () => importCatalog(engine.ctx, { source: 'seed', origin: 'demo', rows: [] });
    const refused = await seed().catch((err: unknown) => err);
    expect(isAppError(refused) && refused.code).toBe('CATALOG_SYNC_RUNNING');

    await live.update({ heartbeatAt: new Date(Date.now() - 3 * 60_000) });
    const run = await seed();
    expect(run.status).toBe('succeeded');
    await live.reload();
    expect(live.status).toBe('failed');
    expect(live.error).toMatch(/^上次同步中断/);
  });

  it('imports rows in memory (the seed), rejecting the later duplicate', async () => {
    const row = {
      regionCode: '150626' as const,
      basicCode: 'SEED-B1',
      implCode: 'SEED-I1',
      name: '结婚登记',
      type: '07' as const,
      implementingBody: '民政局',
      serviceObjects: ['person' as const],
      category: '婚姻登记',
    };
    const run = await importCatalog(engine.ctx, {
      source: 'seed',
      origin: 'demo',
      rows: [row, { ...row, name: '重复' }],
    });
    expect(run).toMatchObject({ source: 'seed', origin: 'demo', status: 'succeeded' });
    expect(run.report.added).toBe(1);
    expect(run.report.rejected).toEqual([
      expect.objectContaining({ at: '第2条', reason: expect.stringContaining('重复（首次出现在第1条）') }),
    ]);
    const { run: started, finished } = await startCatalogRun(engine.ctx, {
      kind: 'seed',
      full: false,
      describe: () => 'x',
      read: () => ({ [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new Error('boom')) }) }),
    });
    const failed = await finished;
    expect(failed.id).toBe(started.id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toBe('同步时发生内部错误（boom）。请查看服务日志后重试');
  });
});
