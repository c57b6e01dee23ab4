/**
 * A seat switches its own state (空闲 / 忙碌 / 暂停服务 with a reason / 离线).
 */
import type { SeatView, SetSeatStateRequest } from '@cloud-seat/contracts';
import { decideStateRequest } from '../domain/acd/seatState.js';
import type { StaffPrincipal } from '../domain/auth/permissions.js';
import { errors } from '../errors.js';
import { Seat } from '../models/index.js';
import { presentSeat } from '../presenters/views.js';
import { dispatchRegion } from './contactDispatcher.js';
import { inTransaction, type CommandContext } from './context.js';
import { applySeatChange } from './seatStateWriter.js';

export async function changeSeatState(
  ctx: CommandContext,
  principal: StaffPrincipal,
  request: SetSeatStateRequest,
): Promise<SeatView> {
  if (!principal.seatId) throw errors.noSeatProfile();
  const seatId = principal.seatId;
  return inTransaction(ctx, async (after) => {
    const seat = await Seat.findByPk(seatId, { lock: true });
    if (!seat) throw errors.noSeatProfile();
    const decision = decideStateRequest(request, {
      availability: seat.availability,
      pauseReason: seat.pauseReason,
      activeContacts: seat.activeChats,
      capacity: seat.chatCapacity,
    });
    if (!decision.ok) {
      throw decision.reason === 'offline_with_contacts'
        ? errors.invalidState('您还有正在服务的会话，请先结束后再离线')
        : errors.validation({ reason: decision.reason }, '请选择暂停服务的原因');
    }
    await applySeatChange(seat, { availability: decision.availability, pauseReason: decision.pauseReason }, ctx.now());
    const view = presentSeat(seat);
    after.add(async () => {
      ctx.publisher.toSeat(seat.id, 'seat.state', { seat: view });
      if (decision.availability === 'available') await dispatchRegion(ctx, seat.regionCode);
    });
    return view;
  });
}
