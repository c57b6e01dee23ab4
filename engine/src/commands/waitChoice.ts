/**
 * Connecting to a chosen seat: when the seat has not taken the contact within the configured
 * wait, the citizen is asked what to do — keep waiting, another seat of the same team, or an
 * appointment — and their answer is applied. The contact keeps its place in the queue.
 */
import type { ConversationView, WaitChoiceRequest } from '@cloud-seat/contracts';
import { Op } from 'sequelize';
import type { CitizenPrincipal } from '../domain/auth/permissions.js';
import { errors } from '../errors.js';
import { Conversation, Seat, Ticket } from '../models/index.js';
import { loadConversationView } from '../models/conversationViews.js';
import { presentMessage } from '../presenters/views.js';
import { dispatchRegion } from './contactDispatcher.js';
import { inTransaction, type CommandContext } from './context.js';
import { endConversation } from './conversationEnder.js';
import { appendSystemMessage, recordTicketEvent, SYSTEM_ACTOR } from './timeline.js';

/** Asks every citizen whose chosen seat has not answered in time. Returns how many were asked. */
export async function offerWaitChoices(ctx: CommandContext): Promise<number> {
  return inTransaction(ctx, async (after) => {
    const now = ctx.now();
    const due = await Conversation.findAll({
      where: {
        status: 'queued',
        requestedSeatId: { [Op.ne]: null },
        waitChoiceSince: null,
        requestedWaitSince: { [Op.lte]: new Date(now.getTime() - ctx.settings.chosenSeatWaitMs) },
      },
      lock: true,
      skipLocked: true,
      limit: 200,
    });
    for (const contact of due) {
      await contact.update({ waitChoiceSince: now });
      const seat = await Seat.findByPk(contact.requestedSeatId!);
      const ticket = await Ticket.findOne({ where: { conversationId: contact.id } });
      if (ticket)
        await recordTicketEvent(ticket, 'wait_choice_offered', SYSTEM_ACTOR, { seatId: seat?.id ?? null }, now);
      const notice = await appendSystemMessage(
        contact.id,
        `${seat ? `坐席 ${seat.name}（工号 ${seat.jobNumber}）` : '您选择的坐席'}暂时无法接入。您可以继续等待、换同组其他坐席，或预约其他时间。`,
      );
      after.add(async () => {
        const view = await loadConversationView(contact.id);
        ctx.publisher.toCitizen(view.citizen.id, 'conversation.updated', { conversation: view });
        ctx.publisher.toCitizen(view.citizen.id, 'message.new', { message: presentMessage(notice) });
      });
    }
    return due.length;
  });
}

export async function answerWaitChoice(
  ctx: CommandContext,
  principal: CitizenPrincipal,
  conversationId: string,
  request: WaitChoiceRequest,
): Promise<ConversationView> {
  const outcome = await inTransaction(ctx, async (after) => {
    const contact = await Conversation.findByPk(conversationId, { lock: true });
    if (!contact || contact.citizenId !== principal.citizenId) throw errors.notFound('会话');
    if (contact.status !== 'queued') throw errors.invalidState('会话已接通或已结束，无需再选择');
    const chosen = contact.requestedSeatId ? await Seat.findByPk(contact.requestedSeatId) : null;
    if (!chosen) throw errors.invalidState('您未指定坐席，系统正在为您连线任一空闲坐席');

    const now = ctx.now();
    const actor = { type: 'citizen' as const, id: principal.citizenId, name: principal.displayName };
    const ticket = await Ticket.findOne({ where: { conversationId } });
    const record = (data: Record<string, unknown>) =>
      ticket ? recordTicketEvent(ticket, 'wait_choice', actor, { choice: request.choice, ...data }, now) : null;

    if (request.choice === 'appointment') {
      await record({});
      return 'end' as const;
    }

    let notice: string;
    if (request.choice === 'keep_waiting') {
      await contact.update({ requestedWaitSince: now, waitChoiceSince: null });
      notice = `好的，继续为您等待坐席 ${chosen.name}（工号 ${chosen.jobNumber}）。`;
      await record({ seatId: chosen.id });
    } else {
      const next = request.seatId ? await Seat.findByPk(request.seatId) : null;
      if (request.seatId) {
        if (!next || next.regionCode !== contact.regionCode) throw errors.notFound('该区域的坐席');
        if (next.category !== chosen.category) {
          throw errors.validation({ seatId: request.seatId }, `请选择${chosen.category}组的其他坐席`);
        }
      }
      await contact.update({
        requestedSeatId: next?.id ?? null,
        requestedWaitSince: next ? now : null,
        waitChoiceSince: null,
      });
      notice = next
        ? `已为您改为等待坐席 ${next.name}（工号 ${next.jobNumber}）。`
        : `已为您转接${chosen.category}组任一空闲坐席，您的排队位置保持不变。`;
      await record({ fromSeatId: chosen.id, toSeatId: next?.id ?? null });
    }
    const message = await appendSystemMessage(conversationId, notice);
    after.add(async () => {
      ctx.publisher.toCitizen(principal.citizenId, 'message.new', { message: presentMessage(message) });
      await dispatchRegion(ctx, contact.regionCode);
    });
    return 'continue' as const;
  });
  if (outcome === 'end') return endConversation(ctx, principal, conversationId);
  const view = await loadConversationView(conversationId);
  ctx.publisher.toCitizen(principal.citizenId, 'conversation.updated', { conversation: view });
  return view;
}
