import type {
  ConversationView,
  CreateConversationRequest,
  EvaluationRequest,
  MessageView,
  SendMessageRequest,
} from '@cloud-seat/contracts';
import { MESSAGE_PAGE_SIZE } from '../config';
import { http } from './http';

const base = (id: string) => `/api/conversations/${encodeURIComponent(id)}`;

export const conversationsApi = {
  /** 快速连线 (no seatId) or 连线指定坐席 (with seatId). */
  create(request: CreateConversationRequest): Promise<ConversationView> {
    return http.post<ConversationView>('/api/conversations', request);
  },

  get(id: string): Promise<ConversationView> {
    return http.get<ConversationView>(base(id));
  },

  /** Messages with seq > afterSeq, ordered by seq. */
  async messages(id: string, afterSeq: number, limit = MESSAGE_PAGE_SIZE): Promise<MessageView[]> {
    const { messages } = await http.get<{ messages: MessageView[] }>(`${base(id)}/messages`, {
      query: { afterSeq, limit },
    });
    return messages;
  },

  send(id: string, request: SendMessageRequest): Promise<MessageView> {
    return http.post<MessageView>(`${base(id)}/messages`, request);
  },

  /** Sends an image or a file (the answer is the stored message; a retry with the same clientId is safe). */
  sendFile(id: string, clientId: string, file: { path: string; name: string }): Promise<MessageView> {
    return http.upload<MessageView>(`${base(id)}/attachments`, file, { clientId });
  },

  /** Read receipts: everything up to `seq` is on screen. */
  read(id: string, seq: number): Promise<{ seq: number }> {
    return http.post<{ seq: number }>(`${base(id)}/read`, { seq });
  },

  /** 正在输入: at most every few seconds while the citizen types. */
  async typing(id: string): Promise<void> {
    await http.post<unknown>(`${base(id)}/typing`, {});
  },

  evaluate(id: string, request: EvaluationRequest): Promise<ConversationView> {
    return http.post<ConversationView>(`${base(id)}/evaluation`, request);
  },

  /** The citizen's own conversations, newest first. */
  async mine(): Promise<ConversationView[]> {
    const { conversations } = await http.get<{ conversations: ConversationView[] }>('/api/citizen/conversations');
    return conversations;
  },
};

export type ConversationsApi = typeof conversationsApi;
