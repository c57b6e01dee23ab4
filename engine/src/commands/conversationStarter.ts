/**
 * 快速连线 / connect to a chosen seat: a citizen's new contact gets its ticket at once and enters
 * the queue of its region and business category, offered to a seat if one is free — or, for a
 * quick connect while the region's assistant serves, is answered by the assistant first
 * (assistantFrontLine.ts), which hands it to the queue when needed. A citizen
 * connecting within their appointment window keeps the appointment and is routed with priority.
 */
import { randomUUID } from 'node:crypto';
import { OPEN_CONTACT_STATUSES, type ConversationView, type CreateConversationRequest } from '@cloud-seat/contracts';
import { Op } from 'sequelize';
import { initialFrontLineState, assistantServesNow } from '../domain/assistant/frontLine.js';
import type { CitizenPrincipal } from '../domain/auth/permissions.js';
import { canConnectWithPriority, nextStatus } from '../domain/schedule/appointmentLifecycle.js';
import { errors } from '../errors.js';
import { Appointment, Citizen, Conversation, Matter, Seat, Ticket } from '../models/index.js';
import { loadConversationView } from '../models/conversationViews.js';
import { assistantSettingsOf } from '../models/assistantSettings.js';
import { presentAppointment } from '../presenters/views.js';
import { openWithAssistant } from './assistantFrontLine.js';
import { dispatchRegion } from './contactDispatcher.js';
import { queuePlacement } from './queuePlacement.js';
import { inTransaction, type CommandContext } from './context.js';
import { appendSystemMessage, nextTicketNumber, recordTicketEvent } from './timeline.js';

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
      where: { citizenId: citizen.id, status: { [Op.in]: [...OPEN_CONTACT_STATUSES] } },
    });
    if (open) return { id: open.id, created: false };

    const matter = request.matterId ? await Matter.findByPk(request.matterId) : null;
    if (request.matterId && (!matter || matter.regionCode !== request.regionCode || matter.withdrawnAt))
      throw errors.notFound('该区域的事项');
    const requestedSeat = request.seatId ? await Seat.findByPk(request.seatId) : null;
    if (request.seatId && (!requestedSeat || requestedSeat.regionCode !== request.regionCode)) {
      throw errors.notFound('该区域的坐席');
    }

    const now = ctx.now();
    const appointment = await liveAppointment(ctx, citizen.id, request.regionCode, now);
    // The assistant answers first — not a citizen who chose a seat or keeps an appointment.
    const channel = request.channel ?? 'chat';
    // A call contact goes straight to the queue: the assistant answers chats only.
    const withAssistant =
      channel === 'chat' &&
      ctx.assistant !== null &&
      !requestedSeat &&
      !appointment &&
      assistantServesNow(await assistantSettingsOf(ctx.sequelize, request.regionCode), now);
    const placement = await queuePlacement(ctx, {
      regionCode: request.regionCode,
      matterCategory: matter?.category ?? null,
      requestedSeat,
      appointment: appointment !== null,
      elder: citizen.elderMode,
      now,
    });
    const category = placement.category;
    const conversation = await Conversation.create({
      id: randomUUID(),
      citizenId: citizen.id,
      regionCode: request.regionCode,
      matterId: matter?.id ?? null,
      matterSource: matter ? 'carried' : null,
      channel,
      status: withAssistant ? 'assistant' : 'queued',
      category,
      requestedSeatId: requestedSeat?.id ?? null,
      requestedWaitSince: requestedSeat ? now : null,
      appointmentId: appointment?.id ?? null,
      queuedAt: now,
      rankAt: placement.rankAt,
      overflowRegionCode: placement.overflowRegionCode,
      overflowAt: placement.overflowAt,
      assistantState: withAssistant ? { ...initialFrontLineState() } : null,
    });
    const ticket = await Ticket.create({
      id: randomUUID(),
      number: await nextTicketNumber(ctx, now),
      conversationId: conversation.id,
      citizenId: citizen.id,
      regionCode: request.regionCode,
      matterId: matter?.id ?? null,
      category,
      citizenName: citizen.displayName,
      channel,
      status: 'new',
      // The same instant as its number's date: the search relies on it (domain/tickets/ticketQuery.ts).
      createdAt: now,
    });
    const actor = { type: 'citizen' as const, id: citizen.id, name: citizen.displayName };
    await recordTicketEvent(ticket, 'created', actor, { channel, regionCode: request.regionCode }, now);
    if (withAssistant) {
      await openWithAssistant(ctx, conversation, ticket, matter, now);
      return { id: conversation.id, created: true };
    }
    await recordTicketEvent(
      ticket,
      'queued',
      actor,
      {
        category,
        requestedSeatId: requestedSeat?.id ?? null,
        appointmentId: appointment?.id ?? null,
        elder: citizen.elderMode,
        overflowRegionCode: placement.overflowRegionCode,
      },
      now,
    );
    if (appointment) {
      await appointment.update({
        status: nextStatus(appointment.status, 'connect')!,
        conversationId: conversation.id,
        settledAt: now,
      });
      const view = presentAppointment(appointment, ctx.settings.appointmentGraceMinutes);
      after.add(() => ctx.publisher.toCitizen(citizen.id, 'appointment.updated', { appointment: view }));
      await appendSystemMessage(conversation.id, '您已按预约连线，系统将优先为您接通坐席，请稍候。');
    } else {
      await appendSystemMessage(
        conversation.id,
        requestedSeat
          ? `您已进入排队，正在等待坐席 ${requestedSeat.name}（工号 ${requestedSeat.jobNumber}）接入，请稍候。`
          : '您已进入排队，正在为您连线坐席，请稍候。',
      );
    }
    after.add(() => dispatchRegion(ctx, request.regionCode).then(() => undefined));
    return { id: conversation.id, created: true };
  });
  return { conversation: await loadConversationView(outcome.id), created: outcome.created };
}

/** The citizen's appointment in this region whose connect window is open now, locked. */
async function liveAppointment(ctx: CommandContext, citizenId: string, regionCode: string, now: Date) {
  const candidates = await Appointment.findAll({
    where: { citizenId, regionCode, status: { [Op.in]: ['booked', 'reminded'] } },
    order: [['slotStart', 'ASC']],
    lock: true,
  });
  return (
    candidates.find((a) =>
      canConnectWithPriority(
        { status: a.status, start: a.slotStart, end: a.slotEnd },
        now,
        ctx.settings.appointmentGraceMinutes,
      ),
    ) ?? null
  );
}
