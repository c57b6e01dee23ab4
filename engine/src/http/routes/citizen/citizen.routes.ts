/** The citizen's own records. */
import { Router } from 'express';
import { findConversationViews } from '../../../models/conversationViews.js';
import type { HttpDeps } from '../../deps.js';
import { requireCitizen } from '../../middlewares/guards.js';

export function citizenRoutes(_deps: HttpDeps): Router {
  const router = Router();
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
