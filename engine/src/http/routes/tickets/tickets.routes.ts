/**
 * 工单 read side: the filtered list and export (staff, within their data scope), one ticket with
 * its timeline, a seat's own tickets, a citizen's history (for the seat serving them), and the
 * citizen's own tickets (我的工单).
 */
import {
  citizenTicketListQuerySchema,
  ticketExportQuerySchema,
  ticketActionRequestSchema,
  ticketListQuerySchema,
  type TicketFilter,
} from '@cloud-seat/contracts';
import { Router, type Response } from 'express';
import { applyTicketAction, ticketDetailFor } from '../../../commands/ticketFlow.js';
import { canSeeRecord, type StaffPrincipal } from '../../../domain/auth/permissions.js';
import { decodeCursor, scopeTicketFilter, type TicketCursor } from '../../../domain/tickets/ticketQuery.js';
import { errors } from '../../../errors.js';
import { Conversation } from '../../../models/index.js';
import { findTicketRow, loadTicketDetail, readTicketList } from '../../../models/ticketQueries.js';
import type { HttpDeps } from '../../deps.js';
import { requireCitizen, requireSeat, requireStaffWithAny } from '../../middlewares/guards.js';
import { parse } from '../../middlewares/validate.js';
import { idParamSchema } from '../schema.js';
import { streamTicketExport } from './ticketExport.js';
import { citizenParamSchema } from './schema.js';

/** Staff who may read tickets: ticket managers (班长, 管理员) and seats (their own). */
const readerOf = (res: Response) => requireStaffWithAny(res, 'ticket.manage', 'conversation.read');

/** The staff member's filters narrowed to their data scope, or 403. */
function scoped(principal: StaffPrincipal, filter: TicketFilter): TicketFilter {
  const outcome = scopeTicketFilter(principal, filter);
  if (outcome.ok) return outcome.filter;
  throw outcome.reason === 'no_seat' ? errors.noSeatProfile() : errors.outOfScope();
}

function cursorOf(cursor: string | undefined): TicketCursor | null {
  if (cursor === undefined) return null;
  const decoded = decodeCursor(cursor);
  if (!decoded)
    throw errors.validation([{ path: 'cursor', message: 'unknown cursor' }], '翻页位置无效，请从第一页重新查询');
  return decoded;
}

export function ticketRoutes(deps: HttpDeps): Router {
  const router = Router();
  const db = deps.ctx.sequelize;

  router.get('/tickets', async (req, res) => {
    const principal = readerOf(res);
    const { page, pageSize, cursor, ...filter } = parse(ticketListQuerySchema, req.query);
    res.json(await readTicketList(db, scoped(principal, filter), { page, pageSize, cursor: cursorOf(cursor) }));
  });

  // Before /tickets/:id, which would take "export" for a malformed id.
  router.get('/tickets/export', async (req, res) => {
    const principal = readerOf(res);
    const { format, ...filter } = parse(ticketExportQuerySchema, req.query);
    await streamTicketExport(deps, res, scoped(principal, filter), format, deps.ctx.now());
  });

  router.get('/tickets/:id', async (req, res) => {
    const principal = readerOf(res);
    const { id } = parse(idParamSchema, req.params);
    const row = await findTicketRow(db, id);
    if (!row) throw errors.notFound('工单');
    if (!canSeeRecord(principal, row)) throw errors.outOfScope();
    res.json({ ticket: await ticketDetailFor(principal, row, deps.ctx.now()) });
  });

  /** 工单流转: note, escalate, hand back, resolve, close, reopen (rules: domain/tickets/ticketFlow.ts). */
  router.post('/tickets/:id/actions', async (req, res) => {
    const principal = readerOf(res);
    const { id } = parse(idParamSchema, req.params);
    const body = parse(ticketActionRequestSchema, req.body);
    res.json({ ticket: await applyTicketAction(deps.ctx, principal, id, body) });
  });

  /** The signed-in seat's own tickets, with the same filters. */
  router.get('/seat/tickets', async (req, res) => {
    const seat = requireSeat(res);
    const { page, pageSize, cursor, ...filter } = parse(ticketListQuerySchema, req.query);
    res.json(
      await readTicketList(db, { ...filter, seatId: seat.seatId }, { page, pageSize, cursor: cursorOf(cursor) }),
    );
  });

  /**
   * A citizen's history. The seat serving the citizen now sees all of it (that is what it is
   * for); anyone else sees what their data scope covers.
   */
  router.get('/citizens/:citizenId/tickets', async (req, res) => {
    const principal = readerOf(res);
    const { citizenId } = parse(citizenParamSchema, req.params);
    const { page, pageSize, cursor, ...filter } = parse(ticketListQuerySchema, req.query);
    const serving =
      principal.seatId !== null &&
      (await Conversation.count({
        where: { citizenId, seatId: principal.seatId, status: 'active' },
      })) > 0;
    const criteria = { ...(serving ? filter : scoped(principal, filter)), citizenId };
    res.json(await readTicketList(db, criteria, { page, pageSize, cursor: cursorOf(cursor) }));
  });

  /** 我的工单: the citizen's own tickets, newest first. */
  router.get('/citizen/tickets', async (req, res) => {
    const citizen = requireCitizen(res);
    const { pageSize, cursor } = parse(citizenTicketListQuerySchema, req.query);
    res.json(
      await readTicketList(db, { citizenId: citizen.citizenId }, { page: 1, pageSize, cursor: cursorOf(cursor) }),
    );
  });

  router.get('/citizen/tickets/:id', async (req, res) => {
    const citizen = requireCitizen(res);
    const { id } = parse(idParamSchema, req.params);
    const row = await findTicketRow(db, id);
    // Another citizen's ticket does not exist, as far as this citizen can tell.
    if (!row || row.citizenId !== citizen.citizenId) throw errors.notFound('工单');
    res.json({ ticket: await loadTicketDetail(row, { forCitizen: true }) });
  });

  return router;
}
