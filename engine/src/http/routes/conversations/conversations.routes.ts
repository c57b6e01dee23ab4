/** Conversations: start (citizen), read, messages, matter (seat), end, evaluation. */
import {
  conversationMatterRequestSchema,
  createConversationRequestSchema,
  evaluationRequestSchema,
  listMessagesQuerySchema,
  readRequestSchema,
  sendMessageRequestSchema,
  transferRequestSchema,
  waitChoiceRequestSchema,
} from '@cloud-seat/contracts';
import { Router } from 'express';
import { Op } from 'sequelize';
import { startConversation } from '../../../commands/conversationStarter.js';
import { endConversation } from '../../../commands/conversationEnder.js';
import { setConversationMatter } from '../../../commands/conversationMatter.js';
import { requestTransfer } from '../../../commands/conversationTransfer.js';
import { recordEvaluation } from '../../../commands/evaluationRecorder.js';
import { postMessage } from '../../../commands/messagePoster.js';
import { markRead, signalTyping } from '../../../commands/readReceipts.js';
import { answerWaitChoice } from '../../../commands/waitChoice.js';
import { errors } from '../../../errors.js';
import { Attachment, Conversation, Message } from '../../../models/index.js';
import { loadConversationView } from '../../../models/conversationViews.js';
import { presentMessage } from '../../../presenters/views.js';
import type { HttpDeps } from '../../deps.js';
import { principalOf } from '../../middlewares/authenticate.js';
import { assertCanReadConversation, requireCitizen, requireSeat } from '../../middlewares/guards.js';
import { parse } from '../../middlewares/validate.js';
import { idParamSchema } from '../schema.js';

export function conversationRoutes(deps: HttpDeps): Router {
  const router = Router();

  async function readable(res: Parameters<typeof principalOf>[0], id: string) {
    const conversation = await Conversation.findByPk(id);
    if (!conversation) throw errors.notFound('会话');
    assertCanReadConversation(principalOf(res), conversation);
    return conversation;
  }

  router.post('/conversations', async (req, res) => {
    const citizen = requireCitizen(res);
    const body = parse(createConversationRequestSchema, req.body);
    const { conversation, created } = await startConversation(deps.ctx, citizen, body);
    res.status(created ? 201 : 200).json(conversation);
  });

  router.get('/conversations/:id', async (req, res) => {
    const { id } = parse(idParamSchema, req.params);
    await readable(res, id);
    res.json(await loadConversationView(id));
  });

  router.get('/conversations/:id/messages', async (req, res) => {
    const { id } = parse(idParamSchema, req.params);
    const query = parse(listMessagesQuerySchema, req.query);
    await readable(res, id);
    const messages = await Message.findAll({
      where: { conversationId: id, seq: { [Op.gt]: query.afterSeq } },
      include: [{ model: Attachment, as: 'attachment' }],
      order: [['seq', 'ASC']],
      limit: query.limit,
    });
    res.json({ messages: messages.map(presentMessage) });
  });

  router.post('/conversations/:id/messages', async (req, res) => {
    const { id } = parse(idParamSchema, req.params);
    const body = parse(sendMessageRequestSchema, req.body);
    const { message, created } = await postMessage(deps.ctx, principalOf(res), id, body);
    res.status(created ? 201 : 200).json(message);
  });

  /** Read receipts: the caller has shown the conversation up to `seq`. */
  router.post('/conversations/:id/read', async (req, res) => {
    const { id } = parse(idParamSchema, req.params);
    const body = parse(readRequestSchema, req.body);
    res.json(await markRead(deps.ctx, principalOf(res), id, body.seq));
  });

  /** 对方正在输入: sent every few seconds while typing; the other side shows it briefly. */
  router.post('/conversations/:id/typing', async (req, res) => {
    const { id } = parse(idParamSchema, req.params);
    await signalTyping(deps.ctx, principalOf(res), id);
    res.status(204).end();
  });

  router.post('/conversations/:id/end', async (req, res) => {
    const { id } = parse(idParamSchema, req.params);
    res.json(await endConversation(deps.ctx, principalOf(res), id));
  });

  /** 工单流转: the serving seat hands the live conversation to another seat or a team's queue. */
  router.post('/conversations/:id/transfer', async (req, res) => {
    const seat = requireSeat(res);
    const { id } = parse(idParamSchema, req.params);
    const body = parse(transferRequestSchema, req.body);
    const outcome = await requestTransfer(deps.ctx, seat, id, body);
    res.status(outcome.kind === 'offered' ? 202 : 200).json(outcome);
  });

  /** The serving seat sets the matter the conversation concerns (its guide shows on both sides). */
  router.put('/conversations/:id/matter', async (req, res) => {
    const seat = requireSeat(res);
    const { id } = parse(idParamSchema, req.params);
    const body = parse(conversationMatterRequestSchema, req.body);
    res.json(await setConversationMatter(deps.ctx, seat, id, body.matterId));
  });

  /** The citizen's answer when the chosen seat has not answered in time. */
  router.post('/conversations/:id/wait-choice', async (req, res) => {
    const citizen = requireCitizen(res);
    const { id } = parse(idParamSchema, req.params);
    const body = parse(waitChoiceRequestSchema, req.body);
    res.json({ conversation: await answerWaitChoice(deps.ctx, citizen, id, body) });
  });

  router.post('/conversations/:id/evaluation', async (req, res) => {
    const citizen = requireCitizen(res);
    const { id } = parse(idParamSchema, req.params);
    const body = parse(evaluationRequestSchema, req.body);
    res.json(await recordEvaluation(deps.ctx, citizen, id, body));
  });

  return router;
}
