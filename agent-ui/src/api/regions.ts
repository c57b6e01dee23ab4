import type { MatterView, SeatCardsView } from '@cloud-seat/contracts';
import { api } from './client';

/** A region's public catalogue: its online seats (with their teams) and its matters. */
export const regionsApi = {
  seats: (regionCode: string) => api.get<SeatCardsView>(`/regions/${regionCode}/seats`),
  matters: (regionCode: string) => api.get<{ matters: MatterView[] }>(`/regions/${regionCode}/matters`),
};
