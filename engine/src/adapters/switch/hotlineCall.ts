/**
 * 电话热线: a phone call from a SIP trunk to the hotline number walks the voice IVR (语音导航)
 * before it is a contact. The phone's plain RTP reaches the werift media server through rtpengine
 * (rtpengine/phoneLeg.ts); the pure interpreter (@cloud-seat/ivr `start`/`onEvent`) decides, this
 * class sets up the phone's media and gives the menu runner (voiceMenu.ts) the prompts (their
 * Opus files) and the keys from SIP INFO (dtmf-relay / dtmf) or RFC 2833 (rtpengine's DTMF log,
 * dtmfLog.ts). At
 * `enqueue` the caller becomes a phone contact (commands/phoneContactStarter.ts) and the same
 * call, endpoint and answer go on in a PhoneCallRunner: waiting music, ringing the seat, bridge,
 * recording and the legs on the ticket, as for any call on the embedded switch.
 */
import path from 'node:path';
import type { VoiceFlow } from '@cloud-seat/ivr';
import type { SwitchCallPhase } from '@cloud-seat/contracts';
import type { CommandContext } from '../../commands/context.js';
import { startPhoneContact, type PhoneContact } from '../../commands/phoneContactStarter.js';
import type { MediaServer } from '../media/mediaServer.js';
import type { DtmfLog } from '../rtpengine/dtmfLog.js';
import { answerPhone, type AnsweredPhone } from '../rtpengine/phoneLeg.js';
import type { PhoneMediaRelay } from '../rtpengine/phoneMediaRelay.js';
import type { IncomingCall } from '../sip/calls.js';
import { parseDtmfInfo } from '../sip/dtmf.js';
import { CallRunner, type CallRunnerDeps } from './callRunner.js';
import { QueueAnnouncer, type AnnouncedCall, type QueueAnnouncements } from './queueAnnouncer.js';
import { VoiceMenu, type QueuedCaller } from './voiceMenu.js';

export interface HotlineDeps {
  ctx: CommandContext;
  media: MediaServer;
  relay: PhoneMediaRelay;
  /** RFC 2833 keys reported by rtpengine; null: keys by SIP INFO only. */
  dtmfLog: DtmfLog | null;
  flow: VoiceFlow;
  /** Where `<prompt id>.opus` lie (`npm run prompts -w ivr`). */
  promptsDir: string;
  /** The caller reached a queue: track the call as the contact's (a PhoneCallRunner) and route it. */
  queued(call: IncomingCall, phone: AnsweredPhone, contact: PhoneContact, caller: QueuedCaller): void;
}

export class HotlineCall {
  private phone: AnsweredPhone | null = null;
  private readonly menu: VoiceMenu;
  /** Stops taking RFC 2833 keys from rtpengine's DTMF log. */
  private stopKeys: (() => void) | null = null;
  private handedOff = false;
  private ended = false;

  constructor(
    private readonly deps: HotlineDeps,
    private readonly call: IncomingCall,
  ) {
    this.menu = new VoiceMenu(
      {
        ctx: deps.ctx,
        callerNumber: this.call.caller,
        flow: deps.flow,
        media: {
          playPrompt: (id) => deps.media.play(this.phone!.endpoint, path.join(deps.promptsDir, `${id}.opus`)),
          hangup: async () => {
            await this.call.hangup().catch(() => undefined);
            await this.end();
          },
        },
        queued: (caller) => this.enqueue(caller),
      },
      call.id,
    );
  }

  /** The IVR's result: resolves when the call was queued or ended (for tests and logs). */
  get finished(): Promise<'queued' | 'ended'> {
    return this.menu.finished;
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
    this.call.onInfo((request) =>
      this.menu.key(parseDtmfInfo(request.headers.get('content-type'), request.body.toString('utf8'))),
    );
    this.stopKeys =
      this.deps.dtmfLog?.on(this.phone.call.callId, (tone) => this.menu.key(tone), this.phone.call.phoneTag) ?? null;
    await this.menu.start();
  }

  private async enqueue(caller: QueuedCaller): Promise<void> {
    this.handedOff = true;
    this.stopKeys?.();
    let contact: PhoneContact;
    try {
      contact = await startPhoneContact(this.deps.ctx, {
        callerNumber: this.call.caller,
        regionCode: caller.action.regionCode,
        category: caller.action.category,
        path: caller.action.path,
        pathSummary: caller.pathSummary,
      });
    } catch (err) {
      this.handedOff = false;
      await this.call.hangup().catch(() => undefined);
      await this.end();
      throw err;
    }
    this.deps.queued(this.call, this.phone!, contact, caller);
  }

  /** The caller hung up (or the call failed) in the IVR: free the media and rtpengine's ports. */
  private async end(): Promise<void> {
    if (this.handedOff || this.ended) return; // once queued, the runner owns the call
    this.ended = true;
    this.stopKeys?.();
    this.menu.hangup();
    await this.phone?.close().catch(() => undefined);
    this.phone = null;
  }
}

/**
 * A phone contact's call after the IVR: the embedded switch's runner, with the phone leg's
 * rtpengine ports freed at the end, no call-state INFO (that is for the web softphone) and,
 * while the caller waits, the queue announcements (您前面还有N位…) over the hold music.
 */
export class PhoneCallRunner extends CallRunner implements AnnouncedCall {
  readonly announcer: QueueAnnouncer | null;
  private readonly promptsDir: string;
  /** Stops taking the phone's RFC 2833 keys (rtpengine's DTMF log). */
  private stopKeys: (() => void) | null = null;

  constructor(
    deps: CallRunnerDeps,
    contact: PhoneContact,
    call: IncomingCall,
    private readonly phone: AnsweredPhone,
    private readonly options: {
      announcements?: QueueAnnouncements & { promptsDir: string };
      /** RFC 2833 keys during the call go to the seat like INFO keys (null: INFO only). */
      dtmfLog?: DtmfLog | null;
    } = {},
  ) {
    super(deps, contact.conversationId, contact.citizen, 'audio', call, phone.endpoint, phone.answerSdp, false);
    const { announcements } = options;
    this.promptsDir = announcements?.promptsDir ?? '';
    this.announcer = announcements ? new QueueAnnouncer(announcements, this, deps.ctx.logger) : null;
    // a caller who hung up while the contact was written down
    if (call.state === 'ended') {
      queueMicrotask(() => this.dispatch({ type: 'hangup', at: Date.now(), legId: this.citizenLegId }));
    }
  }

  override start(): void {
    super.start();
    this.stopKeys =
      this.options.dtmfLog?.on(
        this.phone.call.callId,
        (tone) => this.dispatch({ type: 'dtmf', at: Date.now(), legId: this.citizenLegId, tone }),
        this.phone.call.phoneTag, // not the seat's keys rtpengine injects towards the phone
      ) ?? null;
    this.announcer?.start();
  }

  /** A key for the phone (the seat's keypad) goes in its RTP as RFC 2833, as phones expect; INFO if that fails. */
  protected override async sendDtmf(legId: string, tone: string): Promise<void> {
    if (legId !== this.citizenLegId) return super.sendDtmf(legId, tone);
    try {
      await this.phone.call.sendDtmfToPhone(tone);
    } catch (err) {
      this.ctx.logger.info({ err, conversationId: this.conversationId }, 'hotline: RFC 2833 key failed, sent as INFO');
      await super.sendDtmf(legId, tone);
    }
  }

  playAnnouncement(promptIds: readonly string[]): Promise<boolean> {
    return this.playFilesOverMusic(promptIds.map((id) => path.join(this.promptsDir, `${id}.opus`)));
  }

  protected override sendCallState(_phase: SwitchCallPhase): Promise<void> {
    return Promise.resolve();
  }

  protected override async release(): Promise<void> {
    this.stopKeys?.();
    this.announcer?.stop();
    await super.release();
    await this.phone.call.close().catch(() => undefined);
  }
}
