/**
 * Enumerations shared by the engine and every client. Chinese labels are the words users see.
 */

/** 区域 — Ordos city level (市本级) and its nine 旗区, keyed by administrative division code. */
export const REGIONS = [
  { code: '150600', name: '市本级', level: 'city' },
  { code: '150602', name: '东胜区', level: 'district' },
  { code: '150603', name: '康巴什区', level: 'district' },
  { code: '150621', name: '达拉特旗', level: 'district' },
  { code: '150622', name: '准格尔旗', level: 'district' },
  { code: '150623', name: '鄂托克前旗', level: 'district' },
  { code: '150624', name: '鄂托克旗', level: 'district' },
  { code: '150625', name: '杭锦旗', level: 'district' },
  { code: '150626', name: '乌审旗', level: 'district' },
  { code: '150627', name: '伊金霍洛旗', level: 'district' },
] as const;
export type RegionCode = (typeof REGIONS)[number]['code'];
export const REGION_CODES = REGIONS.map((r) => r.code) as [RegionCode, ...RegionCode[]];
export const CITY_REGION_CODE: RegionCode = '150600';

/** Seat states as citizens and supervisors see them. */
export const SEAT_STATES = ['offline', 'idle', 'handling', 'busy', 'paused'] as const;
export type SeatState = (typeof SEAT_STATES)[number];
export const SEAT_STATE_LABELS: Record<SeatState, string> = {
  offline: '离线',
  idle: '空闲',
  handling: '办理中',
  busy: '忙碌',
  paused: '暂停服务',
};

/** Why a seat is paused. */
export const PAUSE_REASONS = ['break', 'meeting', 'training', 'wrap_up', 'no_answer'] as const;
export type PauseReason = (typeof PAUSE_REASONS)[number];
export const PAUSE_REASON_LABELS: Record<PauseReason, string> = {
  break: '小休',
  meeting: '会议',
  training: '培训',
  wrap_up: '话后整理',
  no_answer: '未接听',
};

/** Staff roles. Citizens are not staff; they authenticate as a separate principal kind. */
export const STAFF_ROLES = ['seat', 'supervisor', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
export const STAFF_ROLE_LABELS: Record<StaffRole, string> = {
  seat: '坐席',
  supervisor: '班长',
  admin: '管理员',
};

/** Visible data scope of a role: every region, the account's own region, or only its own records. */
export const DATA_SCOPES = ['all', 'region', 'self'] as const;
export type DataScope = (typeof DATA_SCOPES)[number];

/** 个人 (natural person) or 法人 (legal person). */
export const IDENTITY_TYPES = ['personal', 'legal'] as const;
export type IdentityType = (typeof IDENTITY_TYPES)[number];
export const IDENTITY_TYPE_LABELS: Record<IdentityType, string> = { personal: '个人', legal: '法人' };

export const CHANNELS = ['chat', 'audio', 'video', 'phone'] as const;
export type Channel = (typeof CHANNELS)[number];
export const CHANNEL_LABELS: Record<Channel, string> = {
  chat: '在线咨询',
  audio: '语音通话',
  video: '视频通话',
  phone: '电话热线',
};

/** Lifecycle of a contact (a conversation with a citizen). */
export const CONTACT_STATUSES = ['assistant', 'queued', 'offered', 'active', 'ended', 'abandoned'] as const;
export type ContactStatus = (typeof CONTACT_STATUSES)[number];
/** A contact still open: with the assistant, waiting for a seat, or served. */
export const OPEN_CONTACT_STATUSES = [
  'assistant',
  'queued',
  'offered',
  'active',
] as const satisfies readonly ContactStatus[];
export const CONTACT_STATUS_LABELS: Record<ContactStatus, string> = {
  assistant: '智能助手服务中',
  queued: '排队中',
  offered: '等待坐席接入',
  active: '服务中',
  ended: '已结束',
  abandoned: '已放弃',
};

/** 工单 status. */
export const TICKET_STATUSES = ['new', 'in_progress', 'pending_reply', 'resolved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export const TICKET_STATUS_LABELS: Record<TicketStatus, string> = {
  new: '新建',
  in_progress: '处理中',
  pending_reply: '待回复',
  resolved: '已解决',
  closed: '已关闭',
};

export const OFFER_STATUSES = ['pending', 'accepted', 'declined', 'expired', 'revoked'] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];

/** Evaluation labels; each maps to a star rating so one tap on either gives both. */
export const SATISFACTION_LABELS = ['very_satisfied', 'satisfied', 'neutral', 'unsatisfied'] as const;
export type SatisfactionLabel = (typeof SATISFACTION_LABELS)[number];
export const SATISFACTION_LABEL_TEXT: Record<SatisfactionLabel, string> = {
  very_satisfied: '非常满意',
  satisfied: '满意',
  neutral: '一般',
  unsatisfied: '不满意',
};
/** A citizen may rate a service up to this many days after it ended (from 我的工单). */
export const EVALUATION_WINDOW_DAYS = 7;

export const SATISFACTION_LABEL_RATING: Record<SatisfactionLabel, number> = {
  very_satisfied: 5,
  satisfied: 4,
  neutral: 3,
  unsatisfied: 1,
};

export const MESSAGE_SENDER_TYPES = ['citizen', 'seat', 'system', 'assistant'] as const;
export type MessageSenderType = (typeof MESSAGE_SENDER_TYPES)[number];

/** 在线预约 — appointment lifecycle (see engine/src/domain/schedule/appointmentLifecycle.ts). */
export const APPOINTMENT_STATUSES = ['booked', 'reminded', 'connected', 'given_up', 'cancelled'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];
export const APPOINTMENT_STATUS_LABELS: Record<AppointmentStatus, string> = {
  booked: '已预约',
  reminded: '已提醒',
  connected: '已接通',
  given_up: '已放弃',
  cancelled: '已取消',
};

/** What a citizen may do when the seat they chose has not answered in time. */
export const WAIT_CHOICES = ['keep_waiting', 'another_seat', 'appointment'] as const;
export type WaitChoice = (typeof WAIT_CHOICES)[number];
export const WAIT_CHOICE_LABELS: Record<WaitChoice, string> = {
  keep_waiting: '继续等待',
  another_seat: '换同组其他坐席',
  appointment: '预约其他时间',
};

/** In-app notifications to citizens. */
export const NOTIFICATION_KINDS = ['appointment_reminder', 'appointment_given_up'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** ACD seat selection strategies, selectable per queue (like FreeSWITCH mod_callcenter). */
export const QUEUE_STRATEGIES = ['longest_idle', 'round_robin', 'fewest_contacts', 'ring_all', 'top_down'] as const;
export type QueueStrategy = (typeof QUEUE_STRATEGIES)[number];
export const QUEUE_STRATEGY_LABELS: Record<QueueStrategy, string> = {
  longest_idle: '最长空闲优先',
  round_robin: '轮询',
  fewest_contacts: '最少接待优先',
  ring_all: '同时振铃',
  top_down: '顺序优先',
};

/** The business category of contacts with no matter (快速连线): every seat serves it. */
export const GENERAL_CATEGORY = '综合咨询';
