/**
 * 快速连线 / connect to a chosen seat: a citizen's new contact enters the queue of its region,
 * gets its ticket at once, and is offered to a seat if one is free.
 */
import { randomUUID } from 'node:crypto';
import type { ConversationView, CreateConversationRequest } from '@cloud-seat/contracts';
import { Op, QueryTypes } from 'sequelize';
import type { CitizenPrincipal } from '../domain/auth/permissions.js';
import { formatTicketNumber } from '../domain/tickets/ticketNumber.js';
import { errors } from '../errors.js';
import { Citizen, Conversation, Matter, Seat, Ticket } from '../models/index.js';
import { loadConversationView } from '../models/conversationViews.js';
import { dispatchRegion } from './contactDispatcher.js';
import { inTransaction, type CommandContext } from './context.js';
import { appendSystemMessage, recordTicketEvent } from './timeline.js';

const OPEN_STATUSES = ['queued', 'offered', 'active'] as const;

export async function startConversation(
  ctx: CommandContext,
  principal: CitizenPrincipal,
  request: CreateConversationRequest,
): Promise<{ conversation: ConversationView; created: boolean }> {
  const outcome = await inTransaction(ctx, async (after) => {
    // One open contact per citizen: a double tap or a retry returns the open one.
    const citizen = await Citizen.findByPk(principal.citizenId, { lock: true });
    if (!citizen) throw errors.unauthenticated();
    const open = await Conversation.findOne({
      where: { citizenId: citizen.id, status: { [Op.in]: [...OPEN_STATUSES] } },
    });
    if (open) return { id: open.id, created: false };

    if (request.matterId) {
      const matter = await Matter.findByPk(request.matterId);
      if (!matter || matter.regionCode !== request.regionCode) throw errors.notFound('该区域的事项');
    }
    if (request.seatId) {
      const seat = await Seat.findByPk(request.seatId);
      if (!seat || seat.regionCode !== request.regionCode) throw errors.notFound('该区域的坐席');
    }

    const now = ctx.now();
    const conversation = await Conversation.create({
      id: randomUUID(),
      citizenId: citizen.id,
      regionCode: request.regionCode,
      matterId: request.matterId ?? null,
      channel: 'chat',
      status: 'queued',
      requestedSeatId: request.seatId ?? null,
      priority: citizen.elderMode ? 10 : 0,
      queuedAt: now,
    });
    const [{ serial }] = (await ctx.sequelize.query("SELECT nextval('ticket_number_seq')::int AS serial", {
      type: QueryTypes.SELECT,
    })) as [{ serial: number }];
    const ticket = await Ticket.create({
      id: randomUUID(),
      number: formatTicketNumber(now, serial),
      conversationId: conversation.id,
      citizenId: citizen.id,
      regionCode: request.regionCode,
      matterId: request.matterId ?? null,
      channel: 'chat',
      status: 'new',
    });
    const actor = { type: 'citizen' as const, id: citizen.id, name: citizen.displayName };
    await recordTicketEvent(ticket, 'created', actor, { channel: 'chat', regionCode: request.regionCode }, now);
    await recordTicketEvent(ticket, 'queued', actor, { requestedSeatId: request.seatId ?? null }, now);
    await appendSystemMessage(conversation.id, '您已进入排队，正在为您连线坐席，请稍候。');
    after.add(() => dispatchRegion(ctx, request.regionCode).then(() => undefined));
    return { id: conversation.id, created: true };
  });
  return { conversation: await loadConversationView(outcome.id), created: outcome.created };
}
