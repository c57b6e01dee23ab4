/**
 * What every switch does the same way for one call: it holds the pure session
 * (domain/calls/callSession.ts), handles events one at a time (a promise chain per call, so a
 * hang-up racing an answer never sees a half-applied step), and runs the verbs that talk to the
 * ACD — finding the seat to ring, accepting the offer on the seat's answer, settling an offer the
 * seat did not take, ending the conversation and writing the legs down. The verbs that touch
 * media and signalling (answer, play, dial, bridge, record, hang up, DTMF) and the call-state
 * message to the citizen are the subclass's: the embedded werift switch (callRunner.ts) and the
 * FreeSWITCH driver (adapters/freeswitch/eslCallRunner.ts).
 */
import { randomUUID } from 'node:crypto';
import type { CallMedia, SwitchCallPhase } from '@cloud-seat/contracts';
import { recordCallLegs } from '../../commands/callRecords.js';
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
  type SeatFailure,
  type Verb,
} from '../../domain/calls/callSession.js';
import { Conversation, Offer, Seat } from '../../models/index.js';

/** How often a waiting call looks for an offer it was not told about. */
const RECHECK_MS = 3_000;

/** A seat leg: the seat rung and the offer it answers (null: a chat's own seat, rung directly). */
export interface SeatLegRecord {
  seatId: string;
  offerId: string | null;
}

/** The verbs a switch runs on its media and signalling; the rest are run here. */
export type MediaVerb = Exclude<Verb, { verb: 'enqueue' | 'requeue' | 'lapseTransfer' | 'finish' }>;

/** A seat acting through the switch: only its seat id is read by the offer and end commands. */
export function switchSeatPrincipal(seat: { id: string; name: string; regionCode: string }): StaffPrincipal {
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

export abstract class SessionRunner<Leg extends SeatLegRecord = SeatLegRecord> {
  session: CallSession;
  protected readonly seatLegs = new Map<string, Leg>();
  protected chain: Promise<void> = Promise.resolve();
  private recheck: NodeJS.Timeout | null = null;
  /** What the citizen's softphone was last told (call-state message); it starts out waiting. */
  private toldCitizen: SwitchCallPhase = 'waiting';
  /** Who hung up first, for ending the conversation as them. */
  private endedBy: 'citizen' | 'seat' | null = null;

  protected constructor(
    protected readonly ctx: CommandContext,
    readonly conversationId: string,
    readonly citizen: { id: string; name: string },
    readonly media: CallMedia,
    /** The citizen's leg id (the switch's own id for it). */
    readonly citizenLegId: string,
    /** A call inside an active chat: its seat is rung directly, the chat goes on after. */
    readonly insideChat: boolean,
    callId: string,
  ) {
    this.session = newCallSession(callId, conversationId, media);
  }

  // ---- what the switch implements ----------------------------------------------------------

  /** A new seat leg's record (the switch adds its own fields). */
  protected abstract newLegRecord(legId: string, seatId: string, offerId: string | null): Leg;
  /** Runs one media/signalling verb. */
  protected abstract runMedia(verb: MediaVerb): Promise<void>;
  /** Tells the citizen's softphone where the call stands. */
  protected abstract sendCallState(phase: SwitchCallPhase): Promise<void>;
  /** Stops ringing a seat leg (a transfer offer lapsed on the workbench). */
  protected abstract stopRinging(legId: string): Promise<void>;
  /** A seat leg that did not connect is given up (free its media). */
  protected async seatLegFailed(_legId: string): Promise<void> {}
  /** After the legs are on the ticket and the conversation ended: the recording. */
  protected abstract saveRecording(): Promise<void>;
  /** Last: free what the call holds (endpoints) and forget it. */
  protected abstract release(): Promise<void>;

  // ---- from the ACD (CallSignals) ----------------------------------------------------------

  start(): void {
    this.dispatch({ type: 'incoming', at: Date.now(), legId: this.citizenLegId, citizenId: this.citizen.id });
    // Offers made where the switch does not hear them (a worker's sweeper, another web node) are
    // picked up by looking again while the call waits.
    this.recheck = setInterval(() => {
      this.chain = this.chain
        .then(() => (this.session.phase === 'waiting' ? this.pickUpSeat() : undefined))
        .catch((err: unknown) => this.ctx.logger.warn({ err }, 'call: looking for an offer failed'));
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
      if (legId && this.seatLegs.get(legId)?.offerId === offerId) await this.stopRinging(legId);
    });
  }

  /** The serving seat sent the contact back to a queue: the citizen waits for the next seat. */
  requeued(): void {
    this.dispatchIf(
      () => this.session.phase === 'bridged' || this.session.phase === 'held',
      () => ({ type: 'requeued', at: Date.now() }),
    );
  }

  /**
   * The serving seat holds or resumes the call (保持 on the workbench): the citizen hears hold
   * music instead of the seat, who hears nothing. False when the call is not in a state to (un)hold.
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

  /** The conversation ended elsewhere (the seat's workbench, the sweeper): hang up. */
  conversationEnded(): void {
    this.dispatch({ type: 'hangup', at: Date.now(), legId: this.citizenLegId, cause: 'normal' });
  }

  /** Every seat this call rings or talks to now. */
  get seatIdsOnCall(): string[] {
    return this.session.legs.filter((l) => l.role === 'seat' && l.endedAt === null).map((l) => l.partyId);
  }

  /** The seat serving the call now (the bridged leg's seat), if any. */
  get servingSeatId(): string | null {
    return this.session.seatLegId ? (this.seatLegs.get(this.session.seatLegId)?.seatId ?? null) : null;
  }

  get phase(): CallSession['phase'] {
    return this.session.phase;
  }

  /** Resolves once every event so far is handled (shutdown waits for the last writes). */
  settled(): Promise<void> {
    return this.chain;
  }

  // ---- running the session -----------------------------------------------------------------

  protected newSeatLeg(seatId: string, offerId: string | null): string {
    const legId = this.newLegId();
    this.seatLegs.set(legId, this.newLegRecord(legId, seatId, offerId));
    return legId;
  }

  /** The id of a new seat leg (FreeSWITCH uses it as the channel uuid). */
  protected newLegId(): string {
    return randomUUID();
  }

  protected dispatch(event: CallEvent): void {
    this.dispatchIf(
      () => true,
      () => event,
    );
  }

  /** Queues an event built only if `when` still holds once the earlier events are handled. */
  protected dispatchIf(when: () => boolean, build: () => CallEvent): void {
    this.chain = this.chain
      .then(async () => {
        if (!when()) return;
        const event = build();
        const { session, verbs } = callStep(this.session, event);
        this.session = session;
        this.ctx.logger.debug(
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
      .catch((err: unknown) => this.ctx.logger.error({ err, conversationId: this.conversationId }, 'call step failed'));
  }

  private async run(verb: Verb): Promise<void> {
    switch (verb.verb) {
      case 'enqueue':
        return this.pickUpSeat();
      case 'requeue':
        return this.requeue(verb.seatId, verb.cause);
      case 'lapseTransfer':
        return this.lapseTransfer(verb.legId, verb.cause);
      case 'finish':
        return this.finish();
      case 'hangup':
        // who ended the call, for ending the conversation as them (not a leg a transfer dropped)
        if (this.session.phase === 'ended') this.endedBy ??= verb.legId === this.citizenLegId ? 'seat' : 'citizen';
        return this.runMedia(verb);
      default:
        return this.runMedia(verb);
    }
  }

  /**
   * The citizen's softphone hears where its call stands (a seat on the line, held, waiting again);
   * not awaited: the chain does not wait for the softphone's answer.
   */
  private tellCitizen(): void {
    const phase = this.session.phase;
    const now: SwitchCallPhase | null =
      phase === 'bridged' ? 'talking' : phase === 'held' ? 'held' : phase === 'ended' ? null : 'waiting';
    if (now === null || now === this.toldCitizen) return;
    this.toldCitizen = now;
    void this.sendCallState(now).catch((err: unknown) =>
      this.ctx.logger.info({ err, conversationId: this.conversationId }, 'call: telling the citizen failed'),
    );
  }

  /** Who takes the call now: the chat's own seat, or the seats the ACD already offered it to. */
  protected async pickUpSeat(): Promise<void> {
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

  /**
   * The seat's softphone answered: that is the seat accepting its offer (an offer accepted on the
   * workbench first counts too). False when the contact went elsewhere meanwhile.
   */
  protected async acceptAsSeat(legId: string): Promise<boolean> {
    const leg = this.seatLegs.get(legId);
    if (!leg) return false;
    if (!leg.offerId) return true;
    const seat = await Seat.findByPk(leg.seatId);
    if (!seat) return false;
    try {
      await acceptOffer(this.ctx, switchSeatPrincipal(seat), leg.offerId);
      return true;
    } catch (err) {
      const conversation = await Conversation.findByPk(this.conversationId);
      if (conversation?.status === 'active' && conversation.seatId === seat.id) return true;
      this.ctx.logger.info({ err, conversationId: this.conversationId }, 'call: the offer was gone at answer');
      return false;
    }
  }

  /** The seat did not take it: the ACD hears it (decline / expire) and may offer the next seat. */
  private async requeue(seatId: string, cause: SeatFailure): Promise<void> {
    const legs = [...this.seatLegs.entries()].filter(([, l]) => l.seatId === seatId);
    const [legId, leg] = legs[legs.length - 1] ?? [];
    if (legId) await this.seatLegFailed(legId);
    if (!leg?.offerId) {
      // the chat's own seat did not take the call: nobody else to ring, the call ends, the chat goes on
      this.dispatch({ type: 'hangup', at: Date.now(), legId: this.citizenLegId, cause });
      return;
    }
    await this.settleOffer(leg.offerId, seatId, cause);
    await this.pickUpSeat();
  }

  /**
   * The transfer target did not take the call: its transfer offer lapses (the asking seat hears
   * transfer.result), the first seat keeps talking. A decline on the workbench got there first
   * when the offer is no longer pending.
   */
  private async lapseTransfer(legId: string, cause: SeatFailure): Promise<void> {
    await this.seatLegFailed(legId);
    const leg = this.seatLegs.get(legId);
    if (leg?.offerId) await this.settleOffer(leg.offerId, leg.seatId, cause);
  }

  /** An unanswered offer expires (the seat pauses 未接听), a refusal is a decline. */
  private async settleOffer(offerId: string, seatId: string, cause: SeatFailure): Promise<void> {
    try {
      const offer = await Offer.findByPk(offerId);
      if (!offer || offer.status !== 'pending') return;
      if (cause === 'no_answer') {
        const wait = offer.expiresAt.getTime() - this.ctx.now().getTime();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait + 50));
        await expireOffers(this.ctx);
        return;
      }
      const seat = await Seat.findByPk(seatId);
      if (seat) await declineOffer(this.ctx, switchSeatPrincipal(seat), offerId);
    } catch (err) {
      this.ctx.logger.info({ err, offerId }, 'call: the offer was already settled');
    }
  }

  /**
   * The call is over: the legs go on the ticket and the conversation ends at once (not a chat's
   * call); the recording is written down after, as it may take seconds.
   */
  private async finish(): Promise<void> {
    if (this.recheck) clearInterval(this.recheck);
    try {
      await recordCallLegs(this.ctx, { conversationId: this.conversationId, legs: this.session.legs });
      if (!this.insideChat) await this.endConversation();
      await this.saveRecording();
    } finally {
      await this.release();
    }
  }

  private async endConversation(): Promise<void> {
    const conversation = await Conversation.findByPk(this.conversationId);
    if (!conversation || conversation.status === 'ended' || conversation.status === 'abandoned') return;
    const seat = conversation.seatId ? await Seat.findByPk(conversation.seatId) : null;
    const principal: CitizenPrincipal | StaffPrincipal =
      this.endedBy === 'seat' && seat
        ? switchSeatPrincipal(seat)
        : { kind: 'citizen', citizenId: this.citizen.id, displayName: this.citizen.name };
    await endConversation(this.ctx, principal, this.conversationId);
  }
}
