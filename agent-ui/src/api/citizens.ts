import type { CitizenProfileView, RevealRequest, RevealView, TicketListView } from '@cloud-seat/contracts';
import { api } from './client';

/** The citizen beside the conversation: masked profile, audited reveal, service history. */
export const citizensApi = {
  profile: (id: string) => api.get<{ profile: CitizenProfileView }>(`/citizens/${id}/profile`),
  reveal: (id: string, body: RevealRequest) => api.post<RevealView>(`/citizens/${id}/reveal`, body),
  history: (id: string, pageSize = 5) => api.get<TicketListView>(`/citizens/${id}/tickets?pageSize=${pageSize}`),
};
