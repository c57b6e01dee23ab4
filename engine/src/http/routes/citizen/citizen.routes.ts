/** The citizen's own records and preferences. */
import { citizenPreferencesRequestSchema } from '@cloud-seat/contracts';
import { Router } from 'express';
import { Citizen } from '../../../models/index.js';
import { findConversationViews } from '../../../models/conversationViews.js';
import type { HttpDeps } from '../../deps.js';
import { requireCitizen } from '../../middlewares/guards.js';
import { parse } from '../../middlewares/validate.js';

export function citizenRoutes(deps: HttpDeps): Router {
  const router = Router();
  router.put('/citizen/preferences', async (req, res) => {
    const principal = requireCitizen(res);
    const body = parse(citizenPreferencesRequestSchema, req.body);
    await Citizen.update({ elderMode: body.elderMode }, { where: { id: principal.citizenId } });
    res.json(await deps.sessions.me(principal));
  });

  router.get('/citizen/conversations', async (_req, res) => {
    const citizen = requireCitizen(res);
    const conversations = await findConversationViews({
      where: { citizenId: citizen.citizenId },
      order: [['createdAt', 'DESC']],
      limit: 50,
    });
    res.json({ conversations });
  });
  return router;
}
