/** Which seat cards a citizen's filter keeps (category, skill, part of name or 工号). Pure. */
import type { SeatCardsQuery } from './http.js';

export function matchesSeatFilter(
  seat: { name: string; jobNumber: string; category: string; skills: readonly string[] },
  filter: SeatCardsQuery,
): boolean {
  if (filter.category && seat.category !== filter.category) return false;
  if (filter.skill && !seat.skills.includes(filter.skill)) return false;
  if (filter.q) {
    const q = filter.q.toLowerCase();
    if (!seat.name.toLowerCase().includes(q) && !seat.jobNumber.toLowerCase().includes(q)) return false;
  }
  return true;
}
