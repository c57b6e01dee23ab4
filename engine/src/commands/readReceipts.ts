/**
 * Read receipts and typing: what each side of a live conversation tells the other. Only the
 * conversation's citizen and its serving seat take part; other readers (supervisors) are
 * silent. Nothing here is a message: typing is not stored, a read mark only moves forward.
 */
import type { ConversationSide } from '@cloud-seat/contracts';
import { QueryTypes } from 'sequelize';
import type { Principal } from '../domain/auth/permissions.js';
import { errors } from '../errors.js';
import { Conversation } from '../models/index.js';
import type { ServerEventPayload } from '../realtime/publisher.js';
import type { CommandContext } from './context.js';

/** Which side of the conversation the principal is on, or 404/403. */
async function sideOf(
  principal: Principal,
  conversationId: string,
): Promise<{ side: ConversationSide; c: Conversation }> {
  const c = await Conversation.findByPk(conversationId, {
    attributes: ['id', 'citizenId', 'seatId', 'status', 'lastSeq'],
  });
  if (!c) throw errors.notFound('会话');
  if (principal.kind === 'citizen') {
    if (principal.citizenId !== c.citizenId) throw errors.notFound('会话');
    return { side: 'citizen', c };
  }
  if (principal.seatId !== null && principal.seatId === c.seatId) return { side: 'seat', c };
  throw errors.forbidden();
}

function toOtherSide<E extends 'conversation.read' | 'conversation.typing'>(
  ctx: CommandContext,
  c: Conversation,
  side: ConversationSide,
  event: E,
  payload: ServerEventPayload<E>,
): void {
  if (side === 'seat') ctx.publisher.toCitizen(c.citizenId, event, payload);
  else if (c.seatId) ctx.publisher.toSeat(c.seatId, event, payload);
}

/** Marks the conversation read up to `seq` (capped at the last message); tells the other side when it moved. */
export async function markRead(
  ctx: CommandContext,
  principal: Principal,
  conversationId: string,
  seq: number,
): Promise<{ seq: number }> {
  const { side, c } = await sideOf(principal, conversationId);
  const column = side === 'citizen' ? 'citizen_read_seq' : 'seat_read_seq';
  // Forward only, and never past the last message; one statement, so concurrent marks cannot go back.
  const rows = await ctx.sequelize.query<{ read: number }>(
    `UPDATE conversations SET ${column} = LEAST(:seq, last_seq)
      WHERE id = :id AND ${column} < LEAST(:seq, last_seq)
      RETURNING ${column} AS read`,
    { type: QueryTypes.SELECT, replacements: { id: conversationId, seq } },
  );
  const moved = rows[0]?.read;
  if (moved === undefined) {
    const current = await Conversation.findByPk(conversationId, { attributes: ['citizenReadSeq', 'seatReadSeq'] });
    return { seq: side === 'citizen' ? current!.citizenReadSeq : current!.seatReadSeq };
  }
  toOtherSide(ctx, c, side, 'conversation.read', { conversationId, by: side, seq: moved });
  return { seq: moved };
}

/** The principal is typing: the other side hears it (nothing is stored). */
export async function signalTyping(ctx: CommandContext, principal: Principal, conversationId: string): Promise<void> {
  const { side, c } = await sideOf(principal, conversationId);
  if (c.status !== 'active') return;
  toOtherSide(ctx, c, side, 'conversation.typing', { conversationId, by: side });
}
