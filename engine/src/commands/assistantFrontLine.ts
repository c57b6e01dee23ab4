/**
 * The assistant front line (智能助手) on a conversation: it greets a new conversation, answers each
 * citizen message (ctx.assistant: the embedded NLU or Rasa), and hands the conversation to the
 * ACD queue — with its region, its matter and the whole exchange, which stays in the conversation
 * for the seat — when the citizen says 转人工, complains, has an urgent matter or twice got no
 * confident answer. Out of service hours (no seat on duty) it offers 在线预约 or a 留言 that stays
 * on the ticket instead (domain/assistant/frontLine.ts).
 *
 * A turn understands the message first (the slow part, no lock), then locks the conversation and
 * applies the dialogue step, so quick messages advance it one after the other; a conversation a
 * seat took meanwhile is left alone.
 */
import type { MessageChoice, MessageMatterLink } from '@cloud-seat/contracts';
import { Op } from 'sequelize';
import type { BotAction, HandoffReason } from '../adapters/assistant/index.js';
import type { Understood } from '../adapters/assistant/frontLineAssistant.js';
import {
  AFTER_HOURS_CHOICES,
  AFTER_HOURS_TEXT,
  afterHoursMove,
  greetingText,
  HANDOFF_CHOICE,
  LEAVE_MESSAGE_PROMPT,
  messageLeftText,
  readFrontLineState,
  type FrontLineState,
} from '../domain/assistant/frontLine.js';
import { Citizen, Conversation, Matter, Ticket, type Message, type MessageExtras } from '../models/index.js';
import { seatsOnDuty } from '../models/assistantSettings.js';
import { loadConversationView } from '../models/conversationViews.js';
import { presentMessage } from '../presenters/views.js';
import { toParticipants } from '../realtime/publisher.js';
import type { RegionCode } from '@cloud-seat/contracts';
import { dispatchRegion } from './contactDispatcher.js';
import { inTransaction, type AfterCommit, type CommandContext } from './context.js';
import { recordAssistantMatter } from './conversationMatter.js';
import { queuePlacement } from './queuePlacement.js';
import { appendAssistantMessage, appendSystemMessage, ASSISTANT_ACTOR, recordTicketEvent } from './timeline.js';

/** Inside the starter's transaction: the timeline step and the assistant's greeting. */
export async function openWithAssistant(
  ctx: CommandContext,
  conversation: Conversation,
  ticket: Ticket,
  matter: Matter | null,
  now: Date,
): Promise<void> {
  await recordTicketEvent(ticket, 'assistant_started', ASSISTANT_ACTOR, { assistant: ctx.assistant?.name }, now);
  await appendAssistantMessage(conversation.id, greetingText(matter?.name ?? null), {
    ...(matter ? { matter: { id: matter.id, name: matter.name } } : {}),
    choices: [HANDOFF_CHOICE],
  });
}

/** After a citizen's text message committed on a conversation the assistant serves: its reply. */
export async function runAssistantTurn(ctx: CommandContext, conversationId: string, text: string): Promise<void> {
  const assistant = ctx.assistant;
  if (!assistant) return;
  const before = await Conversation.findByPk(conversationId);
  if (!before || before.status !== 'assistant') return;
  const understand = async (): Promise<Understood> => {
    const [matter, citizen] = await Promise.all([
      before.matterId ? Matter.findByPk(before.matterId, { attributes: ['basicCode'] }) : null,
      Citizen.findByPk(before.citizenId, { attributes: ['elderMode'] }),
    ]);
    return assistant.understand({
      conversationId,
      text,
      regionCode: before.regionCode,
      matterBasicCode: matter?.basicCode || null,
      elderMode: citizen?.elderMode ?? false,
    });
  };
  const earlier = readFrontLineState(before.assistantState);
  let understood =
    earlier.afterHours && afterHoursMove(earlier.afterHours, text).kind !== 'backToAssistant'
      ? null
      : await understand();

  await inTransaction(ctx, async (after) => {
    const conversation = await Conversation.findByPk(conversationId, { lock: true });
    if (!conversation || conversation.status !== 'assistant') return;
    const state = readFrontLineState(conversation.assistantState);
    const replies = new Replies();

    if (state.afterHours) {
      const move = afterHoursMove(state.afterHours, text);
      if (move.kind === 'promptMessage') {
        replies.say(LEAVE_MESSAGE_PROMPT);
        state.afterHours = 'leavingMessage';
      } else if (move.kind === 'offerAgain') {
        replies.say(AFTER_HOURS_TEXT).choices(AFTER_HOURS_CHOICES);
      } else if (move.kind === 'messageLeft') {
        await leaveMessage(ctx, conversation, move.message, replies, after);
        return;
      } else {
        state.afterHours = null;
      }
    }
    if (!state.afterHours) {
      understood ??= await understand();
      const { state: dialogue, actions } = assistant.apply(state.dialogue, understood);
      state.dialogue = dialogue;
      state.turns += 1;
      const handoff = await render(ctx, conversation, actions, replies, after);
      if (handoff) {
        if (await seatsOnDuty(ctx.sequelize, conversation.regionCode as RegionCode, ctx.now())) {
          await handOff(ctx, conversation, handoff, state, replies, after);
          return;
        }
        replies.say(AFTER_HOURS_TEXT).choices(AFTER_HOURS_CHOICES);
        state.afterHours = 'offered';
      }
    }
    await conversation.update({ assistantState: { ...state } });
    await replies.post(ctx, conversation, after);
  });
}

/** The assistant's reply messages of one turn: each `say` a message, a guide card or buttons on the last. */
class Replies {
  private readonly drafts: { body: string; extras: MessageExtras }[] = [];

  say(body: string): this {
    this.drafts.push({ body, extras: {} });
    return this;
  }

  matter(link: MessageMatterLink): this {
    const last = this.drafts.at(-1);
    if (last && !last.extras.matter) last.extras.matter = link;
    else this.drafts.push({ body: `“${link.name}”办事指南`, extras: { matter: link } });
    return this;
  }

  choices(choices: MessageChoice[]): this {
    const last = this.drafts.at(-1);
    if (last && !last.extras.choices) last.extras.choices = choices;
    else this.drafts.push({ body: '请选择：', extras: { choices } });
    return this;
  }

  async post(ctx: CommandContext, conversation: Conversation, after: AfterCommit): Promise<Message[]> {
    const messages: Message[] = [];
    for (const d of this.drafts) {
      messages.push(
        await appendAssistantMessage(conversation.id, d.body, d.extras.matter || d.extras.choices ? d.extras : null),
      );
    }
    publishMessages(ctx, conversation, messages, after);
    return messages;
  }
}

function publishMessages(ctx: CommandContext, conversation: Conversation, messages: Message[], after: AfterCommit) {
  if (messages.length === 0) return;
  const participants = {
    citizen: { id: conversation.citizenId },
    seat: conversation.seatId ? { id: conversation.seatId } : null,
  };
  after.add(() => {
    for (const m of messages) {
      toParticipants(ctx.publisher, participants, 'message.new', { message: presentMessage(m) });
    }
  });
}

/** Writes the actions as replies; returns the handoff reason when the assistant handed off. */
async function render(
  ctx: CommandContext,
  conversation: Conversation,
  actions: readonly BotAction[],
  replies: Replies,
  after: AfterCommit,
): Promise<HandoffReason | null> {
  let handoff: HandoffReason | null = null;
  for (const action of actions) {
    switch (action.kind) {
      case 'say':
        replies.say(action.text);
        break;
      case 'choices':
        if (action.choices.length > 0) replies.choices(action.choices);
        break;
      case 'matter': {
        const matter = await matterOf(conversation.regionCode, action);
        if (matter) {
          replies.matter({ id: matter.id, name: matter.name });
          await recordAssistantMatter(ctx, conversation, matter, after);
        }
        break;
      }
      case 'handoff':
        handoff = action.reason;
        break;
    }
  }
  return handoff;
}

/** The guide an answer links: by its id (embedded), or by 基本编码 in the region, else 市本级 (Rasa). */
async function matterOf(regionCode: string, ref: { matterId?: string; basicCode?: string }): Promise<Matter | null> {
  if (ref.matterId) {
    const matter = await Matter.findByPk(ref.matterId);
    return matter && !matter.withdrawnAt ? matter : null;
  }
  if (!ref.basicCode) return null;
  const candidates = await Matter.findAll({
    where: { basicCode: ref.basicCode, withdrawnAt: { [Op.is]: null } },
  });
  return (
    candidates.find((m) => m.regionCode === regionCode) ?? candidates.find((m) => m.regionCode === '150600') ?? null
  );
}

/** To the ACD queue of the conversation's region and matter category, as a contact starting now. */
async function handOff(
  ctx: CommandContext,
  conversation: Conversation,
  reason: HandoffReason,
  state: FrontLineState,
  replies: Replies,
  after: AfterCommit,
): Promise<void> {
  const now = ctx.now();
  const [matter, citizen] = await Promise.all([
    conversation.matterId ? Matter.findByPk(conversation.matterId) : null,
    Citizen.findByPk(conversation.citizenId),
  ]);
  const placement = await queuePlacement(ctx, {
    regionCode: conversation.regionCode,
    matterCategory: matter?.category ?? null,
    requestedSeat: null,
    appointment: false,
    elder: citizen?.elderMode ?? false,
    now,
  });
  await conversation.update({
    status: 'queued',
    category: placement.category,
    queuedAt: now,
    rankAt: placement.rankAt,
    overflowRegionCode: placement.overflowRegionCode,
    overflowAt: placement.overflowAt,
    assistantState: { ...state },
  });
  const ticket = await Ticket.findOne({ where: { conversationId: conversation.id }, lock: true });
  if (ticket) {
    await ticket.update({ category: placement.category });
    await recordTicketEvent(
      ticket,
      'assistant_handoff',
      ASSISTANT_ACTOR,
      { reason, turns: state.turns, matterId: matter?.id ?? null, matterName: matter?.name ?? null },
      now,
    );
    await recordTicketEvent(
      ticket,
      'queued',
      ASSISTANT_ACTOR,
      { category: placement.category, overflowRegionCode: placement.overflowRegionCode, from: 'assistant' },
      now,
    );
  }
  await replies.post(ctx, conversation, after);
  const notice = await appendSystemMessage(conversation.id, '您已进入排队，正在为您连线坐席，请稍候。');
  publishMessages(ctx, conversation, [notice], after);
  after.add(async () => {
    const view = await loadConversationView(conversation.id);
    toParticipants(ctx.publisher, view, 'conversation.updated', { conversation: view });
    await dispatchRegion(ctx, conversation.regionCode);
  });
}

/** Out of service hours: the citizen's 留言 goes on the ticket (open for the staff) and the conversation ends. */
async function leaveMessage(
  ctx: CommandContext,
  conversation: Conversation,
  message: string,
  replies: Replies,
  after: AfterCommit,
): Promise<void> {
  const now = ctx.now();
  const ticket = await Ticket.findOne({ where: { conversationId: conversation.id }, lock: true });
  const citizen = await Citizen.findByPk(conversation.citizenId);
  if (ticket) {
    await recordTicketEvent(
      ticket,
      'message_left',
      { type: 'citizen', id: conversation.citizenId, name: citizen?.displayName ?? '群众' },
      { message },
      now,
    );
  }
  replies.say(messageLeftText(ticket?.number ?? ''));
  await conversation.update({ status: 'ended', endedAt: now, endedBy: 'citizen', assistantState: null });
  await replies.post(ctx, conversation, after);
  after.add(async () => {
    const view = await loadConversationView(conversation.id);
    toParticipants(ctx.publisher, view, 'conversation.updated', { conversation: view });
  });
}

/** The sweeper: conversations with the assistant silent for `assistantIdleMs` end (the ticket resolved). */
export async function endIdleAssistantConversations(ctx: CommandContext): Promise<number> {
  const cutoff = new Date(ctx.now().getTime() - ctx.settings.assistantIdleMs);
  const idle = await Conversation.findAll({
    where: { status: 'assistant', updatedAt: { [Op.lt]: cutoff } },
    attributes: ['id'],
    limit: 100,
  });
  let ended = 0;
  for (const { id } of idle) {
    await inTransaction(ctx, async (after) => {
      const conversation = await Conversation.findByPk(id, { lock: true });
      if (!conversation || conversation.status !== 'assistant' || conversation.updatedAt >= cutoff) return;
      const now = ctx.now();
      await conversation.update({ status: 'ended', endedAt: now, endedBy: 'system', assistantState: null });
      const ticket = await Ticket.findOne({ where: { conversationId: id }, lock: true });
      if (ticket) {
        await ticket.update({ status: 'resolved' });
        await recordTicketEvent(ticket, 'ended', ASSISTANT_ACTOR, { idle: true }, now);
      }
      const notice = await appendSystemMessage(id, '您长时间没有提问，本次咨询已结束。如需帮助，可随时重新发起咨询。');
      publishMessages(ctx, conversation, [notice], after);
      after.add(async () => {
        const view = await loadConversationView(id);
        toParticipants(ctx.publisher, view, 'conversation.updated', { conversation: view });
      });
      ended += 1;
    });
  }
  return ended;
}
