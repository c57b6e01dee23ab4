import type {
  CobrowseEvent,
  CobrowseSessionView,
  CobrowseGuidanceAnswerRequest,
  StartCobrowseRequest,
} from '@cloud-seat/contracts';
import { http } from './http';

const base = (conversationId: string) => `/api/conversations/${encodeURIComponent(conversationId)}/cobrowse`;

/** 同屏协助: the citizen's side of a co-browse session (the engine relays each call to the seat). */
export const cobrowseApi = {
  current(conversationId: string): Promise<{ session: CobrowseSessionView | null }> {
    return http.get(base(conversationId));
  },
  async start(conversationId: string, formTitle: string): Promise<CobrowseSessionView> {
    const body: StartCobrowseRequest = { formTitle };
    return (await http.post<{ session: CobrowseSessionView }>(base(conversationId), body)).session;
  },
  events(conversationId: string, sessionId: string, seq: number, events: CobrowseEvent[]): Promise<unknown> {
    return http.post(`${base(conversationId)}/${sessionId}/events`, { seq, events });
  },
  answer(conversationId: string, sessionId: string, body: CobrowseGuidanceAnswerRequest): Promise<unknown> {
    return http.post(`${base(conversationId)}/${sessionId}/guidance-answers`, body);
  },
  async pause(conversationId: string, sessionId: string, paused: boolean): Promise<CobrowseSessionView> {
    return (await http.put<{ session: CobrowseSessionView }>(`${base(conversationId)}/${sessionId}/pause`, { paused }))
      .session;
  },
  async end(conversationId: string, sessionId: string): Promise<CobrowseSessionView> {
    return (await http.post<{ session: CobrowseSessionView }>(`${base(conversationId)}/${sessionId}/end`)).session;
  },
};
