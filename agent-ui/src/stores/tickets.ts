/**
 * 工单管理: the applied filter (mirrored in the page's URL query so a filtered list can be
 * bookmarked and shared), the page of tickets with keyset paging, and the ticket open in the
 * detail drawer. The engine narrows every answer to the caller's data scope.
 */
import {
  CHANNELS,
  REGION_CODES,
  TICKET_STATUSES,
  type Channel,
  type TicketAction,
  type TicketDetail,
  type TicketListItem,
  type TicketStatus,
} from '@cloud-seat/contracts';
import { defineStore } from 'pinia';
import type { LocationQuery, LocationQueryValue } from 'vue-router';
import { ticketsApi } from '@/api/tickets';
import { messageOf } from '@/composables/labels';

/** The filter as the page holds it: empty strings and lists mean "any". Dates are Beijing days. */
export interface TicketFilterForm {
  regionCode: string;
  status: TicketStatus[];
  channel: Channel[];
  satisfaction: number | null;
  from: string;
  to: string;
  category: string;
  seatId: string;
  q: string;
  /** Only tickets escalated to a supervisor and not yet handed back. */
  escalated: boolean;
}

export const PAGE_SIZE = 20;

export function emptyFilter(): TicketFilterForm {
  return {
    regionCode: '',
    status: [],
    channel: [],
    satisfaction: null,
    from: '',
    to: '',
    category: '',
    seatId: '',
    q: '',
    escalated: false,
  };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function first(v: LocationQueryValue | LocationQueryValue[] | undefined): string {
  const value = Array.isArray(v) ? v[0] : v;
  return typeof value === 'string' ? value.trim() : '';
}

/** `status=new,closed` or `status=new&status=closed`; unknown values are dropped. */
function many<T extends string>(v: LocationQueryValue | LocationQueryValue[] | undefined, allowed: readonly T[]): T[] {
  const raw = (Array.isArray(v) ? v : [v]).flatMap((s) => (typeof s === 'string' ? s.split(',') : []));
  const wanted = new Set(raw.map((s) => s.trim()));
  return allowed.filter((a) => wanted.has(a));
}

/** The URL query → a filter. Anything malformed (a hand-edited link) is ignored, not sent. */
export function filterFromQuery(query: LocationQuery): TicketFilterForm {
  const regionCode = first(query.regionCode);
  const satisfaction = Number(first(query.satisfaction));
  const from = first(query.from);
  const to = first(query.to);
  const seatId = first(query.seatId);
  return {
    regionCode: (REGION_CODES as readonly string[]).includes(regionCode) ? regionCode : '',
    status: many(query.status, TICKET_STATUSES),
    channel: many(query.channel, CHANNELS),
    satisfaction: Number.isInteger(satisfaction) && satisfaction >= 1 && satisfaction <= 5 ? satisfaction : null,
    from: DATE.test(from) ? from : '',
    to: DATE.test(to) ? to : '',
    category: first(query.category).slice(0, 32),
    seatId: UUID.test(seatId) ? seatId : '',
    q: first(query.q).slice(0, 50),
    escalated: first(query.escalated) === 'true',
  };
}

/** A filter → the URL query (and the API query): only what is set, lists comma-joined. */
export function filterToQuery(filter: TicketFilterForm): Record<string, string> {
  const query: Record<string, string> = {};
  if (filter.regionCode) query.regionCode = filter.regionCode;
  if (filter.status.length) query.status = filter.status.join(',');
  if (filter.channel.length) query.channel = filter.channel.join(',');
  if (filter.satisfaction !== null) query.satisfaction = String(filter.satisfaction);
  if (filter.from) query.from = filter.from;
  if (filter.to) query.to = filter.to;
  if (filter.category.trim()) query.category = filter.category.trim();
  if (filter.seatId) query.seatId = filter.seatId;
  if (filter.q.trim()) query.q = filter.q.trim();
  if (filter.escalated) query.escalated = 'true';
  return query;
}

export function filterToParams(filter: TicketFilterForm): URLSearchParams {
  return new URLSearchParams(filterToQuery(filter));
}

/** The list row of a ticket: the detail without its timeline, evaluation and actions. */
function listItemOf(detail: TicketDetail): TicketListItem {
  const { timeline: _timeline, evaluation: _evaluation, allowedActions: _actions, ...item } = detail;
  return item;
}

export const useTicketsStore = defineStore('tickets', {
  state: () => ({
    filter: emptyFilter(),
    tickets: [] as TicketListItem[],
    total: 0,
    totalCapped: false,
    /** The cursor each visited page was read with (null: the first page); the last is the current page. */
    cursors: [null] as Array<string | null>,
    nextCursor: null as string | null,
    loading: false,
    loaded: false,
    error: '',
    /** Answers to older requests that arrive late are dropped. */
    requestNo: 0,
    detail: null as TicketDetail | null,
    detailId: null as string | null,
    detailLoading: false,
    detailError: '',
    acting: false,
  }),
  getters: {
    page: (s) => s.cursors.length,
    hasPrevious: (s) => s.cursors.length > 1,
    hasNext: (s) => s.nextCursor !== null,
    params: (s) => filterToParams(s.filter),
    /** 共 N 条, or 超过 N 条 when the engine stopped counting. */
    totalText: (s) => (s.totalCapped ? `超过 ${s.total} 条` : `共 ${s.total} 条`),
    /** Seats met in the loaded tickets: choices for the seat filter beside the online ones. */
    seenSeats: (s) => {
      const seats = new Map<string, NonNullable<TicketListItem['seat']>>();
      for (const t of s.tickets) if (t.seat) seats.set(t.seat.id, t.seat);
      return [...seats.values()];
    },
  },
  actions: {
    /** The page's URL query changed (or the page opened): apply it and read the first page. */
    async applyQuery(query: LocationQuery) {
      this.filter = filterFromQuery(query);
      this.cursors = [null];
      await this.load();
    },
    async nextPage() {
      if (!this.nextCursor || this.loading) return;
      this.cursors = [...this.cursors, this.nextCursor];
      await this.load();
    },
    async previousPage() {
      if (this.cursors.length < 2 || this.loading) return;
      this.cursors = this.cursors.slice(0, -1);
      await this.load();
    },
    /** Reads the current page again (after an action changed a ticket, or to retry). */
    async load() {
      const no = ++this.requestNo;
      const cursor = this.cursors[this.cursors.length - 1] ?? null;
      const params = filterToParams(this.filter);
      params.set('pageSize', String(PAGE_SIZE));
      if (cursor) params.set('cursor', cursor);
      this.loading = true;
      this.error = '';
      try {
        const view = await ticketsApi.list(params);
        if (no !== this.requestNo) return;
        this.tickets = view.tickets;
        this.total = view.total;
        this.totalCapped = view.totalCapped;
        this.nextCursor = view.nextCursor;
      } catch (e) {
        if (no !== this.requestNo) return;
        this.tickets = [];
        this.nextCursor = null;
        this.error = messageOf(e, '工单列表加载失败，请稍后重试');
      } finally {
        if (no === this.requestNo) {
          this.loading = false;
          this.loaded = true;
        }
      }
    },
    async openDetail(id: string) {
      if (this.detailId === id && (this.detail || this.detailLoading)) return;
      this.detailId = id;
      this.detail = null;
      await this.refreshDetail();
    },
    async refreshDetail() {
      const id = this.detailId;
      if (!id) return;
      this.detailLoading = true;
      this.detailError = '';
      try {
        const { ticket } = await ticketsApi.get(id);
        if (id !== this.detailId) return;
        this.detail = ticket;
      } catch (e) {
        if (id !== this.detailId) return;
        this.detail = null;
        this.detailError = messageOf(e, '工单详情加载失败，请稍后重试');
      } finally {
        if (id === this.detailId) this.detailLoading = false;
      }
    },
    /** The drawer closes; what it shows stays until it has slid away. */
    closeDetail() {
      this.detailId = null;
      this.detailError = '';
      this.detailLoading = false;
    },
    /** 工单流转 on the open ticket; the list row shows the new state at once. Throws ApiError. */
    async act(action: TicketAction, note: string) {
      const id = this.detailId;
      if (!id || this.acting) return;
      this.acting = true;
      try {
        const { ticket } = await ticketsApi.act(id, { action, ...(note.trim() ? { note: note.trim() } : {}) });
        if (id !== this.detailId) return;
        this.detail = ticket;
        this.tickets = this.tickets.map((t) => (t.id === ticket.id ? listItemOf(ticket) : t));
      } finally {
        this.acting = false;
      }
    },
    exportUrl(format: 'csv' | 'xlsx'): string {
      return ticketsApi.exportUrl(filterToParams(this.filter), format);
    },
  },
});
