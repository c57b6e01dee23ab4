/**
 * Builders of view objects for the apps' and the engine's tests (import from
 * '@cloud-seat/contracts/testing'): plausible defaults, overridden per test.
 */
import type { Material, MatterGuideView, MatterSummaryView } from './catalog.js';
import type {
  AppointmentView,
  ConversationView,
  MessageView,
  NotificationView,
  OfferView,
  SeatView,
  SlotView,
} from './http.js';

export function seatView(patch: Partial<SeatView> = {}): SeatView {
  return {
    id: 'seat-1',
    regionCode: '150602',
    name: '刘敏',
    jobNumber: 'DS001',
    photoUrl: null,
    category: '综合咨询',
    skills: [],
    state: 'idle',
    pauseReason: null,
    pauseEndsAt: null,
    stateSince: '2026-11-25T08:00:00.000Z',
    activeContacts: 0,
    chatCapacity: 3,
    ...patch,
  };
}

export function conversationView(patch: Partial<ConversationView> = {}): ConversationView {
  return {
    id: 'conv-1',
    regionCode: '150602',
    channel: 'chat',
    status: 'active',
    citizen: { id: 'cit-1', displayName: '王先生', identityType: 'personal', elderMode: false },
    seat: { id: 'seat-1', name: '刘敏', jobNumber: 'DS001', photoUrl: null },
    matter: null,
    matterSource: null,
    ticket: { id: 't-1', number: 'GD20261125000001', status: 'in_progress' },
    queuedAt: '2026-11-25T08:00:00.000Z',
    acceptedAt: '2026-11-25T08:00:05.000Z',
    endedAt: null,
    lastSeq: 2,
    read: { citizen: 0, seat: 0 },
    evaluation: null,
    queue: null,
    category: '综合咨询',
    requestedSeat: null,
    waitChoiceSince: null,
    appointmentId: null,
    ...patch,
  };
}

export function slotView(start: string, patch: Partial<SlotView> = {}): SlotView {
  return {
    start,
    end: new Date(new Date(start).getTime() + 15 * 60_000).toISOString(),
    capacity: 3,
    remaining: 3,
    ...patch,
  };
}

export function appointmentView(patch: Partial<AppointmentView> = {}): AppointmentView {
  return {
    id: 'appt-1',
    regionCode: '150602',
    start: '2026-11-25T02:00:00.000Z',
    end: '2026-11-25T02:15:00.000Z',
    status: 'booked',
    matter: null,
    note: null,
    conversationId: null,
    connectFrom: '2026-11-25T01:55:00.000Z',
    connectUntil: '2026-11-25T02:20:00.000Z',
    remindedAt: null,
    createdAt: '2026-11-25T01:00:00.000Z',
    ...patch,
  };
}

export function notificationView(patch: Partial<NotificationView> = {}): NotificationView {
  return {
    id: 'n-1',
    kind: 'appointment_reminder',
    title: '预约提醒',
    body: '您预约的 10:00–10:15 鄂尔多斯市东胜区云坐席服务已开始，请于 10:20 前进入连线，超时将视为放弃。',
    appointmentId: 'appt-1',
    createdAt: '2026-11-25T02:00:00.000Z',
    readAt: null,
    ...patch,
  };
}

export function messageView(seq: number, patch: Partial<MessageView> = {}): MessageView {
  return {
    id: `m${seq}`,
    conversationId: 'conv-1',
    seq,
    senderType: 'citizen',
    senderName: '王先生',
    body: `第${seq}条`,
    kind: 'text',
    attachment: null,
    clientId: null,
    createdAt: '2026-11-25T08:01:00.000Z',
    ...patch,
  };
}

export function offerView(id: string, offeredAt = '2026-11-25T08:00:01.000Z'): OfferView {
  return {
    id,
    conversation: conversationView({ id: `conv-${id}`, status: 'offered', seat: null }),
    offeredAt,
    expiresAt: '2026-11-25T08:00:21.000Z',
    transfer: null,
  };
}

/** One 申请材料 of a guide: a required paper original unless patched. */
export function material(name: string, patch: Partial<Material> = {}): Material {
  return {
    name,
    required: true,
    form: 'paper',
    copies: '原件1份',
    note: '',
    blankFormUrl: '',
    sampleUrl: '',
    ...patch,
  };
}

/** 内地居民结婚登记 in 东胜区, as lists and search results show it. */
export function matterSummaryView(id: string, patch: Partial<MatterSummaryView> = {}): MatterSummaryView {
  return {
    id,
    regionCode: '150602',
    code: `11150602MB${id}`,
    basicCode: '000129001000',
    name: '内地居民结婚登记',
    category: '婚姻登记',
    summary: '男女双方自愿结婚的登记',
    type: '07',
    serviceObjects: ['person'],
    themes: ['p-marriage'],
    visits: 1,
    promisedLimitDays: 0,
    assistedFiling: false,
    active: true,
    ...patch,
  };
}

/** The guide (办事指南) of `matterSummaryView(id)`: three steps, two required materials and one optional. */
export function matterGuideView(id: string, patch: Partial<MatterGuideView> = {}): MatterGuideView {
  return {
    ...matterSummaryView(id),
    implementingBody: '东胜区民政局',
    conditions: '双方均无配偶',
    steps: [
      { title: '申请', detail: '双方共同到场' },
      { title: '受理审查', detail: '' },
      { title: '发证', detail: '' },
    ],
    materials: [material('居民户口簿'), material('居民身份证'), material('近期半身免冠合影照片', { required: false })],
    address: '东胜区铁西街道民政服务中心一楼',
    hours: '周一至周五 9:00-12:00 14:30-17:30',
    phone: '0477-8581234',
    complaintPhone: '12345',
    legalLimitDays: 0,
    charged: false,
    feeDetail: '',
    legalBasis: '《婚姻登记条例》第四条',
    onlineUrl: 'https://zwfw.nmg.gov.cn/jhdj',
    mapUrl: 'https://map.example.cn/search?q=东胜区民政服务中心',
    updatedAt: '2026-11-01T00:00:00.000Z',
    ...patch,
  };
}
