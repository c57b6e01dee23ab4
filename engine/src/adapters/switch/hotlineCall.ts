/**
 * 电话热线: a phone call from a SIP trunk to the hotline number walks the voice IVR (语音导航)
 * before it is a contact. The phone's plain RTP reaches the werift media server through rtpengine
 * (rtpengine/phoneLeg.ts); the pure interpreter (@cloud-seat/ivr `start`/`onEvent`) decides, this
 * class runs its actions on the call: prompts played one after another (their Opus files),
 * keys from SIP INFO (dtmf-relay / dtmf) or RFC 2833 (rtpengine's DTMF log, dtmfLog.ts), a
 * menu's timeout after its prompt. At
 * `enqueue` the caller becomes a phone contact (commands/phoneContactStarter.ts) and the same
 * call, endpoint and answer go on in a PhoneCallRunner: waiting music, ringing the seat, bridge,
 * recording and the legs on the ticket, as for any call on the embedded switch.
 */
import path from 'node:path';
import {
  dtmfKeySchema,
  onEvent,
  start,
  summarizePath,
  type IvrAction,
  type IvrEvent,
  type IvrState,
  type VoiceFlow,
} from '@cloud-seat/ivr';
import type { QueueStanding, SwitchCallPhase } from '@cloud-seat/contracts';
import type { CommandContext } from '../../commands/context.js';
import { startPhoneContact, type PhoneContact } from '../../commands/phoneContactStarter.js';
import type { MediaServer, Playback } from '../media/mediaServer.js';
import type { DtmfLog } from '../rtpengine/dtmfLog.js';
import { answerPhone, type AnsweredPhone } from '../rtpengine/phoneLeg.js';
import type { PhoneMediaRelay } from '../rtpengine/phoneMediaRelay.js';
import type { IncomingCall } from '../sip/calls.js';
import { parseDtmfInfo } from '../sip/dtmf.js';
import { CallRunner, type CallRunnerDeps } from './callRunner.js';

export interface HotlineDeps {
  ctx: CommandContext;
  media: MediaServer;
  relay: PhoneMediaRelay;
  /** RFC 2833 keys reported by rtpengine; null: keys by SIP INFO only. */
  dtmfLog: DtmfLog | null;
  flow: VoiceFlow;
  /** Where `<prompt id>.opus` lie (`npm run prompts -w ivr`). */
  promptsDir: string;
  /** Seats on duty now? After hours the flow says so and hangs up. */
  inServiceHours(): Promise<boolean>;
  /**
   * The caller reached a queue: track the call as the contact's (a PhoneCallRunner) and route
   * it; `ivr` is the interpreter's state, queued, for the position announcements.
   */
  queued(call: IncomingCall, phone: AnsweredPhone, contact: PhoneContact, ivr: IvrState): void;
}

export class HotlineCall {
  private state: IvrState | null = null;
  private phone: AnsweredPhone | null = null;
  /** Bumped whenever the running actions are replaced: their leftovers then do nothing. */
  private generation = 0;
  private playback: Playback | null = null;
  private timer: NodeJS.Timeout | null = null;
  /** Handed to the ACD or hung up: the IVR is done with the call. */
  private over = false;
  private handedOff = false;
  /** Stops taking RFC 2833 keys from rtpengine's DTMF log. */
  private stopKeys: (() => void) | null = null;
  private ended = false;
  /** The IVR's result: resolves when the call was queued or ended (for tests and logs). */
  readonly finished: Promise<'queued' | 'ended'>;
  private finish!: (outcome: 'queued' | 'ended') => void;

  constructor(
    private readonly deps: HotlineDeps,
    private readonly call: IncomingCall,
  ) {
    this.finished = new Promise((resolve) => (this.finish = resolve));
  }

  async run(): Promise<void> {
    const { ctx } = this.deps;
    this.call.onEnded(() => void this.end());
    try {
      this.phone = await answerPhone(this.deps.relay, this.deps.media, this.call.invite.body.toString('utf8'), {
        callId: this.call.invite.headers.get('call-id') ?? undefined,
      });
    } catch (err) {
      ctx.logger.warn({ err, callId: this.call.id }, 'hotline: the phone media could not be set up');
      this.call.reject(503);
      return this.end();
    }
    if (this.ended || this.call.state === 'ended') {
      // cancelled while the media was set up: end() found nothing to free yet
      await this.phone.close().catch(() => undefined);
      this.phone = null;
      return this.end();
    }
    this.call.answer(this.phone.answerSdp);
    const key = (tone: string | null) => {
      const digit = dtmfKeySchema.safeParse(tone);
      if (digit.success) this.feed({ type: 'dtmf', digit: digit.data });
    };
    this.call.onInfo((request) =>
      key(parseDtmfInfo(request.headers.get('content-type'), request.body.toString('utf8'))),
    );
    this.stopKeys = this.deps.dtmfLog?.on(this.phone.call.callId, key) ?? null;
    const inServiceHours = await this.deps.inServiceHours().catch((err: unknown) => {
      ctx.logger.warn({ err, callId: this.call.id }, 'hotline: service hours unknown, taking the call as in hours');
      return true;
    });
    if (this.ended) return;
    const turn = start(this.deps.flow, { now: ctx.now(), inServiceHours });
    this.state = turn.state;
    this.perform(turn.actions);
  }

  private feed(event: IvrEvent): void {
    if (this.over || !this.state) return;
    const turn = onEvent(this.state, event);
    this.deps.ctx.logger.debug(
      { callId: this.call.id, event, node: turn.state.node, actions: turn.actions },
      'hotline: IVR step',
    );
    this.state = turn.state;
    if (turn.actions.length > 0) this.perform(turn.actions);
  }

  /** Replaces what runs now (a prompt, a key timer) with a step's actions. */
  private perform(actions: IvrAction[]): void {
    this.stopRunning();
    const generation = this.generation;
    void this.runActions(actions, generation).catch((err: unknown) => {
      this.deps.ctx.logger.warn({ err, callId: this.call.id }, 'hotline: an IVR step failed');
      void this.call.hangup().catch(() => undefined);
    });
  }

  private async runActions(actions: IvrAction[], generation: number): Promise<void> {
    const current = () => generation === this.generation && !this.over;
    let playing: Promise<boolean> = Promise.resolve(true);
    for (const action of actions) {
      if (!current()) return;
      switch (action.type) {
        case 'play':
          playing = this.playAll(action.promptIds, generation);
          void playing.then((done) => done && current() && this.feed({ type: 'promptDone' }));
          break;
        case 'collectDtmf':
          void playing.then((done) => {
            if (done && current()) this.timer = setTimeout(() => this.feed({ type: 'timeout' }), action.timeoutMs);
          });
          break;
        case 'enqueue':
          if (!(await playing) || !current()) return;
          return this.enqueue(action);
        case 'hangup':
          if (!(await playing) || !current()) return;
          await this.call.hangup().catch(() => undefined);
          return this.end();
        case 'music':
          break; // after enqueue the call's runner plays the waiting music
      }
    }
  }

  /** Plays the prompts in order: true when all played, false when replaced meanwhile. */
  private async playAll(promptIds: string[], generation: number): Promise<boolean> {
    for (const id of promptIds) {
      if (generation !== this.generation || this.over) return false;
      const file = path.join(this.deps.promptsDir, `${id}.opus`);
      try {
        this.playback = await this.deps.media.play(this.phone!.endpoint, file);
      } catch (err) {
        this.deps.ctx.logger.warn({ err, file }, 'hotline: a prompt could not be played (npm run prompts -w ivr)');
        continue;
      }
      if (generation !== this.generation) {
        this.playback.stop();
        return false;
      }
      await this.playback.done;
    }
    return generation === this.generation && !this.over;
  }

  private stopRunning(): void {
    this.generation++;
    this.playback?.stop();
    this.playback = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async enqueue(action: Extract<IvrAction, { type: 'enqueue' }>): Promise<void> {
    this.over = true;
    this.handedOff = true;
    this.stopRunning();
    this.stopKeys?.();
    let contact: PhoneContact;
    try {
      contact = await startPhoneContact(this.deps.ctx, {
        callerNumber: this.call.caller,
        regionCode: action.regionCode,
        category: action.category,
        path: action.path,
        pathSummary: summarizePath(action.path),
      });
    } catch (err) {
      this.handedOff = false;
      await this.call.hangup().catch(() => undefined);
      await this.end();
      throw err;
    }
    this.finish('queued');
    this.deps.queued(this.call, this.phone!, contact, this.state!);
  }

  /** The caller hung up (or the call failed) in the IVR: free the media and rtpengine's ports. */
  private async end(): Promise<void> {
    if (this.handedOff || this.ended) return; // once queued, the runner owns the call
    this.ended = true;
    this.over = true;
    this.stopKeys?.();
    this.stopRunning();
    if (this.state?.status === 'running') this.state = onEvent(this.state, { type: 'hangup' }).state;
    await this.phone?.close().catch(() => undefined);
    this.phone = null;
    this.finish('ended');
  }
}

/** 排队播报: how often a waiting caller hears their place and where the clips lie. */
export interface QueueAnnouncements {
  /** The interpreter's state, queued: turns positions into clips (queueAnnouncement). */
  ivr: IvrState;
  promptsDir: string;
  /** The first announcement after queueing, then every `everyMs`; 0 turns them off. */
  everyMs: number;
  firstAfterMs: number;
  /** The caller's place now; null once no longer queued (a seat took it). */
  standing(): Promise<QueueStanding | null>;
}

/**
 * A phone contact's call after the IVR: the embedded switch's runner, with the phone leg's
 * rtpengine ports freed at the end, no call-state INFO (that is for the web softphone) and,
 * while the caller waits, the queue announcements (您前面还有N位…) over the hold music.
 */
export class PhoneCallRunner extends CallRunner {
  private announceTimer: NodeJS.Timeout | null = null;
  /** Clips of the announcements played so far (logs and tests). */
  readonly announced: string[][] = [];

  constructor(
    deps: CallRunnerDeps,
    contact: PhoneContact,
    call: IncomingCall,
    private readonly phone: AnsweredPhone,
    private readonly announcements: QueueAnnouncements | null = null,
  ) {
    super(deps, contact.conversationId, contact.citizen, 'audio', call, phone.endpoint, phone.answerSdp, false);
    // a caller who hung up while the contact was written down
    if (call.state === 'ended') {
      queueMicrotask(() => this.dispatch({ type: 'hangup', at: Date.now(), legId: this.citizenLegId }));
    }
  }

  override start(): void {
    super.start();
    const a = this.announcements;
    if (a && a.everyMs > 0) this.scheduleAnnouncement(a, a.firstAfterMs);
  }

  private scheduleAnnouncement(a: QueueAnnouncements, delayMs: number): void {
    this.announceTimer = setTimeout(() => {
      void this.announce(a)
        .catch((err: unknown) =>
          this.ctx.logger.warn({ err, conversationId: this.conversationId }, 'hotline: announcing failed'),
        )
        .finally(() => {
          if (this.phase !== 'ended') this.scheduleAnnouncement(a, a.everyMs);
        });
    }, delayMs);
  }

  private async announce(a: QueueAnnouncements): Promise<void> {
    if (this.phase !== 'waiting') return; // a seat rings or talks: no announcement over it
    const standing = await a.standing();
    if (!standing || this.phase !== 'waiting') return;
    const turn = onEvent(a.ivr, {
      type: 'queuePosition',
      position: standing.position - 1,
      etaSeconds: standing.estimatedWaitSeconds,
    });
    const play = turn.actions.find((x) => x.type === 'play');
    if (!play) return;
    this.announced.push(play.promptIds);
    await this.playAnnouncement(play.promptIds.map((id) => path.join(a.promptsDir, `${id}.opus`)));
  }

  protected override sendCallState(_phase: SwitchCallPhase): Promise<void> {
    return Promise.resolve();
  }

  protected override async release(): Promise<void> {
    if (this.announceTimer) clearTimeout(this.announceTimer);
    this.announceTimer = null;
    await super.release();
    await this.phone.call.close().catch(() => undefined);
  }
}
