/**
 * Runs one catalog sync or import (事项库同步/导入) as a `catalog_sync_runs` row: claims the one
 * running slot (an abandoned run, silent for 2 minutes, is failed first), reads the source batch
 * by batch, checks every row (domain/catalog/sync.ts), and applies each region in its own
 * transaction as soon as the source has given all of it: upsert by (region, 实施编码), withdraw
 * (never delete), clear the withdrawal of a matter that returns, append new 基本编码 to their
 * themes' scenarios, bump the region's catalog version. Progress and the heartbeat are written as
 * it goes; the report at the end. A source failure fails the run and keeps the regions already
 * applied.
 */
import { randomUUID } from 'node:crypto';
import {
  REGIONS,
  type CatalogMatterInput,
  type CatalogRegionProgress,
  type CatalogSource,
} from '@cloud-seat/contracts';
import { QueryTypes, UniqueConstraintError } from 'sequelize';
import { CatalogSourceError, MemorySource, type MatterSource } from '../adapters/matterCatalog/source.js';
import { PlatformSource, type PlatformSettings } from '../adapters/matterCatalog/platformSource.js';
import {
  planRegion,
  regionChanged,
  ReportTally,
  RowChecker,
  type CheckedRow,
  type RegionPlan,
  type StoredMatter,
} from '../domain/catalog/sync.js';
import { errors } from '../errors.js';
import { CatalogSyncRun } from '../models/catalogSyncRun.js';
import { MatterCatalog } from '../models/matterCatalog.js';
import type { CommandContext } from './context.js';

/** What a catalog run needs: the seeder and the CLI have no realtime publisher. */
export type CatalogContext = Pick<CommandContext, 'sequelize' | 'logger' | 'now'>;

/** A running run whose heartbeat is older than this was abandoned (its process stopped). */
export const STALE_RUN_MS = 2 * 60_000;
const HEARTBEAT_MS = 30_000;
const PROGRESS_EVERY_ROWS = 100;
const UPSERT_CHUNK = 500;
const REGION_ORDER = new Map<string, number>(REGIONS.map((r, i) => [r.code, i]));
const REGION_NAMES = new Map<string, string>(REGIONS.map((r) => [r.code, r.name]));

export interface RunProgress {
  done: number;
  total: number;
  regions: CatalogRegionProgress[];
}

export interface RunOptions {
  startedBy?: string | null;
  incremental?: boolean;
  /** Called after each progress write (the CLI prints it). */
  onProgress?: (progress: RunProgress) => void;
}

/** Fails running runs that stopped beating, then takes the one running slot. 409 when a live run holds it. */
async function claimRun(ctx: CatalogContext, source: MatterSource, options: RunOptions): Promise<CatalogSyncRun> {
  const now = ctx.now();
  await ctx.sequelize.query(
    `UPDATE catalog_sync_runs SET status = 'failed', finished_at = :now,
            error = '上次同步中断（处理它的进程已停止或超过 2 分钟没有进展），请重新同步'
      WHERE status = 'running' AND heartbeat_at < :staleBefore`,
    { replacements: { now, staleBefore: new Date(now.getTime() - STALE_RUN_MS) }, transaction: null },
  );
  try {
    return await CatalogSyncRun.create(
      {
        id: randomUUID(),
        source: source.kind,
        origin: source.describe().slice(0, 500),
        status: 'running',
        incremental: options.incremental ?? false,
        startedBy: options.startedBy ?? null,
        startedAt: now,
        heartbeatAt: now,
      },
      { transaction: null },
    );
  } catch (err) {
    if (err instanceof UniqueConstraintError) throw errors.catalogSyncRunning();
    throw err;
  }
}

/**
 * Starts a run: resolves once the run row exists (409 CATALOG_SYNC_RUNNING when another is
 * running); `finished` settles when it has succeeded or failed (it never rejects).
 */
export async function startCatalogRun(
  ctx: CatalogContext,
  source: MatterSource,
  options: RunOptions = {},
): Promise<{ run: CatalogSyncRun; finished: Promise<CatalogSyncRun> }> {
  const run = await claimRun(ctx, source, options);
  const finished = new CatalogRun(ctx, run, source, options).execute();
  return { run, finished };
}

/** Runs a sync or import to its end. */
export async function runCatalog(ctx: CatalogContext, source: MatterSource, options: RunOptions = {}) {
  return (await startCatalogRun(ctx, source, options)).finished;
}

/** Rows in memory (the demo seed, a test): `importCatalog(ctx, { source: 'seed', origin: 'demo', rows })`. */
export async function importCatalog(
  ctx: CatalogContext,
  input: { source: CatalogSource; origin: string; rows: readonly CatalogMatterInput[] },
  options: RunOptions = {},
): Promise<CatalogSyncRun> {
  const rows = input.rows.map((row, i) => ({ at: `第${i + 1}条`, row }));
  return runCatalog(ctx, new MemorySource(input.source, input.origin, rows), options);
}

/**
 * The platform source for a sync: incremental reads what changed since the start of the last
 * successful platform sync (minus 10 minutes for the clocks' difference; a re-read row is simply
 * unchanged); without one, incremental is a full sync.
 */
export async function platformSource(
  ctx: CatalogContext,
  settings: Omit<PlatformSettings, 'updatedSince'>,
  incremental: boolean,
): Promise<PlatformSource> {
  let updatedSince: Date | null = null;
  if (incremental) {
    const last = await CatalogSyncRun.findOne({
      where: { source: 'platform', status: 'succeeded' },
      order: [['startedAt', 'DESC']],
    });
    updatedSince = last ? new Date(last.startedAt.getTime() - 10 * 60_000) : null;
  }
  return new PlatformSource({ ...settings, updatedSince });
}

class CatalogRun {
  private readonly tally = new ReportTally();
  private readonly checker = new RowChecker();
  private readonly progress = new Map<string, CatalogRegionProgress>();
  private readonly pending = new Map<string, CheckedRow[]>();
  private readonly applied: string[] = [];
  private readonly scoped = new Set<string>();
  private done = 0;
  private unscopedTotal = 0;
  private writtenAt = 0;

  constructor(
    private readonly ctx: CatalogContext,
    private readonly run: CatalogSyncRun,
    private readonly source: MatterSource,
    private readonly options: RunOptions,
  ) {}

  async execute(): Promise<CatalogSyncRun> {
    const heartbeat = setInterval(() => {
      CatalogSyncRun.update({ heartbeatAt: this.ctx.now() }, { where: { id: this.run.id }, transaction: null }).catch(
        (err: unknown) => this.ctx.logger.warn({ err, run: this.run.id }, 'catalog run heartbeat failed'),
      );
    }, HEARTBEAT_MS);
    heartbeat.unref();
    try {
      for await (const batch of this.source.read()) {
        if (batch.scope) {
          this.scoped.add(batch.scope);
          const region = this.regionProgress(batch.scope);
          if (batch.total !== null) region.total = Math.max(batch.total, region.done + batch.rows.length);
        } else {
          this.unscopedTotal += batch.rows.length;
        }
        for (const { at, row } of batch.rows) {
          await this.check(at, row, batch.scope);
        }
        if (batch.last) await this.applyPending(batch.scope);
        await this.writeProgress();
      }
      await this.applyPending(null);
      await this.finish('succeeded', null);
    } catch (err) {
      await this.finish('failed', this.failureMessage(err)).catch((e: unknown) =>
        this.ctx.logger.error({ err: e, run: this.run.id }, 'catalog run: cannot record the failure'),
      );
    } finally {
      clearInterval(heartbeat);
    }
    return this.run;
  }

  private regionProgress(regionCode: string): CatalogRegionProgress {
    let p = this.progress.get(regionCode);
    if (!p) this.progress.set(regionCode, (p = { regionCode, done: 0, total: 0 }));
    return p;
  }

  private async check(at: string, row: unknown, scope: string | null): Promise<void> {
    const result = this.checker.check(at, row);
    let regionCode = result.ok ? result.matter.regionCode : result.regionCode;
    if (result.ok && scope && regionCode !== scope) {
      this.tally.reject({
        at,
        implCode: result.matter.implCode,
        name: result.matter.name,
        reason: `区域编码 ${regionCode} 不是本次读取的区域 ${scope}（平台可能没有按 areaCode 筛选），此行未导入`,
      });
    } else if (result.ok) {
      const list = this.pending.get(regionCode!) ?? [];
      list.push({ at, matter: result.matter, hash: result.hash });
      this.pending.set(regionCode!, list);
    } else {
      this.tally.reject(result.rejected);
    }
    regionCode = scope ?? (regionCode && REGION_ORDER.has(regionCode) ? regionCode : null);
    if (regionCode) {
      const p = this.regionProgress(regionCode);
      p.done++;
      if (!scope) p.total++;
    }
    this.done++;
    if (this.done - this.writtenAt >= PROGRESS_EVERY_ROWS) await this.writeProgress();
  }

  /** Applies the scope's region, or every region with pending rows (in region order). */
  private async applyPending(scope: string | null): Promise<void> {
    const regions = scope
      ? [scope]
      : [...this.pending.keys()].sort((a, b) => (REGION_ORDER.get(a) ?? 99) - (REGION_ORDER.get(b) ?? 99));
    for (const regionCode of regions) {
      const rows = this.pending.get(regionCode) ?? [];
      this.pending.delete(regionCode);
      const plan = await applyRegion(this.ctx, regionCode, rows, this.source.full, this.checker.mentioned);
      this.tally.count(plan);
      if (regionChanged(plan)) this.applied.push(regionCode);
      await this.writeProgress();
    }
  }

  private snapshot(): RunProgress {
    const regions = [...this.progress.values()].sort(
      (a, b) => (REGION_ORDER.get(a.regionCode) ?? 99) - (REGION_ORDER.get(b.regionCode) ?? 99),
    );
    // A region read by scope has its own total; rows of unscoped batches are counted once, in all.
    const scopedTotal = regions.reduce((sum, r) => sum + (this.scoped.has(r.regionCode) ? r.total : 0), 0);
    return { done: this.done, total: Math.max(this.done, this.unscopedTotal + scopedTotal), regions };
  }

  /**
   * Progress is written without waiting for the disk (synchronous_commit off): it is rewritten
   * every 100 rows, and losing the last one in a crash loses nothing (the run is failed as
   * abandoned). Otherwise each write waits a WAL flush, the largest cost of an unchanged sync.
   */
  private async writeProgress(): Promise<void> {
    const progress = this.snapshot();
    this.writtenAt = this.done;
    const { sequelize } = this.ctx;
    await sequelize.transaction(async (transaction) => {
      await sequelize.query('SET LOCAL synchronous_commit TO OFF', { transaction });
      await sequelize.query(
        `UPDATE catalog_sync_runs SET done = $1, total = $2, regions = $3::jsonb, report = $4::jsonb, heartbeat_at = $5
          WHERE id = $6`,
        {
          bind: [
            progress.done,
            progress.total,
            JSON.stringify(progress.regions),
            JSON.stringify(this.tally.report()),
            this.ctx.now(),
            this.run.id,
          ],
          transaction,
        },
      );
    });
    this.options.onProgress?.(progress);
  }

  private async finish(status: 'succeeded' | 'failed', error: string | null): Promise<void> {
    const progress = this.snapshot();
    await this.run.update(
      {
        ...progress,
        regions: progress.regions.map((r) => ({ ...r })),
        report: this.tally.report(),
        status,
        error,
        finishedAt: this.ctx.now(),
        heartbeatAt: this.ctx.now(),
      },
      { transaction: null },
    );
  }

  private failureMessage(err: unknown): string {
    const kept =
      this.applied.length > 0
        ? `已更新的区域（${this.applied.map((c) => REGION_NAMES.get(c) ?? c).join('、')}）保留本次结果，`
        : '';
    if (err instanceof CatalogSourceError) return `${err.message}。${kept}问题解决后重新同步即可`;
    this.ctx.logger.error({ err, run: this.run.id }, 'catalog run failed');
    return `同步时发生内部错误（${(err as Error).message ?? String(err)}）。${kept}请查看服务日志后重试`;
  }
}

interface StoredRow {
  code: string;
  name: string;
  content_hash: string;
  withdrawn: boolean;
}

/** Plans and writes one region in one transaction; returns the plan (for the report). */
async function applyRegion(
  ctx: CatalogContext,
  regionCode: string,
  rows: CheckedRow[],
  full: boolean,
  mentioned: ReadonlyMap<string, ReadonlySet<string>>,
): Promise<RegionPlan> {
  const { sequelize } = ctx;
  return sequelize.transaction(async (transaction) => {
    const stored = await sequelize.query<StoredRow>(
      `SELECT code, name, content_hash, withdrawn_at IS NOT NULL AS withdrawn FROM matters
        WHERE region_code = :regionCode FOR UPDATE`,
      { type: QueryTypes.SELECT, replacements: { regionCode }, transaction },
    );
    const plan = planRegion({
      regionCode,
      rows,
      stored: stored.map((s): StoredMatter => ({
        code: s.code,
        name: s.name,
        contentHash: s.content_hash,
        withdrawn: s.withdrawn,
      })),
      full,
      mentioned: mentioned.get(regionCode) ?? new Set(),
    });
    if (!regionChanged(plan)) return plan;
    const now = ctx.now();
    const writes = [...plan.added, ...plan.changed, ...plan.withdrawnRows];
    for (let i = 0; i < writes.length; i += UPSERT_CHUNK) {
      await sequelize.query(UPSERT_SQL, {
        bind: [regionCode, now, JSON.stringify(writes.slice(i, i + UPSERT_CHUNK).map(matterRecord))],
        transaction,
      });
    }
    if (plan.withdrawnMissing.length > 0) {
      await sequelize.query(
        `UPDATE matters SET withdrawn_at = :now, updated_at = :now
          WHERE region_code = :regionCode AND code IN (:codes) AND withdrawn_at IS NULL`,
        { replacements: { now, regionCode, codes: plan.withdrawnMissing.map((m) => m.code) }, transaction },
      );
    }
    await appendToScenarios(ctx, plan.added);
    await MatterCatalog.bumpVersions(sequelize, [regionCode]);
    return plan;
  });
}

/** The matter fields a sync writes, with their PostgreSQL types; each column is the field in snake_case. */
const CONTENT_FIELDS = {
  basicCode: 'text',
  name: 'text',
  category: 'text',
  summary: 'text',
  type: 'text',
  implementingBody: 'text',
  serviceObjects: 'text[]',
  themes: 'text[]',
  aliases: 'text[]',
  conditions: 'text',
  steps: 'jsonb',
  materials: 'jsonb',
  address: 'text',
  hours: 'text',
  phone: 'text',
  complaintPhone: 'text',
  legalLimitDays: 'integer',
  promisedLimitDays: 'integer',
  charged: 'boolean',
  feeDetail: 'text',
  legalBasis: 'text',
  onlineUrl: 'text',
  visits: 'integer',
  sourceUpdatedAt: 'timestamptz',
} as const satisfies Partial<Record<keyof CheckedRow['matter'], string>>;

const columnOf = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const CONTENT_COLUMNS = [...Object.keys(CONTENT_FIELDS).map(columnOf), 'content_hash'];

/** A checked row as the upsert's JSON record (keys are the recordset's columns). */
function matterRecord({ matter, hash }: CheckedRow): Record<string, unknown> {
  const record: Record<string, unknown> = { id: randomUUID(), code: matter.implCode, content_hash: hash };
  for (const field of Object.keys(CONTENT_FIELDS) as Array<keyof typeof CONTENT_FIELDS>) {
    record[columnOf(field)] = matter[field] ?? null;
  }
  record.withdrawn = matter.withdrawn;
  return record;
}

/** Inserts or rewrites matters ($1 region, $2 now, $3 JSON records); a withdrawn row keeps its first withdrawal time. */
const UPSERT_SQL = `
  INSERT INTO matters (id, region_code, code, ${CONTENT_COLUMNS.join(', ')}, withdrawn_at, created_at, updated_at)
  SELECT r.id, $1, r.code, ${CONTENT_COLUMNS.map((c) => `r.${c}`).join(', ')},
         CASE WHEN r.withdrawn THEN $2::timestamptz END, $2, $2
    FROM jsonb_to_recordset($3::jsonb) AS r(id uuid, code text, content_hash text, withdrawn boolean,
      ${Object.entries(CONTENT_FIELDS)
        .map(([field, type]) => `${columnOf(field)} ${type}`)
        .join(', ')})
  ON CONFLICT (region_code, code) DO UPDATE SET
    ${CONTENT_COLUMNS.map((c) => `${c} = EXCLUDED.${c}`).join(', ')},
    withdrawn_at = CASE WHEN EXCLUDED.withdrawn_at IS NULL THEN NULL
                        ELSE COALESCE(matters.withdrawn_at, EXCLUDED.withdrawn_at) END,
    updated_at = EXCLUDED.updated_at`;

/** New 基本编码 go to the end of their themes' curated order (a curated entry is left where it is). */
async function appendToScenarios(ctx: CatalogContext, added: readonly CheckedRow[]): Promise<void> {
  const pairs = new Map<string, { theme_code: string; basic_code: string; ord: number }>();
  for (const { matter } of added) {
    for (const theme of matter.themes) {
      const key = `${theme}/${matter.basicCode}`;
      if (!pairs.has(key)) pairs.set(key, { theme_code: theme, basic_code: matter.basicCode, ord: pairs.size });
    }
  }
  if (pairs.size === 0) return;
  await ctx.sequelize.query(
    `WITH x AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(theme_code text, basic_code text, ord integer)),
     fresh AS (SELECT x.* FROM x LEFT JOIN scenario_matters s USING (theme_code, basic_code) WHERE s.theme_code IS NULL),
     top AS (SELECT theme_code, max(position) AS position FROM scenario_matters
              WHERE theme_code IN (SELECT theme_code FROM fresh) GROUP BY theme_code)
     INSERT INTO scenario_matters (theme_code, basic_code, position)
     SELECT f.theme_code, f.basic_code,
            COALESCE(t.position, -1) + row_number() OVER (PARTITION BY f.theme_code ORDER BY f.ord)
       FROM fresh f LEFT JOIN top t USING (theme_code)
     ON CONFLICT DO NOTHING`,
    { bind: [JSON.stringify([...pairs.values()])] },
  );
}
