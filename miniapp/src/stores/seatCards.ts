/**
 * The public seat cards of a region, kept live. Pure: merge one seat's new state into the list
 * (a seat going offline leaves it; one coming online joins it if it passes the filter), group
 * the cards into teams (business categories), order them with free seats first.
 */
import { matchesSeatFilter, type SeatCardsQuery, type SeatState, type SeatView } from '@cloud-seat/contracts';

/** Idle seats first: they can take a citizen now. */
const STATE_ORDER: Record<SeatState, number> = { idle: 0, handling: 1, busy: 2, paused: 3, offline: 4 };

export function sortSeats<T extends Pick<SeatView, 'state' | 'jobNumber'>>(seats: readonly T[]): T[] {
  return [...seats].sort(
    (a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state] || a.jobNumber.localeCompare(b.jobNumber),
  );
}

export function mergeSeat(seats: readonly SeatView[], seat: SeatView, filter: SeatCardsQuery): SeatView[] {
  const rest = seats.filter((s) => s.id !== seat.id);
  if (seat.state === 'offline' || !matchesSeatFilter(seat, filter)) return rest;
  return sortSeats([...rest, seat]);
}

/** Counts per state of the region's online seats, moved by one seat's change. */
export function mergeCounts(
  counts: Readonly<Record<SeatState, number>>,
  before: SeatState | null,
  after: SeatState,
): Record<SeatState, number> {
  const next = { ...counts };
  if (before && before !== 'offline') next[before] = Math.max(0, next[before] - 1);
  if (after !== 'offline') next[after] += 1;
  return next;
}

type TeamMember = Pick<SeatView, 'category' | 'state' | 'jobNumber'>;

export interface Team<S extends TeamMember = SeatView> {
  category: string;
  seats: S[];
  idle: number;
}

/** Teams in a stable order (by name), each with its seats, free ones first. */
export function groupTeams<S extends TeamMember>(seats: readonly S[]): Team<S>[] {
  const byCategory = new Map<string, S[]>();
  for (const seat of seats) byCategory.set(seat.category, [...(byCategory.get(seat.category) ?? []), seat]);
  return [...byCategory.entries()]
    .sort(([a], [b]) => a.localeCompare(b, 'zh-Hans-CN'))
    .map(([category, members]) => ({
      category,
      seats: sortSeats(members),
      idle: members.filter((s) => s.state === 'idle').length,
    }));
}
