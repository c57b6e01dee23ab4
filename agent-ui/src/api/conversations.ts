import type {
  ConversationView,
  RecordingView,
  MessageView,
  SeatCardsView,
  SendMessageRequest,
  TransferRequest,
  TransferResponse,
} from '@cloud-seat/contracts';
import { api } from './client';

export const conversationsApi = {
  get: (id: string) => api.get<ConversationView>(`/conversations/${id}`),
  messages: (id: string, afterSeq = 0) =>
    api.get<{ messages: MessageView[] }>(`/conversations/${id}/messages?afterSeq=${afterSeq}`),
  send: (id: string, body: SendMessageRequest) => api.post<MessageView>(`/conversations/${id}/messages`, body),
  sendFile: (id: string, clientId: string, file: File) =>
    api.upload<MessageView>(`/conversations/${id}/attachments?clientId=${clientId}`, file),
  end: (id: string) => api.post<ConversationView>(`/conversations/${id}/end`),
  read: (id: string, seq: number) => api.post<{ seq: number }>(`/conversations/${id}/read`, { seq }),
  typing: (id: string) => api.post<void>(`/conversations/${id}/typing`),
  transfer: (id: string, body: TransferRequest) => api.post<TransferResponse>(`/conversations/${id}/transfer`, body),
  /** Online seats and teams of a region (the public seat cards): whom a conversation can go to. */
  regionSeats: (regionCode: string) => api.get<SeatCardsView>(`/regions/${regionCode}/seats`),
  /** 通话录音: staff who may read the conversation (403 otherwise). */
  /** 保持 / 恢复 a call on the switch (the citizen hears hold music meanwhile). */
  holdCall: (id: string, held: boolean) => api.put<{ held: boolean }>(`/conversations/${id}/call/hold`, { held }),
  recordings: (id: string) => api.get<{ recordings: RecordingView[] }>(`/conversations/${id}/recordings`),
};
export type ConversationsApi = typeof conversationsApi;
