/**
 * 服务评价: the citizen rates an ended conversation once, with stars or a label (one tap), right
 * after it ends or later from 我的工单 — within EVALUATION_WINDOW_DAYS of its end. Only the
 * citizen of the conversation may rate (a seat cannot rate itself).
 */
import {
  EVALUATION_WINDOW_DAYS,
  SATISFACTION_LABEL_RATING,
  type ConversationView,
  type EvaluationRequest,
} from '@cloud-seat/contracts';
import type { CitizenPrincipal } from '../domain/auth/permissions.js';
import { errors } from '../errors.js';
import { Conversation, Evaluation, Ticket } from '../models/index.js';
import { loadConversationView } from '../models/conversationViews.js';
import { toParticipants } from '../realtime/publisher.js';
import { inTransaction, type CommandContext } from './context.js';
import { recordTicketEvent } from './timeline.js';

export async function recordEvaluation(
  ctx: CommandContext,
  principal: CitizenPrincipal,
  conversationId: string,
  request: EvaluationRequest,
): Promise<ConversationView> {
  await inTransaction(ctx, async (after) => {
    const conversation = await Conversation.findByPk(conversationId, { lock: true });
    if (!conversation || conversation.citizenId !== principal.citizenId) throw errors.notFound('会话');
    if (conversation.status !== 'ended') throw errors.invalidState('服务结束后才能评价');
    if (await Evaluation.findByPk(conversationId)) throw errors.alreadyEvaluated();
    // a 留言 left with the assistant out of hours waits for the staff: rating would close it unread
    const open = await Ticket.findOne({ where: { conversationId, status: 'new' }, attributes: ['id'] });
    if (open) throw errors.invalidState('您的留言还在等待工作人员处理，处理后可在我的工单评价');
    const now = ctx.now();
    const endedAt = conversation.endedAt ?? now;
    if (now.getTime() - endedAt.getTime() > EVALUATION_WINDOW_DAYS * 86_400_000) {
      throw errors.invalidState(`服务结束已超过 ${EVALUATION_WINDOW_DAYS} 天，无法再评价`);
    }

    const rating = request.rating ?? SATISFACTION_LABEL_RATING[request.label!];
    await Evaluation.create({
      conversationId,
      citizenId: principal.citizenId,
      seatId: conversation.seatId ?? null,
      rating,
      label: request.label ?? null,
      comment: request.comment ?? null,
      createdAt: now,
    });
    const ticket = await Ticket.findOne({ where: { conversationId }, lock: true });
    if (ticket) {
      await ticket.update({ satisfaction: rating, status: 'closed', closedAt: now });
      await recordTicketEvent(
        ticket,
        'evaluated',
        { type: 'citizen', id: principal.citizenId, name: principal.displayName },
        { rating, label: request.label ?? null, comment: request.comment ?? null },
        now,
      );
    }
    after.add(async () => {
      const view = await loadConversationView(conversationId);
      toParticipants(ctx.publisher, view, 'conversation.updated', { conversation: view });
    });
  });
  return loadConversationView(conversationId);
}
