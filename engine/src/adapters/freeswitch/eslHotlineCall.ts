/**
 * 电话热线 on FreeSWITCH: the dialplan parks a trunk's call to the hotline number with
 * `cloud_seat_kind=hotline` (freeswitch/conf/dialplan/public.xml). The engine answers it and runs
 * the voice menu (adapters/switch/voiceMenu.ts) on the channel: prompts by `uuid_broadcast`
 * (FreeSWITCH's own files of `npm run prompts -w ivr`, `FREESWITCH_PROMPTS_DIR`), keys from its
 * DTMF events (RFC 2833, SIP INFO or inband, FreeSWITCH reports them alike), the end of a prompt
 * from PLAYBACK_STOP. At the queue the caller becomes a phone contact and the channel goes on in
 * an EslPhoneCallRunner: the same call session as a web call, with queue announcements and no
 * call-state INFO (a phone hears the music instead).
 */
import path from 'node:path';
import type { SwitchCallPhase } from '@cloud-seat/contracts';
import type { VoiceFlow } from '@cloud-seat/ivr';
import type { CommandContext } from '../../commands/context.js';
import { startPhoneContact, type PhoneContact } from '../../commands/phoneContactStarter.js';
import type { Playback } from '../media/mediaServer.js';
import { QueueAnnouncer, type AnnouncedCall, type QueueAnnouncements } from '../switch/queueAnnouncer.js';
import { VoiceMenu, type QueuedCaller } from '../switch/voiceMenu.js';
import type { EslClient, EslEvent } from './esl.js';
import { EslCallRunner, type EslCallRunnerDeps } from './eslCallRunner.js';

export interface EslHotlineDeps {
  ctx: CommandContext;
  esl: EslClient;
  flow: VoiceFlow;
  /** Where FreeSWITCH finds `<prompt id>.wav` (FREESWITCH_PROMPTS_DIR, as FreeSWITCH sees it). */
  promptsDir: string;
  /** The caller reached a queue as `contact`: the channel is the contact's call from now on. */
  queued(uuid: string, contact: PhoneContact, caller: QueuedCaller): void;
  /** The call ended in the menu (or failed): forget its channel. */
  ended(uuid: string): void;
}

/** A prompt's file on the FreeSWITCH host. */
export function promptFile(promptsDir: string, promptId: string): string {
  return path.posix.join(promptsDir, `${promptId}.wav`);
}

export class EslHotlineCall {
  private readonly menu: VoiceMenu;
  /** The prompt playing now: its file and how to tell that it ended. */
  private current: { file: string; ended: () => void } | null = null;
  private over = false;

  constructor(
    private readonly deps: EslHotlineDeps,
    /** The parked channel. */
    readonly uuid: string,
    private readonly callerNumber: string | null,
  ) {
    this.menu = new VoiceMenu(
      {
        ctx: deps.ctx,
        callerNumber: this.callerNumber,
        flow: deps.flow,
        media: { playPrompt: (id) => this.playPrompt(id), hangup: () => this.hangup() },
        queued: (caller) => this.enqueue(caller),
      },
      uuid,
    );
  }

  get finished(): Promise<'queued' | 'ended'> {
    return this.menu.finished;
  }

  async run(): Promise<void> {
    const { ctx } = this.deps;
    const answered = await this.deps.esl.api(`uuid_answer ${this.uuid}`);
    if (!answered.startsWith('+OK')) {
      ctx.logger.warn({ uuid: this.uuid, reply: answered.trim() }, 'hotline: answering the parked call failed');
      return this.end();
    }
    await this.menu.start();
  }

  /** An event of the parked channel while it is in the menu. */
  onChannelEvent(event: EslEvent): void {
    switch (event.name) {
      case 'DTMF':
        return this.menu.key(event.header('DTMF-Digit'));
      case 'PLAYBACK_STOP':
        if (this.current && event.header('Playback-File-Path') === this.current.file) this.current.ended();
        return;
      case 'CHANNEL_HANGUP_COMPLETE':
        return this.end();
    }
  }

  private async playPrompt(promptId: string): Promise<Playback> {
    const file = promptFile(this.deps.promptsDir, promptId);
    let ended!: () => void;
    const done = new Promise<void>((resolve) => (ended = resolve));
    const playing = { file, ended };
    this.current = playing;
    const reply = await this.deps.esl.api(`uuid_broadcast ${this.uuid} playback::${file} aleg`);
    if (!reply.startsWith('+OK')) {
      this.current = null;
      throw new Error(`uuid_broadcast ${file}: ${reply.trim()}`);
    }
    return {
      done,
      stop: () => {
        if (this.current !== playing) return;
        this.current = null;
        ended();
        void this.deps.esl.api(`uuid_break ${this.uuid} all`).catch(() => undefined);
      },
    };
  }

  private async hangup(): Promise<void> {
    await this.deps.esl.api(`uuid_kill ${this.uuid} NORMAL_CLEARING`).catch(() => undefined);
  }

  private async enqueue(caller: QueuedCaller): Promise<void> {
    this.over = true;
    let contact: PhoneContact;
    try {
      contact = await startPhoneContact(this.deps.ctx, {
        callerNumber: this.callerNumber,
        regionCode: caller.action.regionCode,
        category: caller.action.category,
        path: caller.action.path,
        pathSummary: caller.pathSummary,
      });
    } catch (err) {
      await this.hangup();
      this.deps.ended(this.uuid);
      throw err;
    }
    this.deps.queued(this.uuid, contact, caller);
  }

  private end(): void {
    if (this.over) return;
    this.over = true;
    this.current?.ended();
    this.current = null;
    this.menu.hangup();
    this.deps.ended(this.uuid);
  }
}

/**
 * A phone contact's call on FreeSWITCH after the menu: the common ESL runner, no call-state INFO,
 * queue announcements (the prompt files FreeSWITCH plays) while the caller waits.
 */
export class EslPhoneCallRunner extends EslCallRunner implements AnnouncedCall {
  readonly announcer: QueueAnnouncer | null;

  constructor(
    deps: EslCallRunnerDeps,
    contact: PhoneContact,
    uuid: string,
    private readonly promptsDir: string,
    announcements: QueueAnnouncements | null,
  ) {
    super(deps, contact.conversationId, contact.citizen, 'audio', uuid, false);
    this.announcer = announcements ? new QueueAnnouncer(announcements, this, deps.ctx.logger) : null;
  }

  override start(): void {
    super.start();
    this.announcer?.start();
  }

  playAnnouncement(promptIds: readonly string[]): Promise<boolean> {
    return this.playFilesOverMusic(promptIds.map((id) => promptFile(this.promptsDir, id)));
  }

  protected override sendCallState(_phase: SwitchCallPhase): Promise<void> {
    return Promise.resolve();
  }

  protected override async release(): Promise<void> {
    this.announcer?.stop();
    await super.release();
  }
}
