/**
 * Queue order. Pure. A contact's score is its priority class (appointment holders, then
 * elder-mode citizens, then everyone) plus one point per second waited, so a long wait
 * eventually outranks a class bonus rather than starving behind a stream of priority arrivals.
 */
export const PRIORITY_BONUS = {
  /** A citizen connecting within their booked slot (在线预约). */
  appointment: 600,
  /** 长辈版 citizens (适老化). */
  elder: 300,
} as const;

export interface Waiting {
  id: string;
  enqueuedAt: Date;
  appointment: boolean;
  elder: boolean;
}

export function contactScore(contact: Waiting, now: Date): number {
  return (now.getTime() - rankTime(contact)) / 1000;
}

/**
 * The same order as the score, without the clock: score = bonus + waited seconds, so a higher
 * score is an earlier `enqueuedAt - bonus`. This instant can be stored and indexed
 * (ORDER BY rank_at), which keeps picking the head of a long queue cheap.
 */
export function rankTime(contact: Pick<Waiting, 'enqueuedAt' | 'appointment' | 'elder'>): number {
  const bonus = (contact.appointment ? PRIORITY_BONUS.appointment : 0) + (contact.elder ? PRIORITY_BONUS.elder : 0);
  return contact.enqueuedAt.getTime() - bonus * 1000;
}

/** Highest score first; ties go to the id (stable across nodes). */
export function orderQueue<T extends Waiting>(contacts: readonly T[]): T[] {
  return [...contacts].sort((a, b) => rankTime(a) - rankTime(b) || a.id.localeCompare(b.id));
}

/** 1-based position of a contact in its queue, or null when it is not waiting there. */
export function queuePosition<T extends Waiting>(contactId: string, contacts: readonly T[]): number | null {
  const index = orderQueue(contacts).findIndex((c) => c.id === contactId);
  return index < 0 ? null : index + 1;
}

/**
 * Estimated wait: the contacts ahead, spread over the seats that serve the queue, times the
 * recent average handling time. Null when no seat serves the queue (the UI says so instead).
 */
export function estimatedWaitSeconds(
  position: number,
  servingSeats: number,
  averageHandleSeconds: number,
): number | null {
  if (servingSeats <= 0) return null;
  return Math.round(Math.ceil(position / servingSeats) * averageHandleSeconds);
}
