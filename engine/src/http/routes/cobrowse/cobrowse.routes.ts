/**
 * 同屏共享 Co-browsing (issue #9): the citizen starts, pauses and feeds a session; the serving
 * seat asks for one, annotates (highlight, fill guidance, strokes, notes, the laser), shares a
 * matter's guide back and asks for a snapshot; either ends it. Event batches and laser moves are
 * rate limited per session (429 RATE_LIMITED). Each route relays to the
 * other side over the realtime link (commands/cobrowse.ts). The replay is for the same staff as
 * call recordings.
 */
import {
  COBROWSE_LASER_PER_SECOND,
  COBROWSE_MAX_BATCH_BYTES,
  cobrowseAnnotationRequestSchema,
  cobrowseShareRequestSchema,
  cobrowseEventsRequestSchema,
  cobrowseGuidanceAnswerRequestSchema,
  cobrowsePauseRequestSchema,
  startCobrowseRequestSchema,
} from '@cloud-seat/contracts';
import express, { Router, type RequestHandler } from 'express';
import {
  annotateCobrowse,
  answerCobrowseGuidance,
  appendCobrowseEvents,
  cobrowseReplay,
  currentCobrowse,
  endCobrowse,
  pauseCobrowse,
  requestCobrowse,
  shareCobrowse,
  startCobrowse,
  wantCobrowseSnapshot,
} from '../../../commands/cobrowse.js';
import { RateWindow } from '../../../domain/cobrowse/rateWindow.js';
import { errors } from '../../../errors.js';
import type { HttpDeps } from '../../deps.js';
import { principalOf } from '../../middlewares/authenticate.js';
import { assertStaffCanReadConversation, requireCitizen, requireSeat } from '../../middlewares/guards.js';
import { parse } from '../../middlewares/validate.js';
import { idParamSchema } from '../schema.js';
import { sessionParamSchema } from './schema.js';

/** The events route takes larger bodies than the API's default (a page's full snapshot). */
export const COBROWSE_EVENTS_PATH = '/conversations/:id/cobrowse/:sessionId/events';
/** The larger body limit of an events batch, read only for a signed-in citizen (after authenticate). */
export const cobrowseEventsBody: RequestHandler[] = [
  (_req, res, next) => {
    requireCitizen(res);
    next();
  },
  express.json({ limit: COBROWSE_MAX_BATCH_BYTES + 1024 }),
];

/**
 * Most event batches a citizen page sends per session and second: it batches every 50 ms (20 a
 * second), with room for a snapshot and a flush on pause.
 */
export const COBROWSE_BATCHES_PER_SECOND = 40;

export function cobrowseRoutes(deps: HttpDeps): Router {
  const router = Router();
  const { ctx } = deps;
  const batches = new RateWindow(COBROWSE_BATCHES_PER_SECOND, 1000);
  // The panel sends at most COBROWSE_LASER_PER_SECOND; a little room for network bunching.
  const lasers = new RateWindow(Math.ceil(COBROWSE_LASER_PER_SECOND * 1.25), 1000);

  router.get('/conversations/:id/cobrowse', async (req, res) => {
    const { id } = parse(idParamSchema, req.params);
    res.json({ session: await currentCobrowse(principalOf(res), id) });
  });

  router.post('/conversations/:id/cobrowse/request', async (req, res) => {
    const seat = requireSeat(res);
    const { id } = parse(idParamSchema, req.params);
    await requestCobrowse(ctx, seat, id);
    res.status(202).json({ requested: true });
  });

  router.post('/conversations/:id/cobrowse', async (req, res) => {
    const citizen = requireCitizen(res);
    const { id } = parse(idParamSchema, req.params);
    const body = parse(startCobrowseRequestSchema, req.body);
    res.status(201).json({ session: await startCobrowse(ctx, citizen, id, body) });
  });

  router.post(COBROWSE_EVENTS_PATH, async (req, res) => {
    const citizen = requireCitizen(res);
    const { id, sessionId } = parse(sessionParamSchema, req.params);
    const body = parse(cobrowseEventsRequestSchema, req.body);
    if (!batches.take(sessionId, ctx.now().getTime())) throw errors.rateLimited();
    await appendCobrowseEvents(ctx, citizen, id, sessionId, body);
    res.status(204).end();
  });

  router.post('/conversations/:id/cobrowse/:sessionId/snapshot', async (req, res) => {
    const seat = requireSeat(res);
    const { id, sessionId } = parse(sessionParamSchema, req.params);
    await wantCobrowseSnapshot(ctx, seat, id, sessionId);
    res.status(202).json({ requested: true });
  });

  router.post('/conversations/:id/cobrowse/:sessionId/annotations', async (req, res) => {
    const seat = requireSeat(res);
    const { id, sessionId } = parse(sessionParamSchema, req.params);
    const body = parse(cobrowseAnnotationRequestSchema, req.body);
    if (body.kind === 'laser' && !lasers.take(sessionId, ctx.now().getTime())) throw errors.rateLimited();
    res.status(201).json({ annotation: await annotateCobrowse(ctx, seat, id, sessionId, body) });
  });

  /** Two-way: the seat shows the citizen a matter's 办事指南, or stops (`matterId` null). */
  router.put('/conversations/:id/cobrowse/:sessionId/share', async (req, res) => {
    const seat = requireSeat(res);
    const { id, sessionId } = parse(sessionParamSchema, req.params);
    const body = parse(cobrowseShareRequestSchema, req.body);
    res.json({ share: await shareCobrowse(ctx, seat, id, sessionId, body) });
  });

  router.post('/conversations/:id/cobrowse/:sessionId/guidance-answers', async (req, res) => {
    const citizen = requireCitizen(res);
    const { id, sessionId } = parse(sessionParamSchema, req.params);
    const body = parse(cobrowseGuidanceAnswerRequestSchema, req.body);
    await answerCobrowseGuidance(ctx, citizen, id, sessionId, body);
    res.status(204).end();
  });

  router.put('/conversations/:id/cobrowse/:sessionId/pause', async (req, res) => {
    const citizen = requireCitizen(res);
    const { id, sessionId } = parse(sessionParamSchema, req.params);
    const { paused } = parse(cobrowsePauseRequestSchema, req.body);
    res.json({ session: await pauseCobrowse(ctx, citizen, id, sessionId, paused) });
  });

  router.post('/conversations/:id/cobrowse/:sessionId/end', async (req, res) => {
    const { id, sessionId } = parse(sessionParamSchema, req.params);
    res.json({ session: await endCobrowse(ctx, principalOf(res), id, sessionId) });
  });

  /** The audit replay, with the same access as call recordings. */
  router.get('/conversations/:id/cobrowse/:sessionId/replay', async (req, res) => {
    const { id, sessionId } = parse(sessionParamSchema, req.params);
    await assertStaffCanReadConversation(res, id);
    res.setHeader('Cache-Control', 'no-store');
    res.json(await cobrowseReplay(id, sessionId));
  });

  return router;
}
