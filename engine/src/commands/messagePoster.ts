/**
 * A citizen or the serving seat posts a message — text, or an image or file already streamed to
 * the blob store (http/uploads.ts). Idempotent by the client's id: a retry after a lost answer
 * returns the stored message instead of storing it twice.
 */
import type { MessageView, SendMessageRequest } from '@cloud-seat/contracts';
import { UniqueConstraintError } from 'sequelize';
import type { Principal } from '../domain/auth/permissions.js';
import { errors } from '../errors.js';
import { Attachment, Conversation, Message } from '../models/index.js';
import { presentMessage } from '../presenters/views.js';
import { toParticipants } from '../realtime/publisher.js';
import { inTransaction, type CommandContext } from './context.js';
import { answerPresetQuestion } from './faqAnswerer.js';
import { appendMessage } from './timeline.js';

export interface StoredAttachment {
  id: string;
  kind: 'image' | 'file';
  mime: string;
  name: string;
  size: number;
  sha256: string;
  storageKey: string;
  accessKey: string;
}

/** The message a client already posted with this id, if any (a retry). */
export async function findPosted(conversationId: string, clientId: string): Promise<MessageView | null> {
  const existing = await Message.findOne({
    where: { conversationId, clientId },
    include: [{ model: Attachment, as: 'attachment' }],
  });
  return existing ? presentMessage(existing) : null;
}

/** Who may post now, checked before an upload's bytes are read; throws 404/403/409 otherwise. */
export async function assertCanPost(principal: Principal, conversationId: string): Promise<void> {
  const conversation = await Conversation.findByPk(conversationId);
  if (!conversation) throw errors.notFound('会话');
  checkPosting(senderOf(principal, conversation), conversation);
}

function checkPosting(sender: { type: 'citizen' | 'seat' }, conversation: Conversation): void {
  if (conversation.status === 'ended' || conversation.status === 'abandoned') throw errors.conversationEnded();
  if (sender.type === 'seat' && conversation.status !== 'active') throw errors.invalidState('会话尚未接入');
}

export async function postMessage(
  ctx: CommandContext,
  principal: Principal,
  conversationId: string,
  request: SendMessageRequest & { attachment?: StoredAttachment },
): Promise<{ message: MessageView; created: boolean }> {
  const existing = await findPosted(conversationId, request.clientId);
  if (existing) return { message: existing, created: false };
  try {
    return await inTransaction(ctx, async (after) => {
      const conversation = await Conversation.findByPk(conversationId, { lock: true });
      if (!conversation) throw errors.notFound('会话');
      const sender = senderOf(principal, conversation);
      checkPosting(sender, conversation);
      const attachment = request.attachment
        ? await Attachment.create({
            ...request.attachment,
            conversationId,
            uploaderType: sender.type,
            uploaderId: sender.id,
          })
        : null;
      const message = await appendMessage(conversation.id, sender, request.body, request.clientId, attachment);
      const faqAnswer =
        sender.type === 'citizen' && !attachment ? await answerPresetQuestion(conversation, request.body) : null;
      // The participants of the locked row, as committed: loading the whole conversation view
      // for this would cost more than the rest of the post (bench/chatLoad.ts).
      const participants = {
        citizen: { id: conversation.citizenId },
        seat: conversation.seatId ? { id: conversation.seatId } : null,
      };
      after.add(() => {
        for (const m of faqAnswer ? [message, faqAnswer] : [message]) {
          toParticipants(ctx.publisher, participants, 'message.new', { message: presentMessage(m) });
        }
      });
      return { message: presentMessage(message), created: true };
    });
  } catch (err) {
    // Two concurrent retries of one clientId: the loser returns the winner's message.
    if (err instanceof UniqueConstraintError) {
      const stored = await findPosted(conversationId, request.clientId);
      if (stored) return { message: stored, created: false };
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
