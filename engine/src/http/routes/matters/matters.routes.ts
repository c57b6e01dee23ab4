/**
 * The public catalog (no login): life-event scenarios with the region's matter counts, a theme's
 * matters in curated order, search in a region (name, aliases, synonyms, pinyin initials), and
 * one matter's guide (办事指南) — a withdrawn one too, marked inactive, for old tickets.
 */
import {
  SCENARIO_KINDS,
  THEME_CODES,
  THEMES,
  matterSearchQuerySchema,
  regionCodeSchema,
  type ScenarioDetailView,
  type ScenarioView,
} from '@cloud-seat/contracts';
import { Router } from 'express';
import { z } from 'zod';
import { errors } from '../../../errors.js';
import { Matter } from '../../../models/index.js';
import { scenarioCounts, scenarioMatterIds, scenarioThemes } from '../../../models/catalogEntries.js';
import { assistedBasicCodes } from '../../../models/matterCatalog.js';
import { presentMatterGuide } from '../../../presenters/matters.js';
import type { HttpDeps } from '../../deps.js';
import { parse } from '../../middlewares/validate.js';
import { idParamSchema, regionParamSchema } from '../schema.js';

const scenariosQuerySchema = z.object({
  regionCode: regionCodeSchema,
  kind: z.enum(SCENARIO_KINDS).optional(),
});
const scenarioParamSchema = z.object({ themeCode: z.enum(THEME_CODES) });
const scenarioQuerySchema = z.object({ regionCode: regionCodeSchema });

export function matterRoutes(deps: HttpDeps): Router {
  const router = Router();
  const { ctx } = deps;

  router.get('/scenarios', async (req, res) => {
    const { regionCode, kind } = parse(scenariosQuerySchema, req.query);
    const counts = await scenarioCounts(ctx.sequelize, regionCode);
    const scenarios: ScenarioView[] = THEMES.filter((t) => !kind || t.kind === kind).map((t) => ({
      ...t,
      matterCount: counts.get(t.code) ?? 0,
    }));
    res.json({ scenarios });
  });

  router.get('/scenarios/:themeCode', async (req, res) => {
    const { themeCode } = parse(scenarioParamSchema, req.params);
    const { regionCode } = parse(scenarioQuerySchema, req.query);
    const theme = THEMES.find((t) => t.code === themeCode)!;
    const [ids, catalog] = await Promise.all([
      scenarioMatterIds(ctx.sequelize, regionCode, themeCode),
      ctx.catalog.region(regionCode),
    ]);
    const matters = ids.flatMap((id) => catalog.byId.get(id) ?? []);
    const body: ScenarioDetailView = { ...theme, matterCount: matters.length, matters };
    res.json(body);
  });

  router.get('/regions/:code/matters', async (req, res) => {
    const { code } = parse(regionParamSchema, req.params);
    const query = parse(matterSearchQuerySchema, req.query);
    const q = query.q ?? '';
    const limit = query.limit ?? (q ? 20 : 500);
    const matters = await ctx.catalog.search(code, q, {
      limit,
      theme: query.theme,
      serviceObject: query.serviceObject,
    });
    res.json({ matters });
  });

  router.get('/matters/:id', async (req, res) => {
    const { id } = parse(idParamSchema, req.params);
    const matter = await Matter.findByPk(id);
    if (!matter) throw errors.notFound('事项');
    const [assisted, themes] = await Promise.all([
      assistedBasicCodes(ctx.sequelize),
      scenarioThemes(ctx.sequelize, [matter.basicCode]),
    ]);
    res.json(
      presentMatterGuide(matter, {
        assistedFiling: assisted.has(matter.basicCode),
        themes: themes.get(matter.basicCode) ?? [],
      }),
    );
  });

  return router;
}
