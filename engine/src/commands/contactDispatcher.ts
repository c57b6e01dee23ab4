/**
 * Offers queued contacts of a region to eligible seats, one contact per transaction.
 *
 * Safe across engine processes: the queued contact is taken with FOR UPDATE SKIP LOCKED, the
 * candidate seats are locked FOR UPDATE (so a seat's capacity is checked by one dispatcher at a
 * time), and a partial unique index allows at most one pending offer per contact.
 */
import { randomUUID } from 'node:crypto';
import { Op, QueryTypes } from 'sequelize';
import { chooseSeat, type SeatCandidate } from '../domain/acd/seatChooser.js';
import { Conversation, Offer, Seat, Ticket } from '../models/index.js';
import { loadConversationView } from '../models/conversationViews.js';
import { presentOffer } from '../presenters/views.js';
import { inTransaction, type CommandContext } from './context.js';
import { recordTicketEvent, SYSTEM_ACTOR } from './timeline.js';

const MAX_OFFERS_PER_PASS = 50;

/** Offers as many queued contacts of the region as there are free seats. Returns how many. */
export async function dispatchRegion(ctx: CommandContext, regionCode: string): Promise<number> {
  let offered = 0;
  while (offered < MAX_OFFERS_PER_PASS) {
    const result = await offerNextContact(ctx, regionCode);
    if (result === 'empty' || result === 'no_seat') break;
    offered += 1;
  }
  return offered;
}

/** Regions that have contacts waiting for an offer. */
export async function regionsWithQueuedContacts(ctx: CommandContext): Promise<string[]> {
  const rows = await ctx.sequelize.query<{ region_code: string }>(
    "SELECT DISTINCT region_code FROM conversations WHERE status = 'queued'",
    { type: QueryTypes.SELECT },
  );
  return rows.map((r) => r.region_code);
}

async function offerNextContact(ctx: CommandContext, regionCode: string): Promise<'offered' | 'empty' | 'no_seat'> {
  return inTransaction(ctx, async (after) => {
    const contact = await Conversation.findOne({
      where: { regionCode, status: 'queued' },
      order: [
        ['priority', 'DESC'],
        ['queuedAt', 'ASC'],
      ],
      lock: true,
      skipLocked: true,
    });
    if (!contact) return 'empty';

    const seats = await Seat.findAll({
      where: { regionCode, availability: 'available' },
      order: [['stateSince', 'ASC']],
      lock: true,
      skipLocked: true,
    });
    if (seats.length === 0) return 'no_seat';

    const seatIds = seats.map((s) => s.id);
    const pending = await Offer.count({
      where: { seatId: { [Op.in]: seatIds }, status: 'pending' },
      group: ['seatId'],
    });
    const pendingBySeat = new Map(pending.map((p) => [String(p.seatId), Number(p.count)]));
    const refused = await Offer.findAll({
      attributes: ['seatId'],
      where: { conversationId: contact.id, status: { [Op.in]: ['declined', 'expired'] } },
    });

    const candidates: SeatCandidate[] = seats.map((s) => ({
      id: s.id,
      regionCode: s.regionCode,
      availability: s.availability,
      pauseReason: s.pauseReason,
      activeContacts: s.activeChats,
      capacity: s.chatCapacity,
      stateSince: s.stateSince,
      pendingOffers: pendingBySeat.get(s.id) ?? 0,
    }));
    const chosen = chooseSeat(
      {
        regionCode,
        excludedSeatIds: new Set(refused.map((r) => r.seatId)),
        requestedSeatId: contact.requestedSeatId,
      },
      candidates,
    );
    if (!chosen) return 'no_seat';

    const now = ctx.now();
    const offer = await Offer.create({
      id: randomUUID(),
      conversationId: contact.id,
      seatId: chosen.id,
      status: 'pending',
      offeredAt: now,
      expiresAt: new Date(now.getTime() + ctx.settings.offerTimeoutMs),
    });
    await contact.update({ status: 'offered' });
    const seat = seats.find((s) => s.id === chosen.id)!;
    const ticket = await Ticket.findOne({ where: { conversationId: contact.id } });
    if (ticket) {
      await recordTicketEvent(
        ticket,
        'offered',
        SYSTEM_ACTOR,
        { seatId: seat.id, seatName: seat.name, jobNumber: seat.jobNumber, offerId: offer.id },
        now,
      );
    }

    after.add(async () => {
      const view = await loadConversationView(contact.id);
      ctx.publisher.toSeat(seat.id, 'offer.new', { offer: presentOffer(offer, view) });
      ctx.publisher.toCitizen(view.citizen.id, 'conversation.updated', { conversation: view });
    });
    return 'offered';
  });
}
