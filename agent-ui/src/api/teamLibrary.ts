import type { FaqRequest, FaqView, QuickReplyView, TeamQuickReplyRequest } from '@cloud-seat/contracts';
import { api } from './client';

/** 团队快捷回复: a region's team phrases (staff with quick_reply.manage, region in scope). */
export const teamQuickRepliesApi = {
  list: (regionCode: string) =>
    api.get<{ quickReplies: QuickReplyView[] }>(`/quick-replies/team?regionCode=${encodeURIComponent(regionCode)}`),
  create: (body: TeamQuickReplyRequest) => api.post<{ quickReply: QuickReplyView }>('/quick-replies/team', body),
  update: (id: string, body: TeamQuickReplyRequest) =>
    api.put<{ quickReply: QuickReplyView }>(`/quick-replies/team/${id}`, body),
  remove: (id: string) => api.del(`/quick-replies/team/${id}`),
};
export type TeamQuickRepliesApi = typeof teamQuickRepliesApi;

/** 常见问题: a region's preset questions for citizens (read: anyone; write: quick_reply.manage). */
export const faqsApi = {
  list: (regionCode: string) => api.get<{ faqs: FaqView[] }>(`/regions/${regionCode}/faqs`),
  create: (body: FaqRequest) => api.post<{ faq: FaqView }>('/faqs', body),
  update: (id: string, body: FaqRequest) => api.put<{ faq: FaqView }>(`/faqs/${id}`, body),
  remove: (id: string) => api.del(`/faqs/${id}`),
};
export type FaqsApi = typeof faqsApi;
