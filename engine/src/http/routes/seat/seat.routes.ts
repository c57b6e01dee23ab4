/** The signed-in seat: its profile and state, pending offers and active conversations. */
import { setSeatStateRequestSchema } from '@cloud-seat/contracts';
import { Router } from 'express';
import { changeSeatState } from '../../../commands/seatStateChanger.js';
import { errors } from '../../../errors.js';
import { Offer, Seat } from '../../../models/index.js';
import { findConversationViews, loadConversationView } from '../../../models/conversationViews.js';
import { presentOffer, presentSeat } from '../../../presenters/views.js';
import type { HttpDeps } from '../../deps.js';
import { requireSeat } from '../../middlewares/guards.js';
import { parse } from '../../middlewares/validate.js';

export function seatRoutes(deps: HttpDeps): Router {
  const router = Router();

  router.get('/seat', async (_req, res) => {
    const seat = await Seat.findByPk(requireSeat(res).seatId);
    if (!seat) throw errors.noSeatProfile();
    res.json(presentSeat(seat));
  });

  router.put('/seat/state', async (req, res) => {
    const principal = requireSeat(res);
    const body = parse(setSeatStateRequestSchema, req.body);
    res.json(await changeSeatState(deps.ctx, principal, body));
  });

  router.get('/seat/offers', async (_req, res) => {
    const { seatId } = requireSeat(res);
    const offers = await Offer.findAll({
      where: { seatId, status: 'pending' },
      include: [{ model: Seat, as: 'transferFromSeat' }],
      order: [['offeredAt', 'ASC']],
    });
    const views = await Promise.all(
      offers.map(async (o) => presentOffer(o, await loadConversationView(o.conversationId))),
    );
    res.json({ offers: views });
  });

  router.get('/seat/conversations', async (_req, res) => {
    const { seatId } = requireSeat(res);
    const conversations = await findConversationViews({
      where: { seatId, status: 'active' },
      order: [['acceptedAt', 'ASC']],
    });
    res.json({ conversations });
  });

  return router;
}
