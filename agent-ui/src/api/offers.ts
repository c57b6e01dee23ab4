import type { ConversationView } from '@cloud-seat/contracts';
import { api } from './client';

export const offersApi = {
  accept: (id: string) => api.post<ConversationView>(`/offers/${id}/accept`),
  decline: (id: string) => api.post<void>(`/offers/${id}/decline`),
};
