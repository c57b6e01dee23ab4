/**
 * Offers queued contacts to eligible seats, one contact per transaction, with the strategy of
 * the contact's queue (region + business category).
 *
 * Safe across engine processes: the region's available seats are locked FOR UPDATE SKIP LOCKED
 * (a seat's capacity is checked by one dispatcher at a time), the contacts are taken with
 * FOR UPDATE SKIP LOCKED and leave the queue ('offered') in the same transaction, and a partial
 * unique index allows at most one pending offer per contact and seat.
 *
 * The contacts looked at are filtered in SQL to those some free seat could take (category,
 * chosen seat, overflow), so a queue head nobody can serve never blocks the contacts behind it.
 */
import { randomUUID } from 'node:crypto';
import { GENERAL_CATEGORY } from '@cloud-seat/contracts';
import { Op, QueryTypes } from 'sequelize';
import { requiredSkillsFor, servedCategories } from '../domain/acd/queues.js';
import { recentRefusals, routeQueue, type RoutableSeat } from '../domain/acd/router.js';
import { Conversation, Offer, Queue, Seat, Ticket } from '../models/index.js';
import { loadConversationView } from '../models/conversationViews.js';
import { regionQueueStandings } from '../models/queueStandings.js';
import { SEAT_CALL_CAPACITY, seatLoads } from '../models/seatLoads.js';
import { queueSettingsLookup } from '../models/queueSettings.js';
import { presentOffer } from '../presenters/views.js';
import { inTransaction, type AfterCommit, type CommandContext } from './context.js';
import { recordTicketEvent, SYSTEM_ACTOR } from './timeline.js';

const MAX_OFFERS_PER_PASS = 50;
const CONTACTS_LOOKED_AT = 20;

/** Offers as many queued contacts as the region's free seats can take. Returns how many. */
export async function dispatchRegion(ctx: CommandContext, regionCode: string): Promise<number> {
  let offered = 0;
  while (offered < MAX_OFFERS_PER_PASS) {
    const result = await offerNextContact(ctx, regionCode);
    if (result !== 'offered') break;
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

/** Regions whose seats may take a waiting contact: their own, and 市本级 for overflowed ones. */
export async function regionsWithQueuedContacts(ctx: CommandContext): Promise<string[]> {
  const rows = await ctx.sequelize.query<{ region_code: string }>(
    `SELECT DISTINCT region_code FROM conversations WHERE status = 'queued'
     UNION
     SELECT DISTINCT overflow_region_code FROM conversations
      WHERE status = 'queued' AND overflow_region_code IS NOT NULL AND overflow_at <= :now`,
    { type: QueryTypes.SELECT, replacements: { now: ctx.now() } },
  );
  return rows.map((r) => r.region_code);
}

async function offerNextContact(ctx: CommandContext, regionCode: string): Promise<'offered' | 'empty' | 'no_seat'> {
  return inTransaction(ctx, async (after) => {
    const seats = await Seat.findAll({
      where: { regionCode, availability: 'available' },
      order: [['position', 'ASC']],
      lock: true,
      skipLocked: true,
    });
    if (seats.length === 0) return 'no_seat';

    const loads = await seatLoads(ctx.sequelize, seats, ctx.calls);
    const candidates: RoutableSeat[] = seats.map((s) => ({
      id: s.id,
      regionCode: s.regionCode,
      skills: servedCategories(s),
      availability: s.availability,
      stateSince: s.stateSince,
      position: s.position,
      ...loads.get(s.id)!,
      // no calls for a seat whose softphone is not registered on the switch
      capacity: { chat: s.chatCapacity, call: ctx.calls && !ctx.calls.reachable(s) ? 0 : SEAT_CALL_CAPACITY },
    }));
    const free = candidates.filter((s) => s.active.chat + s.pending.chat < s.capacity.chat);
    if (free.length === 0) return 'no_seat';

    const now = ctx.now();
    const locked = await ctx.sequelize.query<{ id: string }>(
      `SELECT id FROM conversations
        WHERE status = 'queued'
          AND (region_code = :regionCode OR (overflow_region_code = :regionCode AND overflow_at <= :now))
          AND (requested_seat_id IS NULL OR requested_seat_id IN (:freeSeatIds))
          AND (category = :general OR category IN (:categories))
        ORDER BY rank_at, id
        LIMIT ${CONTACTS_LOOKED_AT}
        FOR UPDATE SKIP LOCKED`,
      {
        type: QueryTypes.SELECT,
        replacements: {
          regionCode,
          now,
          freeSeatIds: free.map((s) => s.id),
          general: GENERAL_CATEGORY,
          categories: [...new Set(free.flatMap((s) => s.skills))],
        },
      },
    );
    if (locked.length === 0) return 'empty';
    const rows = await Conversation.findAll({ where: { id: { [Op.in]: locked.map((r) => r.id) } } });
    const byId = new Map(rows.map((c) => [c.id, c]));
    const contacts = locked.map((r) => byId.get(r.id)!);

    const refusals = await Offer.findAll({
      attributes: ['conversationId', 'seatId', 'respondedAt'],
      where: { conversationId: { [Op.in]: locked.map((c) => c.id) }, status: { [Op.in]: ['declined', 'expired'] } },
    });
    const settingsOf = await queueSettingsLookup(contacts, ctx.settings.overflowAfterSeconds);

    for (const contact of contacts) {
      const settings = settingsOf(contact.regionCode, contact.category);
      const { assignments, lastOfferedPosition } = routeQueue(
        {
          regionCode: contact.regionCode,
          strategy: settings.strategy,
          overflowRegionCode: contact.overflowRegionCode,
          overflowAfterMs: contact.overflowAt ? contact.overflowAt.getTime() - contact.queuedAt.getTime() : 0,
          lastOfferedPosition: settings.lastOfferedPosition,
        },
        [
          {
            id: contact.id,
            // a chat whose call waits on the switch (sent back to a queue) needs a seat free for a call
            channel: contact.channel === 'chat' && ctx.calls?.hasCall(contact.id) ? 'audio' : contact.channel,
            enqueuedAt: contact.queuedAt,
            requiredSkills: requiredSkillsFor(contact.category),
            requestedSeatId: contact.requestedSeatId,
            refusedSeatIds: recentRefusals(
              refusals
                .filter((r) => r.conversationId === contact.id)
                .map((r) => ({ seatId: r.seatId, at: r.respondedAt ?? now })),
              now,
              ctx.settings.reofferAfterMs,
            ),
          },
        ],
        candidates,
        now,
        1,
      );
      const assignment = assignments[0];
      if (!assignment) continue;
      if (settings.strategy === 'round_robin') {
        await Queue.update(
          { lastOfferedPosition },
          { where: { regionCode: contact.regionCode, category: contact.category } },
        );
      }
      const chosen = assignment.seatIds.map((id) => seats.find((s) => s.id === id)!);
      await offer(ctx, after, contact, chosen, assignment.overflow, now);
      return 'offered';
    }
    return 'no_seat';
  });
}

async function offer(
  ctx: CommandContext,
  after: AfterCommit,
  contact: Conversation,
  seats: readonly Seat[],
  overflow: boolean,
  now: Date,
) {
  const offers = await Offer.bulkCreate(
    seats.map((seat) => ({
      id: randomUUID(),
      conversationId: contact.id,
      seatId: seat.id,
      status: 'pending' as const,
      offeredAt: now,
      expiresAt: new Date(now.getTime() + ctx.settings.offerTimeoutMs),
    })),
  );
  await contact.update({ status: 'offered' });
  const ticket = await Ticket.findOne({ where: { conversationId: contact.id } });
  if (ticket) {
    for (const [i, seat] of seats.entries()) {
      await recordTicketEvent(
        ticket,
        'offered',
        SYSTEM_ACTOR,
        { seatId: seat.id, seatName: seat.name, jobNumber: seat.jobNumber, offerId: offers[i]!.id, overflow },
        now,
      );
    }
  }
  after.add(async () => {
    const view = await loadConversationView(contact.id);
    for (const created of offers)
      ctx.publisher.toSeat(created.seatId, 'offer.new', { offer: presentOffer(created, view) });
    // a call waiting on the switch (a call contact, or a chat's call sent back to a queue) rings them
    for (const created of offers) {
      ctx.calls?.offered({ conversationId: contact.id, offerId: created.id, seatId: created.seatId });
    }
    ctx.publisher.toCitizen(view.citizen.id, 'conversation.updated', { conversation: view });
  });
}
