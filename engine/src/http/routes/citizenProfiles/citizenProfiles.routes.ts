/** Staff: the profile of a citizen beside the conversation (masked), and the audited reveal. */
import { revealRequestSchema } from '@cloud-seat/contracts';
import { Router } from 'express';
import { readCitizenProfile, revealCitizenField } from '../../../commands/citizenProfile.js';
import type { HttpDeps } from '../../deps.js';
import { requireStaffWithAny } from '../../middlewares/guards.js';
import { parse } from '../../middlewares/validate.js';
import { citizenParamSchema } from '../tickets/schema.js';

export function citizenProfileRoutes(deps: HttpDeps): Router {
  const router = Router();

  router.get('/citizens/:citizenId/profile', async (req, res) => {
    const principal = requireStaffWithAny(res, 'seat.workbench', 'conversation.read');
    const { citizenId } = parse(citizenParamSchema, req.params);
    res.json({ profile: await readCitizenProfile(principal, citizenId) });
  });

  router.post('/citizens/:citizenId/reveal', async (req, res) => {
    const principal = requireStaffWithAny(res, 'seat.workbench', 'conversation.read');
    const { citizenId } = parse(citizenParamSchema, req.params);
    const body = parse(revealRequestSchema, req.body);
    res.json(await revealCitizenField(deps.ctx, principal, citizenId, body, req.ip ?? null));
  });

  return router;
}
