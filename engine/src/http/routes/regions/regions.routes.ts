/** Public region view: regions, their online seats and their matters. No login needed. */
import { Router } from 'express';
import { Op } from 'sequelize';
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
    const seats = await Seat.findAll({
      where: { regionCode: code, state: { [Op.ne]: 'offline' } },
      order: [['jobNumber', 'ASC']],
    });
    res.json({ seats: seats.map(presentSeat) });
  });

  router.get('/regions/:code/matters', async (req, res) => {
    const { code } = parse(regionParamSchema, req.params);
    const matters = await Matter.findAll({ where: { regionCode: code }, order: [['code', 'ASC']] });
    res.json({ matters: matters.map(presentMatter) });
  });

  return router;
}
