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
import { runAssistantTurn } from './assistantFrontLine.js';
import { detectConversationMatter } from './conversationMatter.js';
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

function checkPosting(sender: { type: 'citizen' | 'seat' }, conversation: Pick<Conversation, 'status'>): void {
  if (conversation.status === 'ended' || conversation.status === 'abandoned') throw errors.conversationEnded();
  if (sender.type === 'seat' && conversation.status !== 'active') throw errors.invalidState('会话尚未接入');
}

/** Thrown inside the transaction to roll it back and answer with the message stored before. */
class AlreadyPosted {
  constructor(readonly message: MessageView) {}
}

/** What posting needs of the conversation row. */
type PostingRow = Pick<Conversation, 'id' | 'citizenId' | 'seatId' | 'status' | 'regionCode' | 'matterId'>;

/**
 * Locks the conversation row and takes the next seq in one statement. A refused post throws,
 * so the transaction rolls the seq back with it.
 */
async function lockAndTakeSeq(
  ctx: CommandContext,
  conversationId: string,
): Promise<{ row: PostingRow; seq: number } | null> {
  const [rows] = (await ctx.sequelize.query(
    `UPDATE conversations SET last_seq = last_seq + 1, updated_at = now() WHERE id = :id
     RETURNING id, citizen_id, seat_id, status, region_code, matter_id, last_seq`,
    { replacements: { id: conversationId } },
  )) as [
    Array<{
      id: string;
      citizen_id: string;
      seat_id: string | null;
      status: Conversation['status'];
      region_code: string;
      matter_id: string | null;
      last_seq: number;
    }>,
    unknown,
  ];
  const r = rows[0];
  if (!r) return null;
  return {
    row: {
      id: r.id,
      citizenId: r.citizen_id,
      seatId: r.seat_id,
      status: r.status,
      regionCode: r.region_code,
      matterId: r.matter_id,
    },
    seq: r.last_seq,
  };
}

export async function postMessage(
  ctx: CommandContext,
  principal: Principal,
  conversationId: string,
  request: SendMessageRequest & { attachment?: StoredAttachment },
): Promise<{ message: MessageView; created: boolean }> {
  try {
    return await inTransaction(ctx, async (after) => {
      // No read before: a retried clientId is rare and caught by the unique key (below) or,
      // once the conversation ended, by the look-up before refusing.
      const locked = await lockAndTakeSeq(ctx, conversationId);
      if (!locked) throw errors.notFound('会话');
      const conversation = locked.row;
      const sender = senderOf(principal, conversation);
      try {
        checkPosting(sender, conversation);
      } catch (refusal) {
        // A retry of a message stored before the end gets its message; the rollback undoes the seq.
        const earlier = await findPosted(conversationId, request.clientId);
        throw earlier ? new AlreadyPosted(earlier) : refusal;
      }
      const attachment = request.attachment
        ? await Attachment.create({
            ...request.attachment,
            conversationId,
            uploaderType: sender.type,
            uploaderId: sender.id,
          })
        : null;
      const message = await appendMessage(
        conversation.id,
        sender,
        request.body,
        request.clientId,
        attachment,
        locked.seq,
      );
      const withAssistant = conversation.status === 'assistant';
      // the assistant answers preset questions itself (its knowledge holds the FAQ)
      const faqAnswer =
        sender.type === 'citizen' && !attachment && !withAssistant
          ? await answerPresetQuestion(conversation, request.body)
          : null;
      if (sender.type === 'citizen' && !attachment) {
        await detectConversationMatter(ctx, conversation, request.body, after);
      }
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
      if (withAssistant && sender.type === 'citizen') {
        // not awaited: the citizen's post returns at once; the reply arrives as message.new
        after.add(() => {
          runAssistantTurn(ctx, conversation.id, attachment ? `[${attachment.name}]` : request.body).catch(
            (err: unknown) => ctx.logger.error({ err, conversationId: conversation.id }, 'assistant turn failed'),
          );
        });
      }
      return { message: presentMessage(message), created: true };
    });
  } catch (err) {
    if (err instanceof AlreadyPosted) return { message: err.message, created: false };
    // A retry (or two concurrent ones) of one clientId: the loser returns the winner's message.
    if (err instanceof UniqueConstraintError) {
      const stored = await findPosted(conversationId, request.clientId);
      if (stored) return { message: stored, created: false };
    }
    throw err;
  }
}

function senderOf(
  principal: Principal,
  conversation: Pick<Conversation, 'citizenId' | 'seatId'>,
): { type: 'citizen' | 'seat'; id: string; name: string } {
  if (principal.kind === 'citizen' && principal.citizenId === conversation.citizenId) {
    return { type: 'citizen', id: principal.citizenId, name: principal.displayName };
  }
  if (principal.kind === 'staff' && principal.seatId !== null && principal.seatId === conversation.seatId) {
    return { type: 'seat', id: principal.seatId, name: principal.displayName };
  }
  throw errors.forbidden();
}
