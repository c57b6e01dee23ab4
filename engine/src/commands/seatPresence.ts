/**
 * Seat presence. Web nodes report the seats with a live workbench connection (on connect and
 * on a heartbeat); a seat on duty that has not been seen for the grace period — its browser
 * closed, its network dropped, or its engine node died — goes offline, and its contacts return
 * to the head of the queue: nothing is dropped.
 */
import { Op, QueryTypes } from 'sequelize';
import { returnedRankAt } from '../domain/acd/queues.js';
import { Conversation, Offer, Seat, Ticket } from '../models/index.js';
import { loadConversationView } from '../models/conversationViews.js';
import { presentMessage, presentSeat } from '../presenters/views.js';
import { publishSeatState, toParticipants } from '../realtime/publisher.js';
import { dispatchRegion } from './contactDispatcher.js';
import { revokeTransferOffers } from './conversationTransfer.js';
import { inTransaction, type CommandContext } from './context.js';
import { applySeatChange } from './seatStateWriter.js';
import { appendSystemMessage, recordTicketEvent, SYSTEM_ACTOR } from './timeline.js';

export async function markSeatsSeen(ctx: CommandContext, seatIds: readonly string[]): Promise<void> {
  if (seatIds.length === 0) return;
  await Seat.update({ lastSeenAt: ctx.now() }, { where: { id: { [Op.in]: [...seatIds] } }, silent: true });
}

/** Takes silent seats offline and re-queues their contacts. Returns how many seats. */
export async function releaseSilentSeats(ctx: CommandContext): Promise<number> {
  const cutoff = new Date(ctx.now().getTime() - ctx.settings.seatDisconnectGraceMs);
  const silent = await Seat.findAll({
    attributes: ['id'],
    where: { availability: { [Op.ne]: 'offline' }, lastSeenAt: { [Op.lt]: cutoff } },
    limit: 100,
  });
  let released = 0;
  for (const { id } of silent) if (await releaseSeat(ctx, id, cutoff)) released += 1;
  return released;
}

async function releaseSeat(ctx: CommandContext, seatId: string, cutoff: Date): Promise<boolean> {
  return inTransaction(ctx, async (after) => {
    // Lock order as everywhere: contacts, then their offers, then the seat.
    const contacts = await ctx.sequelize.query<{ id: string }>(
      `SELECT id FROM conversations
        WHERE (seat_id = :seatId AND status = 'active')
           OR id IN (SELECT conversation_id FROM offers WHERE seat_id = :seatId AND status = 'pending')
        ORDER BY id FOR UPDATE`,
      { type: QueryTypes.SELECT, replacements: { seatId } },
    );
    const seat = await Seat.findByPk(seatId, { lock: true });
    // It came back (or was released by another worker) meanwhile.
    if (!seat || seat.availability === 'offline' || !seat.lastSeenAt || seat.lastSeenAt >= cutoff) return false;

    const now = ctx.now();
    const offers = await Offer.findAll({ where: { seatId, status: 'pending' }, lock: true });
    for (const offer of offers) {
      await offer.update({ status: 'revoked', respondedAt: now });
      after.add(() => ctx.publisher.toSeat(seatId, 'offer.closed', { offerId: offer.id, reason: 'revoked' }));
    }
    for (const { id } of contacts) {
      const contact = (await Conversation.findByPk(id))!;
      const wasActive = contact.status === 'active' && contact.seatId === seatId;
      if (!wasActive) {
        const ringing = await Offer.count({ where: { conversationId: id, status: 'pending' } });
        if (contact.status !== 'offered' || ringing > 0) continue;
      }
      if (wasActive) await revokeTransferOffers(ctx, after, id, now);
      await contact.update({
        status: 'queued',
        seatId: null,
        acceptedAt: null,
        rankAt: returnedRankAt(contact.rankAt),
      });
      const ticket = await Ticket.findOne({ where: { conversationId: id } });
      if (ticket) {
        await recordTicketEvent(
          ticket,
          'returned_to_queue',
          SYSTEM_ACTOR,
          { seatId, reason: 'seat_disconnected', wasActive },
          now,
        );
      }
      const notice = wasActive
        ? await appendSystemMessage(id, '坐席连接中断，正在为您优先转接其他坐席，请稍候。')
        : null;
      after.add(async () => {
        const view = await loadConversationView(id);
        toParticipants(ctx.publisher, view, 'conversation.updated', { conversation: view });
        if (notice) toParticipants(ctx.publisher, view, 'message.new', { message: presentMessage(notice) });
      });
    }
    await applySeatChange(
      seat,
      {
        availability: 'offline',
        pauseReason: null,
        pauseEndsAt: null,
        activeChatsDelta: -seat.activeChats,
        reason: 'disconnected',
      },
      now,
    );
    const view = presentSeat(seat);
    after.add(async () => {
      publishSeatState(ctx.publisher, view);
      await dispatchRegion(ctx, seat.regionCode);
    });
    ctx.logger.warn(
      { seatId, jobNumber: seat.jobNumber, contacts: contacts.length },
      'seat silent past the grace: offline, contacts re-queued',
    );
    return true;
  });
}
