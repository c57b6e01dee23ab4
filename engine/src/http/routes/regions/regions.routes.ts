/**
 * Regions. Public (no login): regions, their online seats (cards, counts, filter choices) and
 * open appointment slots (their matters: routes/matters). Staff, in their data scope: the
 * region's queues (routing settings, admin may change them), its upcoming appointments and its
 * seat roster (every seat).
 */
import { Router } from 'express';
import { Op, QueryTypes } from 'sequelize';
import {
  QUEUE_STRATEGIES,
  SEAT_STATES,
  matchesSeatFilter,
  seatCardsQuerySchema,
  slotsQuerySchema,
  updateQueueRequestSchema,
  type QueueView,
  type RosterSeatView,
  type SeatCardsView,
} from '@cloud-seat/contracts';
import { z } from 'zod';
import { defaultQueueSettings, overflowRegionOf } from '../../../domain/acd/queues.js';

import { beijingDate } from '../../../domain/schedule/beijingTime.js';
import { Appointment, Matter, Queue, Region, Seat } from '../../../models/index.js';
import { openRegionSlots } from '../../../models/appointmentSlots.js';
import { presentAppointment, presentSeat, presentSlot } from '../../../presenters/views.js';
import type { HttpDeps } from '../../deps.js';
import { assertRegionInScope, requireStaff, requireStaffWithAny } from '../../middlewares/guards.js';
import { parse } from '../../middlewares/validate.js';
import { regionParamSchema } from '../schema.js';
import { errors } from '../../../errors.js';

const queueParamSchema = regionParamSchema.extend({ category: z.string().trim().min(1).max(32) });

export function regionRoutes(deps: HttpDeps): Router {
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
    const counts = Object.fromEntries(
      SEAT_STATES.map((s) => [s, online.filter((seat) => seat.state === s).length]),
    ) as SeatCardsView['counts'];
    const body: SeatCardsView = {
      seats: online.filter((s) => matchesSeatFilter(s, filter)).map(presentSeat),
      counts,
      categories: [...new Set(online.map((s) => s.category))].sort(),
      skills: [...new Set(online.flatMap((s) => s.skills))].sort(),
    };
    res.json(body);
  });

  /**
   * 坐席名册: every seat of the region, online or not (the public /seats has the online ones only),
   * for staff whose data scope covers the region. A seat (data scope self) gets only itself.
   */
  router.get('/regions/:code/seat-roster', async (req, res) => {
    const { code } = parse(regionParamSchema, req.params);
    const principal = requireStaffWithAny(res, 'ticket.manage', 'monitor.read', 'seat.manage', 'conversation.read');
    assertRegionInScope(principal, code);
    const own = principal.dataScope === 'self';
    if (own && !principal.seatId) throw errors.noSeatProfile();
    const seats = await Seat.findAll({
      attributes: ['id', 'name', 'jobNumber', 'category', 'state'],
      where: own ? { regionCode: code, id: principal.seatId! } : { regionCode: code },
      order: [['jobNumber', 'ASC']],
    });
    const roster: RosterSeatView[] = seats.map((s) => ({
      id: s.id,
      name: s.name,
      jobNumber: s.jobNumber,
      category: s.category,
      state: s.state,
    }));
    res.json({ seats: roster });
  });

  /** Open appointment slots (在线预约) of one Beijing date, default today, or several days from it. */
  router.get('/regions/:code/slots', async (req, res) => {
    const { code } = parse(regionParamSchema, req.params);
    const query = parse(slotsQuerySchema, req.query);
    const now = deps.ctx.now();
    let slots;
    try {
      slots = await openRegionSlots(
        deps.ctx.sequelize,
        code,
        query.date ?? beijingDate(now),
        query.days,
        deps.ctx.settings.slotMinutes,
        now,
      );
    } catch (err) {
      if (err instanceof RangeError) throw errors.validation({ date: query.date }, '日期不正确，请选择有效的日期');
      throw err;
    }
    res.json({ slots: slots.map(presentSlot) });
  });

  /** The region's queues: every category its seats serve or that has settings, with the waiting count. */
  router.get('/regions/:code/queues', async (req, res) => {
    const { code } = parse(regionParamSchema, req.params);
    assertRegionInScope(requireStaffWithAny(res, 'queue.manage', 'monitor.read'), code);
    res.json({ queues: await regionQueues(deps, code) });
  });

  router.put('/regions/:code/queues/:category', async (req, res) => {
    const principal = requireStaff(res, 'queue.manage');
    const { code, category } = parse(queueParamSchema, req.params);
    assertRegionInScope(principal, code);
    const body = parse(updateQueueRequestSchema, req.body);
    if (body.overflowAfterSeconds != null && overflowRegionOf(code) === null) {
      throw errors.validation(
        { overflowAfterSeconds: body.overflowAfterSeconds },
        '市本级队列没有溢出目标，不能设置溢出时间',
      );
    }
    const current = await Queue.findOne({ where: { regionCode: code, category } });
    const defaults = defaultQueueSettings(code, deps.ctx.settings.overflowAfterSeconds);
    await Queue.upsert({
      regionCode: code,
      category,
      strategy: body.strategy ?? current?.strategy ?? defaults.strategy,
      overflowAfterSeconds:
        body.overflowAfterSeconds !== undefined
          ? body.overflowAfterSeconds
          : (current?.overflowAfterSeconds ?? defaults.overflowAfterSeconds),
    });
    const queue = (await regionQueues(deps, code)).find((q) => q.category === category)!;
    res.json({ queue });
  });

  /** Upcoming and recent appointments of the region, for its seats and supervisors. */
  router.get('/regions/:code/appointments', async (req, res) => {
    const { code } = parse(regionParamSchema, req.params);
    assertRegionInScope(requireStaffWithAny(res, 'seat.workbench', 'monitor.read'), code);
    const since = new Date(deps.ctx.now().getTime() - 3600_000);
    const appointments = await Appointment.findAll({
      where: { regionCode: code, slotEnd: { [Op.gte]: since } },
      include: [{ model: Matter, as: 'matter' }],
      order: [['slotStart', 'ASC']],
      limit: 200,
    });
    res.json({
      appointments: appointments.map((a) => presentAppointment(a, deps.ctx.settings.appointmentGraceMinutes)),
    });
  });

  return router;
}

async function regionQueues(deps: HttpDeps, regionCode: string): Promise<QueueView[]> {
  const [rows, seats, waiting] = await Promise.all([
    Queue.findAll({ where: { regionCode } }),
    Seat.findAll({ attributes: ['category'], where: { regionCode } }),
    deps.ctx.sequelize.query<{ category: string; waiting: number }>(
      `SELECT category, count(*)::int AS waiting FROM conversations
        WHERE region_code = :regionCode AND status = 'queued' GROUP BY category`,
      { type: QueryTypes.SELECT, replacements: { regionCode } },
    ),
  ]);
  const categories = [
    ...new Set([...seats.map((s) => s.category), ...rows.map((r) => r.category), ...waiting.map((w) => w.category)]),
  ].sort();
  const defaults = defaultQueueSettings(regionCode, deps.ctx.settings.overflowAfterSeconds);
  return categories.map((category) => {
    const row = rows.find((r) => r.category === category);
    const strategy = row?.strategy ?? defaults.strategy;
    return {
      regionCode,
      category,
      strategy: QUEUE_STRATEGIES.includes(strategy) ? strategy : defaults.strategy,
      overflowRegionCode: overflowRegionOf(regionCode),
      overflowAfterSeconds: row ? row.overflowAfterSeconds : defaults.overflowAfterSeconds,
      waiting: waiting.find((w) => w.category === category)?.waiting ?? 0,
    };
  });
}
