/**
 * A seat accepts or declines a contact offered to it; expired offers go back to the queue.
 */
import type { ConversationView } from '@cloud-seat/contracts';
import { Op } from 'sequelize';
import { decideOnNoAnswer } from '../domain/acd/seatState.js';
import type { StaffPrincipal } from '../domain/auth/permissions.js';
import { errors } from '../errors.js';
import { Conversation, Offer, Seat, Ticket } from '../models/index.js';
import { loadConversationView } from '../models/conversationViews.js';
import { presentMessage, presentSeat } from '../presenters/views.js';
import { toParticipants } from '../realtime/publisher.js';
import { dispatchRegion } from './contactDispatcher.js';
import { inTransaction, type CommandContext } from './context.js';
import { applySeatChange, seatLoad } from './seatStateWriter.js';
import { appendSystemMessage, recordTicketEvent, SYSTEM_ACTOR } from './timeline.js';

function seatActor(seat: Seat) {
  return { type: 'seat' as const, id: seat.id, name: `${seat.name}（${seat.jobNumber}）` };
}

async function lockOwnPendingOffer(ctx: CommandContext, principal: StaffPrincipal, offerId: string): Promise<Offer> {
  const offer = await Offer.findByPk(offerId, { lock: true });
  if (!offer || offer.seatId !== principal.seatId) throw errors.notFound('分配记录');
  if (offer.status !== 'pending' || offer.expiresAt.getTime() <= ctx.now().getTime()) throw errors.offerGone();
  return offer;
}

export async function acceptOffer(
  ctx: CommandContext,
  principal: StaffPrincipal,
  offerId: string,
): Promise<ConversationView> {
  const conversationId = await inTransaction(ctx, async (after) => {
    const offer = await lockOwnPendingOffer(ctx, principal, offerId);
    const conversation = await Conversation.findByPk(offer.conversationId, { lock: true });
    if (!conversation || conversation.status !== 'offered') throw errors.offerGone();
    const seat = await Seat.findByPk(offer.seatId, { lock: true });
    if (!seat) throw errors.noSeatProfile();

    const now = ctx.now();
    await offer.update({ status: 'accepted', respondedAt: now });
    await conversation.update({ status: 'active', seatId: seat.id, acceptedAt: now });
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
      ctx.publisher.toSeat(seat.id, 'seat.state', { seat: presentSeat(seat) });
      toParticipants(ctx.publisher, view, 'conversation.updated', { conversation: view });
      toParticipants(ctx.publisher, view, 'message.new', { message });
    });
    return conversation.id;
  });
  return loadConversationView(conversationId);
}

export async function declineOffer(ctx: CommandContext, principal: StaffPrincipal, offerId: string): Promise<void> {
  await inTransaction(ctx, async (after) => {
    const offer = await lockOwnPendingOffer(ctx, principal, offerId);
    const now = ctx.now();
    await offer.update({ status: 'declined', respondedAt: now });
    const conversation = await requeue(offer, 'declined', now, {
      type: 'seat',
      id: offer.seatId,
      name: principal.displayName,
    });
    after.add(async () => {
      ctx.publisher.toSeat(offer.seatId, 'offer.closed', { offerId: offer.id, reason: 'declined' });
      if (conversation) await dispatchRegion(ctx, conversation.regionCode);
    });
  });
}

/** Expires pending offers whose time is up and offers their contacts to the next seat. */
export async function expireOffers(ctx: CommandContext): Promise<number> {
  const regions = new Set<string>();
  const expired = await inTransaction(ctx, async (after) => {
    const now = ctx.now();
    const offers = await Offer.findAll({
      where: { status: 'pending', expiresAt: { [Op.lte]: now } },
      lock: true,
      skipLocked: true,
      limit: 200,
    });
    for (const offer of offers) {
      await offer.update({ status: 'expired', respondedAt: now });
      const seat = await Seat.findByPk(offer.seatId, { lock: true });
      const noAnswer = seat && decideOnNoAnswer(seatLoad(seat), ctx.settings.seatPolicy);
      if (seat && noAnswer) {
        await applySeatChange(seat, noAnswer, now);
        const view = presentSeat(seat);
        after.add(() => ctx.publisher.toSeat(seat.id, 'seat.state', { seat: view }));
      }
      const conversation = await requeue(offer, 'offer_expired', now, SYSTEM_ACTOR);
      if (conversation) regions.add(conversation.regionCode);
      after.add(() => ctx.publisher.toSeat(offer.seatId, 'offer.closed', { offerId: offer.id, reason: 'expired' }));
    }
    return offers.length;
  });
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
  await conversation.update({ status: 'queued' });
  const ticket = await Ticket.findOne({ where: { conversationId: conversation.id } });
  if (ticket) await recordTicketEvent(ticket, eventType, actor, { offerId: offer.id, seatId: offer.seatId }, now);
  return conversation;
}
