/**
 * 我的工单 store: the citizen's tickets (newest first, by cursor), the one opened in 工单详情, and
 * a late evaluation of it — allowed from the end of the service for EVALUATION_WINDOW_DAYS, once.
 * The pure helpers below decide what a ticket shows; the engine decides again on submit.
 */
import { reactive, readonly, type DeepReadonly } from 'vue';
import {
  EVALUATION_WINDOW_DAYS,
  TICKET_STATUS_LABELS,
  type EvaluationRequest,
  type TicketDetail,
  type TicketListItem,
  type TicketTimelineEntry,
} from '@cloud-seat/contracts';
import { ApiError } from '../api/client';
import { conversationsApi, type ConversationsApi } from '../api/conversations';
import { ticketsApi, type TicketsApi } from '../api/tickets';
import { beijingClock, beijingDate } from '../utils/beijing';

export const TICKET_PAGE_SIZE = 20;
const DAY_MS = 86_400_000;

type TicketFacts = Pick<TicketListItem, 'acceptedAt' | 'endedAt' | 'satisfaction'>;

/**
 * What the ticket can show about rating: `rated`; `open` (served, ended, not rated, within the
 * window); `expired` (the window has passed); `none` (not served to an end: still going, or the
 * citizen left the queue — nothing to rate).
 */
export type RatingState = 'rated' | 'open' | 'expired' | 'none';

export function ratingState(ticket: TicketFacts, now: Date): RatingState {
  if (ticket.satisfaction !== null) return 'rated';
  if (!ticket.acceptedAt || !ticket.endedAt) return 'none';
  return now.getTime() - new Date(ticket.endedAt).getTime() > EVALUATION_WINDOW_DAYS * DAY_MS ? 'expired' : 'open';
}

/** Served and ended, not rated yet, and at most EVALUATION_WINDOW_DAYS ago (the engine's rule). */
export function canRateLate(ticket: TicketFacts, now: Date): boolean {
  return ratingState(ticket, now) === 'open';
}

/** The last moment a late rating is accepted, or null when there is no end yet. */
export function ratingDeadline(ticket: Pick<TicketListItem, 'endedAt'>): Date | null {
  return ticket.endedAt ? new Date(new Date(ticket.endedAt).getTime() + EVALUATION_WINDOW_DAYS * DAY_MS) : null;
}

/** Whole days left to rate (1 on the last day), for 还可评价 N 天. */
export function daysLeftToRate(ticket: Pick<TicketListItem, 'endedAt'>, now: Date): number {
  const deadline = ratingDeadline(ticket);
  return deadline ? Math.max(0, Math.ceil((deadline.getTime() - now.getTime()) / DAY_MS)) : 0;
}

/**
 * The status as the citizen reads it: a queue left before anyone answered is 已取消. A contact
 * the assistant alone served, or a 留言 left with it out of service hours (open for the staff),
 * reads as its ticket status.
 */
export function statusText(ticket: Pick<TicketListItem, 'status' | 'conversationStatus'>): string {
  if (ticket.conversationStatus === 'abandoned') return '已取消';
  return TICKET_STATUS_LABELS[ticket.status];
}

/** What the ticket is about: the matter, else the business category. */
export function subjectOf(ticket: Pick<TicketListItem, 'matter' | 'category'>): string {
  return ticket.matter?.name ?? ticket.category;
}

/** '5分12秒', '1小时3分', '40秒'. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || seconds < 0) return '—';
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.floor(seconds % 60);
  if (h) return `${h}小时${m}分`;
  if (m) return `${m}分${s}秒`;
  return `${s}秒`;
}

/**
 * Timeline steps in the citizen's words. Left out (null): internal routing and 工单流转 steps, and
 * the steps the conversation already tells in a system message (排队, 接入, 结束, 取消排队).
 */
const STEP_TEXT: Record<string, string | null> = {
  created: '您发起了咨询',
  assistant_started: null,
  assistant_handoff: '智能助手为您转接人工坐席',
  message_left: '您留了言，工作人员上班后会尽快联系您',
  after_hours_call: '您在非工作时间来电，工作人员上班后会尽快回电',
  queued: null,
  offered: null,
  declined: null,
  expired: null,
  accepted: null,
  ended: null,
  abandoned: null,
  returned_to_queue: '重新排队，等候下一位坐席',
  wait_choice_offered: '指定坐席暂未接通，询问您是否继续等待',
  wait_choice: '您选择了等待方式',
  transfer_requested: null,
  transfer_declined: null,
  transfer_expired: null,
  transfer_accepted: '已为您转接其他坐席',
  transferred_to_queue: '已为您转到其他业务排队',
  faq_answered: null,
  evaluated: '您评价了本次服务',
  note: null,
  escalated: null,
  handed_back: null,
  resolved: '工单已办结',
  closed: '工单已关闭',
  reopened: '工单重新打开，继续为您办理',
  profile_revealed: '工作人员为办理业务查看了您的身份信息（已留痕）',
  // 同屏协助: its start, the guide shared and its end; each mark of the seat stays on the seat's side.
  cobrowse_started: '您同意了同屏协助，坐席查看了您填写的页面',
  cobrowse_annotation: null,
  cobrowse_shared: '坐席为您共享了办事指南或填写示例',
  cobrowse_ended: '同屏协助已结束',
};

/** A timeline entry, also as the store holds it (read-only). */
type HeldEntry = TicketTimelineEntry | DeepReadonly<TicketTimelineEntry>;

export function stepText(entry: Extract<HeldEntry, { kind: 'event' }>): string | null {
  return entry.type in STEP_TEXT ? STEP_TEXT[entry.type]! : entry.label;
}

/** A step's time in the record: 'HH:mm' on the ticket's own (Beijing) day, else with the date. */
export function stepTime(at: string, ticketCreatedAt: string): string {
  if (beijingDate(at) === beijingDate(ticketCreatedAt)) return beijingClock(at);
  const [, month, day] = beijingDate(at).split('-').map(Number);
  return `${month}月${day}日 ${beijingClock(at)}`;
}

/** The service record as shown: messages, and the steps that mean something to the citizen. */
export function visibleTimeline<T extends HeldEntry>(timeline: readonly T[]): T[] {
  return timeline.filter((entry: HeldEntry) => entry.kind === 'message' || stepText(entry) !== null);
}

function errorText(error: unknown, fallback: string): string {
  return error instanceof ApiError && error.status !== 0 && error.status < 500 ? error.message : fallback;
}

interface TicketsState {
  tickets: TicketListItem[];
  nextCursor: string | null;
  loaded: boolean;
  loading: boolean;
  loadingMore: boolean;
  error: string;
  detail: TicketDetail | null;
  detailLoading: boolean;
  detailError: string;
  evaluating: boolean;
  evaluationError: string;
}

type StoreApi = Pick<TicketsApi, 'mine' | 'get'> & Pick<ConversationsApi, 'evaluate'>;

export function createTicketsStore(api: StoreApi) {
  const state = reactive<TicketsState>({
    tickets: [],
    nextCursor: null,
    loaded: false,
    loading: false,
    loadingMore: false,
    error: '',
    detail: null,
    detailLoading: false,
    detailError: '',
    evaluating: false,
    evaluationError: '',
  });
  // A refresh started after a load-more wins: an older answer never overwrites a newer one.
  let listRequest = 0;
  let detailRequest = 0;

  /** Puts a newer copy of a ticket into the list (the detail and the list show the same). */
  function patchListItem(ticket: TicketListItem) {
    const i = state.tickets.findIndex((t) => t.id === ticket.id);
    if (i < 0) return;
    const { evaluation: _e, timeline: _t, allowedActions: _a, ...item } = ticket as TicketDetail;
    state.tickets[i] = item;
  }

  const store = {
    state: readonly(state),

    /** The first page again (open, pull-down refresh). */
    async refresh() {
      const request = ++listRequest;
      state.loading = true;
      state.error = '';
      try {
        const page = await api.mine({ pageSize: TICKET_PAGE_SIZE });
        if (request !== listRequest) return;
        state.tickets = page.tickets;
        state.nextCursor = page.nextCursor;
        state.loaded = true;
      } catch (error) {
        if (request === listRequest) state.error = errorText(error, '工单加载失败，请检查网络后下拉重试');
      } finally {
        if (request === listRequest) state.loading = false;
      }
    },

    /** The next page after the last one held; nothing when there is none or one is on its way. */
    async loadMore() {
      const cursor = state.nextCursor;
      if (!cursor || state.loadingMore || state.loading) return;
      const request = listRequest;
      state.loadingMore = true;
      state.error = '';
      try {
        const page = await api.mine({ pageSize: TICKET_PAGE_SIZE, cursor });
        if (request !== listRequest) return;
        const held = new Set(state.tickets.map((t) => t.id));
        state.tickets = [...state.tickets, ...page.tickets.filter((t) => !held.has(t.id))];
        state.nextCursor = page.nextCursor;
      } catch (error) {
        if (request === listRequest) state.error = errorText(error, '加载更多失败，请稍后再试');
      } finally {
        state.loadingMore = false;
      }
    },

    /** Opens 工单详情; a different ticket than the one held is not shown while it loads. */
    async openDetail(id: string) {
      const request = ++detailRequest;
      if (state.detail?.id !== id) state.detail = null;
      state.detailLoading = true;
      state.detailError = '';
      state.evaluationError = '';
      try {
        const ticket = await api.get(id);
        if (request !== detailRequest) return;
        state.detail = ticket;
        patchListItem(ticket);
      } catch (error) {
        if (request === detailRequest) state.detailError = errorText(error, '工单加载失败，请检查网络后重试');
      } finally {
        if (request === detailRequest) state.detailLoading = false;
      }
    },

    /**
     * Rates the open ticket's service. A refusal (already rated elsewhere, too late) shows the
     * engine's message and reloads the ticket, which then shows what is true.
     */
    async evaluate(request: EvaluationRequest): Promise<boolean> {
      const ticket = state.detail;
      if (!ticket || state.evaluating || ticket.evaluation) return false;
      state.evaluating = true;
      state.evaluationError = '';
      try {
        const conversation = await api.evaluate(ticket.conversationId, request);
        const evaluation = conversation.evaluation;
        if (evaluation && state.detail?.id === ticket.id) {
          state.detail = {
            ...state.detail,
            evaluation,
            satisfaction: evaluation.rating,
            status: conversation.ticket.status,
          };
          patchListItem(state.detail);
        }
        // The timeline gains its 已评价 step; a failure here leaves the answer shown.
        await store.openDetail(ticket.id).catch(() => undefined);
        return true;
      } catch (error) {
        state.evaluationError = errorText(error, '评价提交失败，请稍后再试');
        if (error instanceof ApiError && error.status === 409) {
          const message = state.evaluationError;
          await store.openDetail(ticket.id);
          state.evaluationError = message;
        }
        return false;
      } finally {
        state.evaluating = false;
      }
    },
  };
  return store;
}

export type TicketsStore = ReturnType<typeof createTicketsStore>;

export const ticketsStore = createTicketsStore({ ...ticketsApi, evaluate: conversationsApi.evaluate });
