/**
 * A seat accepts or declines a contact offered to it; expired offers go back to the queue.
 * With ring-all a contact has several pending offers: the first accept wins (the contact row
 * lock serializes accepts) and the others are revoked; the contact goes back to the queue only
 * when its last pending offer is declined or expires.
 */
import type { ConversationView } from '@cloud-seat/contracts';
import { Op } from 'sequelize';
import { decideOnNoAnswer } from '../domain/acd/seatState.js';
import type { StaffPrincipal } from '../domain/auth/permissions.js';
import { errors } from '../errors.js';
import { Conversation, Offer, Seat, Ticket } from '../models/index.js';
import { loadConversationView } from '../models/conversationViews.js';
import { presentMessage, presentSeat } from '../presenters/views.js';
import { publishSeatState, toParticipants } from '../realtime/publisher.js';
import { dispatchRegion } from './contactDispatcher.js';
import { inTransaction, type CommandContext } from './context.js';
import { applySeatChange, seatLoad } from './seatStateWriter.js';
import { completeTransfer, lapseTransfer } from './conversationTransfer.js';
import { appendSystemMessage, recordTicketEvent, seatActor, seatActorById, SYSTEM_ACTOR } from './timeline.js';

/**
 * Lock order everywhere offers change: the contact, then its offers, then the seat. (Ring-all
 * puts several seats on one contact; locking the contact first keeps their answers from
 * deadlocking each other.)
 */
async function lockOwnPendingOffer(
  ctx: CommandContext,
  principal: StaffPrincipal,
  offerId: string,
): Promise<{ offer: Offer; conversation: Conversation | null }> {
  const seen = await Offer.findByPk(offerId);
  if (!seen || seen.seatId !== principal.seatId) throw errors.notFound('分配记录');
  const conversation = await Conversation.findByPk(seen.conversationId, { lock: true });
  const offer = (await Offer.findByPk(offerId, { lock: true }))!;
  if (offer.status !== 'pending' || offer.expiresAt.getTime() <= ctx.now().getTime()) throw errors.offerGone();
  return { offer, conversation };
}

export async function acceptOffer(
  ctx: CommandContext,
  principal: StaffPrincipal,
  offerId: string,
): Promise<ConversationView> {
  const conversationId = await inTransaction(ctx, async (after) => {
    const { offer, conversation } = await lockOwnPendingOffer(ctx, principal, offerId);
    if (conversation && offer.transferFromSeatId) {
      await completeTransfer(ctx, after, offer, conversation, offer.seatId);
      return conversation.id;
    }
    if (!conversation || conversation.status !== 'offered') throw errors.offerGone();
    const seat = await Seat.findByPk(offer.seatId, { lock: true });
    if (!seat) throw errors.noSeatProfile();

    const now = ctx.now();
    await offer.update({ status: 'accepted', respondedAt: now });
    const others = await Offer.findAll({
      where: { conversationId: conversation.id, status: 'pending', id: { [Op.ne]: offer.id } },
    });
    for (const other of others) {
      await other.update({ status: 'revoked', respondedAt: now });
      after.add(() => ctx.publisher.toSeat(other.seatId, 'offer.closed', { offerId: other.id, reason: 'revoked' }));
    }
    await conversation.update({ status: 'active', seatId: seat.id, acceptedAt: now, waitChoiceSince: null });
    await applySeatChange(seat, { activeChatsDelta: 1 }, now);
    const ticket = await Ticket.findOne({ where: { conversationId: conversation.id }, lock: true });
    if (ticket) {
      await ticket.update({ seatId: seat.id, status: 'in_progress' });
      await recordTicketEvent(ticket, 'accepted', seatActor(seat), { offerId: offer.id }, now);
    }
    const greeting = await appendSystemMessage(
      conversation.id,
      `坐席 ${seat.name}（工号 ${seat.jobNumber}）为您服务。`,
    );

    after.add(async () => {
      const view = await loadConversationView(conversation.id);
      const message = presentMessage(greeting);
      ctx.publisher.toSeat(seat.id, 'offer.closed', { offerId: offer.id, reason: 'accepted' });
      publishSeatState(ctx.publisher, presentSeat(seat));
      toParticipants(ctx.publisher, view, 'conversation.updated', { conversation: view });
      toParticipants(ctx.publisher, view, 'message.new', { message });
    });
    return conversation.id;
  });
  return loadConversationView(conversationId);
}

export async function declineOffer(ctx: CommandContext, principal: StaffPrincipal, offerId: string): Promise<void> {
  await inTransaction(ctx, async (after) => {
    const { offer } = await lockOwnPendingOffer(ctx, principal, offerId);
    const now = ctx.now();
    if (offer.transferFromSeatId) {
      await lapseTransfer(ctx, after, offer, 'declined', now);
      return;
    }
    await offer.update({ status: 'declined', respondedAt: now });
    const conversation = await requeue(offer, 'declined', now, await seatActorById(offer.seatId));
    after.add(async () => {
      ctx.publisher.toSeat(offer.seatId, 'offer.closed', { offerId: offer.id, reason: 'declined' });
      if (conversation) await dispatchRegion(ctx, conversation.regionCode);
    });
  });
}

/** Expires pending offers whose time is up and offers their contacts to the next seat. */
export async function expireOffers(ctx: CommandContext): Promise<number> {
  const due = await Offer.findAll({
    attributes: ['id', 'conversationId'],
    where: { status: 'pending', expiresAt: { [Op.lte]: ctx.now() } },
    order: [['expiresAt', 'ASC']],
    limit: 200,
  });
  const regions = new Set<string>();
  let expired = 0;
  for (const { id, conversationId } of due) {
    const region = await inTransaction(ctx, async (after) => {
      const now = ctx.now();
      await Conversation.findByPk(conversationId, { lock: true });
      const offer = await Offer.findByPk(id, { lock: true });
      // Another worker, or the seat's own answer, got there first.
      if (!offer || offer.status !== 'pending' || offer.expiresAt.getTime() > now.getTime()) return null;
      expired += 1;
      // An unanswered transfer leaves the conversation with the asking seat; no 未接听 pause.
      if (offer.transferFromSeatId) {
        await lapseTransfer(ctx, after, offer, 'expired', now);
        return null;
      }
      await offer.update({ status: 'expired', respondedAt: now });
      const seat = await Seat.findByPk(offer.seatId, { lock: true });
      const noAnswer = seat && decideOnNoAnswer(seatLoad(seat), ctx.settings.seatPolicy);
      if (seat && noAnswer) {
        await applySeatChange(seat, noAnswer, now);
        const view = presentSeat(seat);
        after.add(() => publishSeatState(ctx.publisher, view));
      }
      after.add(() => ctx.publisher.toSeat(offer.seatId, 'offer.closed', { offerId: offer.id, reason: 'expired' }));
      const conversation = await requeue(offer, 'offer_expired', now, SYSTEM_ACTOR);
      return conversation?.regionCode ?? null;
    });
    if (region) regions.add(region);
  }
  for (const region of regions) await dispatchRegion(ctx, region);
  return expired;
}

async function requeue(
  offer: Offer,
  eventType: string,
  now: Date,
  actor: Parameters<typeof recordTicketEvent>[2],
): Promise<Conversation | null> {
  const conversation = await Conversation.findByPk(offer.conversationId, { lock: true });
  if (!conversation || conversation.status !== 'offered') return null;
  const stillRinging = await Offer.count({ where: { conversationId: conversation.id, status: 'pending' } });
  if (stillRinging > 0) return null;
  await conversation.update({ status: 'queued' });
  const ticket = await Ticket.findOne({ where: { conversationId: conversation.id } });
  if (ticket) await recordTicketEvent(ticket, eventType, actor, { offerId: offer.id, seatId: offer.seatId }, now);
  return conversation;
}
