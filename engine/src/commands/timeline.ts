/**
 * Writes that every conversation command shares: a ticket timeline step and a system message.
 * Both run inside the caller's transaction (CLS).
 */
import { randomUUID } from 'node:crypto';
import { ASSISTANT_SENDER_NAME } from '@cloud-seat/contracts';
import { QueryTypes } from 'sequelize';
import { formatTicketNumber } from '../domain/tickets/ticketNumber.js';
import {
  Conversation,
  Message,
  Seat,
  TicketEvent,
  type Attachment,
  type MessageExtras,
  type Ticket,
} from '../models/index.js';
import type { TicketActorType } from '../models/ticket.js';
import type { CommandContext } from './context.js';

export interface Actor {
  type: TicketActorType;
  id: string | null;
  name: string | null;
}

export const SYSTEM_ACTOR: Actor = { type: 'system', id: null, name: '系统' };
/** The assistant front line, on the ticket timeline. */
export const ASSISTANT_ACTOR: Actor = { type: 'system', id: null, name: ASSISTANT_SENDER_NAME };

/** A seat on the timeline: 刘敏（DS001）, the same wherever it acts. */
export function seatActor(seat: { id: string; name: string; jobNumber: string }): Actor {
  return { type: 'seat', id: seat.id, name: `${seat.name}（${seat.jobNumber}）` };
}

/** seatActor for a seat known by id (a signed-in seat's principal carries no 工号). */
export async function seatActorById(seatId: string): Promise<Actor> {
  const seat = await Seat.findByPk(seatId, { attributes: ['id', 'name', 'jobNumber'] });
  return seat ? seatActor(seat) : { type: 'seat', id: seatId, name: null };
}

export async function recordTicketEvent(
  ticket: Pick<Ticket, 'id'>,
  type: string,
  actor: Actor,
  data: Record<string, unknown> = {},
  at?: Date,
): Promise<void> {
  await TicketEvent.create({
    ticketId: ticket.id,
    type,
    actorType: actor.type,
    actorId: actor.id,
    actorName: actor.name,
    data,
    ...(at ? { at } : {}),
  });
}

/** A new ticket's number (工单编号): `now`'s date and the next serial of the sequence. */
export async function nextTicketNumber(ctx: CommandContext, now: Date): Promise<string> {
  const [{ serial }] = (await ctx.sequelize.query("SELECT nextval('ticket_number_seq')::int AS serial", {
    type: QueryTypes.SELECT,
  })) as [{ serial: number }];
  return formatTicketNumber(now, serial);
}

/** Takes the next sequence number of a conversation (the row update serializes writers). */
export async function nextSeq(conversationId: string): Promise<number> {
  const [rows] = (await Conversation.sequelize!.query(
    'UPDATE conversations SET last_seq = last_seq + 1, updated_at = now() WHERE id = :id RETURNING last_seq',
    { replacements: { id: conversationId } },
  )) as [Array<{ last_seq: number }>, unknown];
  const seq = rows[0]?.last_seq;
  if (seq === undefined) throw new Error(`conversation ${conversationId} not found`);
  return seq;
}

export async function appendMessage(
  conversationId: string,
  sender: { type: Message['senderType']; id: string | null; name: string },
  body: string,
  clientId: string | null = null,
  attachment: Attachment | null = null,
  /** A seq the caller already took (messagePoster takes it with the row lock). */
  takenSeq?: number,
  /** An assistant message's guide card and buttons. */
  extras: MessageExtras | null = null,
): Promise<Message> {
  const seq = takenSeq ?? (await nextSeq(conversationId));
  // A plain INSERT: the hot path of every chat message (Message.create costs more than the rest
  // of it; bench/chatLoad.ts). A duplicate clientId still raises UniqueConstraintError.
  const values = {
    id: randomUUID(),
    conversationId,
    seq,
    senderType: sender.type,
    senderId: sender.id,
    senderName: sender.name,
    body,
    clientId,
    kind: attachment?.kind ?? ('text' as const),
    attachmentId: attachment?.id ?? null,
    extras,
    createdAt: new Date(),
  };
  await Message.sequelize!.query(
    `INSERT INTO messages (id, conversation_id, seq, sender_type, sender_id, sender_name, body, client_id, kind, attachment_id, extras, created_at)
     VALUES (:id, :conversationId, :seq, :senderType, :senderId, :senderName, :body, :clientId, :kind, :attachmentId, :extras, :createdAt)`,
    { replacements: { ...values, extras: extras ? JSON.stringify(extras) : null } },
  );
  const message = Message.build(values, { isNewRecord: false, raw: true });
  message.attachment = attachment;
  return message;
}

export function appendSystemMessage(conversationId: string, body: string): Promise<Message> {
  return appendMessage(conversationId, { type: 'system', id: null, name: '系统' }, body);
}

/** A message of the assistant (智能助手), with its guide card and buttons. */
export function appendAssistantMessage(
  conversationId: string,
  body: string,
  extras: MessageExtras | null = null,
): Promise<Message> {
  return appendMessage(
    conversationId,
    { type: 'assistant', id: null, name: ASSISTANT_SENDER_NAME },
    body,
    null,
    null,
    undefined,
    extras,
  );
}
