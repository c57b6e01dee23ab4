/**
 * The seat state machine. Pure: takes data, returns decisions.
 *
 * A seat chooses its availability (available, busy, paused with a reason, offline); the state
 * citizens and supervisors see is derived from that choice and the seat's current load:
 *   available + no contacts      → 空闲 idle
 *   available + below capacity   → 办理中 handling
 *   available + at capacity      → 忙碌 busy
 *   busy (by hand)               → 忙碌 busy
 *   paused                       → 暂停服务 paused (reason: 小休, 会议, 培训, 话后整理, 未接听)
 *   offline                      → 离线 offline
 */
import type { PauseReason, SeatState } from '@cloud-seat/contracts';

export const AVAILABILITIES = ['available', 'busy', 'paused', 'offline'] as const;
export type Availability = (typeof AVAILABILITIES)[number];

export interface SeatLoad {
  availability: Availability;
  pauseReason: PauseReason | null;
  activeContacts: number;
  capacity: number;
}

export function deriveSeatState(load: SeatLoad): SeatState {
  switch (load.availability) {
    case 'offline':
      return 'offline';
    case 'paused':
      return 'paused';
    case 'busy':
      return 'busy';
    case 'available':
      if (load.activeContacts <= 0) return 'idle';
      return load.activeContacts < load.capacity ? 'handling' : 'busy';
  }
}

export type StateRequest =
  { state: 'idle' } | { state: 'busy' } | { state: 'paused'; reason: PauseReason } | { state: 'offline' };

export type StateDecision =
  | { ok: true; availability: Availability; pauseReason: PauseReason | null }
  | { ok: false; reason: 'offline_with_contacts' | 'pause_reason_required' };

/** What a seat's own state switch asks for, checked against its load. */
export function decideStateRequest(
  request: { state: StateRequest['state']; reason?: PauseReason | undefined },
  load: SeatLoad,
): StateDecision {
  switch (request.state) {
    case 'idle':
      return { ok: true, availability: 'available', pauseReason: null };
    case 'busy':
      return { ok: true, availability: 'busy', pauseReason: null };
    case 'paused':
      if (!request.reason) return { ok: false, reason: 'pause_reason_required' };
      return { ok: true, availability: 'paused', pauseReason: request.reason };
    case 'offline':
      if (load.activeContacts > 0) return { ok: false, reason: 'offline_with_contacts' };
      return { ok: true, availability: 'offline', pauseReason: null };
  }
}

export interface SeatPolicy {
  /** 话后整理: pause this long after the seat's last contact ends (0: straight back to idle). */
  wrapUpMs: number;
  /** An unanswered offer pauses the seat (未接听) until it switches back by hand. */
  pauseOnNoAnswer: boolean;
}

export interface PauseDecision {
  availability: Availability;
  pauseReason: PauseReason | null;
  pauseEndsAt: Date | null;
}

/** After a contact ends: wrap-up when it was the seat's last one and the policy asks for it. */
export function decideAfterContactEnded(load: SeatLoad, policy: SeatPolicy, now: Date): PauseDecision | null {
  const remaining = load.activeContacts - 1;
  if (policy.wrapUpMs <= 0 || remaining > 0 || load.availability !== 'available') return null;
  return { availability: 'paused', pauseReason: 'wrap_up', pauseEndsAt: new Date(now.getTime() + policy.wrapUpMs) };
}

/** An offer to this seat expired unanswered. */
export function decideOnNoAnswer(load: SeatLoad, policy: SeatPolicy): PauseDecision | null {
  if (!policy.pauseOnNoAnswer || load.availability !== 'available') return null;
  return { availability: 'paused', pauseReason: 'no_answer', pauseEndsAt: null };
}

/** A timed pause (wrap-up) whose time is up returns the seat to service. */
export function decidePauseExpiry(
  seat: { availability: Availability; pauseEndsAt: Date | null },
  now: Date,
): PauseDecision | null {
  if (seat.availability !== 'paused' || !seat.pauseEndsAt || seat.pauseEndsAt.getTime() > now.getTime()) return null;
  return { availability: 'available', pauseReason: null, pauseEndsAt: null };
}

/** Whether a seat may be offered one more contact of this channel. */
export function canTakeContact(load: SeatLoad, pendingOffers: number): boolean {
  return load.availability === 'available' && load.activeContacts + pendingOffers < load.capacity;
}
