/**
 * 快捷回复: a seat's phrases (its own and its team's, searched and rendered for one of its
 * conversations), its own phrases' CRUD, and team phrases managed by staff with
 * quick_reply.manage in their region scope. Also mounts the FAQ routes (常见问题).
 */
import {
  quickRepliesQuerySchema,
  quickReplyRequestSchema,
  teamQuickRepliesQuerySchema,
  teamQuickReplyRequestSchema,
} from '@cloud-seat/contracts';
import { Router } from 'express';
import { phrasesOfSeat, savePhrase, variableValues } from '../../../commands/quickReplyLibrary.js';
import { rankPhrases, renderPhrase } from '../../../domain/conversations/quickReplies.js';
import { errors } from '../../../errors.js';
import { QuickReply, Seat } from '../../../models/index.js';
import { loadConversationView } from '../../../models/conversationViews.js';
import { presentQuickReply } from '../../../presenters/quickReplies.js';
import type { HttpDeps } from '../../deps.js';
import { assertCanReadConversation, assertRegionInScope, requireSeat, requireStaff } from '../../middlewares/guards.js';
import { parse } from '../../middlewares/validate.js';
import { idParamSchema } from '../schema.js';
import { faqRoutes } from './faqs.routes.js';

export function quickReplyRoutes(deps: HttpDeps): Router {
  const router = Router();

  router.get('/seat/quick-replies', async (req, res) => {
    const principal = requireSeat(res);
    const query = parse(quickRepliesQuerySchema, req.query);
    const seat = await seatOf(principal.seatId);
    let render = (text: string) => text;
    if (query.conversationId) {
      const conversation = await loadConversationView(query.conversationId).catch(() => null);
      if (!conversation) throw errors.notFound('会话');
      assertCanReadConversation(principal, {
        citizenId: conversation.citizen.id,
        seatId: conversation.seat?.id ?? null,
        regionCode: conversation.regionCode,
      });
      const values = variableValues(conversation, seat);
      render = (text) => renderPhrase(text, values);
    }
    const searchable = (await phrasesOfSeat(seat)).map((phrase) => ({ ...phrase.get(), text: phrase.body, phrase }));
    const ranked = rankPhrases(searchable, query.q);
    res.json({ quickReplies: ranked.map(({ phrase }) => presentQuickReply(phrase, render(phrase.body))) });
  });

  router.post('/seat/quick-replies', async (req, res) => {
    const principal = requireSeat(res);
    const body = parse(quickReplyRequestSchema, req.body);
    const phrase = await savePhrase(null, body, { scope: 'personal', seatId: principal.seatId }, principal.accountId);
    res.status(201).json({ quickReply: presentQuickReply(phrase) });
  });

  router.put('/seat/quick-replies/:id', async (req, res) => {
    const principal = requireSeat(res);
    const { id } = parse(idParamSchema, req.params);
    const body = parse(quickReplyRequestSchema, req.body);
    const phrase = await ownPhrase(id, principal.seatId);
    const saved = await savePhrase(phrase, body, { scope: 'personal', seatId: principal.seatId }, principal.accountId);
    res.json({ quickReply: presentQuickReply(saved) });
  });

  router.delete('/seat/quick-replies/:id', async (req, res) => {
    const principal = requireSeat(res);
    const { id } = parse(idParamSchema, req.params);
    await (await ownPhrase(id, principal.seatId)).destroy();
    res.status(204).end();
  });

  router.get('/quick-replies/team', async (req, res) => {
    const principal = requireStaff(res, 'quick_reply.manage');
    const query = parse(teamQuickRepliesQuerySchema, req.query);
    const regionCode = query.regionCode ?? principal.regionCode;
    assertRegionInScope(principal, regionCode);
    const phrases = await QuickReply.findAll({
      where: { scope: 'team', regionCode, ...(query.category ? { category: query.category } : {}) },
      order: [
        ['category', 'ASC'],
        ['shortcut', 'ASC'],
      ],
    });
    res.json({ quickReplies: phrases.map((p) => presentQuickReply(p)) });
  });

  router.post('/quick-replies/team', async (req, res) => {
    const principal = requireStaff(res, 'quick_reply.manage');
    const body = parse(teamQuickReplyRequestSchema, req.body);
    assertRegionInScope(principal, body.regionCode);
    const phrase = await savePhrase(null, body, { scope: 'team', ...body }, principal.accountId);
    res.status(201).json({ quickReply: presentQuickReply(phrase) });
  });

  router.put('/quick-replies/team/:id', async (req, res) => {
    const principal = requireStaff(res, 'quick_reply.manage');
    const { id } = parse(idParamSchema, req.params);
    const body = parse(teamQuickReplyRequestSchema, req.body);
    const phrase = await teamPhrase(id);
    assertRegionInScope(principal, phrase.regionCode!);
    assertRegionInScope(principal, body.regionCode);
    const saved = await savePhrase(phrase, body, { scope: 'team', ...body }, principal.accountId);
    res.json({ quickReply: presentQuickReply(saved) });
  });

  router.delete('/quick-replies/team/:id', async (req, res) => {
    const principal = requireStaff(res, 'quick_reply.manage');
    const { id } = parse(idParamSchema, req.params);
    const phrase = await teamPhrase(id);
    assertRegionInScope(principal, phrase.regionCode!);
    await phrase.destroy();
    res.status(204).end();
  });

  router.use(faqRoutes(deps));
  return router;
}

async function seatOf(seatId: string): Promise<Seat> {
  const seat = await Seat.findByPk(seatId);
  if (!seat) throw errors.noSeatProfile();
  return seat;
}

/** A personal phrase of this seat: 404 when there is none, 403 when it is another seat's or a team phrase. */
async function ownPhrase(id: string, seatId: string): Promise<QuickReply> {
  const phrase = await QuickReply.findByPk(id);
  if (!phrase) throw errors.notFound('快捷短语');
  if (phrase.scope !== 'personal' || phrase.seatId !== seatId) throw errors.forbidden();
  return phrase;
}

async function teamPhrase(id: string): Promise<QuickReply> {
  const phrase = await QuickReply.findByPk(id);
  if (!phrase || phrase.scope !== 'team') throw errors.notFound('团队短语');
  return phrase;
}
