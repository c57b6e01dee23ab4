/**
 * The ACD router. Pure: takes a queue, its waiting contacts (in queue order) and the seats,
 * returns which seats each contact is offered to. The dispatcher (commands/) locks the rows,
 * asks the router, and writes the offers.
 *
 * Eligible seat for a contact: available; same region — or, once the contact has waited past
 * the queue's overflow time, the overflow region (旗区 → 市本级); has every skill the contact
 * needs; below capacity on the contact's channel class (chat, or call for audio/video/phone);
 * has not refused the contact recently; and is the requested seat when the citizen chose one.
 */
import type { Channel } from '@cloud-seat/contracts';
import type { Availability } from './seatState.js';
import { selectSeats, type Strategy } from './strategies.js';

export type CapacityClass = 'chat' | 'call';

export function capacityClass(channel: Channel): CapacityClass {
  return channel === 'chat' ? 'chat' : 'call';
}

export interface QueueRules {
  regionCode: string;
  strategy: Strategy;
  /** Where contacts overflow after `overflowAfterMs` of waiting (a 旗区 queue → 市本级); null: never. */
  overflowRegionCode: string | null;
  overflowAfterMs: number;
  /** Round-robin cursor: the position of the seat offered last. */
  lastOfferedPosition: number;
}

export interface RoutableContact {
  id: string;
  channel: Channel;
  enqueuedAt: Date;
  requiredSkills: readonly string[];
  requestedSeatId: string | null;
  /** Seats that refused this contact within the re-offer delay. */
  refusedSeatIds: ReadonlySet<string>;
}

export interface RoutableSeat {
  id: string;
  regionCode: string;
  skills: readonly string[];
  availability: Availability;
  stateSince: Date;
  /** Position in the queue's order (top-down, round-robin). */
  position: number;
  active: Record<CapacityClass, number>;
  pending: Record<CapacityClass, number>;
  capacity: Record<CapacityClass, number>;
}

export interface Assignment {
  contactId: string;
  seatIds: string[];
  overflow: boolean;
}

export function isEligible(seat: RoutableSeat, contact: RoutableContact, queue: QueueRules, now: Date): boolean {
  const cls = capacityClass(contact.channel);
  if (seat.availability !== 'available') return false;
  if (seat.active[cls] + seat.pending[cls] >= seat.capacity[cls]) return false;
  if (!servesRegion(seat, contact, queue, now)) return false;
  if (contact.refusedSeatIds.has(seat.id)) return false;
  if (contact.requestedSeatId !== null && contact.requestedSeatId !== seat.id) return false;
  return contact.requiredSkills.every((skill) => seat.skills.includes(skill));
}

function servesRegion(seat: RoutableSeat, contact: RoutableContact, queue: QueueRules, now: Date): boolean {
  if (seat.regionCode === queue.regionCode) return true;
  return (
    queue.overflowRegionCode !== null &&
    seat.regionCode === queue.overflowRegionCode &&
    now.getTime() - contact.enqueuedAt.getTime() >= queue.overflowAfterMs
  );
}

/**
 * Routes waiting contacts, in the order given (see priority.ts), to seats. Offers made in this
 * pass count against the seats' capacity for the contacts after them, so no seat is offered
 * more than it can take. Contacts with no eligible seat stay waiting; those behind them are
 * still routed.
 */
export function routeQueue(
  queue: QueueRules,
  contacts: readonly RoutableContact[],
  seats: readonly RoutableSeat[],
  now: Date,
  maxAssignments = Infinity,
): { assignments: Assignment[]; lastOfferedPosition: number } {
  const working = seats.map((s) => ({ ...s, pending: { ...s.pending } }));
  const assignments: Assignment[] = [];
  let cursor = queue.lastOfferedPosition;
  for (const contact of contacts) {
    if (assignments.length >= maxAssignments) break;
    const cls = capacityClass(contact.channel);
    const eligible = working
      .filter((s) => isEligible(s, contact, queue, now))
      .map((s) => ({
        seat: s,
        id: s.id,
        position: s.position,
        stateSince: s.stateSince,
        load: s.active[cls] + s.pending[cls],
      }));
    const chosen = selectSeats(queue.strategy, eligible, cursor);
    if (chosen.length === 0) continue;
    for (const c of chosen) c.seat.pending[cls] += 1;
    cursor = chosen[chosen.length - 1]!.position;
    assignments.push({
      contactId: contact.id,
      seatIds: chosen.map((c) => c.id),
      overflow: chosen.some((c) => c.seat.regionCode !== queue.regionCode),
    });
  }
  return { assignments, lastOfferedPosition: cursor };
}

/**
 * Seats that refused a contact (declined it or let the offer expire) are not offered it again
 * until `reofferAfterMs` has passed, so a contact neither bounces straight back to the seat that
 * refused it nor waits forever when every seat has refused it once.
 */
export function recentRefusals(
  refusals: ReadonlyArray<{ seatId: string; at: Date }>,
  now: Date,
  reofferAfterMs: number,
): Set<string> {
  return new Set(refusals.filter((r) => now.getTime() - r.at.getTime() < reofferAfterMs).map((r) => r.seatId));
}
