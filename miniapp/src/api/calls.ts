import type {
  CallMedia,
  CallTicketView,
  ConversationView,
  CreateConversationRequest,
  StartCallRequest,
} from '@cloud-seat/contracts';
import { http } from './http';

/** 语音 / 视频 from the hall: a call contact the ACD queues (no assistant first). */
export type CreateCallRequest = CreateConversationRequest & { channel: CallMedia };

export const callsApi = {
  /** A new call contact (or the citizen's open conversation). */
  create(request: CreateCallRequest): Promise<ConversationView> {
    return http.post<ConversationView>('/api/conversations', request);
  },

  /** What to dial for this conversation: queued (a call contact) or served in a chat (an upgrade). */
  start(conversationId: string, media: CallMedia): Promise<CallTicketView> {
    const body: StartCallRequest = { media };
    return http.post<CallTicketView>(`/api/conversations/${encodeURIComponent(conversationId)}/call`, body);
  },
};

export type CallsApi = typeof callsApi;
