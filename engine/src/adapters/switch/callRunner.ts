/**
 * One call through the embedded switch: runs the verbs of the pure session
 * (domain/calls/callSession.ts) on the SIP legs and the media server, and feeds their results
 * back as events. Events are handled one at a time (a promise chain per call), so a BYE racing
 * an answer never sees a half-applied step.
 */
import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { CALL_STATE_CONTENT_TYPE, type CallMedia, type SwitchCallPhase } from '@cloud-seat/contracts';
import { acceptOffer, declineOffer, expireOffers } from '../../commands/offerResponder.js';
import { dtmfRelayBody, parseDtmfInfo } from '../sip/dtmf.js';
import type { SipRequest } from '../sip/message.js';
import { endConversation } from '../../commands/conversationEnder.js';
import { recordCallLegs, recordCallRecording } from '../../commands/callRecords.js';
import type { CommandContext } from '../../commands/context.js';
import {
  callStep,
  newCallSession,
  ringingLegs,
  type CallEvent,
  type CallSession,
  type HangupCause,
  type Verb,
} from '../../domain/calls/callSession.js';
import type { CitizenPrincipal, StaffPrincipal } from '../../domain/auth/permissions.js';
import { Conversation, Offer, Seat } from '../../models/index.js';
import type { RecordingFileEntry } from '../../models/recording.js';
import type { Bridge, MediaEndpoint, MediaServer, Playback, Recording } from '../media/mediaServer.js';
import { run } from '../media/mixRecording.js';
import type { IncomingCall } from '../sip/calls.js';
import type { SipServer } from '../sip/sipServer.js';
import { OutgoingLeg } from './outgoingLeg.js';

export interface CallRunnerDeps {
  ctx: CommandContext;
  sip: SipServer;
  media: MediaServer;
  domain: string;
  recordingsDir: string;
  clips: { waiting: string; holdMusic: string };
  /** The SIP user a seat's softphone registers as. */
  seatUser(jobNumber: string): string;
  /** Called once the call is over and written down. */
  done(runner: CallRunner): void;
}

/** How often a waiting call looks for an offer it was not told about. */
const RECHECK_MS = 3_000;

interface SeatLeg {
  seatId: string;
  offerId: string | null;
  endpoint: MediaEndpoint | null;
  sip: OutgoingLeg | null;
}

/** A seat acting through the switch: only its seat id is read by the offer and end commands. */
function seatPrincipal(seat: { id: string; name: string; regionCode: string }): StaffPrincipal {
  return {
    kind: 'staff',
    accountId: '',
    role: 'seat',
    regionCode: seat.regionCode,
    dataScope: 'self',
    permissions: new Set(),
    seatId: seat.id,
    displayName: seat.name,
  };
}

export class CallRunner {
  session: CallSession;
  readonly citizenLegId = randomUUID();
  private readonly seatLegs = new Map<string, SeatLeg>();
  private chain: Promise<void> = Promise.resolve();
  private recheck: NodeJS.Timeout | null = null;
  private playback: Playback | null = null;
  private playToken = 0;
  private bridge: Bridge | null = null;
  private recordings: { legId: string; role: 'citizen' | 'seat'; recording: Recording }[] = [];
  /** What the citizen's softphone was last told (call-state INFO); it starts out waiting. */
  private toldCitizen: SwitchCallPhase = 'waiting';
  /** Who hung up first, for ending the conversation as them. */
  private endedBy: { role: 'citizen' | 'seat'; legId: string } | null = null;
  /** Figures for the logs and the test: INVITE → seat ringing → seat answered (ms since the INVITE). */
  readonly timings: { invite: number; seatRinging: number | null; seatAnswered: number | null } = {
    invite: Date.now(),
    seatRinging: null,
    seatAnswered: null,
  };

  constructor(
    private readonly deps: CallRunnerDeps,
    readonly conversationId: string,
    readonly citizen: { id: string; name: string },
    readonly media: CallMedia,
    private readonly call: IncomingCall,
    private readonly citizenEndpoint: MediaEndpoint,
    private readonly answerSdp: string,
    /** A call inside an active chat: its seat is dialled directly, the chat goes on after. */
    readonly insideChat: boolean,
  ) {
    this.session = newCallSession(call.id, conversationId, media);
    call.onEnded(() => this.dispatch({ type: 'hangup', at: Date.now(), legId: this.citizenLegId }));
    call.onInfo((request) => this.onInfo(this.citizenLegId, request));
    citizenEndpoint.onEnded((state) => {
      if (state === 'failed') this.dispatch({ type: 'mediaFailed', at: Date.now(), legId: this.citizenLegId });
    });
  }

  start(): void {
    this.dispatch({ type: 'incoming', at: Date.now(), legId: this.citizenLegId, citizenId: this.citizen.id });
    // Offers made where the switch does not hear them (a worker's sweeper, another web node) are
    // picked up by looking again while the call waits.
    this.recheck = setInterval(() => {
      this.chain = this.chain
        .then(() => (this.session.phase === 'waiting' ? this.pickUpSeat() : undefined))
        .catch((err: unknown) => this.deps.ctx.logger.warn({ err }, 'call: looking for an offer failed'));
    }, RECHECK_MS);
    this.recheck.unref();
  }

  /** The ACD offered this call to a seat (its softphone is rung while the call waits; ring-all rings several). */
  offered(offerId: string, seatId: string): void {
    this.dispatchIf(
      () =>
        this.session.phase === 'waiting' ||
        (this.session.phase === 'ringingSeat' && !ringingLegs(this.session).some((l) => l.partyId === seatId)),
      () => ({ type: 'seatOffered', at: Date.now(), legId: this.newSeatLeg(seatId, offerId), seatId }),
    );
  }

  /** The serving seat transfers the conversation to another seat: ring it while the first seat talks. */
  transferOffered(offerId: string, seatId: string): void {
    this.dispatchIf(
      () => (this.session.phase === 'bridged' || this.session.phase === 'held') && !this.session.transferLegId,
      () => ({ type: 'transfer', at: Date.now(), legId: this.newSeatLeg(seatId, offerId), seatId }),
    );
  }

  /** A transfer offer was declined on the workbench or expired: stop ringing its softphone. */
  transferLapsed(offerId: string): void {
    this.chain = this.chain.then(async () => {
      const legId = this.session.transferLegId;
      const leg = legId ? this.seatLegs.get(legId) : undefined;
      if (leg?.offerId === offerId) await leg.sip?.hangup().catch(() => undefined);
    });
  }

  /** The serving seat sent the contact back to a queue: the citizen waits for the next seat. */
  requeued(): void {
    this.dispatchIf(
      () => this.session.phase === 'bridged' || this.session.phase === 'held',
      () => ({ type: 'requeued', at: Date.now() }),
    );
  }

  /** Every seat this call rings or talks to now. */
  get seatIdsOnCall(): string[] {
    return this.session.legs.filter((l) => l.role === 'seat' && l.endedAt === null).map((l) => l.partyId);
  }

  /**
   * The serving seat holds or resumes the call (保持 on the workbench): the citizen hears hold
   * music instead of the seat, who hears nothing. Done on the switch, not by a SIP re-INVITE, so
   * the browsers' media stays as negotiated. False when the call is not in a state to (un)hold.
   */
  hold(held: boolean): Promise<boolean> {
    let applied = false;
    this.dispatchIf(
      () => (held ? this.session.phase === 'bridged' : this.session.phase === 'held'),
      () => {
        applied = true;
        return { type: held ? 'hold' : 'unhold', at: Date.now() };
      },
    );
    return this.chain.then(() => applied);
  }

  /** The seat serving the call now (the bridged leg's seat), if any. */
  get servingSeatId(): string | null {
    return this.session.seatLegId ? (this.seatLegs.get(this.session.seatLegId)?.seatId ?? null) : null;
  }

  /** The conversation ended elsewhere (the seat's workbench, the sweeper): hang up. */
  conversationEnded(): void {
    this.dispatch({ type: 'hangup', at: Date.now(), legId: this.citizenLegId, cause: 'normal' });
  }

  /** Resolves once every event so far is handled (shutdown waits for the last writes). */
  settled(): Promise<void> {
    return this.chain;
  }

  get phase(): CallSession['phase'] {
    return this.session.phase;
  }

  private newSeatLeg(seatId: string, offerId: string | null): string {
    const legId = randomUUID();
    this.seatLegs.set(legId, { seatId, offerId, endpoint: null, sip: null });
    return legId;
  }

  private dispatch(event: CallEvent): void {
    this.dispatchIf(
      () => true,
      () => event,
    );
  }

  /** Queues an event built only if `when` still holds once the earlier events are handled. */
  private dispatchIf(when: () => boolean, build: () => CallEvent): void {
    this.chain = this.chain
      .then(async () => {
        if (!when()) return;
        const event = build();
        const { session, verbs } = callStep(this.session, event);
        this.session = session;
        this.deps.ctx.logger.debug(
          {
            conversationId: this.conversationId,
            event: event.type,
            phase: session.phase,
            verbs: verbs.map((v) => v.verb),
          },
          'call step',
        );
        for (const verb of verbs) await this.run(verb);
        this.tellCitizen();
      })
      .catch((err: unknown) =>
        this.deps.ctx.logger.error({ err, conversationId: this.conversationId }, 'call step failed'),
      );
  }

  private async run(verb: Verb): Promise<void> {
    switch (verb.verb) {
      case 'answer':
        return this.call.answer(this.answerSdp);
      case 'play':
        return this.play(verb.clip, verb.loop);
      case 'stopPlay':
        this.playToken++;
        this.playback?.stop();
        this.playback = null;
        return;
      case 'enqueue':
        return this.pickUpSeat();
      case 'dial':
        return this.dial(verb.legId, verb.seatId);
      case 'bridge':
        return this.bridgeLegs(verb.b);
      case 'unbridge':
        this.bridge?.close();
        this.bridge = null;
        return;
      case 'record':
        return this.record(verb.legIds);
      case 'stopRecording':
        return; // stopped in finish, after the last leg is down
      case 'hangup':
        return this.hangup(verb.legId, verb.cause);
      case 'requeue':
        return this.requeue(verb.seatId, verb.cause);
      case 'lapseTransfer':
        return this.lapseTransfer(verb.legId, verb.cause);
      case 'sendDtmf':
        return this.sendDtmf(verb.legId, verb.tone);
      case 'finish':
        return this.finish();
    }
  }

  /** A clip that does not loop plays to its end before the next one (the waiting tone, then music). */
  private async play(clip: 'waiting' | 'holdMusic', loop: boolean): Promise<void> {
    const token = this.playToken;
    const previous = this.playback;
    const start = async () => {
      if (token !== this.playToken || this.session.phase === 'ended') return;
      this.playback = await this.deps.media.play(this.citizenEndpoint, this.deps.clips[clip], { loop });
    };
    if (previous) void previous.done.then(start).catch(() => undefined);
    else await start();
  }

  /** Who takes the call now: the chat's own seat, or a seat the ACD already offered it to. */
  private async pickUpSeat(): Promise<void> {
    const conversation = await Conversation.findByPk(this.conversationId);
    if (!conversation) return;
    if (conversation.status === 'active' && conversation.seatId) {
      const seatId = conversation.seatId;
      this.dispatchIf(
        () => this.session.phase === 'waiting',
        () => ({ type: 'seatOffered', at: Date.now(), legId: this.newSeatLeg(seatId, null), seatId }),
      );
      return;
    }
    if (conversation.status !== 'offered') return; // the ACD tells us when it offers (offered())
    const pending = await Offer.findAll({
      where: { conversationId: this.conversationId, status: 'pending' },
      order: [['offeredAt', 'ASC']],
    });
    for (const offer of pending) this.offered(offer.id, offer.seatId);
  }

  private async dial(legId: string, seatId: string): Promise<void> {
    const leg = this.seatLegs.get(legId)!;
    const fail = (cause: 'no_answer' | 'rejected' | 'unreachable') =>
      this.dispatch({ type: 'seatFailed', at: Date.now(), legId, cause });
    const seat = await Seat.findByPk(seatId);
    const binding = seat ? this.deps.sip.registrar.lookup(this.deps.seatUser(seat.jobNumber))[0] : undefined;
    if (!seat || !binding) return fail('unreachable');
    const endpoint = this.deps.media.createEndpoint({ kind: this.media });
    leg.endpoint = endpoint;
    // a softphone that vanishes without a BYE (page closed) is noticed by ICE consent (~30 s)
    endpoint.onEnded((state) => {
      if (state === 'failed') this.dispatch({ type: 'mediaFailed', at: Date.now(), legId });
    });
    const offer = await endpoint.createOffer();
    const sip = new OutgoingLeg(this.deps.sip, binding, {
      fromUri: `sip:call-${this.conversationId}@${this.deps.domain}`,
      displayName: this.citizen.name,
      toUri: `sip:${this.deps.seatUser(seat.jobNumber)}@${this.deps.domain}`,
      sdp: offer,
      headers: [
        ['X-Conversation-Id', this.conversationId],
        ['X-Call-Media', this.media],
      ],
      ringTimeoutMs: this.deps.ctx.settings.offerTimeoutMs,
    });
    leg.sip = sip;
    sip.onEnded(() => this.dispatch({ type: 'hangup', at: Date.now(), legId }));
    sip.onInfo((request) => this.onInfo(legId, request));
    // ringing runs outside the chain: a BYE from the citizen must get through meanwhile
    void sip
      .invite(() => (this.timings.seatRinging ??= Date.now() - this.timings.invite))
      .then(async (outcome) => {
        if (outcome.kind === 'failed') return fail(outcome.cause);
        await endpoint.acceptAnswer(outcome.sdp);
        if (leg.offerId && !(await this.acceptAsSeat(seat, leg.offerId))) {
          await sip.hangup();
          return;
        }
        this.timings.seatAnswered ??= Date.now() - this.timings.invite;
        this.dispatch({ type: 'seatAnswered', at: Date.now(), legId });
      })
      .catch((err: unknown) => {
        this.deps.ctx.logger.warn({ err, conversationId: this.conversationId }, 'call: dialling the seat failed');
        fail('unreachable');
      });
  }

  /** The softphone's 200 is the seat accepting the offer; false when the contact went elsewhere. */
  private async acceptAsSeat(seat: Seat, offerId: string): Promise<boolean> {
    try {
      await acceptOffer(this.deps.ctx, seatPrincipal(seat), offerId);
      return true;
    } catch (err) {
      // accepted from the workbench first: still this seat's contact
      const conversation = await Conversation.findByPk(this.conversationId);
      if (conversation?.status === 'active' && conversation.seatId === seat.id) return true;
      this.deps.ctx.logger.info({ err, conversationId: this.conversationId }, 'call: the offer was gone at answer');
      return false;
    }
  }

  private async bridgeLegs(seatLegId: string): Promise<void> {
    const endpoint = this.seatLegs.get(seatLegId)?.endpoint;
    if (!endpoint) return;
    this.bridge?.close();
    this.bridge = this.deps.media.bridge(this.citizenEndpoint, endpoint);
  }

  private async record(legIds: string[]): Promise<void> {
    const dir = path.join(this.deps.recordingsDir, this.conversationId);
    await mkdir(dir, { recursive: true });
    for (const legId of legIds) {
      if (this.recordings.some((r) => r.legId === legId)) continue;
      const endpoint = legId === this.citizenLegId ? this.citizenEndpoint : this.seatLegs.get(legId)?.endpoint;
      if (!endpoint) continue;
      this.recordings.push({
        legId,
        role: legId === this.citizenLegId ? 'citizen' : 'seat',
        recording: this.deps.media.record(endpoint, dir),
      });
    }
  }

  /**
   * The citizen's softphone hears where its call stands (a seat on the line, held, waiting
   * again) in a call-state INFO, as the switch answered it before any seat did.
   */
  private tellCitizen(): void {
    const phase = this.session.phase;
    const now: SwitchCallPhase | null =
      phase === 'bridged' ? 'talking' : phase === 'held' ? 'held' : phase === 'ended' ? null : 'waiting';
    if (now === null || now === this.toldCitizen) return;
    this.toldCitizen = now;
    void this.call
      .sendInfo(CALL_STATE_CONTENT_TYPE, JSON.stringify({ phase: now }))
      .catch((err: unknown) =>
        this.deps.ctx.logger.info({ err, conversationId: this.conversationId }, 'call: telling the citizen failed'),
      );
  }

  /** A DTMF INFO from a leg: relayed to the other bridged leg (the session decides). */
  private onInfo(legId: string, request: SipRequest): void {
    const tone = parseDtmfInfo(request.headers.get('content-type'), request.body.toString('utf8'));
    if (tone) this.dispatch({ type: 'dtmf', at: Date.now(), legId, tone });
  }

  private async sendDtmf(legId: string, tone: string): Promise<void> {
    const send =
      legId === this.citizenLegId
        ? this.call.sendInfo('application/dtmf-relay', dtmfRelayBody(tone))
        : this.seatLegs.get(legId)?.sip?.info('application/dtmf-relay', dtmfRelayBody(tone));
    await send?.catch((err: unknown) =>
      this.deps.ctx.logger.info({ err, conversationId: this.conversationId }, 'call: relaying DTMF failed'),
    );
  }

  private async hangup(legId: string, _cause: HangupCause): Promise<void> {
    // who ended the call, for ending the conversation as them (not a leg a transfer dropped)
    const ending = this.session.phase === 'ended';
    if (legId === this.citizenLegId) {
      if (ending) this.endedBy ??= { role: 'seat', legId };
      await this.call.hangup().catch(() => undefined);
      return;
    }
    if (ending) this.endedBy ??= { role: 'citizen', legId: this.citizenLegId };
    await this.seatLegs
      .get(legId)
      ?.sip?.hangup()
      .catch(() => undefined);
  }

  /** The seat did not take it: the ACD hears it (decline / expire) and may offer the next seat. */
  private async requeue(seatId: string, cause: 'no_answer' | 'rejected' | 'unreachable'): Promise<void> {
    const legs = [...this.seatLegs.values()].filter((l) => l.seatId === seatId);
    const leg = legs[legs.length - 1];
    await leg?.endpoint?.close();
    if (!leg?.offerId) {
      // the chat's own seat did not take the call: nobody else to ring, the call ends, the chat goes on
      this.dispatch({ type: 'hangup', at: Date.now(), legId: this.citizenLegId, cause });
      return;
    }
    const offerId = leg.offerId;
    const seat = await Seat.findByPk(seatId);
    try {
      if (cause === 'no_answer') {
        const offer = await Offer.findByPk(offerId);
        const wait = offer ? offer.expiresAt.getTime() - this.deps.ctx.now().getTime() : 0;
        if (wait > 0) await new Promise((r) => setTimeout(r, wait + 50));
        await expireOffers(this.deps.ctx);
      } else if (seat) {
        await declineOffer(this.deps.ctx, seatPrincipal(seat), offerId);
      }
    } catch (err) {
      this.deps.ctx.logger.info({ err, offerId }, 'call: the offer was already settled');
    }
    await this.pickUpSeat();
  }

  /**
   * The transfer target did not take the call: its transfer offer lapses (the asking seat hears
   * transfer.result), the first seat keeps talking. A decline on the workbench got there first
   * when the offer is no longer pending.
   */
  private async lapseTransfer(legId: string, cause: 'no_answer' | 'rejected' | 'unreachable'): Promise<void> {
    const leg = this.seatLegs.get(legId);
    await leg?.endpoint?.close();
    if (!leg?.offerId) return;
    const offerId = leg.offerId;
    try {
      const offer = await Offer.findByPk(offerId);
      if (!offer || offer.status !== 'pending') return;
      if (cause === 'no_answer') {
        const wait = offer.expiresAt.getTime() - this.deps.ctx.now().getTime();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait + 50));
        await expireOffers(this.deps.ctx);
        return;
      }
      const seat = await Seat.findByPk(leg.seatId);
      if (seat) await declineOffer(this.deps.ctx, seatPrincipal(seat), offerId);
    } catch (err) {
      this.deps.ctx.logger.info({ err, offerId }, 'call: the transfer offer was already settled');
    }
  }

  /**
   * The call is over: the legs go on the ticket and the conversation ends at once; the recording
   * (stopping the writers, mixing, probing) is written down after, as it may take seconds.
   */
  private async finish(): Promise<void> {
    if (this.recheck) clearInterval(this.recheck);
    this.playToken++;
    this.playback?.stop();
    this.bridge?.close();
    try {
      await recordCallLegs(this.deps.ctx, { conversationId: this.conversationId, legs: this.session.legs });
      if (!this.insideChat) await this.endConversation();
      await this.saveRecording();
    } finally {
      await this.citizenEndpoint.close();
      for (const leg of this.seatLegs.values()) await leg.endpoint?.close();
      this.deps.done(this);
    }
  }

  private async saveRecording(): Promise<void> {
    const files: RecordingFileEntry[] = [];
    const legFiles = [];
    // in parallel: werift's WebM writer may wait up to 5 s for the end of a very short stream
    const stopped = await Promise.allSettled(this.recordings.map(({ recording }) => recording.stop()));
    for (const [i, outcome] of stopped.entries()) {
      if (outcome.status === 'rejected') {
        this.deps.ctx.logger.warn(
          { err: outcome.reason, conversationId: this.conversationId },
          'call: a leg recording is empty',
        );
        continue;
      }
      legFiles.push(outcome.value);
      files.push({
        kind: 'leg',
        role: this.recordings[i]!.role,
        path: path.relative(this.deps.recordingsDir, outcome.value.path),
        offsetMs: outcome.value.startedAt - Math.min(...this.recordings.map((r) => r.recording.file.startedAt)),
      });
    }
    if (legFiles.length === 0) return;
    const out = path.join(this.deps.recordingsDir, this.conversationId, `mixed-${Date.now()}.ogg`);
    const mixed = await this.deps.media.mixRecording(legFiles, out).catch((err: unknown) => {
      this.deps.ctx.logger.warn({ err, conversationId: this.conversationId }, 'call: mixing the recording failed');
      return null;
    });
    if (mixed) files.unshift({ kind: 'mixed', role: null, path: path.relative(this.deps.recordingsDir, mixed) });
    const durationSeconds = await probeDuration(mixed ?? legFiles[0]!.path);
    await recordCallRecording(this.deps.ctx, {
      conversationId: this.conversationId,
      media: this.media,
      files,
      durationSeconds,
    });
  }

  private async endConversation(): Promise<void> {
    const conversation = await Conversation.findByPk(this.conversationId);
    if (!conversation || conversation.status === 'ended' || conversation.status === 'abandoned') return;
    const seat = conversation.seatId ? await Seat.findByPk(conversation.seatId) : null;
    const principal: CitizenPrincipal | StaffPrincipal =
      this.endedBy?.role === 'seat' && seat
        ? seatPrincipal(seat)
        : { kind: 'citizen', citizenId: this.citizen.id, displayName: this.citizen.name };
    await endConversation(this.deps.ctx, principal, this.conversationId);
  }
}

/** Seconds of a media file by ffprobe; null when ffprobe is missing or cannot read it. */
export async function probeDuration(file: string): Promise<number | null> {
  try {
    const result = await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file]);
    const seconds = Number.parseFloat(result.stdout.trim());
    return Number.isFinite(seconds) ? Math.round(seconds * 100) / 100 : null;
  } catch {
    return null;
  }
}
