import type { TicketDetail, TicketListView } from '@cloud-seat/contracts';
import { http } from './http';

/** 我的工单: the citizen's own tickets (the engine answers only theirs). */
export const ticketsApi = {
  /** Newest first; pass the previous answer's `nextCursor` for the next page. */
  mine(page: { pageSize: number; cursor?: string | null }): Promise<TicketListView> {
    return http.get<TicketListView>('/api/citizen/tickets', {
      query: { pageSize: page.pageSize, cursor: page.cursor ?? undefined },
    });
  },

  /** One ticket with its service record (steps and messages, oldest first). */
  async get(id: string): Promise<TicketDetail> {
    const { ticket } = await http.get<{ ticket: TicketDetail }>(`/api/citizen/tickets/${encodeURIComponent(id)}`);
    return ticket;
  },
};

export type TicketsApi = typeof ticketsApi;
