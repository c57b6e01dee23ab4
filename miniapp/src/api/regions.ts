import type { FaqView, RegionView, SeatCardsQuery, SeatCardsView } from '@cloud-seat/contracts';
import { http } from './http';

export const regionsApi = {
  async list(): Promise<RegionView[]> {
    const { regions } = await http.get<{ regions: RegionView[] }>('/api/regions', { auth: false });
    return regions;
  },

  /** Online seats of a region (public card fields), filtered; counts and filter choices before filtering. */
  seats(regionCode: string, filter: SeatCardsQuery = {}): Promise<SeatCardsView> {
    return http.get<SeatCardsView>(`/api/regions/${encodeURIComponent(regionCode)}/seats`, {
      auth: false,
      query: { category: filter.category, skill: filter.skill, q: filter.q },
    });
  },

  /** 常见问题 of a region: the general ones, and with a matter also that matter's. */
  async faqs(regionCode: string, matterId?: string): Promise<FaqView[]> {
    const { faqs } = await http.get<{ faqs: FaqView[] }>(`/api/regions/${encodeURIComponent(regionCode)}/faqs`, {
      auth: false,
      query: { matterId },
    });
    return faqs;
  },
};
