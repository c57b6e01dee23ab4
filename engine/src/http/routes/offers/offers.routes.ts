/** A seat answers an offer. */
import { Router } from 'express';
import { acceptOffer, declineOffer } from '../../../commands/offerResponder.js';
import type { HttpDeps } from '../../deps.js';
import { requireSeat } from '../../middlewares/guards.js';
import { parse } from '../../middlewares/validate.js';
import { idParamSchema } from '../schema.js';

export function offerRoutes(deps: HttpDeps): Router {
  const router = Router();

  router.post('/offers/:id/accept', async (req, res) => {
    const principal = requireSeat(res);
    const { id } = parse(idParamSchema, req.params);
    res.json(await acceptOffer(deps.ctx, principal, id));
  });

  router.post('/offers/:id/decline', async (req, res) => {
    const principal = requireSeat(res);
    const { id } = parse(idParamSchema, req.params);
    await declineOffer(deps.ctx, principal, id);
    res.status(204).end();
  });

  return router;
}
