/**
 * A seat switches its own state (空闲 / 忙碌 / 暂停服务 with a reason / 离线).
 */
import type { SeatView, SetSeatStateRequest } from '@cloud-seat/contracts';
import { decidePauseExpiry, decideStateRequest } from '../domain/acd/seatState.js';
import type { StaffPrincipal } from '../domain/auth/permissions.js';
import { errors } from '../errors.js';
import { Op } from 'sequelize';
import { Seat } from '../models/index.js';
import { presentSeat } from '../presenters/views.js';
import { publishSeatState } from '../realtime/publisher.js';
import { dispatchRegion } from './contactDispatcher.js';
import { inTransaction, type CommandContext } from './context.js';
import { applySeatChange, seatLoad } from './seatStateWriter.js';

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
    const decision = decideStateRequest(request, seatLoad(seat));
    if (!decision.ok) {
      throw decision.reason === 'offline_with_contacts'
        ? errors.invalidState('您还有正在服务的会话，请先结束后再离线')
        : errors.validation({ reason: decision.reason }, '请选择暂停服务的原因');
    }
    const now = ctx.now();
    await applySeatChange(
      seat,
      { availability: decision.availability, pauseReason: decision.pauseReason, pauseEndsAt: null },
      now,
    );
    // Going on duty starts the presence clock: a workbench that never connects goes offline after the grace.
    if (decision.availability !== 'offline') await seat.update({ lastSeenAt: now });
    const view = presentSeat(seat);
    after.add(async () => {
      publishSeatState(ctx.publisher, view);
      if (decision.availability === 'available') await dispatchRegion(ctx, seat.regionCode);
    });
    return view;
  });
}

/** Timed pauses (话后整理) that are over return their seats to service. Returns how many. */
export async function resumeTimedPauses(ctx: CommandContext): Promise<number> {
  return inTransaction(ctx, async (after) => {
    const now = ctx.now();
    const seats = await Seat.findAll({
      where: { availability: 'paused', pauseEndsAt: { [Op.lte]: now } },
      lock: true,
      skipLocked: true,
      limit: 500,
    });
    for (const seat of seats) {
      const decision = decidePauseExpiry(seat, now);
      if (!decision) continue;
      await applySeatChange(seat, decision, now);
      const view = presentSeat(seat);
      after.add(async () => {
        publishSeatState(ctx.publisher, view);
        await dispatchRegion(ctx, seat.regionCode);
      });
    }
    return seats.length;
  });
}
