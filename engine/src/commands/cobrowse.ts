/**
 * 同屏共享 Co-browsing (issue #9): sessions between a served conversation's citizen and its
 * serving seat only. The citizen's rrweb events and the seat's annotations are relayed to the
 * other side over the realtime link; events are kept for the audit replay, and the start, the
 * end and every annotation go on the ticket's timeline.
 */
import { randomUUID } from 'node:crypto';
import {
  COBROWSE_ANNOTATION_TAG,
  COBROWSE_CUSTOM_EVENT_TYPE,
  COBROWSE_SEAT_BATCH_SEQ,
  APPLICATION_FORM_SAMPLE,
  COBROWSE_SHARE_TAG,
  type CobrowseAnnotation,
  type CobrowseAnnotationKind,
  type CobrowseAnnotationRequest,
  type CobrowseShareRequest,
  type CobrowseShareView,
  type CobrowseEventsRequest,
  type CobrowseGuidanceAnswerRequest,
  type CobrowseReplayView,
  type CobrowseSessionView,
  type CobrowseSide,
  type StartCobrowseRequest,
} from '@cloud-seat/contracts';
import { Op, QueryTypes } from 'sequelize';
import type { CitizenPrincipal, Principal, StaffPrincipal } from '../domain/auth/permissions.js';
import { errors } from '../errors.js';
import { CobrowseBatch, CobrowseSession, Conversation, Matter, Ticket } from '../models/index.js';
import { scenarioThemes } from '../models/catalogEntries.js';
import { assistedBasicCodes } from '../models/matterCatalog.js';
import { presentMatterGuide } from '../presenters/matters.js';
import type { CommandContext } from './context.js';
import { recordTicketEvent, seatActorById, type Actor } from './timeline.js';

type Participants = Pick<Conversation, 'id' | 'citizenId' | 'seatId' | 'regionCode' | 'status'> & { seatId: string };

export function presentCobrowseSession(s: CobrowseSession): CobrowseSessionView {
  return {
    id: s.id,
    conversationId: s.conversationId,
    status: s.status,
    formTitle: s.formTitle,
    startedAt: s.startedAt.toISOString(),
    endedAt: s.endedAt ? s.endedAt.toISOString() : null,
    endedBy: s.endedBy ?? null,
  };
}

/**
 * The conversation, when the principal is its citizen or its serving seat and a seat serves it
 * now; anyone else is refused (co-browsing never reaches a third party).
 */
async function servedConversation(principal: Principal, conversationId: string): Promise<Participants> {
  const c = await Conversation.findByPk(conversationId, {
    attributes: ['id', 'citizenId', 'seatId', 'regionCode', 'status'],
  });
  if (!c) throw errors.notFound('会话');
  if (principal.kind === 'citizen' ? principal.citizenId !== c.citizenId : principal.seatId !== c.seatId) {
    throw errors.notFound('会话');
  }
  if (c.status !== 'active' || !c.seatId) throw errors.invalidState('同屏协助仅在坐席服务时可用');
  return c as Participants;
}

async function sessionOf(conversationId: string, sessionId: string): Promise<CobrowseSession> {
  const session = await CobrowseSession.findOne({ where: { id: sessionId, conversationId } });
  if (!session) throw errors.notFound('同屏会话');
  return session;
}

/**
 * A participant's session in the state the step needs: `active` (nothing is mirrored or marked
 * while the citizen pauses), `open` (active or paused) or `any`.
 */
async function participantSession(
  principal: Principal,
  conversationId: string,
  sessionId: string,
  state: 'active' | 'open' | 'any',
): Promise<{ c: Participants; session: CobrowseSession }> {
  const c = await servedConversation(principal, conversationId);
  const session = await sessionOf(conversationId, sessionId);
  if (state === 'active' && session.status !== 'active') throw errors.invalidState('同屏协助已暂停或已结束');
  if (state === 'open' && session.status === 'ended') throw errors.invalidState('同屏协助已结束');
  return { c, session };
}

async function openSession(conversationId: string): Promise<CobrowseSession | null> {
  return CobrowseSession.findOne({ where: { conversationId, status: { [Op.ne]: 'ended' } } });
}

function sideOf(principal: Principal): CobrowseSide {
  return principal.kind === 'citizen' ? 'citizen' : 'seat';
}

async function actorOf(principal: Principal): Promise<Actor> {
  if (principal.kind === 'citizen') return { type: 'citizen', id: principal.citizenId, name: principal.displayName };
  return seatActorById(principal.seatId!);
}

async function onTimeline(conversationId: string, type: string, actor: Actor, data: Record<string, unknown>) {
  const ticket = await Ticket.findOne({ where: { conversationId }, attributes: ['id'] });
  if (ticket) await recordTicketEvent(ticket, type, actor, data);
}

/** Both sides of a conversation, for the relay. */
function publishBoth<E extends 'cobrowse.started' | 'cobrowse.paused' | 'cobrowse.ended'>(
  ctx: CommandContext,
  c: Participants,
  event: E,
  session: CobrowseSession,
): void {
  const payload = { session: presentCobrowseSession(session) };
  ctx.publisher.toCitizen(c.citizenId, event, payload);
  ctx.publisher.toSeat(c.seatId, event, payload);
}

/** The serving seat asks the citizen to share the form; the citizen's page shows the consent prompt. */
export async function requestCobrowse(ctx: CommandContext, seat: StaffPrincipal, conversationId: string) {
  const c = await servedConversation(seat, conversationId);
  ctx.publisher.toCitizen(c.citizenId, 'cobrowse.request', { conversationId });
}

/** The citizen consented: sharing starts (or the open session goes on, after a reload of the page). */
export async function startCobrowse(
  ctx: CommandContext,
  citizen: CitizenPrincipal,
  conversationId: string,
  body: StartCobrowseRequest,
): Promise<CobrowseSessionView> {
  const c = await servedConversation(citizen, conversationId);
  let session = await openSession(conversationId);
  if (!session) {
    session = await CobrowseSession.create({
      id: randomUUID(),
      conversationId,
      seatId: c.seatId,
      status: 'active',
      formTitle: body.formTitle,
      startedAt: ctx.now(),
    });
    await onTimeline(conversationId, 'cobrowse_started', await actorOf(citizen), {
      sessionId: session.id,
      formTitle: body.formTitle,
    });
  }
  publishBoth(ctx, c, 'cobrowse.started', session);
  return presentCobrowseSession(session);
}

/** The open session of a conversation, for either participant (a page reload, a workbench reopened). */
export async function currentCobrowse(principal: Principal, conversationId: string) {
  await servedConversation(principal, conversationId);
  const session = await openSession(conversationId);
  return session ? presentCobrowseSession(session) : null;
}

/** A batch of the citizen page's rrweb events: kept for the replay, relayed to the serving seat. */
export async function appendCobrowseEvents(
  ctx: CommandContext,
  citizen: CitizenPrincipal,
  conversationId: string,
  sessionId: string,
  body: CobrowseEventsRequest,
): Promise<void> {
  const { c } = await participantSession(citizen, conversationId, sessionId, 'active');
  ctx.publisher.toSeat(c.seatId, 'cobrowse.events', { sessionId, seq: body.seq, events: body.events });
  await CobrowseBatch.create({
    sessionId,
    seq: body.seq,
    events: body.events,
    bytes: Buffer.byteLength(JSON.stringify(body.events)),
  });
}

/** The seat (re)opened the mirror: the citizen page sends a full snapshot. */
export async function wantCobrowseSnapshot(
  ctx: CommandContext,
  seat: StaffPrincipal,
  conversationId: string,
  sessionId: string,
): Promise<void> {
  const { c } = await participantSession(seat, conversationId, sessionId, 'open');
  ctx.publisher.toCitizen(c.citizenId, 'cobrowse.snapshot.wanted', { sessionId });
}

/**
 * Keeps one of the seat's marks (or shares) among the session's batches for the audit replay, as
 * an rrweb custom event the replay can draw.
 */
async function keepSeatEvent(sessionId: string, tag: string, payload: unknown, at: Date): Promise<void> {
  const events = [{ type: COBROWSE_CUSTOM_EVENT_TYPE, timestamp: at.getTime(), data: { tag, payload } }];
  await CobrowseBatch.create({
    sessionId,
    seq: COBROWSE_SEAT_BATCH_SEQ,
    events,
    bytes: Buffer.byteLength(JSON.stringify(events)),
  });
}

/**
 * A mark from the serving seat, to the citizen's page and into the audit batches; each on the
 * ticket's timeline with its kind, except laser moves (counted at the end of the session).
 */
export async function annotateCobrowse(
  ctx: CommandContext,
  seat: StaffPrincipal,
  conversationId: string,
  sessionId: string,
  body: CobrowseAnnotationRequest,
): Promise<CobrowseAnnotation> {
  const { c } = await participantSession(seat, conversationId, sessionId, 'active');
  const annotation: CobrowseAnnotation = { ...body, id: randomUUID() };
  ctx.publisher.toCitizen(c.citizenId, 'cobrowse.annotation', { sessionId, annotation });
  await keepSeatEvent(sessionId, COBROWSE_ANNOTATION_TAG, annotation, ctx.now());
  if (annotation.kind === 'laser') return annotation;
  await onTimeline(conversationId, 'cobrowse_annotation', await actorOf(seat), {
    sessionId,
    annotationId: annotation.id,
    kind: annotation.kind,
    ...(annotation.kind === 'guidance' ? { fieldLabel: annotation.fieldLabel, value: annotation.value } : {}),
    ...(annotation.kind === 'note' ? { text: annotation.text } : {}),
    ...(annotation.kind === 'stroke' ? { points: annotation.points.length } : {}),
  });
  return annotation;
}

/** A matter's guide as the workbench shows it (the public guide, curation included). */
async function matterGuide(ctx: CommandContext, matterId: string) {
  const matter = await Matter.findByPk(matterId);
  if (!matter) throw errors.notFound('事项');
  const [assisted, themes] = await Promise.all([
    assistedBasicCodes(ctx.sequelize),
    scenarioThemes(ctx.sequelize, [matter.basicCode]),
  ]);
  return presentMatterGuide(matter, {
    assistedFiling: assisted.has(matter.basicCode),
    themes: themes.get(matter.basicCode) ?? [],
  });
}

/**
 * Two-way 同屏: the serving seat shows the citizen a matter's 办事指南 or the form's 填写示例 (or
 * stops). Either goes as structured content the citizen's page renders; the seat then highlights
 * its parts.
 */
export async function shareCobrowse(
  ctx: CommandContext,
  seat: StaffPrincipal,
  conversationId: string,
  sessionId: string,
  body: CobrowseShareRequest,
): Promise<CobrowseShareView | null> {
  const { c } = await participantSession(seat, conversationId, sessionId, 'active');
  const share: CobrowseShareView | null =
    'sample' in body
      ? { kind: 'sample', sample: APPLICATION_FORM_SAMPLE }
      : body.matterId
        ? { kind: 'guide', guide: await matterGuide(ctx, body.matterId) }
        : null;
  ctx.publisher.toCitizen(c.citizenId, 'cobrowse.shared', { sessionId, share });
  const kept = !share
    ? null
    : share.kind === 'guide'
      ? { kind: share.kind, matterId: share.guide.id, matterName: share.guide.name }
      : { kind: share.kind, title: share.sample.title };
  await keepSeatEvent(sessionId, COBROWSE_SHARE_TAG, kept, ctx.now());
  if (kept) await onTimeline(conversationId, 'cobrowse_shared', await actorOf(seat), { sessionId, ...kept });
  return share;
}

/** How many marks of each kind the seat sent in a session (from the audit batches). */
export async function cobrowseAnnotationCounts(
  sessionId: string,
): Promise<Partial<Record<CobrowseAnnotationKind, number>>> {
  const rows = await CobrowseBatch.sequelize!.query<{ kind: CobrowseAnnotationKind; n: string }>(
    `SELECT e -> 'data' -> 'payload' ->> 'kind' AS kind, count(*) AS n
       FROM cobrowse_batches b, jsonb_array_elements(b.events) e
      WHERE b.session_id = :sessionId AND b.seq = :seq AND e -> 'data' ->> 'tag' = :tag
      GROUP BY 1`,
    {
      type: QueryTypes.SELECT,
      replacements: { sessionId, seq: COBROWSE_SEAT_BATCH_SEQ, tag: COBROWSE_ANNOTATION_TAG },
    },
  );
  return Object.fromEntries(rows.map((r) => [r.kind, Number(r.n)]));
}

/** The citizen's 采用 / 忽略 on fill guidance, to the seat (the citizen's own tap fills the field). */
export async function answerCobrowseGuidance(
  ctx: CommandContext,
  citizen: CitizenPrincipal,
  conversationId: string,
  sessionId: string,
  body: CobrowseGuidanceAnswerRequest,
): Promise<void> {
  const { c } = await participantSession(citizen, conversationId, sessionId, 'open');
  ctx.publisher.toSeat(c.seatId, 'cobrowse.guidance.answer', { sessionId, ...body });
}

/** 暂停 / 继续: the citizen only. */
export async function pauseCobrowse(
  ctx: CommandContext,
  citizen: CitizenPrincipal,
  conversationId: string,
  sessionId: string,
  paused: boolean,
): Promise<CobrowseSessionView> {
  const { c, session } = await participantSession(citizen, conversationId, sessionId, 'open');
  await session.update({ status: paused ? 'paused' : 'active' });
  publishBoth(ctx, c, 'cobrowse.paused', session);
  return presentCobrowseSession(session);
}

/** 结束 by either side; ending an ended session changes nothing. */
export async function endCobrowse(
  ctx: CommandContext,
  principal: Principal,
  conversationId: string,
  sessionId: string,
): Promise<CobrowseSessionView> {
  const { c, session } = await participantSession(principal, conversationId, sessionId, 'any');
  if (session.status === 'ended') return presentCobrowseSession(session);
  const by = sideOf(principal);
  await session.update({ status: 'ended', endedAt: ctx.now(), endedBy: by });
  await onTimeline(conversationId, 'cobrowse_ended', await actorOf(principal), {
    sessionId,
    endedBy: by,
    annotations: await cobrowseAnnotationCounts(sessionId),
  });
  publishBoth(ctx, c, 'cobrowse.ended', session);
  return presentCobrowseSession(session);
}

/**
 * The conversation ended: its open session ends with it (`endedBy` null), on the timeline with
 * the conversation's ending actor. Runs inside the ending transaction; the caller publishes the
 * returned view after commit.
 */
export async function endCobrowseWithConversation(
  conversationId: string,
  ticket: Pick<Ticket, 'id'> | null,
  actor: Actor,
  now: Date,
): Promise<CobrowseSessionView | null> {
  const session = await openSession(conversationId);
  if (!session) return null;
  await session.update({ status: 'ended', endedAt: now, endedBy: null });
  if (ticket) {
    const annotations = await cobrowseAnnotationCounts(session.id);
    await recordTicketEvent(
      ticket,
      'cobrowse_ended',
      actor,
      { sessionId: session.id, endedBy: null, annotations },
      now,
    );
  }
  return presentCobrowseSession(session);
}

/**
 * The audit replay: the session and all its recorded events in order, the seat's marks and shares
 * among them as custom events (access checked by the route).
 */
export async function cobrowseReplay(conversationId: string, sessionId: string): Promise<CobrowseReplayView> {
  const session = await sessionOf(conversationId, sessionId);
  const batches = await CobrowseBatch.findAll({ where: { sessionId }, order: [['id', 'ASC']], attributes: ['events'] });
  return { session: presentCobrowseSession(session), events: batches.flatMap((b) => b.events) };
}
