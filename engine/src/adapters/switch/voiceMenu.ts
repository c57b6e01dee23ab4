/**
 * 语音导航 on a call, whatever carries it: runs the pure IVR interpreter's actions (@cloud-seat/ivr
 * `start`/`onEvent`) on a call's media — prompts one after another, a menu's timeout after its
 * prompt, keys as they come — and reports the outcome. The switch adapters give it a
 * `VoiceMenuMedia` (the embedded switch: werift playback on the phone's rtpengine leg; FreeSWITCH:
 * `uuid_broadcast` on the parked channel) and feed it the keys and the caller's hangup. What
 * both do alike is here: the service hours (seats on duty in any region the flow queues for) and
 * writing an after-hours caller down for the promised call back.
 */
import {
  dtmfKeySchema,
  flowRegions,
  onEvent,
  start,
  summarizePath,
  type IvrAction,
  type IvrEvent,
  type IvrState,
  type VoiceFlow,
} from '@cloud-seat/ivr';
import type { CommandContext } from '../../commands/context.js';
import { recordAfterHoursCall } from '../../commands/phoneContactStarter.js';
import { seatsOnDuty } from '../../models/assistantSettings.js';
import type { Playback } from '../media/mediaServer.js';

export interface VoiceMenuMedia {
  /** Starts one prompt of the catalog (by id); its `done` resolves at its end or when stopped. */
  playPrompt(promptId: string): Promise<Playback>;
  /** The flow hangs up (after hours, a failed menu). */
  hangup(): Promise<void>;
}

/** Where the caller goes once the menu queued them, with the path for the ticket. */
export interface QueuedCaller {
  action: Extract<IvrAction, { type: 'enqueue' }>;
  /** The interpreter's state, queued: it turns queue positions into announcements. */
  state: IvrState;
  pathSummary: string;
}

export class VoiceMenu {
  private state: IvrState | null = null;
  /** Bumped whenever the running actions are replaced: their leftovers then do nothing. */
  private generation = 0;
  private playback: Playback | null = null;
  private timer: NodeJS.Timeout | null = null;
  /** Queued or hung up: the menu is done with the call. */
  private over = false;
  /** The menu's result: resolves when the caller was queued or the call ended (tests and logs). */
  readonly finished: Promise<'queued' | 'ended'>;
  private finish!: (outcome: 'queued' | 'ended') => void;

  constructor(
    private readonly deps: {
      ctx: CommandContext;
      flow: VoiceFlow;
      media: VoiceMenuMedia;
      /** The caller's number (From user); null when withheld. */
      callerNumber: string | null;
      /** The caller reached a queue (the media side makes the contact and hands the call on). */
      queued(caller: QueuedCaller): Promise<void>;
    },
    private readonly callId: string,
  ) {
    this.finished = new Promise((resolve) => (this.finish = resolve));
  }

  get path(): IvrState['path'] {
    return this.state?.path ?? [];
  }

  /** The call is answered: the flow starts, in or out of service hours. */
  async start(): Promise<void> {
    const { ctx, flow } = this.deps;
    const inServiceHours = await seatsOnDuty(ctx.sequelize, flowRegions(flow), ctx.now()).catch((err: unknown) => {
      ctx.logger.warn({ err, callId: this.callId }, 'hotline: service hours unknown, taking the call as in hours');
      return true;
    });
    if (this.over) return; // hung up meanwhile
    const turn = start(flow, { now: ctx.now(), inServiceHours });
    this.state = turn.state;
    this.perform(turn.actions);
  }

  /** A key from the caller (SIP INFO, RFC 2833, a FreeSWITCH DTMF event); anything else is ignored. */
  key(tone: string | null | undefined): void {
    const digit = dtmfKeySchema.safeParse(tone);
    if (digit.success) this.feed({ type: 'dtmf', digit: digit.data });
  }

  /** The caller hung up (or the call failed) while in the menu. */
  hangup(): void {
    if (this.over) return;
    this.over = true;
    this.stopRunning();
    if (this.state?.status === 'running') this.state = onEvent(this.state, { type: 'hangup' }).state;
    this.finish('ended');
  }

  private feed(event: IvrEvent): void {
    if (this.over || !this.state) return;
    const turn = onEvent(this.state, event);
    this.deps.ctx.logger.debug(
      { callId: this.callId, event, node: turn.state.node, actions: turn.actions },
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
      this.deps.ctx.logger.warn({ err, callId: this.callId }, 'hotline: an IVR step failed');
      this.over = true;
      this.finish('ended');
      void this.deps.media.hangup().catch(() => undefined);
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
          this.over = true;
          this.stopRunning();
          this.finish('queued');
          return this.deps.queued({ action, state: this.state!, pathSummary: summarizePath(action.path) });
        case 'hangup':
          // written down even if the caller hangs up during the message
          if (action.cause === 'afterHours') void this.recordAfterHours();
          if (!(await playing) || !current()) return;
          this.over = true;
          this.finish('ended');
          return this.deps.media.hangup();
        case 'music':
          break; // after enqueue the call's runner plays the waiting music
      }
    }
  }

  /** Plays the prompts in order: true when all played, false when replaced meanwhile. */
  private async playAll(promptIds: string[], generation: number): Promise<boolean> {
    for (const id of promptIds) {
      if (generation !== this.generation || this.over) return false;
      try {
        this.playback = await this.deps.media.playPrompt(id);
      } catch (err) {
        this.deps.ctx.logger.warn(
          { err, promptId: id },
          'hotline: a prompt could not be played (npm run prompts -w ivr)',
        );
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

  private async recordAfterHours(): Promise<void> {
    const { ctx, flow, callerNumber } = this.deps;
    const path = this.state!.path;
    await recordAfterHoursCall(ctx, {
      callerNumber,
      regionCode: flow.defaults.regionCode,
      path,
      pathSummary: summarizePath(path),
    }).catch((err: unknown) =>
      ctx.logger.warn({ err, callId: this.callId }, 'hotline: recording the after-hours call failed'),
    );
  }

  private stopRunning(): void {
    this.generation++;
    this.playback?.stop();
    this.playback = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
