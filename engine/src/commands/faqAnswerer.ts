/**
 * 常见问题 answered at once: when a citizen's text is one of the preset questions of the
 * conversation's region (a tapped FAQ chip, or typed the same but for white space and closing
 * punctuation — see questionKey), the engine appends the answer as a system
 * message and records it on the ticket — so a waiting citizen gets help before a seat joins.
 * Runs inside the poster's transaction (CLS).
 */
import { FAQ_ANSWER_SENDER_NAME } from '@cloud-seat/contracts';
import { Op } from 'sequelize';
import { questionKey } from '../domain/conversations/quickReplies.js';
import { Faq, Ticket, type Conversation, type Message } from '../models/index.js';
import { appendMessage, recordTicketEvent, SYSTEM_ACTOR } from './timeline.js';

/** Preset questions are at most 60 characters (faqRequestSchema): longer texts are never one. */
const MAX_QUESTION_LENGTH = 60;

/** The answer message, or null when the text is not a preset question of the region. */
export async function answerPresetQuestion(
  conversation: Pick<Conversation, 'id' | 'regionCode' | 'matterId'>,
  text: string,
): Promise<Message | null> {
  const key = questionKey(text);
  if (key.length < 2 || key.length > MAX_QUESTION_LENGTH) return null;
  const candidates = await Faq.findAll({
    where: {
      regionCode: conversation.regionCode,
      // A matter-specific question answers only contacts about that matter.
      [Op.or]: [{ matterId: null }, ...(conversation.matterId ? [{ matterId: conversation.matterId }] : [])],
    },
    order: [['sort', 'ASC']],
  });
  const faq = candidates.find((f) => questionKey(f.question) === key);
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
