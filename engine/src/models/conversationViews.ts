/**
 * Loading a conversation with everything its view needs, in one query.
 */
import type { ConversationView } from '@cloud-seat/contracts';
import type { FindOptions, InferAttributes } from 'sequelize';
import { presentConversation } from '../presenters/views.js';
import { Citizen } from './citizen.js';
import { Conversation } from './conversation.js';
import { Evaluation } from './evaluation.js';
import { Matter } from './matter.js';
import { queueStandingOf } from './queueStandings.js';
import { Seat } from './seat.js';
import { Ticket } from './ticket.js';

export function conversationViewInclude(): FindOptions<InferAttributes<Conversation>>['include'] {
  return [
    { model: Citizen, as: 'citizen' },
    { model: Seat, as: 'seat' },
    { model: Seat, as: 'requestedSeat' },
    { model: Matter, as: 'matter' },
    { model: Ticket, as: 'ticket' },
    { model: Evaluation, as: 'evaluation' },
  ];
}

export async function loadConversationView(id: string): Promise<ConversationView> {
  const c = await Conversation.findByPk(id, { include: conversationViewInclude() });
  if (!c) throw new Error(`conversation ${id} vanished`);
  return presentConversation(c, c.status === 'queued' ? await queueStandingOf(c.sequelize, c.id) : null);
}

export async function findConversationViews(
  options: FindOptions<InferAttributes<Conversation>>,
): Promise<ConversationView[]> {
  const rows = await Conversation.findAll({ ...options, include: conversationViewInclude() });
  return rows.map((c) => presentConversation(c));
}
