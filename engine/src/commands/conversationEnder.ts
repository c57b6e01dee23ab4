/**
 * Ends a conversation (by its seat or its citizen): frees the seat, resolves the ticket, asks the
 * citizen for an evaluation. Ending twice is harmless.
 */
import type { ConversationView } from '@cloud-seat/contracts';
import { decideAfterContactEnded } from '../domain/acd/seatState.js';
import type { Principal } from '../domain/auth/permissions.js';
import { errors } from '../errors.js';
import { Conversation, Offer, Seat, Ticket } from '../models/index.js';
import { loadConversationView } from '../models/conversationViews.js';
import { presentMessage, presentSeat } from '../presenters/views.js';
import { publishSeatState, toParticipants } from '../realtime/publisher.js';
import { endCobrowseWithConversation } from './cobrowse.js';
import { dispatchRegion } from './contactDispatcher.js';
import { inTransaction, type CommandContext } from './context.js';
import { applySeatChange, seatLoad } from './seatStateWriter.js';
import { appendSystemMessage, recordTicketEvent, seatActor, type Actor } from './timeline.js';

export async function endConversation(
  ctx: CommandContext,
  principal: Principal,
  conversationId: string,
): Promise<ConversationView> {
  await inTransaction(ctx, async (after) => {
    const conversation = await Conversation.findByPk(conversationId, { lock: true });
    if (!conversation) throw errors.notFound('会话');
    let actor = endingActor(principal, conversation);
    if (conversation.status === 'ended' || conversation.status === 'abandoned') return;

    const now = ctx.now();
    const wasActive = conversation.status === 'active';
    const pendingOffers = await Offer.findAll({ where: { conversationId, status: 'pending' }, lock: true });
    for (const offer of pendingOffers) await offer.update({ status: 'revoked', respondedAt: now });
    let seat: Seat | null = null;
    if (wasActive && conversation.seatId) {
      seat = await Seat.findByPk(conversation.seatId, { lock: true });
      if (seat) {
        const wrapUp = decideAfterContactEnded(seatLoad(seat), ctx.settings.seatPolicy, now);
        await applySeatChange(seat, { activeChatsDelta: -1, ...wrapUp }, now);
        if (actor.type === 'seat') actor = seatActor(seat);
      }
    }
    // a conversation with the assistant ends as served (by the assistant), not as a queue given up
    const served = wasActive || conversation.status === 'assistant';
    await conversation.update({
      status: served ? 'ended' : 'abandoned',
      endedAt: now,
      endedBy: actor.type,
      assistantState: null,
    });
    const ticket = await Ticket.findOne({ where: { conversationId }, lock: true });
    const cobrowse = await endCobrowseWithConversation(conversationId, ticket, actor, now);
    if (ticket) {
      await ticket.update({ status: 'resolved' });
      await recordTicketEvent(ticket, served ? 'ended' : 'abandoned', actor, {}, now);
    }
    const notice = await appendSystemMessage(
      conversationId,
      served ? '本次服务已结束，感谢您的咨询。' : '您已取消排队。',
    );

    after.add(async () => {
      ctx.calls?.ended(conversationId);
      const view = await loadConversationView(conversationId);
      toParticipants(ctx.publisher, view, 'conversation.updated', { conversation: view });
      toParticipants(ctx.publisher, view, 'message.new', { message: presentMessage(notice) });
      if (cobrowse) toParticipants(ctx.publisher, view, 'cobrowse.ended', { session: cobrowse });
      for (const offer of pendingOffers) {
        ctx.publisher.toSeat(offer.seatId, 'offer.closed', { offerId: offer.id, reason: 'revoked' });
      }
      if (seat) publishSeatState(ctx.publisher, presentSeat(seat));
      if (seat || !served) await dispatchRegion(ctx, conversation.regionCode);
    });
  });
  return loadConversationView(conversationId);
}

function endingActor(principal: Principal, conversation: Conversation): Actor {
  if (principal.kind === 'citizen' && principal.citizenId === conversation.citizenId) {
    return { type: 'citizen', id: principal.citizenId, name: principal.displayName };
  }
  if (principal.kind === 'staff' && principal.seatId !== null && principal.seatId === conversation.seatId) {
    return { type: 'seat', id: principal.seatId, name: principal.displayName };
  }
  throw errors.forbidden();
}
