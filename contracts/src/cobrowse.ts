/**
 * 同屏共享 Co-browsing (issue #9): the citizen's application form mirrored live to the serving
 * seat with rrweb, the seat's highlights and fill guidance sent back. The citizen sends its
 * rrweb events and answers over HTTP; the engine relays each to the other side over the
 * realtime link (`cobrowse.*` events) and keeps the events for the audit replay.
 */
import { z } from 'zod';
import type { MatterGuideView } from './catalog.js';

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

/** Most points in one freehand stroke (the seat's panel thins a longer one). */
export const COBROWSE_MAX_STROKE_POINTS = 500;
/** Longest text note (文字批注). */
export const COBROWSE_MAX_NOTE_LENGTH = 200;
/** Most laser pointer moves a seat sends in a second (the panel sends at most one per 1000/N ms). */
export const COBROWSE_LASER_PER_SECOND = 20;
/** How long a stroke stays on the citizen's page before it fades out, ms (清除 removes it at once). */
export const COBROWSE_STROKE_LIFETIME_MS = 20_000;
/** How long the laser dot stays after its last move, ms. */
export const COBROWSE_LASER_LINGER_MS = 1_500;
/** The pens' colours (画笔). */
export const COBROWSE_STROKE_COLORS = ['#e53935', '#1e88e5', '#43a047'] as const;
export type CobrowseStrokeColor = (typeof COBROWSE_STROKE_COLORS)[number];

/** A point on the citizen's page in CSS pixels from the document's top left (scroll included). */
export const cobrowsePointSchema = z.object({
  x: z.number().finite().min(0).max(100_000),
  y: z.number().finite().min(0).max(100_000),
});
export type CobrowsePoint = z.infer<typeof cobrowsePointSchema>;

/**
 * The seat's marks on the citizen's page: a highlight, a value suggested for a field, a freehand
 * stroke (画笔), a text note (文字批注, on an element or at a point), the laser pointer (激光笔,
 * transient) and 清除 (strokes and notes removed).
 */
export const cobrowseAnnotationRequestSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('highlight'), target: cobrowseTargetSchema }),
  z.object({
    kind: z.literal('guidance'),
    target: cobrowseTargetSchema,
    fieldLabel: z.string().trim().min(1).max(50),
    value: z.string().trim().min(1).max(500),
  }),
  z.object({
    kind: z.literal('stroke'),
    points: z.array(cobrowsePointSchema).min(2).max(COBROWSE_MAX_STROKE_POINTS),
    color: z.enum(COBROWSE_STROKE_COLORS),
  }),
  z.object({
    kind: z.literal('note'),
    target: cobrowseTargetSchema.nullable(),
    at: cobrowsePointSchema,
    text: z.string().trim().min(1).max(COBROWSE_MAX_NOTE_LENGTH),
  }),
  z.object({ kind: z.literal('laser'), at: cobrowsePointSchema }),
  z.object({ kind: z.literal('clear') }),
]);
export type CobrowseAnnotationRequest = z.infer<typeof cobrowseAnnotationRequestSchema>;
export type CobrowseAnnotationKind = CobrowseAnnotationRequest['kind'];
export const COBROWSE_ANNOTATION_KIND_LABELS: Record<CobrowseAnnotationKind, string> = {
  highlight: '高亮',
  guidance: '建议填写',
  stroke: '画笔',
  note: '文字批注',
  laser: '激光笔',
  clear: '清除',
};
/** An annotation as relayed: the request with its id (fill guidance is answered by id). */
export type CobrowseAnnotation = CobrowseAnnotationRequest & { id: string };

/**
 * What the seat shares back (two-way 同屏): the 办事指南 of a matter, sent as structured content
 * the citizen's page renders itself (its own fonts, elder mode, the mini-program too), with the
 * guide's parts as highlight targets (`[data-guide-part="how"]`).
 */
export type CobrowseShareView =
  { kind: 'guide'; guide: MatterGuideView } | { kind: 'sample'; sample: CobrowseSampleView };

/**
 * A filled-in sample of the form (填写示例): every field with an example value and a hint, shown
 * beside the citizen's own form; its rows are highlight targets (`[data-sample-field="address"]`).
 * The values are made up (no real person's data).
 */
export interface CobrowseSampleView {
  title: string;
  fields: { key: string; label: string; value: string; hint: string }[];
}

/** The 网上申报 form's sample (the field keys of miniapp/src/cobrowse/applicationForm.ts). */
export const APPLICATION_FORM_SAMPLE: CobrowseSampleView = {
  title: '网上申报 填写示例',
  fields: [
    { key: 'name', label: '姓名', value: '张三', hint: '与身份证上的姓名一致' },
    { key: 'idNumber', label: '身份证号', value: '150602199001011234', hint: '18位，最后一位可能是X' },
    { key: 'phone', label: '手机号', value: '13800000000', hint: '本人常用手机号，用于接收办理通知' },
    { key: 'address', label: '住址', value: '东胜区天骄北路26号3单元501室', hint: '写到门牌号' },
    {
      key: 'reason',
      label: '申请事由',
      value: '申请办理个体工商户营业执照变更登记，变更经营范围',
      hint: '写明要办的事项和具体变更内容',
    },
  ],
};
export const COBROWSE_SAMPLE_FIELD_ATTRIBUTE = 'data-sample-field';
export const sampleFieldSelector = (key: string) => `[${COBROWSE_SAMPLE_FIELD_ATTRIBUTE}="${key}"]`;

/** The seat shares a matter's guide or the form's sample (`sample: true`), or stops sharing (`matterId` null). */
export const cobrowseShareRequestSchema = z.union([
  z.object({ matterId: z.uuid().nullable() }).strict(),
  z.object({ sample: z.literal(true) }).strict(),
]);
export type CobrowseShareRequest = z.infer<typeof cobrowseShareRequestSchema>;
/** The parts of a shared guide the seat can highlight: 怎么办 / 带什么 / 在哪办. */
export const COBROWSE_GUIDE_PARTS = ['how', 'bring', 'where'] as const;
export type CobrowseGuidePart = (typeof COBROWSE_GUIDE_PARTS)[number];
export const COBROWSE_GUIDE_PART_ATTRIBUTE = 'data-guide-part';
export const guidePartSelector = (part: CobrowseGuidePart) => `[${COBROWSE_GUIDE_PART_ATTRIBUTE}="${part}"]`;

/**
 * The seat's annotations and shares are kept among the session's batches for the audit replay, as
 * rrweb custom events (type 5) with these tags, in batches numbered `COBROWSE_SEAT_BATCH_SEQ`.
 */
export const COBROWSE_CUSTOM_EVENT_TYPE = 5;
export const COBROWSE_ANNOTATION_TAG = 'cobrowse.annotation';
export const COBROWSE_SHARE_TAG = 'cobrowse.share';
export const COBROWSE_SEAT_BATCH_SEQ = -1;

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
