/**
 * 工单流转 on a ticket: note, escalate to the region's supervisors, hand back, resolve, close,
 * reopen within the window. The rules are in domain/tickets/ticketFlow.ts; this applies them
 * under the ticket's row lock and records every step on the timeline with who and when.
 */
import {
  OPEN_CONTACT_STATUSES,
  type TicketAction,
  type TicketActionRequest,
  type TicketDetail,
} from '@cloud-seat/contracts';
import { canSeeRecord, hasPermission, type StaffPrincipal } from '../domain/auth/permissions.js';
import {
  allowedTicketActions,
  decideTicketAction,
  TICKET_FLOW_MESSAGES,
  type TicketFlowState,
  type TicketRole,
} from '../domain/tickets/ticketFlow.js';
import { errors } from '../errors.js';
import { Ticket } from '../models/index.js';
import { findTicketRow, loadTicketDetail, type TicketRow } from '../models/ticketQueries.js';
import { inTransaction, type CommandContext } from './context.js';
import { recordTicketEvent, seatActorById, type Actor } from './timeline.js';

const EVENT_OF: Record<TicketAction, string> = {
  note: 'note',
  escalate: 'escalated',
  hand_back: 'handed_back',
  resolve: 'resolved',
  close: 'closed',
  reopen: 'reopened',
};

/** The seat that owns the ticket; a ticket manager whose scope covers it; or a reader. */
export function ticketRoleOf(principal: StaffPrincipal, row: Pick<TicketRow, 'seatId' | 'regionCode'>): TicketRole {
  if (principal.seatId !== null && principal.seatId === row.seatId) return 'owner';
  if (hasPermission(principal, 'ticket.manage') && canSeeRecord(principal, row)) return 'manager';
  return 'reader';
}

export function ticketFlowStateOf(row: TicketRow): TicketFlowState {
  const settled = row.status === 'resolved' || row.status === 'closed';
  return {
    status: row.status,
    escalated: row.escalatedAt !== null,
    live: (OPEN_CONTACT_STATUSES as readonly string[]).includes(row.conversationStatus ?? ''),
    settledAt: settled ? (row.closedAt ?? row.endedAt ?? row.updatedAt) : null,
  };
}

/** The detail with what this reader may do now. */
export function ticketDetailFor(principal: StaffPrincipal, row: TicketRow, now: Date): Promise<TicketDetail> {
  const allowedActions = allowedTicketActions(ticketFlowStateOf(row), ticketRoleOf(principal, row), now);
  return loadTicketDetail(row, { forCitizen: false, allowedActions });
}

export async function applyTicketAction(
  ctx: CommandContext,
  principal: StaffPrincipal,
  ticketId: string,
  request: TicketActionRequest,
): Promise<TicketDetail> {
  await inTransaction(ctx, async () => {
    const ticket = await Ticket.findByPk(ticketId, { lock: true });
    const row = ticket ? await findTicketRow(ctx.sequelize, ticketId) : null;
    if (!ticket || !row) throw errors.notFound('工单');
    const role = ticketRoleOf(principal, row);
    if (role === 'reader' && !canSeeRecord(principal, row)) throw errors.outOfScope();
    const now = ctx.now();
    const outcome = decideTicketAction(ticketFlowStateOf(row), role, request.action, now);
    if (!outcome.ok) {
      throw outcome.reason === 'not_allowed'
        ? errors.forbidden()
        : errors.invalidState(TICKET_FLOW_MESSAGES[outcome.reason]);
    }
    const escalatedAt = request.action === 'escalate' ? now : outcome.escalated ? ticket.escalatedAt : null;
    const closedAt = outcome.settles ? now : request.action === 'reopen' ? null : ticket.closedAt;
    await ticket.update({ status: outcome.status, escalatedAt, closedAt });
    const actor: Actor =
      role === 'owner' && principal.seatId
        ? await seatActorById(principal.seatId)
        : { type: 'staff', id: principal.accountId, name: principal.displayName };
    await recordTicketEvent(ticket, EVENT_OF[request.action], actor, { note: request.note ?? null }, now);
  });
  const row = (await findTicketRow(ctx.sequelize, ticketId))!;
  return ticketDetailFor(principal, row, ctx.now());
}
