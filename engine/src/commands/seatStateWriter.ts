/**
 * Applies a change of availability or load to a locked seat row and records the visible state
 * change, if any. Runs inside the caller's transaction.
 */
import type { PauseReason } from '@cloud-seat/contracts';
import { deriveSeatState, type Availability, type SeatLoad } from '../domain/acd/seatState.js';
import { SeatStateChange, type Seat } from '../models/index.js';

export interface SeatChange {
  availability?: Availability;
  pauseReason?: PauseReason | null;
  pauseEndsAt?: Date | null;
  activeChatsDelta?: number;
  /** Recorded with the state change when it is not the pause reason (e.g. 'disconnected'). */
  reason?: string;
}

/** Returns true when the visible state changed. */
export async function applySeatChange(seat: Seat, change: SeatChange, now: Date): Promise<boolean> {
  const availability = change.availability ?? seat.availability;
  const pauseReason = change.pauseReason !== undefined ? change.pauseReason : seat.pauseReason;
  const activeChats = Math.max(0, seat.activeChats + (change.activeChatsDelta ?? 0));
  const state = deriveSeatState({
    availability,
    pauseReason,
    activeContacts: activeChats,
    capacity: seat.chatCapacity,
  });
  const changed = state !== seat.state || pauseReason !== seat.pauseReason;
  if (changed) {
    await SeatStateChange.create({
      seatId: seat.id,
      fromState: seat.state,
      toState: state,
      reason: change.reason ?? pauseReason,
      at: now,
    });
  }
  await seat.update({
    availability,
    pauseReason,
    pauseEndsAt:
      change.pauseEndsAt !== undefined ? change.pauseEndsAt : availability === 'paused' ? seat.pauseEndsAt : null,
    activeChats,
    state,
    ...(changed ? { stateSince: now } : {}),
  });
  return changed;
}

/** The seat row as the pure state machine sees it. */
export function seatLoad(seat: Seat): SeatLoad {
  return {
    availability: seat.availability,
    pauseReason: seat.pauseReason,
    activeContacts: seat.activeChats,
    capacity: seat.chatCapacity,
  };
}
