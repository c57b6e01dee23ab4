/**
 * 事项库同步与导入 (admin, `matter.manage` with data scope all): start a sync from the
 * configured platform, import a JSON or XLSX file, follow the runs, download the import
 * template. A run goes on in this process after the 202; poll `GET /admin/catalog/runs/:id`.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { catalogSyncRequestSchema } from '@cloud-seat/contracts';
import type { Response } from 'express';
import { Router } from 'express';
import { loadFieldMapping } from '../../../adapters/matterCatalog/fieldMapping.js';
import { CatalogFileError, fileSource, TEMPLATE_COLUMNS } from '../../../adapters/matterCatalog/fileSource.js';
import { platformSource, startCatalogRun } from '../../../commands/catalogImporter.js';
import { errors } from '../../../errors.js';
import { Account, CatalogSyncRun } from '../../../models/index.js';
import { presentCatalogSyncRun } from '../../../presenters/catalog.js';
import { xlsxStream } from '../../../presenters/spreadsheet.js';
import type { HttpDeps } from '../../deps.js';
import { requireStaff } from '../../middlewares/guards.js';
import { parse } from '../../middlewares/validate.js';
import { idParamSchema } from '../schema.js';
import { MAX_CATALOG_FILE_BYTES, runsQuerySchema } from './schema.js';
import { receiveFileInMemory } from './upload.js';

/** Catalog administration changes every region: matter.manage and data scope all. */
function requireCatalogAdmin(res: Response) {
  const principal = requireStaff(res, 'matter.manage');
  if (principal.dataScope !== 'all') throw errors.outOfScope();
  return principal;
}

async function starterNames(runs: CatalogSyncRun[]): Promise<Map<string, string>> {
  const ids = [...new Set(runs.map((r) => r.startedBy).filter((id): id is string => id !== null))];
  if (ids.length === 0) return new Map();
  const accounts = await Account.findAll({ where: { id: ids }, attributes: ['id', 'displayName'] });
  return new Map(accounts.map((a) => [a.id, a.displayName]));
}

export function catalogRoutes(deps: HttpDeps): Router {
  // Read and validated when the routes are built, so a wrong CATALOG_FIELD_MAP stops the start.
  const mapping = loadFieldMapping(deps.config.catalog.fieldMapFile);
  const router = Router();

  router.post('/admin/catalog/sync', async (req, res) => {
    const principal = requireCatalogAdmin(res);
    const body = parse(catalogSyncRequestSchema, req.body ?? {});
    const { platformUrl, platformToken, pageSize } = deps.config.catalog;
    if (!platformUrl) throw errors.catalogPlatformNotConfigured();
    const source = await platformSource(
      deps.ctx,
      { url: platformUrl, token: platformToken, pageSize, mapping },
      body.incremental,
    );
    const { run } = await startCatalogRun(deps.ctx, source, {
      startedBy: principal.accountId,
      incremental: !source.full,
    });
    res.status(202).json(presentCatalogSyncRun(run, principal.displayName));
  });

  router.post('/admin/catalog/import', async (req, res) => {
    const principal = requireCatalogAdmin(res);
    const file = await receiveFileInMemory(req, MAX_CATALOG_FILE_BYTES);
    let source;
    try {
      source = fileSource(file.name, file.data, mapping);
    } catch (err) {
      if (err instanceof CatalogFileError) throw errors.catalogFileUnreadable(err.message);
      throw err;
    }
    const { run } = await startCatalogRun(deps.ctx, source, { startedBy: principal.accountId });
    res.status(202).json(presentCatalogSyncRun(run, principal.displayName));
  });

  router.get('/admin/catalog/runs', async (req, res) => {
    requireCatalogAdmin(res);
    const { limit } = parse(runsQuerySchema, req.query);
    const runs = await CatalogSyncRun.findAll({ order: [['startedAt', 'DESC']], limit });
    const names = await starterNames(runs);
    res.json({ runs: runs.map((run) => presentCatalogSyncRun(run, names.get(run.startedBy ?? '') ?? null)) });
  });

  router.get('/admin/catalog/runs/:id', async (req, res) => {
    requireCatalogAdmin(res);
    const { id } = parse(idParamSchema, req.params);
    const run = await CatalogSyncRun.findByPk(id);
    if (!run) throw errors.notFound('同步记录');
    const names = await starterNames([run]);
    res.json(presentCatalogSyncRun(run, names.get(run.startedBy ?? '') ?? null));
  });

  router.get('/admin/catalog/template.xlsx', async (_req, res) => {
    requireCatalogAdmin(res);
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="catalog-template.xlsx"; filename*=UTF-8''${encodeURIComponent('事项导入模板.xlsx')}`,
    );
    res.setHeader('Cache-Control', 'no-store');
    await pipeline(Readable.from(xlsxStream('事项导入模板', TEMPLATE_COLUMNS, (async function* () {})())), res);
  });

  return router;
}
