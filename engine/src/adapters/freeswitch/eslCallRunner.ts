/**
 * One citizen call on FreeSWITCH: runs the verbs of the same pure session as the embedded switch
 * (domain/calls/callSession.ts) as event socket commands on the parked channels, and feeds the
 * channel events back as session events. Leg ids are FreeSWITCH channel uuids. Events are
 * handled one at a time (a promise chain per call), as in adapters/switch/callRunner.ts, whose
 * ACD side (offers, re-queue, ending the conversation, the ticket's legs) this mirrors.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { CALL_STATE_CONTENT_TYPE, type CallMedia, type SwitchCallPhase } from '@cloud-seat/contracts';
import { recordCallLegs, recordCallRecording } from '../../commands/callRecords.js';
import type { CommandContext } from '../../commands/context.js';
import { endConversation } from '../../commands/conversationEnder.js';
import { acceptOffer, declineOffer, expireOffers } from '../../commands/offerResponder.js';
import type { CitizenPrincipal, StaffPrincipal } from '../../domain/auth/permissions.js';
import {
  callStep,
  newCallSession,
  ringingLegs,
  type CallEvent,
  type CallSession,
  type HangupCause,
  type Verb,
} from '../../domain/calls/callSession.js';
import { Conversation, Offer, Seat } from '../../models/index.js';
import type { RecordingFileEntry } from '../../models/recording.js';
import type { EslClient, EslEvent } from './esl.js';
import { dialString, failureCause, freeswitchCause, legHangupCause, type SeatFailure } from './freeswitchCauses.js';

export interface EslCallRunnerDeps {
  ctx: CommandContext;
  esl: EslClient;
  domain: string;
  /** RECORDINGS_DIR as FreeSWITCH sees it (uuid_record paths). */
  fsRecordingsDir: string;
  /** What the citizen hears while waiting: a file FreeSWITCH plays, then its hold music stream. */
  clips: { waiting: string; holdMusic: string };
  seatUser(jobNumber: string): string;
  /** A seat leg was originated: its channel's events come here from now on. */
  track(channelUuid: string, runner: EslCallRunner): void;
  done(runner: EslCallRunner): void;
}

/** How often a waiting call looks for an offer it was not told about. */
const RECHECK_MS = 3_000;

interface SeatLeg {
  seatId: string;
  offerId: string | null;
}

/** A seat acting through the switch: only its seat id is read by the offer and end commands. */
function seatActor(seat: { id: string; name: string; regionCode: string }): StaffPrincipal {
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

export class EslCallRunner {
  session: CallSession;
  private readonly seatLegs = new Map<string, SeatLeg>();
  private chain: Promise<void> = Promise.resolve();
  private recheck: NodeJS.Timeout | null = null;
  /** The clip playing on the citizen's channel and what follows when it ends. */
  private playing: string | null = null;
  private queued: string[] = [];
  private recordings: { legId: string; role: 'citizen' | 'seat'; file: string; startedAt: number }[] = [];
  private toldCitizen: SwitchCallPhase = 'waiting';
  private endedBy: { role: 'citizen' | 'seat' } | null = null;

  constructor(
    private readonly deps: EslCallRunnerDeps,
    readonly conversationId: string,
    readonly citizen: { id: string; name: string },
    readonly media: CallMedia,
    /** The citizen's channel uuid (also its leg id). */
    readonly citizenLegId: string,
    readonly insideChat: boolean,
  ) {
    this.session = newCallSession(citizenLegId, conversationId, media);
  }

  start(): void {
    this.dispatch({ type: 'incoming', at: Date.now(), legId: this.citizenLegId, citizenId: this.citizen.id });
    this.recheck = setInterval(() => {
      this.chain = this.chain
        .then(() => (this.session.phase === 'waiting' ? this.pickUpSeat() : undefined))
        .catch((err: unknown) => this.deps.ctx.logger.warn({ err }, 'call: looking for an offer failed'));
    }, RECHECK_MS);
    this.recheck.unref();
  }

  // ---- from the ACD (CallSignals) -----------------------------------------------------------

  offered(offerId: string, seatId: string): void {
    this.dispatchIf(
      () =>
        this.session.phase === 'waiting' ||
        (this.session.phase === 'ringingSeat' && !ringingLegs(this.session).some((l) => l.partyId === seatId)),
      () => ({ type: 'seatOffered', at: Date.now(), legId: this.newSeatLeg(seatId, offerId), seatId }),
    );
  }

  transferOffered(offerId: string, seatId: string): void {
    this.dispatchIf(
      () => (this.session.phase === 'bridged' || this.session.phase === 'held') && !this.session.transferLegId,
      () => ({ type: 'transfer', at: Date.now(), legId: this.newSeatLeg(seatId, offerId), seatId }),
    );
  }

  transferLapsed(offerId: string): void {
    this.chain = this.chain.then(async () => {
      const legId = this.session.transferLegId;
      if (legId && this.seatLegs.get(legId)?.offerId === offerId)
        await this.command(`uuid_kill ${legId} CALL_REJECTED`);
    });
  }

  requeued(): void {
    this.dispatchIf(
      () => this.session.phase === 'bridged' || this.session.phase === 'held',
      () => ({ type: 'requeued', at: Date.now() }),
    );
  }

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

  conversationEnded(): void {
    this.dispatch({ type: 'hangup', at: Date.now(), legId: this.citizenLegId, cause: 'normal' });
  }

  get seatIdsOnCall(): string[] {
    return this.session.legs.filter((l) => l.role === 'seat' && l.endedAt === null).map((l) => l.partyId);
  }

  get servingSeatId(): string | null {
    return this.session.seatLegId ? (this.seatLegs.get(this.session.seatLegId)?.seatId ?? null) : null;
  }

  get liveLegIds(): string[] {
    return this.session.legs.filter((l) => l.endedAt === null).map((l) => l.id);
  }

  settled(): Promise<void> {
    return this.chain;
  }

  // ---- from FreeSWITCH -----------------------------------------------------------------------

  /** An event of one of this call's channels. */
  onChannelEvent(event: EslEvent): void {
    const uuid = event.header('Unique-ID') ?? '';
    switch (event.name) {
      case 'CHANNEL_ANSWER':
        if (this.seatLegs.has(uuid)) void this.seatAnswered(uuid);
        return;
      case 'CHANNEL_HANGUP_COMPLETE':
        return this.legGone(uuid, event.header('Hangup-Cause') ?? 'NORMAL_CLEARING');
      case 'DTMF': {
        const tone = event.header('DTMF-Digit');
        if (tone) this.dispatch({ type: 'dtmf', at: Date.now(), legId: uuid, tone });
        return;
      }
      case 'PLAYBACK_STOP':
        if (uuid === this.citizenLegId) this.playbackEnded(event.header('Playback-File-Path') ?? '');
        return;
    }
  }

  /**
   * After an event socket reconnect: legs FreeSWITCH no longer has ended while we were away
   * (cause `system`); a seat leg that was answered meanwhile is taken as answered now.
   */
  reconcile(live: ReadonlyMap<string, { answered: boolean }>): void {
    for (const legId of this.liveLegIds) {
      const channel = live.get(legId);
      if (!channel) this.dispatch({ type: 'hangup', at: Date.now(), legId, cause: 'system' });
      else if (channel.answered && this.seatLegs.has(legId) && this.isRinging(legId)) void this.seatAnswered(legId);
    }
  }

  private isRinging(legId: string): boolean {
    const leg = this.session.legs.find((l) => l.id === legId);
    return !!leg && leg.endedAt === null && leg.answeredAt === null;
  }

  private legGone(uuid: string, fsCause: string): void {
    const seatLeg = this.seatLegs.get(uuid);
    if (seatLeg && this.isRinging(uuid)) {
      this.dispatch({ type: 'seatFailed', at: Date.now(), legId: uuid, cause: failureCause(fsCause) });
      return;
    }
    if (uuid !== this.citizenLegId && !seatLeg) return;
    this.dispatch({ type: 'hangup', at: Date.now(), legId: uuid, cause: legHangupCause(fsCause) });
  }

  /** The seat's phone answered: that is the seat accepting the offer. */
  private async seatAnswered(legId: string): Promise<void> {
    const leg = this.seatLegs.get(legId)!;
    if (!this.isRinging(legId)) return;
    if (leg.offerId) {
      const seat = await Seat.findByPk(leg.seatId);
      if (!seat || !(await this.acceptAsSeat(seat, leg.offerId))) {
        await this.command(`uuid_kill ${legId} ORIGINATOR_CANCEL`);
        return;
      }
    }
    this.dispatchIf(
      () => this.isRinging(legId),
      () => ({ type: 'seatAnswered', at: Date.now(), legId }),
    );
  }

  // ---- running the session -------------------------------------------------------------------

  private newSeatLeg(seatId: string, offerId: string | null): string {
    const legId = randomUUID();
    this.seatLegs.set(legId, { seatId, offerId });
    this.deps.track(legId, this);
    return legId;
  }

  private dispatch(event: CallEvent): void {
    this.dispatchIf(
      () => true,
      () => event,
    );
  }

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
          'call step (FreeSWITCH)',
        );
        for (const verb of verbs) await this.run(verb);
        await this.tellCitizen();
      })
      .catch((err: unknown) =>
        this.deps.ctx.logger.error({ err, conversationId: this.conversationId }, 'call step failed'),
      );
  }

  /** An api command; a failure (`-ERR`, connection down) is logged, the session goes on. */
  private async command(command: string): Promise<string | null> {
    try {
      const reply = await this.deps.esl.api(command);
      if (reply.startsWith('-ERR')) {
        this.deps.ctx.logger.info(
          { command, reply: reply.trim(), conversationId: this.conversationId },
          'ESL: refused',
        );
      }
      return reply;
    } catch (err) {
      this.deps.ctx.logger.warn({ err, command, conversationId: this.conversationId }, 'ESL: command failed');
      return null;
    }
  }

  private async run(verb: Verb): Promise<void> {
    const citizen = this.citizenLegId;
    switch (verb.verb) {
      case 'answer':
        // the session decides when a leg ends: FreeSWITCH parks a leg whose bridge broke
        await this.command(`uuid_setvar ${citizen} park_after_bridge true`);
        await this.command(`uuid_answer ${citizen}`);
        return;
      case 'play':
        return this.play(this.deps.clips[verb.clip]);
      case 'stopPlay':
        this.queued = [];
        this.playing = null;
        await this.command(`uuid_break ${citizen} all`);
        return;
      case 'enqueue':
        return this.pickUpSeat();
      case 'dial':
        return this.dial(verb.legId, verb.seatId);
      case 'bridge':
        await this.command(`uuid_bridge ${verb.a} ${verb.b}`);
        return;
      case 'unbridge':
        // both legs back to park (park_after_bridge keeps them up)
        await this.command(`uuid_transfer ${verb.a} -both park inline`);
        return;
      case 'record':
        return this.record(verb.legIds);
      case 'stopRecording':
        return; // FreeSWITCH closes a channel's recording when the channel hangs up
      case 'hangup':
        return this.hangup(verb.legId, verb.cause);
      case 'requeue':
        return this.requeue(verb.seatId, verb.cause);
      case 'lapseTransfer':
        return this.lapseTransfer(verb.legId, verb.cause);
      case 'sendDtmf':
        await this.command(`uuid_send_dtmf ${verb.legId} ${verb.tone}`);
        return;
      case 'finish':
        return this.finish();
    }
  }

  /** A file plays to its end before the next clip (the waiting notice, then the music stream). */
  private async play(file: string): Promise<void> {
    if (this.playing && !this.playing.startsWith('local_stream://')) {
      this.queued.push(file);
      return;
    }
    this.playing = file;
    await this.command(`uuid_broadcast ${this.citizenLegId} playback::${file} aleg`);
  }

  private playbackEnded(file: string): void {
    if (file !== this.playing) return; // a clip broken by stopPlay
    this.playing = null;
    const next = this.queued.shift();
    if (next) {
      this.chain = this.chain.then(() => (this.session.phase === 'ended' ? undefined : this.play(next)));
    }
  }

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
    if (conversation.status !== 'offered') return;
    const pending = await Offer.findAll({
      where: { conversationId: this.conversationId, status: 'pending' },
      order: [['offeredAt', 'ASC']],
    });
    for (const offer of pending) this.offered(offer.id, offer.seatId);
  }

  /**
   * Rings the seat's registered softphone: `originate … user/seat-<工号>@<domain> &park()` in the
   * background. Its answer arrives as CHANNEL_ANSWER; a failure as `-ERR <cause>` of the job
   * (and a CHANNEL_HANGUP_COMPLETE when the leg existed).
   */
  private async dial(legId: string, seatId: string): Promise<void> {
    const seat = await Seat.findByPk(seatId);
    const fail = (cause: SeatFailure) => this.dispatch({ type: 'seatFailed', at: Date.now(), legId, cause });
    if (!seat) return fail('unreachable');
    const command = dialString({
      legId,
      conversationId: this.conversationId,
      media: this.media,
      callerName: this.citizen.name,
      user: this.deps.seatUser(seat.jobNumber),
      domain: this.deps.domain,
      ringSeconds: Math.round(this.deps.ctx.settings.offerTimeoutMs / 1000),
    });
    // ringing runs outside the chain: the citizen's hangup must get through meanwhile
    void this.deps.esl.bgapi(command).then(
      ({ body }) => {
        if (body.startsWith('-ERR')) fail(failureCause(body.slice(4).trim()));
      },
      (err: unknown) =>
        // the connection dropped: the reconnect's reconciliation settles the leg
        this.deps.ctx.logger.warn({ err, conversationId: this.conversationId }, 'call: originate got no answer'),
    );
  }

  private async acceptAsSeat(seat: Seat, offerId: string): Promise<boolean> {
    try {
      await acceptOffer(this.deps.ctx, seatActor(seat), offerId);
      return true;
    } catch (err) {
      const conversation = await Conversation.findByPk(this.conversationId);
      if (conversation?.status === 'active' && conversation.seatId === seat.id) return true;
      this.deps.ctx.logger.info({ err, conversationId: this.conversationId }, 'call: the offer was gone at answer');
      return false;
    }
  }

  /** `uuid_record` per leg: FreeSWITCH writes what the channel hears and says, one file each. */
  private async record(legIds: string[]): Promise<void> {
    for (const legId of legIds) {
      if (this.recordings.some((r) => r.legId === legId)) continue;
      const role = legId === this.citizenLegId ? 'citizen' : 'seat';
      const file = path.posix.join(this.conversationId, `${role}-${Date.now()}-${legId.slice(0, 8)}.wav`);
      const reply = await this.command(
        `uuid_record ${legId} start ${path.posix.join(this.deps.fsRecordingsDir, file)}`,
      );
      if (reply?.startsWith('+OK')) this.recordings.push({ legId, role, file, startedAt: Date.now() });
    }
  }

  /** Where the call stands, to the citizen's softphone (SIP INFO through FreeSWITCH). */
  private async tellCitizen(): Promise<void> {
    const phase = this.session.phase;
    const now: SwitchCallPhase | null =
      phase === 'bridged' ? 'talking' : phase === 'held' ? 'held' : phase === 'ended' ? null : 'waiting';
    if (now === null || now === this.toldCitizen) return;
    this.toldCitizen = now;
    const [type, subtype] = CALL_STATE_CONTENT_TYPE.split('/');
    await this.command(`uuid_send_info ${this.citizenLegId} ${type} ${subtype} ${JSON.stringify({ phase: now })}`);
  }

  private async hangup(legId: string, cause: HangupCause): Promise<void> {
    const ending = this.session.phase === 'ended';
    if (ending) this.endedBy ??= { role: legId === this.citizenLegId ? 'seat' : 'citizen' };
    const leg = this.session.legs.find((l) => l.id === legId);
    await this.command(`uuid_kill ${legId} ${freeswitchCause(cause, leg?.answeredAt !== null)}`);
  }

  private async requeue(seatId: string, cause: SeatFailure): Promise<void> {
    const legs = [...this.seatLegs.values()].filter((l) => l.seatId === seatId);
    const leg = legs[legs.length - 1];
    if (!leg?.offerId) {
      // the chat's own seat did not take the call: the call ends, the chat goes on
      this.dispatch({ type: 'hangup', at: Date.now(), legId: this.citizenLegId, cause });
      return;
    }
    await this.settleOffer(leg.offerId, seatId, cause);
    await this.pickUpSeat();
  }

  private async lapseTransfer(legId: string, cause: SeatFailure): Promise<void> {
    const leg = this.seatLegs.get(legId);
    if (!leg?.offerId) return;
    const offer = await Offer.findByPk(leg.offerId);
    if (offer?.status === 'pending') await this.settleOffer(leg.offerId, leg.seatId, cause);
  }

  /** The seat did not take it: an unanswered offer expires (the seat pauses), a refusal is a decline. */
  private async settleOffer(offerId: string, seatId: string, cause: SeatFailure): Promise<void> {
    try {
      if (cause === 'no_answer') {
        const offer = await Offer.findByPk(offerId);
        const wait = offer ? offer.expiresAt.getTime() - this.deps.ctx.now().getTime() : 0;
        if (wait > 0) await new Promise((r) => setTimeout(r, wait + 50));
        await expireOffers(this.deps.ctx);
        return;
      }
      const seat = await Seat.findByPk(seatId);
      if (seat) await declineOffer(this.deps.ctx, seatActor(seat), offerId);
    } catch (err) {
      this.deps.ctx.logger.info({ err, offerId }, 'call: the offer was already settled');
    }
  }

  private async finish(): Promise<void> {
    if (this.recheck) clearInterval(this.recheck);
    this.queued = [];
    try {
      await recordCallLegs(this.deps.ctx, { conversationId: this.conversationId, legs: this.session.legs });
      if (!this.insideChat) await this.endConversation();
      await this.saveRecording();
    } finally {
      this.deps.done(this);
    }
  }

  /**
   * The legs' files as FreeSWITCH wrote them (under RECORDINGS_DIR when the engine shares
   * FreeSWITCH's recordings volume); no mixing here: the citizen leg's file already holds both
   * sides of every seat it talked to.
   */
  private async saveRecording(): Promise<void> {
    if (this.recordings.length === 0) return;
    const first = Math.min(...this.recordings.map((r) => r.startedAt));
    const files: RecordingFileEntry[] = this.recordings.map((r) => ({
      kind: 'leg',
      role: r.role,
      path: r.file,
      offsetMs: r.startedAt - first,
    }));
    const citizenLeg = this.session.legs[0];
    const end = citizenLeg?.endedAt ?? Date.now();
    await recordCallRecording(this.deps.ctx, {
      conversationId: this.conversationId,
      media: this.media,
      files,
      durationSeconds: Math.round((end - first) / 10) / 100,
    });
  }

  private async endConversation(): Promise<void> {
    const conversation = await Conversation.findByPk(this.conversationId);
    if (!conversation || conversation.status === 'ended' || conversation.status === 'abandoned') return;
    const seat = conversation.seatId ? await Seat.findByPk(conversation.seatId) : null;
    const principal: CitizenPrincipal | StaffPrincipal =
      this.endedBy?.role === 'seat' && seat
        ? seatActor(seat)
        : { kind: 'citizen', citizenId: this.citizen.id, displayName: this.citizen.name };
    await endConversation(this.deps.ctx, principal, this.conversationId);
  }
}
