/**
 * 同屏共享 Co-browsing (issue #9): the citizen's application form mirrored live to the serving
 * seat with rrweb, the seat's highlights and fill guidance sent back. The citizen sends its
 * rrweb events and answers over HTTP; the engine relays each to the other side over the
 * realtime link (`cobrowse.*` events) and keeps the events for the audit replay.
 */
import { z } from 'zod';

/** Lifecycle of a co-browse session. */
export const COBROWSE_STATUSES = ['active', 'paused', 'ended'] as const;
export type CobrowseStatus = (typeof COBROWSE_STATUSES)[number];
export const COBROWSE_STATUS_LABELS: Record<CobrowseStatus, string> = {
  active: '同屏中',
  paused: '已暂停',
  ended: '已结束',
};

/** A form field marked sensitive carries this attribute; its value is masked on the seat's side. */
export const COBROWSE_SENSITIVE_ATTRIBUTE = 'data-cs-sensitive';
/** Set on a sensitive field the citizen chose to reveal to the seat. */
export const COBROWSE_REVEALED_ATTRIBUTE = 'data-cs-revealed';

/** Largest JSON body of one events batch (the first one carries the page's full snapshot). */
export const COBROWSE_MAX_BATCH_BYTES = 512 * 1024;
/** Most rrweb events in one batch. */
export const COBROWSE_MAX_BATCH_EVENTS = 2000;
/** How long the citizen page gathers rrweb events before sending them, ms. */
export const COBROWSE_BATCH_INTERVAL_MS = 50;

export type CobrowseSide = 'citizen' | 'seat';

export interface CobrowseSessionView {
  id: string;
  conversationId: string;
  status: CobrowseStatus;
  /** What the citizen shares (the form's title, e.g. 网上申报), for the seat's panel. */
  formTitle: string;
  startedAt: string;
  endedAt: string | null;
  endedBy: CobrowseSide | null;
}

/** One rrweb event as recorded (`eventWithTime`); the engine keeps its data opaque. */
export const cobrowseEventSchema = z
  .object({ type: z.number().int().min(0).max(100), timestamp: z.number(), data: z.unknown() })
  .loose();
export type CobrowseEvent = z.infer<typeof cobrowseEventSchema>;

/** An element on the shared page: its rrweb mirror id, with a CSS selector when the id is unknown. */
export const cobrowseTargetSchema = z
  .object({
    mirrorId: z.number().int().min(0).nullable(),
    selector: z.string().max(300).nullable(),
  })
  .refine((t) => t.mirrorId !== null || t.selector !== null, { message: '请指定元素' });
export type CobrowseTarget = z.infer<typeof cobrowseTargetSchema>;

/** The citizen consents and starts sharing (同屏协助). */
export const startCobrowseRequestSchema = z.object({ formTitle: z.string().trim().min(1).max(100) });
export type StartCobrowseRequest = z.infer<typeof startCobrowseRequestSchema>;

/** A batch of rrweb events from the citizen page; `seq` counts batches from 0. */
export const cobrowseEventsRequestSchema = z
  .object({
    seq: z.number().int().min(0),
    events: z.array(cobrowseEventSchema).min(1).max(COBROWSE_MAX_BATCH_EVENTS),
  })
  .refine((b) => JSON.stringify(b.events).length <= COBROWSE_MAX_BATCH_BYTES, { message: '同屏数据过大' });
export type CobrowseEventsRequest = z.infer<typeof cobrowseEventsRequestSchema>;

/** The seat's marks on the citizen's page: a highlight, or a value suggested for a field. */
export const cobrowseAnnotationRequestSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('highlight'), target: cobrowseTargetSchema }),
  z.object({
    kind: z.literal('guidance'),
    target: cobrowseTargetSchema,
    fieldLabel: z.string().trim().min(1).max(50),
    value: z.string().trim().min(1).max(500),
  }),
]);
export type CobrowseAnnotationRequest = z.infer<typeof cobrowseAnnotationRequestSchema>;
/** An annotation as relayed: the request with its id (fill guidance is answered by id). */
export type CobrowseAnnotation = CobrowseAnnotationRequest & { id: string };

/** The citizen's one tap on fill guidance: 采用 (the value goes into the field) or 忽略. */
export const cobrowseGuidanceAnswerRequestSchema = z.object({
  annotationId: z.uuid(),
  accepted: z.boolean(),
});
export type CobrowseGuidanceAnswerRequest = z.infer<typeof cobrowseGuidanceAnswerRequestSchema>;

/** 暂停 / 继续 from the citizen. */
export const cobrowsePauseRequestSchema = z.object({ paused: z.boolean() });
export type CobrowsePauseRequest = z.infer<typeof cobrowsePauseRequestSchema>;

/** The audit replay of a session: every recorded rrweb event in order. */
export interface CobrowseReplayView {
  session: CobrowseSessionView;
  events: CobrowseEvent[];
}
