import type { MatterView, RosterSeatView, SeatCardsView } from '@cloud-seat/contracts';
import { api } from './client';

/**
 * A region's public catalogue (its online seats with their teams, its matters) and, for staff in
 * scope, its roster of every seat.
 */
export const regionsApi = {
  seats: (regionCode: string) => api.get<SeatCardsView>(`/regions/${regionCode}/seats`),
  roster: (regionCode: string) => api.get<{ seats: RosterSeatView[] }>(`/regions/${regionCode}/seat-roster`),
  matters: (regionCode: string) => api.get<{ matters: MatterView[] }>(`/regions/${regionCode}/matters`),
};
