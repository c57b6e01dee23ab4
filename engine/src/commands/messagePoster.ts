/**
 * A citizen or the serving seat posts a message. Idempotent by the client's id: a retry after a
 * lost answer returns the stored message instead of storing it twice.
 */
import type { MessageView, SendMessageRequest } from '@cloud-seat/contracts';
import { UniqueConstraintError } from 'sequelize';
import type { Principal } from '../domain/auth/permissions.js';
import { errors } from '../errors.js';
import { Conversation, Message } from '../models/index.js';
import { loadConversationView } from '../models/conversationViews.js';
import { presentMessage } from '../presenters/views.js';
import { toParticipants } from '../realtime/publisher.js';
import { inTransaction, type CommandContext } from './context.js';
import { appendMessage } from './timeline.js';

export async function postMessage(
  ctx: CommandContext,
  principal: Principal,
  conversationId: string,
  request: SendMessageRequest,
): Promise<{ message: MessageView; created: boolean }> {
  const existing = await Message.findOne({ where: { conversationId, clientId: request.clientId } });
  if (existing) return { message: presentMessage(existing), created: false };
  try {
    return await inTransaction(ctx, async (after) => {
      const conversation = await Conversation.findByPk(conversationId, { lock: true });
      if (!conversation) throw errors.notFound('会话');
      const sender = senderOf(principal, conversation);
      if (conversation.status === 'ended' || conversation.status === 'abandoned') throw errors.conversationEnded();
      if (sender.type === 'seat' && conversation.status !== 'active') throw errors.invalidState('会话尚未接入');
      const message = await appendMessage(conversation.id, sender, request.body, request.clientId);
      after.add(async () => {
        const view = await loadConversationView(conversation.id);
        toParticipants(ctx.publisher, view, 'message.new', { message: presentMessage(message) });
      });
      return { message: presentMessage(message), created: true };
    });
  } catch (err) {
    // Two concurrent retries of one clientId: the loser returns the winner's message.
    if (err instanceof UniqueConstraintError) {
      const stored = await Message.findOne({ where: { conversationId, clientId: request.clientId } });
      if (stored) return { message: presentMessage(stored), created: false };
    }
    throw err;
  }
}

function senderOf(
  principal: Principal,
  conversation: Conversation,
): { type: 'citizen' | 'seat'; id: string; name: string } {
  if (principal.kind === 'citizen' && principal.citizenId === conversation.citizenId) {
    return { type: 'citizen', id: principal.citizenId, name: principal.displayName };
  }
  if (principal.kind === 'staff' && principal.seatId !== null && principal.seatId === conversation.seatId) {
    return { type: 'seat', id: principal.seatId, name: principal.displayName };
  }
  throw errors.forbidden();
}
