/**
 * Seat selection strategies, selectable per queue like FreeSWITCH mod_callcenter. Pure.
 *
 *   longest_idle     the seat whose state has not changed for the longest time (default)
 *   round_robin      the next seat after the one offered last, in a stable order
 *   fewest_contacts  the seat serving the fewest contacts now
 *   ring_all         every eligible seat at once; the first to accept wins
 *   top_down         always the first eligible seat in the queue's configured order
 */
import type { QueueStrategy } from '@cloud-seat/contracts';

/** The strategies and their labels live in contracts (QUEUE_STRATEGIES, QUEUE_STRATEGY_LABELS). */
export type Strategy = QueueStrategy;

export interface RankedSeat {
  id: string;
  /** Contacts being served plus offers waiting, on the contact's channel. */
  load: number;
  /** When the seat's visible state last changed (idle since, for longest idle). */
  stateSince: Date;
  /** Position in the queue's configured order (top-down, round-robin); lower first. */
  position: number;
}

/**
 * Orders eligible seats by a strategy. Returns the seats to offer to: one for every strategy
 * but ring_all, which offers to all of them. `lastOfferedPosition` is the round-robin cursor.
 */
export function selectSeats<S extends RankedSeat>(
  strategy: Strategy,
  eligible: readonly S[],
  lastOfferedPosition = -1,
): S[] {
  if (eligible.length === 0) return [];
  switch (strategy) {
    case 'ring_all':
      return [...eligible].sort(byPosition);
    case 'top_down':
      return [minBy(eligible, byPosition)];
    case 'fewest_contacts':
      return [minBy(eligible, (a, b) => a.load - b.load || byIdle(a, b) || byPosition(a, b))];
    case 'round_robin': {
      const ordered = [...eligible].sort(byPosition);
      return [ordered.find((s) => s.position > lastOfferedPosition) ?? ordered[0]!];
    }
    case 'longest_idle':
      // A seat already serving someone counts as less idle than one serving nobody.
      return [minBy(eligible, (a, b) => Number(a.load > 0) - Number(b.load > 0) || byIdle(a, b) || byPosition(a, b))];
  }
}

const byPosition = (a: RankedSeat, b: RankedSeat) => a.position - b.position;
const byIdle = (a: RankedSeat, b: RankedSeat) => a.stateSince.getTime() - b.stateSince.getTime();

function minBy<T>(items: readonly T[], compare: (a: T, b: T) => number): T {
  return items.reduce((best, item) => (compare(item, best) < 0 ? item : best));
}
