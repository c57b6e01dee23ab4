/**
 * 工单流转 for a live conversation: the serving seat hands it over, with a note.
 *
 * - To a seat (of any region): the receiver gets a transfer offer (an offer row with
 *   `transfer_from_seat_id`). The citizen keeps talking to the serving seat until the receiver
 *   accepts; then the conversation, its ticket and the load move, and the citizen is told who
 *   serves them now. A declined or unanswered transfer leaves everything as it was and tells the
 *   asking seat. (The receiver's answer goes through offerResponder like any offer.)
 * - To a team (business category) and/or another region: the contact goes back to that queue at
 *   its head (it has waited already) and is routed like any contact; the serving seat is freed.
 *
 * A call of the conversation moves with it (the switch hears it after commit): a seat receiver's
 * softphone rings while the first seat still talks, and answering it is accepting the transfer;
 * a queue puts the citizen back on hold music until the next seat answers. A seat receiver must
 * then have its softphone registered and no other call.
 *
 * The whole history stays on the conversation (messages are per conversation, not per seat), so
 * whoever serves next reads it from seq 1.
 */
import { randomUUID } from 'node:crypto';
import type { TransferRequest, TransferResponse } from '@cloud-seat/contracts';
import { GENERAL_CATEGORY } from '@cloud-seat/contracts';
import { Op } from 'sequelize';
import { returnedRankAt } from '../domain/acd/queues.js';
import type { StaffPrincipal } from '../domain/auth/permissions.js';
import { errors } from '../errors.js';
import { Conversation, Offer, Region, Seat, Ticket } from '../models/index.js';
import { loadConversationView } from '../models/conversationViews.js';
import { SEAT_CALL_CAPACITY, seatLoads } from '../models/seatLoads.js';
import { presentMessage, presentOffer, presentSeat } from '../presenters/views.js';
import { publishSeatState, toParticipants } from '../realtime/publisher.js';
import { dispatchRegion } from './contactDispatcher.js';
import { inTransaction, type AfterCommit, type CommandContext } from './context.js';
import { applySeatChange } from './seatStateWriter.js';
import { appendSystemMessage, recordTicketEvent, seatActor, SYSTEM_ACTOR } from './timeline.js';

function seatRef(seat: Pick<Seat, 'id' | 'name' | 'jobNumber'>) {
  return { id: seat.id, name: seat.name, jobNumber: seat.jobNumber };
}

export async function requestTransfer(
  ctx: CommandContext,
  principal: StaffPrincipal,
  conversationId: string,
  request: TransferRequest,
): Promise<TransferResponse> {
  const outcome = await inTransaction(ctx, async (after) => {
    const conversation = await Conversation.findByPk(conversationId, { lock: true });
    if (!conversation) throw errors.notFound('会话');
    if (principal.seatId === null) throw errors.noSeatProfile();
    if (conversation.seatId !== principal.seatId) throw errors.forbidden();
    if (conversation.status !== 'active') throw errors.invalidState('只有进行中的会话可以转接');
    const fromSeat = await Seat.findByPk(principal.seatId);
    if (!fromSeat) throw errors.noSeatProfile();
    const ticket = await Ticket.findOne({ where: { conversationId }, lock: true });
    const note = request.note ? request.note : null;
    const now = ctx.now();

    if (request.toSeatId !== undefined) {
      const offer = await offerTransfer(ctx, after, conversation, fromSeat, request.toSeatId, note, now);
      if (ticket) {
        const to = offer.transferTo;
        await recordTicketEvent(
          ticket,
          'transfer_requested',
          seatActor(fromSeat),
          { offerId: offer.id, toSeatId: to.id, toSeatName: to.name, toJobNumber: to.jobNumber, note },
          now,
        );
      }
      return { kind: 'offered' as const, offerId: offer.id };
    }

    const regionCode = request.toRegionCode ?? conversation.regionCode;
    const category = request.toCategory ?? conversation.category;
    const region = await Region.findByPk(regionCode);
    if (!region) throw errors.notFound('区域');
    if (regionCode === conversation.regionCode && category === conversation.category) {
      throw errors.invalidState('会话已在该队列中，请选择其他团队或区域');
    }
    await revokeTransferOffers(ctx, after, conversation.id, now);
    await fromSeat.reload({ lock: true });
    await conversation.update({
      status: 'queued',
      seatId: null,
      acceptedAt: null,
      regionCode,
      category,
      requestedSeatId: null,
      requestedWaitSince: null,
      waitChoiceSince: null,
      overflowRegionCode: null,
      overflowAt: null,
      rankAt: returnedRankAt(conversation.rankAt),
    });
    await applySeatChange(fromSeat, { activeChatsDelta: -1 }, now);
    if (ticket) {
      await ticket.update({ regionCode, category, seatId: null, status: 'new' });
      await recordTicketEvent(
        ticket,
        'transferred_to_queue',
        seatActor(fromSeat),
        { regionCode, regionName: region.name, category, note },
        now,
      );
    }
    const team = category === GENERAL_CATEGORY ? region.name : `${region.name}「${category}」`;
    const notice = await appendSystemMessage(conversation.id, `正在为您转接至${team}，请稍候，聊天记录会一并转交。`);
    const freed = presentSeat(fromSeat);
    after.add(async () => {
      ctx.calls?.requeued(conversation.id);
      const view = await loadConversationView(conversation.id);
      toParticipants(ctx.publisher, view, 'conversation.updated', { conversation: view });
      toParticipants(ctx.publisher, view, 'message.new', { message: presentMessage(notice) });
      ctx.publisher.toSeat(fromSeat.id, 'conversation.updated', { conversation: view });
      publishSeatState(ctx.publisher, freed);
      await dispatchRegion(ctx, regionCode);
      if (fromSeat.regionCode !== regionCode) await dispatchRegion(ctx, fromSeat.regionCode);
    });
    return { kind: 'queued' as const };
  });
  const conversation = await loadConversationView(conversationId);
  return outcome.kind === 'offered' ? { ...outcome, conversation } : { kind: 'queued', conversation };
}

async function offerTransfer(
  ctx: CommandContext,
  after: AfterCommit,
  conversation: Conversation,
  fromSeat: Seat,
  toSeatId: string,
  note: string | null,
  now: Date,
): Promise<Offer & { transferTo: Seat }> {
  if (toSeatId === fromSeat.id) throw errors.invalidState('不能转接给自己');
  const pending = await Offer.findOne({ where: { conversationId: conversation.id, status: 'pending' } });
  if (pending) throw errors.invalidState('该会话已有一个转接在等待对方接受');
  const toSeat = await Seat.findByPk(toSeatId, { lock: true });
  if (!toSeat) throw errors.notFound('坐席');
  if (toSeat.availability !== 'available') throw errors.invalidState('对方坐席当前不在线或暂停服务，请选择其他坐席');
  const ringing = await Offer.count({ where: { seatId: toSeat.id, status: 'pending' } });
  if (toSeat.activeChats + ringing >= toSeat.chatCapacity) {
    throw errors.invalidState('对方坐席当前已满负荷，请稍后再试或转接至团队队列');
  }
  const withCall = ctx.calls?.hasCall(conversation.id) ?? false;
  if (withCall && ctx.calls) {
    if (!ctx.calls.reachable(toSeat)) throw errors.invalidState('对方坐席的电话未注册，无法转接通话，请选择其他坐席');
    const load = (await seatLoads(ctx.sequelize, [toSeat], ctx.calls)).get(toSeat.id)!;
    if (load.active.call + load.pending.call >= SEAT_CALL_CAPACITY) {
      throw errors.invalidState('对方坐席正在通话中，请稍后再试或转接至团队队列');
    }
  }
  const offer = await Offer.create({
    id: randomUUID(),
    conversationId: conversation.id,
    seatId: toSeat.id,
    status: 'pending',
    offeredAt: now,
    expiresAt: new Date(now.getTime() + ctx.settings.offerTimeoutMs),
    transferFromSeatId: fromSeat.id,
    note,
  });
  offer.transferFromSeat = fromSeat;
  after.add(async () => {
    const view = await loadConversationView(conversation.id);
    ctx.publisher.toSeat(toSeat.id, 'offer.new', { offer: presentOffer(offer, view) });
    if (withCall) ctx.calls?.transferOffered({ conversationId: conversation.id, offerId: offer.id, seatId: toSeat.id });
  });
  return Object.assign(offer, { transferTo: toSeat });
}

/** A conversation leaves its seat some other way (ended, re-queued): its transfer offers lapse. */
export async function revokeTransferOffers(
  ctx: CommandContext,
  after: AfterCommit,
  conversationId: string,
  now: Date,
): Promise<void> {
  const offers = await Offer.findAll({
    where: { conversationId, status: 'pending', transferFromSeatId: { [Op.ne]: null } },
    lock: true,
  });
  for (const offer of offers) {
    await offer.update({ status: 'revoked', respondedAt: now });
    after.add(() => ctx.publisher.toSeat(offer.seatId, 'offer.closed', { offerId: offer.id, reason: 'revoked' }));
  }
}

/** The receiver accepted: the conversation, its ticket and the load move to them. */
export async function completeTransfer(
  ctx: CommandContext,
  after: AfterCommit,
  offer: Offer,
  conversation: Conversation,
  toSeatId: string,
): Promise<void> {
  const fromSeatId = offer.transferFromSeatId!;
  if (conversation.status !== 'active' || conversation.seatId !== fromSeatId) throw errors.offerGone();
  // Both seats change: lock them in id order, so two opposite transfers cannot deadlock.
  const locked = await Seat.findAll({ where: { id: [fromSeatId, toSeatId] }, order: [['id', 'ASC']], lock: true });
  const toSeat = locked.find((s) => s.id === toSeatId);
  if (!toSeat) throw errors.noSeatProfile();
  const fromSeat = locked.find((s) => s.id === fromSeatId) ?? null;
  const now = ctx.now();
  await offer.update({ status: 'accepted', respondedAt: now });
  await conversation.update({
    seatId: toSeat.id,
    acceptedAt: now,
    regionCode: toSeat.regionCode,
    overflowRegionCode: null,
    overflowAt: null,
  });
  if (fromSeat) await applySeatChange(fromSeat, { activeChatsDelta: -1 }, now);
  await applySeatChange(toSeat, { activeChatsDelta: 1 }, now);
  const ticket = await Ticket.findOne({ where: { conversationId: conversation.id }, lock: true });
  if (ticket) {
    await ticket.update({ seatId: toSeat.id, regionCode: toSeat.regionCode, status: 'in_progress' });
    await recordTicketEvent(
      ticket,
      'transfer_accepted',
      seatActor(toSeat),
      { offerId: offer.id, fromSeatId, fromSeatName: fromSeat?.name ?? null, note: offer.note },
      now,
    );
  }
  const notice = await appendSystemMessage(
    conversation.id,
    `已为您转接至坐席 ${toSeat.name}（工号 ${toSeat.jobNumber}），由其继续为您服务，之前的聊天记录已一并转交。`,
  );
  const seats = [toSeat, ...(fromSeat ? [fromSeat] : [])].map(presentSeat);
  after.add(async () => {
    const view = await loadConversationView(conversation.id);
    ctx.publisher.toSeat(toSeat.id, 'offer.closed', { offerId: offer.id, reason: 'accepted' });
    toParticipants(ctx.publisher, view, 'conversation.updated', { conversation: view });
    toParticipants(ctx.publisher, view, 'message.new', { message: presentMessage(notice) });
    // The asking seat is no longer a participant: it learns the outcome directly.
    ctx.publisher.toSeat(fromSeatId, 'conversation.updated', { conversation: view });
    ctx.publisher.toSeat(fromSeatId, 'transfer.result', {
      conversationId: conversation.id,
      offerId: offer.id,
      result: 'accepted',
      toSeat: seatRef(toSeat),
    });
    for (const seat of seats) publishSeatState(ctx.publisher, seat);
  });
}

/** The receiver declined or did not answer: nothing moves; the asking seat is told. */
export async function lapseTransfer(
  ctx: CommandContext,
  after: AfterCommit,
  offer: Offer,
  result: 'declined' | 'expired',
  now: Date,
): Promise<void> {
  await offer.update({ status: result, respondedAt: now });
  const toSeat = await Seat.findByPk(offer.seatId);
  const ticket = await Ticket.findOne({ where: { conversationId: offer.conversationId } });
  if (ticket && toSeat) {
    await recordTicketEvent(
      ticket,
      result === 'declined' ? 'transfer_declined' : 'transfer_expired',
      result === 'declined' ? seatActor(toSeat) : SYSTEM_ACTOR,
      { offerId: offer.id, toSeatId: toSeat.id, toSeatName: toSeat.name },
      now,
    );
  }
  after.add(() => {
    ctx.calls?.transferLapsed({ conversationId: offer.conversationId, offerId: offer.id });
    ctx.publisher.toSeat(offer.seatId, 'offer.closed', { offerId: offer.id, reason: result });
    if (toSeat) {
      ctx.publisher.toSeat(offer.transferFromSeatId!, 'transfer.result', {
        conversationId: offer.conversationId,
        offerId: offer.id,
        result,
        toSeat: seatRef(toSeat),
      });
    }
  });
}
