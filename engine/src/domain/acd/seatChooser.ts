/**
 * Picks the seat a queued contact is offered to. Pure. The default strategy is longest-idle
 * (like FreeSWITCH mod_callcenter): among eligible seats, the one whose state has not changed
 * for the longest time, preferring idle seats over seats already handling someone.
 */
import { canTakeContact, type SeatLoad } from './seatState.js';

export interface SeatCandidate extends SeatLoad {
  id: string;
  regionCode: string;
  stateSince: Date;
  pendingOffers: number;
}

export interface ContactToRoute {
  regionCode: string;
  /** Seats that already declined or let an offer of this contact expire. */
  excludedSeatIds: ReadonlySet<string>;
  requestedSeatId: string | null;
}

export function chooseSeat(contact: ContactToRoute, candidates: readonly SeatCandidate[]): SeatCandidate | null {
  const eligible = candidates.filter(
    (s) =>
      s.regionCode === contact.regionCode &&
      !contact.excludedSeatIds.has(s.id) &&
      canTakeContact(s, s.pendingOffers) &&
      (contact.requestedSeatId === null || s.id === contact.requestedSeatId),
  );
  if (eligible.length === 0) return null;
  return eligible.reduce((best, s) => (compareLongestIdle(s, best) < 0 ? s : best));
}

function compareLongestIdle(a: SeatCandidate, b: SeatCandidate): number {
  const loadA = a.activeContacts + a.pendingOffers;
  const loadB = b.activeContacts + b.pendingOffers;
  if (loadA !== loadB) return loadA - loadB;
  return a.stateSince.getTime() - b.stateSince.getTime();
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
