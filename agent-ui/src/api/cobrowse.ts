import type {
  CobrowseAnnotation,
  CobrowseAnnotationRequest,
  CobrowseReplayView,
  CobrowseSessionView,
  CobrowseShareRequest,
  CobrowseShareView,
} from '@cloud-seat/contracts';
import { api } from './client';

const base = (conversationId: string) => `/conversations/${conversationId}/cobrowse`;

/** 同屏协助: the serving seat's side of a co-browse session. */
export const cobrowseApi = {
  current: (conversationId: string) => api.get<{ session: CobrowseSessionView | null }>(base(conversationId)),
  request: (conversationId: string) => api.post<{ requested: true }>(`${base(conversationId)}/request`),
  /** The mirror (re)opened: the citizen page sends a full snapshot. */
  snapshot: (conversationId: string, sessionId: string) =>
    api.post<{ requested: true }>(`${base(conversationId)}/${sessionId}/snapshot`),
  annotate: (conversationId: string, sessionId: string, body: CobrowseAnnotationRequest) =>
    api.post<{ annotation: CobrowseAnnotation }>(`${base(conversationId)}/${sessionId}/annotations`, body),
  /** Two-way: a matter's 办事指南 shown to the citizen, or stopped (null). */
  share: (conversationId: string, sessionId: string, request: CobrowseShareRequest) =>
    api.put<{ share: CobrowseShareView | null }>(`${base(conversationId)}/${sessionId}/share`, request),
  end: (conversationId: string, sessionId: string) =>
    api.post<{ session: CobrowseSessionView }>(`${base(conversationId)}/${sessionId}/end`),
  replay: (conversationId: string, sessionId: string) =>
    api.get<CobrowseReplayView>(`${base(conversationId)}/${sessionId}/replay`),
};
