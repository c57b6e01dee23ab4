/**
 * The matter a conversation concerns (SPEC 16): pushed by the serving seat from its search box,
 * or detected from the citizen's words when the conversation has none. The conversation and its
 * ticket record it, the timeline says how, and both sides get `conversation.updated` so the
 * matter's guide shows beside the chat on both sides. (Carried from the guide page: set when the
 * contact starts, conversationStarter.ts.)
 */
import type { ConversationView, MatterSource } from '@cloud-seat/contracts';
import type { StaffPrincipal } from '../domain/auth/permissions.js';
import { errors } from '../errors.js';
import { Conversation, Matter, Ticket } from '../models/index.js';
import { loadConversationView } from '../models/conversationViews.js';
import { toParticipants } from '../realtime/publisher.js';
import { inTransaction, type AfterCommit, type CommandContext } from './context.js';
import { ASSISTANT_ACTOR, recordTicketEvent, seatActorById, SYSTEM_ACTOR, type Actor } from './timeline.js';

/** The serving seat sets the conversation's matter (an active matter of the conversation's region). */
export async function setConversationMatter(
  ctx: CommandContext,
  seat: StaffPrincipal & { seatId: string },
  conversationId: string,
  matterId: string,
): Promise<ConversationView> {
  await inTransaction(ctx, async (after) => {
    const conversation = await Conversation.findByPk(conversationId, { lock: true });
    if (!conversation) throw errors.notFound('会话');
    if (conversation.seatId !== seat.seatId) throw errors.forbidden();
    if (conversation.status !== 'active') throw errors.invalidState('会话不在服务中，不能更改事项');
    const matter = await Matter.findByPk(matterId);
    if (!matter || matter.regionCode !== conversation.regionCode || matter.withdrawnAt) {
      throw errors.notFound('该区域的事项');
    }
    if (conversation.matterId === matter.id) return;
    await recordMatter(ctx, conversation, matter, 'seat', await seatActorById(seat.seatId), after);
  });
  return loadConversationView(conversationId);
}

/**
 * Inside a citizen's post (the conversation row is locked by it): when the conversation has no
 * matter yet and the words name exactly one matter of the region, record it as detected.
 */
export async function detectConversationMatter(
  ctx: CommandContext,
  conversation: Pick<Conversation, 'id' | 'regionCode' | 'matterId'>,
  text: string,
  after: AfterCommit,
): Promise<void> {
  if (conversation.matterId !== null || text.trim() === '') return;
  const found = await ctx.catalog.detect(conversation.regionCode, text);
  if (!found) return;
  const [row, matter] = await Promise.all([Conversation.findByPk(conversation.id), Matter.findByPk(found.id)]);
  if (!row || !matter || matter.withdrawnAt) return;
  await recordMatter(ctx, row, matter, 'detected', SYSTEM_ACTOR, after);
}

/** The assistant answered from a matter's guide: the conversation concerns it when it had none. */
export async function recordAssistantMatter(
  ctx: CommandContext,
  conversation: Conversation,
  matter: Matter,
  after: AfterCommit,
): Promise<void> {
  if (conversation.matterId !== null || matter.withdrawnAt) return;
  await recordMatter(ctx, conversation, matter, 'detected', ASSISTANT_ACTOR, after);
}

async function recordMatter(
  ctx: CommandContext,
  conversation: Conversation,
  matter: Matter,
  source: MatterSource,
  actor: Actor,
  after: AfterCommit,
): Promise<void> {
  await conversation.update({ matterId: matter.id, matterSource: source });
  const ticket = await Ticket.findOne({ where: { conversationId: conversation.id } });
  if (ticket) {
    await ticket.update({ matterId: matter.id });
    await recordTicketEvent(ticket, 'matter_set', actor, { matterId: matter.id, name: matter.name, source }, ctx.now());
  }
  after.add(async () => {
    const view = await loadConversationView(conversation.id);
    toParticipants(ctx.publisher, view, 'conversation.updated', { conversation: view });
  });
}
