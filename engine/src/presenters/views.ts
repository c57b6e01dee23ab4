/**
 * Model → view presenters shared by HTTP answers and realtime events. Pure.
 */
import type {
  AppointmentView,
  AttachmentView,
  ConversationView,
  MessageView,
  NotificationView,
  OfferView,
  QueueStanding,
  SeatView,
  SlotView,
} from '@cloud-seat/contracts';
import { EARLY_CONNECT_MINUTES, giveUpAt } from '../domain/schedule/appointmentLifecycle.js';
import { MINUTE_MS } from '../domain/schedule/beijingTime.js';
import type { OpenSlot } from '../domain/schedule/booking.js';
import type { Appointment, Attachment, Conversation, Message, Notification, Offer, Seat } from '../models/index.js';

const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export function presentSeat(seat: Seat): SeatView {
  return {
    id: seat.id,
    regionCode: seat.regionCode,
    name: seat.name,
    jobNumber: seat.jobNumber,
    photoUrl: seat.photoUrl,
    category: seat.category,
    skills: seat.skills,
    state: seat.state,
    pauseReason: seat.pauseReason ?? null,
    pauseEndsAt: seat.pauseEndsAt ? seat.pauseEndsAt.toISOString() : null,
    stateSince: iso(seat.stateSince),
    activeContacts: seat.activeChats,
    chatCapacity: seat.chatCapacity,
  };
}

/** Needs the conversation loaded with CONVERSATION_VIEW_INCLUDE. */
export function presentConversation(c: Conversation, queue: QueueStanding | null = null): ConversationView {
  if (!c.citizen || !c.ticket) throw new Error('presentConversation needs citizen and ticket loaded');
  return {
    id: c.id,
    regionCode: c.regionCode,
    channel: c.channel,
    status: c.status,
    citizen: {
      id: c.citizen.id,
      displayName: c.citizen.displayName,
      identityType: c.citizen.identityType,
      elderMode: c.citizen.elderMode,
    },
    seat: c.seat ? { id: c.seat.id, name: c.seat.name, jobNumber: c.seat.jobNumber, photoUrl: c.seat.photoUrl } : null,
    matter: c.matter ? { id: c.matter.id, name: c.matter.name } : null,
    matterSource: c.matter ? c.matterSource : null,
    ticket: { id: c.ticket.id, number: c.ticket.number, status: c.ticket.status },
    queuedAt: iso(c.queuedAt),
    acceptedAt: isoOrNull(c.acceptedAt),
    endedAt: isoOrNull(c.endedAt),
    lastSeq: c.lastSeq,
    read: { citizen: c.citizenReadSeq, seat: c.seatReadSeq },
    evaluation: c.evaluation
      ? {
          rating: c.evaluation.rating,
          label: c.evaluation.label,
          comment: c.evaluation.comment,
          createdAt: iso(c.evaluation.createdAt),
        }
      : null,
    queue: c.status === 'queued' ? queue : null,
    category: c.category,
    requestedSeat: c.requestedSeat
      ? {
          id: c.requestedSeat.id,
          name: c.requestedSeat.name,
          jobNumber: c.requestedSeat.jobNumber,
          category: c.requestedSeat.category,
        }
      : null,
    waitChoiceSince: isoOrNull(c.waitChoiceSince),
    appointmentId: c.appointmentId ?? null,
  };
}

export function presentSlot(slot: OpenSlot): SlotView {
  return { start: iso(slot.start), end: iso(slot.end), capacity: slot.capacity, remaining: slot.remaining };
}

/** Needs the appointment loaded with its matter when it has one. */
export function presentAppointment(a: Appointment, graceMinutes: number): AppointmentView {
  return {
    id: a.id,
    regionCode: a.regionCode,
    start: iso(a.slotStart),
    end: iso(a.slotEnd),
    status: a.status,
    matter: a.matter ? { id: a.matter.id, name: a.matter.name } : null,
    note: a.note,
    conversationId: a.conversationId ?? null,
    connectFrom: iso(new Date(a.slotStart.getTime() - EARLY_CONNECT_MINUTES * MINUTE_MS)),
    connectUntil: iso(giveUpAt({ end: a.slotEnd }, graceMinutes)),
    remindedAt: isoOrNull(a.remindedAt),
    createdAt: iso(a.createdAt),
  };
}

export function presentNotification(n: Notification): NotificationView {
  return {
    id: n.id,
    kind: n.kind,
    title: n.title,
    body: n.body,
    appointmentId: n.appointmentId,
    createdAt: iso(n.createdAt),
    readAt: isoOrNull(n.readAt),
  };
}

/** Needs the message's attachment loaded (include 'attachment') when it has one. */
export function presentMessage(m: Message): MessageView {
  return {
    id: m.id,
    conversationId: m.conversationId,
    seq: m.seq,
    senderType: m.senderType,
    senderName: m.senderName,
    body: m.body,
    kind: m.kind ?? 'text',
    attachment: m.attachment ? presentAttachment(m.attachment) : null,
    clientId: m.clientId,
    createdAt: iso(m.createdAt),
    ...(m.extras?.matter ? { matter: m.extras.matter } : {}),
    ...(m.extras?.choices?.length ? { choices: m.extras.choices } : {}),
  };
}

export function presentAttachment(a: Attachment): AttachmentView {
  return {
    id: a.id,
    kind: a.kind,
    name: a.name,
    size: a.size,
    mime: a.mime,
    url: `/api/attachments/${a.id}/${a.accessKey}`,
  };
}

/** A transfer offer needs its `transferFromSeat` loaded. */
export function presentOffer(offer: Offer, conversation: ConversationView): OfferView {
  const from = offer.transferFromSeat;
  return {
    id: offer.id,
    conversation,
    offeredAt: iso(offer.offeredAt),
    expiresAt: iso(offer.expiresAt),
    transfer: from
      ? { fromSeat: { id: from.id, name: from.name, jobNumber: from.jobNumber }, note: offer.note ?? null }
      : null,
  };
}
