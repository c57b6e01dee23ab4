/**
 * 智能助手 settings: per region, whether the assistant answers new conversations first and in
 * which Beijing hours. Staff with queue.manage (routing), within their data scope.
 */
import {
  assistantSettingsRequestSchema,
  REGIONS,
  type AssistantSettingsView,
  type RegionCode,
} from '@cloud-seat/contracts';
import { Router } from 'express';
import { assistantServesNow } from '../../../domain/assistant/frontLine.js';
import {
  allAssistantSettings,
  saveAssistantSettings,
  seatsOnDuty,
  type StoredAssistantSettings,
} from '../../../models/assistantSettings.js';
import type { HttpDeps } from '../../deps.js';
import { assertRegionInScope, requireStaff } from '../../middlewares/guards.js';
import { parse } from '../../middlewares/validate.js';
import { regionParamSchema } from '../schema.js';

export function assistantRoutes(deps: HttpDeps): Router {
  const router = Router();
  const { ctx } = deps;

  async function present(s: StoredAssistantSettings): Promise<AssistantSettingsView> {
    const now = ctx.now();
    const region = REGIONS.find((r) => r.code === s.regionCode)!;
    return {
      regionCode: region.code,
      regionName: region.name,
      enabled: s.enabled,
      from: s.from,
      to: s.to,
      servingNow: ctx.assistant !== null && assistantServesNow(s, now),
      seatsOnDutyNow: await seatsOnDuty(ctx.sequelize, region.code, now),
      updatedAt: s.updatedAt?.toISOString() ?? null,
      updatedBy: s.updatedBy,
    };
  }

  /** The regions in the reader's scope, and which assistant the engine runs (embedded, rasa, off). */
  router.get('/assistant/settings', async (_req, res) => {
    const principal = requireStaff(res, 'queue.manage');
    const codes = REGIONS.map((r) => r.code).filter(
      (code) => principal.dataScope === 'all' || code === principal.regionCode,
    );
    const settings = await allAssistantSettings(ctx.sequelize, codes);
    res.json({ assistant: ctx.assistant?.name ?? 'off', regions: await Promise.all(settings.map(present)) });
  });

  router.put('/regions/:code/assistant', async (req, res) => {
    const principal = requireStaff(res, 'queue.manage');
    const { code } = parse(regionParamSchema, req.params);
    assertRegionInScope(principal, code);
    const body = parse(assistantSettingsRequestSchema, req.body);
    await saveAssistantSettings(ctx.sequelize, code, body, principal.displayName);
    const [saved] = await allAssistantSettings(ctx.sequelize, [code as RegionCode]);
    res.json({ settings: await present(saved!) });
  });

  return router;
}
