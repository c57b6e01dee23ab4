/**
 * Offers queued contacts of a region to eligible seats, one contact per transaction.
 *
 * Safe across engine processes: queued contacts are taken with FOR UPDATE SKIP LOCKED, the
 * candidate seats are locked FOR UPDATE (so a seat's capacity is checked by one dispatcher at a
 * time), and a partial unique index allows at most one pending offer per contact.
 */
import { randomUUID } from 'node:crypto';
import { Op, QueryTypes } from 'sequelize';
import { recentRefusals, routeQueue, type RoutableSeat } from '../domain/acd/router.js';
import { Conversation, Offer, Seat, Ticket } from '../models/index.js';
import { loadConversationView } from '../models/conversationViews.js';
import { regionQueueStandings } from '../models/queueStandings.js';
import { presentOffer } from '../presenters/views.js';
import { inTransaction, type AfterCommit, type CommandContext } from './context.js';
import { recordTicketEvent, SYSTEM_ACTOR } from './timeline.js';

const MAX_OFFERS_PER_PASS = 50;
const CONTACTS_LOOKED_AT = 20;

/** Offers as many queued contacts of the region as there are free seats. Returns how many. */
export async function dispatchRegion(ctx: CommandContext, regionCode: string): Promise<number> {
  let offered = 0;
  while (offered < MAX_OFFERS_PER_PASS) {
    const result = await offerNextContact(ctx, regionCode);
    if (result === 'empty' || result === 'no_seat') break;
    offered += 1;
  }
  await publishQueueStandings(ctx, regionCode);
  return offered;
}

/** Tells every waiting citizen of the region where they stand now (after the queue moved). */
export async function publishQueueStandings(ctx: CommandContext, regionCode: string): Promise<void> {
  for (const s of await regionQueueStandings(ctx.sequelize, regionCode)) {
    ctx.publisher.toCitizen(s.citizenId, 'queue.position', { conversationId: s.conversationId, queue: s.queue });
  }
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
    // The head of the queue may have no eligible seat (it asked for a seat that is busy, or
    // every free seat just refused it): look further down instead of blocking the region.
    const contacts = await Conversation.findAll({
      where: { regionCode, status: 'queued' },
      order: [
        ['priority', 'DESC'],
        ['queuedAt', 'ASC'],
      ],
      limit: CONTACTS_LOOKED_AT,
      lock: true,
      skipLocked: true,
    });
    if (contacts.length === 0) return 'empty';

    const seats = await Seat.findAll({
      where: { regionCode, availability: 'available' },
      order: [['stateSince', 'ASC']],
      lock: true,
      skipLocked: true,
    });
    if (seats.length === 0) return 'no_seat';

    const pending = await Offer.count({
      where: { seatId: { [Op.in]: seats.map((s) => s.id) }, status: 'pending' },
      group: ['seatId'],
    });
    const pendingBySeat = new Map(pending.map((p) => [String(p.seatId), Number(p.count)]));
    const candidates: RoutableSeat[] = seats.map((s, position) => ({
      id: s.id,
      regionCode: s.regionCode,
      skills: s.skills,
      availability: s.availability,
      stateSince: s.stateSince,
      position,
      active: { chat: s.activeChats, call: 0 },
      pending: { chat: pendingBySeat.get(s.id) ?? 0, call: 0 },
      capacity: { chat: s.chatCapacity, call: 1 },
    }));
    const refusals = await Offer.findAll({
      attributes: ['conversationId', 'seatId', 'respondedAt'],
      where: { conversationId: { [Op.in]: contacts.map((c) => c.id) }, status: { [Op.in]: ['declined', 'expired'] } },
    });

    const now = ctx.now();
    const { assignments } = routeQueue(
      { regionCode, strategy: 'longest_idle', overflowRegionCode: null, overflowAfterMs: 0, lastOfferedPosition: -1 },
      contacts.map((contact) => ({
        id: contact.id,
        channel: contact.channel,
        enqueuedAt: contact.queuedAt,
        requiredSkills: [],
        requestedSeatId: contact.requestedSeatId,
        refusedSeatIds: recentRefusals(
          refusals
            .filter((r) => r.conversationId === contact.id)
            .map((r) => ({ seatId: r.seatId, at: r.respondedAt ?? now })),
          now,
          ctx.settings.reofferAfterMs,
        ),
      })),
      candidates,
      now,
      1,
    );
    const assignment = assignments[0];
    if (assignment) {
      const contact = contacts.find((c) => c.id === assignment.contactId)!;
      await offer(
        ctx,
        after,
        contact,
        seats.find((s) => s.id === assignment.seatIds[0])!,
        now,
      );
      return 'offered';
    }
    return 'no_seat';
  });
}

async function offer(ctx: CommandContext, after: AfterCommit, contact: Conversation, seat: Seat, now: Date) {
  const created = await Offer.create({
    id: randomUUID(),
    conversationId: contact.id,
    seatId: seat.id,
    status: 'pending',
    offeredAt: now,
    expiresAt: new Date(now.getTime() + ctx.settings.offerTimeoutMs),
  });
  await contact.update({ status: 'offered' });
  const ticket = await Ticket.findOne({ where: { conversationId: contact.id } });
  if (ticket) {
    await recordTicketEvent(
      ticket,
      'offered',
      SYSTEM_ACTOR,
      { seatId: seat.id, seatName: seat.name, jobNumber: seat.jobNumber, offerId: created.id },
      now,
    );
  }
  after.add(async () => {
    const view = await loadConversationView(contact.id);
    ctx.publisher.toSeat(seat.id, 'offer.new', { offer: presentOffer(created, view) });
    ctx.publisher.toCitizen(view.citizen.id, 'conversation.updated', { conversation: view });
  });
}
