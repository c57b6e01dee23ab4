import type {
  ConversationView,
  OfferView,
  SeatView,
  SetSeatStateRequest,
  SipCredentialsView,
} from '@cloud-seat/contracts';
import { api } from './client';

export const seatApi = {
  get: () => api.get<SeatView>('/seat'),
  setState: (body: SetSeatStateRequest) => api.put<SeatView>('/seat/state', body),
  offers: () => api.get<{ offers: OfferView[] }>('/seat/offers'),
  conversations: () => api.get<{ conversations: ConversationView[] }>('/seat/conversations'),
  /** 坐席电话: short-lived SIP credentials for the softphone. */
  sip: () => api.get<SipCredentialsView>('/seat/sip'),
};
