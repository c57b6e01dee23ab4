import type { ConversationView, OfferView, SeatView, SetSeatStateRequest } from '@cloud-seat/contracts';
import { api } from './client';

export const seatApi = {
  get: () => api.get<SeatView>('/seat'),
  setState: (body: SetSeatStateRequest) => api.put<SeatView>('/seat/state', body),
  offers: () => api.get<{ offers: OfferView[] }>('/seat/offers'),
  conversations: () => api.get<{ conversations: ConversationView[] }>('/seat/conversations'),
};
