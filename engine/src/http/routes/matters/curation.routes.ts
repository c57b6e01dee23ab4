/**
 * Curating the catalog (admins with matter.manage over every region): entries by 基本编码, the
 * order of matters in each life-event scenario, the 可云坐席辅助申报 list, and the change record.
 * The sync and import of the catalog itself: routes/catalog.
 */
import { THEME_CODES, assistedFilingRequestSchema, scenarioMattersRequestSchema } from '@cloud-seat/contracts';
import { Router, type Response } from 'express';
import { z } from 'zod';
import { setAssistedFiling, setScenarioMatters } from '../../../commands/catalogCuration.js';
import { errors } from '../../../errors.js';
import { findCatalogEntries, recentCatalogChanges, scenarioBasicCodes } from '../../../models/catalogEntries.js';
import type { HttpDeps } from '../../deps.js';
import { requireStaff } from '../../middlewares/guards.js';
import { parse } from '../../middlewares/validate.js';

const entriesQuerySchema = z.object({
  q: z.string().trim().max(60).optional(),
  theme: z.enum(THEME_CODES).optional(),
});
const themeParamSchema = z.object({ themeCode: z.enum(THEME_CODES) });
const changesQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });

/** The catalog is shared by every region: only an admin whose scope is all regions curates it. */
function requireCatalogAdmin(res: Response) {
  const principal = requireStaff(res, 'matter.manage');
  if (principal.dataScope !== 'all') throw errors.outOfScope();
  return principal;
}

export function catalogCurationRoutes(deps: HttpDeps): Router {
  const router = Router();
  const { ctx } = deps;

  router.get('/admin/catalog/entries', async (req, res) => {
    requireCatalogAdmin(res);
    const query = parse(entriesQuerySchema, req.query);
    res.json({ entries: await findCatalogEntries(ctx.sequelize, query) });
  });

  router.get('/admin/catalog/changes', async (req, res) => {
    requireCatalogAdmin(res);
    const { limit } = parse(changesQuerySchema, req.query);
    res.json({ changes: await recentCatalogChanges(ctx.sequelize, limit) });
  });

  router.get('/admin/scenarios/:themeCode', async (req, res) => {
    requireCatalogAdmin(res);
    const { themeCode } = parse(themeParamSchema, req.params);
    const codes = await scenarioBasicCodes(ctx.sequelize, themeCode);
    const entries = await findCatalogEntries(ctx.sequelize, { basicCodes: codes });
    const position = new Map(codes.map((c, i) => [c, i]));
    entries.sort((a, b) => position.get(a.basicCode)! - position.get(b.basicCode)!);
    res.json({ entries });
  });

  router.put('/admin/scenarios/:themeCode/matters', async (req, res) => {
    const principal = requireCatalogAdmin(res);
    const { themeCode } = parse(themeParamSchema, req.params);
    const body = parse(scenarioMattersRequestSchema, req.body);
    res.json({ entries: await setScenarioMatters(ctx, principal, themeCode, body.basicCodes) });
  });

  router.put('/admin/assisted-filing', async (req, res) => {
    const principal = requireCatalogAdmin(res);
    const body = parse(assistedFilingRequestSchema, req.body);
    res.json(await setAssistedFiling(ctx, principal, body.basicCode, body.assisted));
  });

  return router;
}
