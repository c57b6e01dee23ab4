/**
 * HTTP request schemas (validated by the engine with zod) and response view types.
 * Request types are inferred from the schemas; never written twice.
 */
import { z } from 'zod';
import { CALL_MEDIA } from './calls.js';
import {
  APPOINTMENT_STATUSES,
  CHANNELS,
  CONTACT_STATUSES,
  DATA_SCOPES,
  IDENTITY_TYPES,
  MESSAGE_SENDER_TYPES,
  NOTIFICATION_KINDS,
  PAUSE_REASONS,
  QUEUE_STRATEGIES,
  REGION_CODES,
  SATISFACTION_LABELS,
  SEAT_STATES,
  STAFF_ROLES,
  TICKET_STATUSES,
  WAIT_CHOICES,
} from './enums.js';

export const uuidSchema = z.uuid();
export const regionCodeSchema = z.enum(REGION_CODES);

// ---- requests -------------------------------------------------------------------------------

export const loginRequestSchema = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const guestRequestSchema = z.object({
  displayName: z.string().trim().min(1).max(32).optional(),
  identityType: z.enum(IDENTITY_TYPES).default('personal'),
  elderMode: z.boolean().default(false),
});
export type GuestRequest = z.input<typeof guestRequestSchema>;

export const citizenPreferencesRequestSchema = z.object({
  /** 长辈版: larger UI on the citizen side, and priority in the queue. */
  elderMode: z.boolean(),
});
export type CitizenPreferencesRequest = z.infer<typeof citizenPreferencesRequestSchema>;

export const createConversationRequestSchema = z.object({
  regionCode: regionCodeSchema,
  matterId: uuidSchema.optional(),
  /** A chosen seat (连线指定坐席); absent for 快速连线. */
  seatId: uuidSchema.optional(),
  /** 语音 / 视频: a call contact (skips the assistant; the citizen then calls with POST …/call). Absent: chat. */
  channel: z.enum(CALL_MEDIA).optional(),
});
export type CreateConversationRequest = z.infer<typeof createConversationRequestSchema>;

/** Filters of the public seat cards of a region (SPEC 4: easy filtering to find the right seat). */
export const seatCardsQuerySchema = z.object({
  category: z.string().trim().min(1).max(32).optional(),
  skill: z.string().trim().min(1).max(32).optional(),
  /** Part of a name or 工号. */
  q: z.string().trim().min(1).max(32).optional(),
});
export type SeatCardsQuery = z.infer<typeof seatCardsQuerySchema>;

export const sendMessageRequestSchema = z.object({
  /** Client-generated id; re-sending the same clientId never stores the message twice. */
  clientId: uuidSchema,
  body: z.string().trim().min(1).max(2000),
});
export type SendMessageRequest = z.infer<typeof sendMessageRequestSchema>;

/** Read receipts: the client has shown the conversation up to this seq. */
export const readRequestSchema = z.object({ seq: z.number().int().min(0) });
export type ReadRequest = z.infer<typeof readRequestSchema>;

export const listMessagesQuerySchema = z.object({
  afterSeq: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});
export type ListMessagesQuery = z.infer<typeof listMessagesQuerySchema>;

export const evaluationRequestSchema = z
  .object({
    rating: z.number().int().min(1).max(5).optional(),
    label: z.enum(SATISFACTION_LABELS).optional(),
    comment: z.string().trim().max(500).optional(),
  })
  .refine((v) => v.rating !== undefined || v.label !== undefined, {
    message: 'rating or label is required',
  });
export type EvaluationRequest = z.infer<typeof evaluationRequestSchema>;

export const setSeatStateRequestSchema = z.object({
  state: z.enum(['idle', 'busy', 'paused', 'offline']),
  reason: z.enum(PAUSE_REASONS).optional(),
});
export type SetSeatStateRequest = z.infer<typeof setSeatStateRequestSchema>;

/** Open appointment slots of a region: one Beijing date (default today), or several days from it. */
export const slotsQuerySchema = z.object({
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'date must be YYYY-MM-DD')
    .optional(),
  days: z.coerce.number().int().min(1).max(14).default(1),
});
export type SlotsQuery = z.infer<typeof slotsQuerySchema>;

export const bookAppointmentRequestSchema = z.object({
  regionCode: regionCodeSchema,
  /** Start of the slot, as returned by the slots list (ISO 8601 with offset). */
  start: z.iso.datetime({ offset: true }),
  matterId: uuidSchema.optional(),
  note: z.string().trim().max(200).optional(),
});
export type BookAppointmentRequest = z.infer<typeof bookAppointmentRequestSchema>;

/** The citizen's answer when the seat they chose has not answered in time. */
export const waitChoiceRequestSchema = z.object({
  choice: z.enum(WAIT_CHOICES),
  /** With another_seat: a specific seat of the same team; absent: the first free seat of the team. */
  seatId: uuidSchema.optional(),
});
export type WaitChoiceRequest = z.infer<typeof waitChoiceRequestSchema>;

/** An administrator's change to one queue (region + business category). */
export const updateQueueRequestSchema = z
  .object({
    strategy: z.enum(QUEUE_STRATEGIES).optional(),
    /** Seconds a 旗区 contact waits before 市本级 seats may take it; null: never overflow. */
    overflowAfterSeconds: z.number().int().min(0).max(86_400).nullable().optional(),
  })
  .refine((v) => v.strategy !== undefined || v.overflowAfterSeconds !== undefined, {
    message: 'strategy or overflowAfterSeconds is required',
  });
export type UpdateQueueRequest = z.infer<typeof updateQueueRequestSchema>;

/**
 * 工单流转: the serving seat hands its live conversation to another seat (who accepts or
 * declines) or back to a queue — a team (business category) of this or another region.
 */
export const transferRequestSchema = z
  .object({
    toSeatId: uuidSchema.optional(),
    toCategory: z.string().trim().min(1).max(32).optional(),
    toRegionCode: regionCodeSchema.optional(),
    note: z.string().trim().max(200).optional(),
  })
  .refine((v) => (v.toSeatId !== undefined) !== (v.toCategory !== undefined || v.toRegionCode !== undefined), {
    message: 'either toSeatId, or toCategory and/or toRegionCode',
  });
export type TransferRequest = z.infer<typeof transferRequestSchema>;

// ---- responses ------------------------------------------------------------------------------

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export interface RegionView {
  code: string;
  name: string;
  level: 'city' | 'district';
}

export interface SeatView {
  id: string;
  regionCode: string;
  name: string;
  jobNumber: string;
  photoUrl: string | null;
  category: string;
  skills: string[];
  state: (typeof SEAT_STATES)[number];
  pauseReason: (typeof PAUSE_REASONS)[number] | null;
  /** When a timed pause (话后整理) ends by itself; null for other states. */
  pauseEndsAt: string | null;
  stateSince: string;
  activeContacts: number;
  chatCapacity: number;
}

export interface MatterView {
  id: string;
  regionCode: string;
  code: string;
  name: string;
  category: string;
  summary: string;
}

export interface StaffAccountView {
  id: string;
  username: string;
  displayName: string;
  role: (typeof STAFF_ROLES)[number];
  regionCode: string;
  dataScope: (typeof DATA_SCOPES)[number];
  permissions: string[];
  seat: SeatView | null;
}

export interface CitizenView {
  id: string;
  displayName: string;
  identityType: (typeof IDENTITY_TYPES)[number];
  elderMode: boolean;
}

export type MeView = { kind: 'staff'; account: StaffAccountView } | { kind: 'citizen'; citizen: CitizenView };

export interface GuestResponse {
  token: string;
  me: MeView;
}

export interface EvaluationView {
  rating: number;
  label: (typeof SATISFACTION_LABELS)[number] | null;
  comment: string | null;
  createdAt: string;
}

export interface ConversationView {
  id: string;
  regionCode: string;
  channel: (typeof CHANNELS)[number];
  status: (typeof CONTACT_STATUSES)[number];
  citizen: { id: string; displayName: string; identityType: (typeof IDENTITY_TYPES)[number]; elderMode: boolean };
  seat: { id: string; name: string; jobNumber: string; photoUrl: string | null } | null;
  matter: { id: string; name: string } | null;
  /** How the conversation came to concern its matter ('carried' | 'detected' | 'seat'); null without one. */
  matterSource: 'carried' | 'detected' | 'seat' | null;
  ticket: { id: string; number: string; status: (typeof TICKET_STATUSES)[number] };
  queuedAt: string;
  acceptedAt: string | null;
  endedAt: string | null;
  lastSeq: number;
  /** Read receipts: the highest seq each side has read. */
  read: { citizen: number; seat: number };
  evaluation: EvaluationView | null;
  /** While queued: 1-based position in the region's queue and an estimated wait (null: no seat on duty). */
  queue: QueueStanding | null;
  /** Business category the contact is queued under (the matter's, the chosen seat's team, or 综合咨询). */
  category: string;
  /** The seat the citizen chose (连线指定坐席); null for 快速连线. */
  requestedSeat: { id: string; name: string; jobNumber: string; category: string } | null;
  /** Set while the chosen seat has not answered in time and the citizen is asked what to do. */
  waitChoiceSince: string | null;
  /** The appointment this contact keeps (priority routing), if any. */
  appointmentId: string | null;
}

export interface SeatCardsView {
  seats: SeatView[];
  /** Online seats of the region per state, before filtering. */
  counts: Record<(typeof SEAT_STATES)[number], number>;
  /** Filter choices: the teams (business categories) and skills of the region's online seats. */
  categories: string[];
  skills: string[];
}

/**
 * One seat of a region's roster (坐席名册): every seat, online or not, for staff choosing a seat
 * (the ticket filter). `GET /api/regions/:code/seat-roster`.
 */
export interface RosterSeatView {
  id: string;
  name: string;
  jobNumber: string;
  category: string;
  state: (typeof SEAT_STATES)[number];
}

export interface SlotView {
  start: string;
  end: string;
  capacity: number;
  remaining: number;
}

export interface AppointmentView {
  id: string;
  regionCode: string;
  start: string;
  end: string;
  status: (typeof APPOINTMENT_STATUSES)[number];
  matter: { id: string; name: string } | null;
  note: string | null;
  /** The contact made when the citizen connected for this appointment. */
  conversationId: string | null;
  /** Connecting between these instants keeps the appointment and earns priority. */
  connectFrom: string;
  connectUntil: string;
  remindedAt: string | null;
  createdAt: string;
}

export interface NotificationView {
  id: string;
  kind: (typeof NOTIFICATION_KINDS)[number];
  title: string;
  body: string;
  appointmentId: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface QueueView {
  regionCode: string;
  category: string;
  strategy: (typeof QUEUE_STRATEGIES)[number];
  overflowRegionCode: string | null;
  overflowAfterSeconds: number | null;
  /** Contacts waiting in this queue now. */
  waiting: number;
}

export interface QueueStanding {
  position: number;
  estimatedWaitSeconds: number | null;
}

export interface MessageView {
  id: string;
  conversationId: string;
  seq: number;
  senderType: (typeof MESSAGE_SENDER_TYPES)[number];
  senderName: string;
  /** The text; for an image or file, its name. Always shown as text, never as HTML. */
  body: string;
  kind: 'text' | 'image' | 'file';
  attachment: AttachmentView | null;
  clientId: string | null;
  createdAt: string;
  /** An assistant answer's matter guide card (absent on other messages). */
  matter?: MessageMatterLink | null;
  /** Choices offered with an assistant message (absent or empty on other messages). */
  choices?: MessageChoice[];
}

/** The guide an assistant answer came from: the citizen opens it from the card. */
export interface MessageMatterLink {
  id: string;
  name: string;
}

/**
 * A button under an assistant message. `send`: tapping posts `value` as the citizen's message;
 * `appointment`: opens 在线预约 (out of service hours).
 */
export interface MessageChoice {
  label: string;
  value: string;
  action: 'send' | 'appointment';
}

/** Images and files in chat (20 MB at most; PNG, JPEG, GIF, WebP, PDF, Word, Excel, PowerPoint). */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

export interface AttachmentView {
  id: string;
  kind: 'image' | 'file';
  name: string;
  size: number;
  mime: string;
  /** Same-origin download path; it carries an unguessable key and is only given to those who may read the conversation. */
  url: string;
}

export interface OfferView {
  id: string;
  conversation: ConversationView;
  offeredAt: string;
  expiresAt: string;
  /** Set when a seat transfers its live conversation to this one (工单流转). */
  transfer: { fromSeat: { id: string; name: string; jobNumber: string }; note: string | null } | null;
}

/** To a seat: offered, waiting for the receiver. To a queue: the contact is queued there already. */
export type TransferResponse =
  | { kind: 'offered'; offerId: string; conversation: ConversationView }
  | { kind: 'queued'; conversation: ConversationView };
