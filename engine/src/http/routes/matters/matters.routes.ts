/**
 * The public catalog (no login): life-event scenarios with the region's matter counts, a theme's
 * matters in curated order, search in a region (name, aliases, synonyms, pinyin initials), and
 * one matter's guide (办事指南) — a withdrawn one too, marked inactive, for old tickets.
 */
import {
  LEGAL_THEMES,
  PERSON_THEMES,
  SCENARIO_KINDS,
  THEME_CODES,
  matterSearchQuerySchema,
  regionCodeSchema,
  type ScenarioDetailView,
  type ScenarioKind,
  type ScenarioView,
  type ThemeCode,
} from '@cloud-seat/contracts';
import { Router } from 'express';
import { QueryTypes } from 'sequelize';
import { z } from 'zod';
import { errors } from '../../../errors.js';
import { Matter } from '../../../models/index.js';
import { scenarioThemes } from '../../../models/catalogEntries.js';
import { assistedBasicCodes } from '../../../models/matterCatalog.js';
import { presentMatterGuide } from '../../../presenters/matters.js';
import type { HttpDeps } from '../../deps.js';
import { parse } from '../../middlewares/validate.js';
import { idParamSchema, regionParamSchema } from '../schema.js';

const THEMES = [
  ...PERSON_THEMES.map((t) => ({ ...t, kind: 'person' as ScenarioKind })),
  ...LEGAL_THEMES.map((t) => ({ ...t, kind: 'legal' as ScenarioKind })),
];

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
    const counts = await ctx.sequelize.query<{ theme_code: string; count: number }>(
      `SELECT sm.theme_code, count(*)::int AS count FROM scenario_matters sm
       JOIN matters m ON m.basic_code = sm.basic_code AND m.region_code = :regionCode AND m.withdrawn_at IS NULL
       GROUP BY sm.theme_code`,
      { type: QueryTypes.SELECT, replacements: { regionCode } },
    );
    const countOf = new Map(counts.map((c) => [c.theme_code, c.count]));
    const scenarios: ScenarioView[] = THEMES.filter((t) => !kind || t.kind === kind).map((t) => ({
      code: t.code,
      kind: t.kind,
      name: t.name,
      matterCount: countOf.get(t.code) ?? 0,
    }));
    res.json({ scenarios });
  });

  router.get('/scenarios/:themeCode', async (req, res) => {
    const { themeCode } = parse(scenarioParamSchema, req.params);
    const { regionCode } = parse(scenarioQuerySchema, req.query);
    const theme = THEMES.find((t) => t.code === themeCode)!;
    const [rows, catalog] = await Promise.all([
      ctx.sequelize.query<{ id: string }>(
        `SELECT m.id FROM scenario_matters sm
         JOIN matters m ON m.basic_code = sm.basic_code AND m.region_code = :regionCode AND m.withdrawn_at IS NULL
         WHERE sm.theme_code = :themeCode ORDER BY sm.position, m.name`,
        { type: QueryTypes.SELECT, replacements: { regionCode, themeCode } },
      ),
      ctx.catalog.region(regionCode),
    ]);
    const matters = rows.flatMap((r) => catalog.byId.get(r.id) ?? []);
    const body: ScenarioDetailView = {
      code: theme.code as ThemeCode,
      kind: theme.kind,
      name: theme.name,
      matterCount: matters.length,
      matters,
    };
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
