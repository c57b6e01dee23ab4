import type { RegionView, SeatView } from '@cloud-seat/contracts';
import { http } from './http';

export const regionsApi = {
  async list(): Promise<RegionView[]> {
    const { regions } = await http.get<{ regions: RegionView[] }>('/api/regions', { auth: false });
    return regions;
  },

  /** Online seats of a region (public card fields). */
  async seats(regionCode: string): Promise<SeatView[]> {
    const { seats } = await http.get<{ seats: SeatView[] }>(`/api/regions/${encodeURIComponent(regionCode)}/seats`, {
      auth: false,
    });
    return seats;
  },
};
