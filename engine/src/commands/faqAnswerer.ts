/**
 * 常见问题 answered at once: when a citizen's text is exactly one of the preset questions of the
 * conversation's region (e.g. a tapped FAQ chip), the engine appends the answer as a system
 * message and records it on the ticket — so a waiting citizen gets help before a seat joins.
 * Runs inside the poster's transaction (CLS).
 */
import { FAQ_ANSWER_SENDER_NAME } from '@cloud-seat/contracts';
import { Op } from 'sequelize';
import { Faq, Ticket, type Conversation, type Message } from '../models/index.js';
import { appendMessage, recordTicketEvent, SYSTEM_ACTOR } from './timeline.js';

/** The answer message, or null when the text is not a preset question of the region. */
export async function answerPresetQuestion(
  conversation: Pick<Conversation, 'id' | 'regionCode' | 'matterId'>,
  text: string,
): Promise<Message | null> {
  const question = text.trim();
  const faq = await Faq.findOne({
    where: {
      regionCode: conversation.regionCode,
      question,
      // A matter-specific question answers only contacts about that matter.
      [Op.or]: [{ matterId: null }, ...(conversation.matterId ? [{ matterId: conversation.matterId }] : [])],
    },
  });
  if (!faq) return null;
  const answer = await appendMessage(
    conversation.id,
    { type: 'system', id: null, name: FAQ_ANSWER_SENDER_NAME },
    faq.answer,
  );
  const ticket = await Ticket.findOne({ where: { conversationId: conversation.id }, attributes: ['id'] });
  if (ticket) await recordTicketEvent(ticket, 'faq_answered', SYSTEM_ACTOR, { faqId: faq.id, question: faq.question });
  return answer;
}
