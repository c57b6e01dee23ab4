import type { QuickReplyRequest, QuickReplyView } from '@cloud-seat/contracts';
import { api } from './client';

export const quickRepliesApi = {
  /** The seat's own and team phrases, best match first; rendered for the conversation when given. */
  search: (q: string, conversationId: string | null) => {
    const params = new URLSearchParams();
    if (q) params.set('q', q);
    if (conversationId) params.set('conversationId', conversationId);
    const query = params.toString();
    return api.get<{ quickReplies: QuickReplyView[] }>(`/seat/quick-replies${query ? `?${query}` : ''}`);
  },
  create: (body: QuickReplyRequest) => api.post<{ quickReply: QuickReplyView }>('/seat/quick-replies', body),
  update: (id: string, body: QuickReplyRequest) =>
    api.put<{ quickReply: QuickReplyView }>(`/seat/quick-replies/${id}`, body),
  remove: (id: string) => api.del(`/seat/quick-replies/${id}`),
};
export type QuickRepliesApi = typeof quickRepliesApi;
