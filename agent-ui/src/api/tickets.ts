import type { TicketActionRequest, TicketDetail, TicketExportFormat, TicketListView } from '@cloud-seat/contracts';
import { api } from './client';

/**
 * 工单: the filtered list, one ticket with its timeline, and the export link. Queries are passed
 * as URLSearchParams built by the tickets store, so the list and the export share one filter.
 */
export const ticketsApi = {
  list: (params: URLSearchParams) => api.get<TicketListView>(`/tickets?${params.toString()}`),
  get: (id: string) => api.get<{ ticket: TicketDetail }>(`/tickets/${encodeURIComponent(id)}`),
  /** 工单流转: note, escalate, hand back, resolve, close, reopen. */
  act: (id: string, body: TicketActionRequest) =>
    api.post<{ ticket: TicketDetail }>(`/tickets/${encodeURIComponent(id)}/actions`, body),
  /** A plain download link: the session cookie authenticates it, the engine streams the file. */
  exportUrl: (params: URLSearchParams, format: TicketExportFormat) => {
    const query = new URLSearchParams(params);
    query.set('format', format);
    return `/api/tickets/export?${query.toString()}`;
  },
};
export type TicketsApi = typeof ticketsApi;
