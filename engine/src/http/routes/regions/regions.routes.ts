/** Public region view: regions, their online seats and their matters. No login needed. */
import { Router } from 'express';
import { Op } from 'sequelize';
import { SEAT_STATES, seatCardsQuerySchema } from '@cloud-seat/contracts';
import { matchesSeatFilter } from '../../../domain/acd/seatFilter.js';
import { Matter, Region, Seat } from '../../../models/index.js';
import { presentMatter, presentSeat } from '../../../presenters/views.js';
import type { HttpDeps } from '../../deps.js';
import { parse } from '../../middlewares/validate.js';
import { regionParamSchema } from '../schema.js';

export function regionRoutes(_deps: HttpDeps): Router {
  const router = Router();

  router.get('/regions', async (_req, res) => {
    const regions = await Region.findAll({ order: [['sort', 'ASC']] });
    res.json({ regions: regions.map((r) => ({ code: r.code, name: r.name, level: r.level })) });
  });

  router.get('/regions/:code/seats', async (req, res) => {
    const { code } = parse(regionParamSchema, req.params);
    const filter = parse(seatCardsQuerySchema, req.query);
    const online = await Seat.findAll({
      where: { regionCode: code, state: { [Op.ne]: 'offline' } },
      order: [['jobNumber', 'ASC']],
    });
    const counts = Object.fromEntries(SEAT_STATES.map((s) => [s, online.filter((seat) => seat.state === s).length]));
    const seats = online.filter((s) => matchesSeatFilter(s, filter));
    res.json({ seats: seats.map(presentSeat), counts });
  });

  router.get('/regions/:code/matters', async (req, res) => {
    const { code } = parse(regionParamSchema, req.params);
    const matters = await Matter.findAll({ where: { regionCode: code }, order: [['code', 'ASC']] });
    res.json({ matters: matters.map(presentMatter) });
  });

  return router;
}
