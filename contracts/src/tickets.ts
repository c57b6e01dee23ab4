/**
 * 工单 read side: the list query (filters, paging), the list item and detail views, the export
 * query, and the Chinese labels of timeline steps. Request types are inferred from the schemas.
 */
import { z } from 'zod';
import type { TicketAction } from './ticketFlow.js';
import { CHANNELS, TICKET_STATUSES, type Channel, type ContactStatus, type TicketStatus } from './enums.js';
import { regionCodeSchema, uuidSchema, type EvaluationView, type MessageView } from './http.js';

/** At most this many rows per page; deeper reading goes by cursor. */
export const TICKET_PAGE_SIZE_MAX = 100;
/** An export stops after this many rows (newest first); narrow the filters for more. */
export const TICKET_EXPORT_MAX_ROWS = 100_000;
/** The list counts matching tickets up to this number, then reports "more than". */
export const TICKET_COUNT_CAP = 10_000;
/** With free text (`q`), which no index narrows well when short, counting stops sooner. */
export const TICKET_SEARCH_COUNT_CAP = 1_000;

export const TICKET_EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type TicketExportFormat = (typeof TICKET_EXPORT_FORMATS)[number];

/** Steps recorded on a ticket's timeline (ticket_events.type) and the words users see. */
export const TICKET_EVENT_LABELS: Record<string, string> = {
  created: '创建工单',
  ivr_path: '语音导航',
  call_leg: '通话',
  recording: '通话录音',
  assistant_started: '智能助手接待',
  assistant_handoff: '智能助手转人工',
  message_left: '群众留言',
  after_hours_call: '非工作时间来电',
  queued: '进入排队',
  offered: '分配坐席',
  accepted: '坐席接入',
  declined: '坐席拒接',
  expired: '坐席未接听',
  returned_to_queue: '退回排队',
  wait_choice_offered: '询问是否继续等待',
  wait_choice: '群众选择等待方式',
  transfer_requested: '发起转接',
  transfer_accepted: '转接成功',
  transfer_declined: '转接被拒绝',
  transfer_expired: '转接超时',
  transferred_to_queue: '转入队列',
  faq_answered: '自动答复常见问题',
  matter_set: '关联事项',
  ended: '服务结束',
  abandoned: '群众取消排队',
  evaluated: '群众评价',
  note: '添加备注',
  escalated: '升级至班长',
  handed_back: '班长退回坐席',
  resolved: '标记已解决',
  closed: '关闭工单',
  reopened: '重新打开',
  profile_revealed: '查看群众敏感信息',
  cobrowse_started: '同屏协助开始',
  cobrowse_annotation: '同屏标注',
  cobrowse_ended: '同屏协助结束',
  cobrowse_shared: '坐席共享指南或示例',
};

/** The label of a timeline step; an unknown (newer) type shows as itself. */
export function ticketEventLabel(type: string): string {
  return TICKET_EVENT_LABELS[type] ?? type;
}

const blankToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);

/** One value or several (`?status=new&status=closed` or `?status=new,closed`). */
function oneOrMany<T extends readonly [string, ...string[]]>(values: T) {
  return z.preprocess(
    (v) => {
      const list = (Array.isArray(v) ? v : typeof v === 'string' ? v.split(',') : [v])
        .map((s) => (typeof s === 'string' ? s.trim() : s))
        .filter((s) => s !== '' && s !== undefined && s !== null);
      return list.length ? list : undefined;
    },
    z.array(z.enum(values)).max(values.length).optional(),
  );
}

/** A Beijing date (`YYYY-MM-DD`) or an ISO 8601 instant with offset. */
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const instantOrDate = (endOfDay: boolean) =>
  z.preprocess(
    blankToUndefined,
    z
      .union([z.iso.datetime({ offset: true }), z.string().regex(DATE_ONLY, 'date must be YYYY-MM-DD or ISO 8601')])
      .transform((v, ctx) => {
        const instant = DATE_ONLY.test(v) ? new Date(`${v}T00:00:00+08:00`) : new Date(v);
        if (Number.isNaN(instant.getTime())) {
          ctx.addIssue({ code: 'custom', message: 'not a valid date' });
          return z.NEVER;
        }
        // A date as the end of a range includes that whole Beijing day.
        if (endOfDay && DATE_ONLY.test(v)) instant.setTime(instant.getTime() + 86_400_000);
        return instant.toISOString();
      })
      .optional(),
  );

const optionalText = (max: number) => z.preprocess(blankToUndefined, z.string().trim().min(1).max(max).optional());

/**
 * Filters of the ticket list and export. `from` is inclusive and `to` exclusive (a date as `to`
 * includes that day), both on the ticket's creation (the moment the citizen connected).
 * `q`: digits find part of a ticket number (four digits also a phone's last four); text from
 * GD finds numbers from their start; other text finds a citizen's name from its start or part
 * of a matter's name.
 */
const ticketFilterShape = z.object({
  regionCode: z.preprocess(blankToUndefined, regionCodeSchema.optional()),
  seatId: z.preprocess(blankToUndefined, uuidSchema.optional()),
  /** Business category (team) the contact was queued under. */
  category: optionalText(32),
  matterId: z.preprocess(blankToUndefined, uuidSchema.optional()),
  status: oneOrMany(TICKET_STATUSES),
  channel: oneOrMany(CHANNELS),
  satisfaction: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(5).optional()),
  from: instantOrDate(false),
  to: instantOrDate(true),
  q: optionalText(50),
  /** Only tickets escalated to a supervisor and not yet handed back. */
  escalated: z.preprocess((v) => (v === 'true' || v === true ? true : undefined), z.literal(true).optional()),
});
const rangeInOrder: [(v: { from?: string; to?: string }) => boolean, { message: string; path: string[] }] = [
  (v) => !v.from || !v.to || v.from < v.to,
  { message: 'from must be before to', path: ['to'] },
];
export const ticketFilterSchema = ticketFilterShape.refine(...rangeInOrder);
export type TicketFilter = z.infer<typeof ticketFilterSchema>;

/** Newest first. Either pages (`page`, `pageSize`) or a keyset `cursor` from the previous answer. */
const pageSize = z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(TICKET_PAGE_SIZE_MAX).default(20));
export const ticketListQuerySchema = ticketFilterShape
  .extend({
    page: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(1000).default(1)),
    pageSize,
    cursor: optionalText(200),
  })
  .refine(...rangeInOrder);
export type TicketListQuery = z.infer<typeof ticketListQuerySchema>;

export const ticketExportQuerySchema = ticketFilterShape
  .extend({ format: z.preprocess(blankToUndefined, z.enum(TICKET_EXPORT_FORMATS).default('csv')) })
  .refine(...rangeInOrder);
export type TicketExportQuery = z.infer<typeof ticketExportQuerySchema>;

/** The citizen's own tickets (我的工单): newest first, by cursor. */
export const citizenTicketListQuerySchema = z.object({ pageSize, cursor: optionalText(200) });
export type CitizenTicketListQuery = z.infer<typeof citizenTicketListQuerySchema>;

export interface TicketListItem {
  id: string;
  number: string;
  status: TicketStatus;
  regionCode: string;
  channel: Channel;
  category: string;
  conversationId: string;
  citizen: { id: string; displayName: string };
  seat: { id: string; name: string; jobNumber: string } | null;
  matter: { id: string; name: string } | null;
  /** When the citizen connected (the ticket was created). */
  createdAt: string;
  /** When a seat took the contact. */
  acceptedAt: string | null;
  endedAt: string | null;
  /** Service time, accepted → ended, in whole seconds; null until both are known. */
  durationSeconds: number | null;
  satisfaction: number | null;
  closedAt: string | null;
  updatedAt: string;
  /** Escalated to a supervisor (工单流转) and not yet handed back. */
  escalatedAt: string | null;
  /** The contact's state: `abandoned` — left the queue before a seat answered; `ended` without `acceptedAt` — served by the assistant alone. */
  conversationStatus: ContactStatus;
}

export interface TicketListView {
  tickets: TicketListItem[];
  /** Matching tickets, counted up to TICKET_COUNT_CAP (TICKET_SEARCH_COUNT_CAP with `q`); `totalCapped` says there are more. */
  total: number;
  totalCapped: boolean;
  page: number;
  pageSize: number;
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export type TicketTimelineEntry =
  | {
      kind: 'event';
      at: string;
      type: string;
      label: string;
      actor: { type: 'citizen' | 'seat' | 'staff' | 'system'; id: string | null; name: string | null };
      /** Details of the step (offer, seat, note…); empty for citizens. */
      data: Record<string, unknown>;
    }
  | { kind: 'message'; at: string; message: MessageView };

export interface TicketDetail extends TicketListItem {
  evaluation: EvaluationView | null;
  /** Timeline steps and messages merged, oldest first. */
  timeline: TicketTimelineEntry[];
  /** What the reader may do to the ticket now (POST /api/tickets/:id/actions). */
  allowedActions: TicketAction[];
}
