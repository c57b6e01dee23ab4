/**
 * One citizen call on FreeSWITCH: runs the verbs of the same pure session as the embedded switch
 * (domain/calls/callSession.ts) as event socket commands on the parked channels, and feeds the
 * channel events back as session events. Leg ids are FreeSWITCH channel uuids. What every switch
 * does alike (the event chain, the ACD side, the ticket) is in adapters/switch/sessionRunner.ts.
 */
import path from 'node:path';
import { CALL_STATE_CONTENT_TYPE, type CallMedia, type SwitchCallPhase } from '@cloud-seat/contracts';
import { recordCallRecording } from '../../commands/callRecords.js';
import type { CommandContext } from '../../commands/context.js';
import type { HangupCause, SeatFailure } from '../../domain/calls/callSession.js';
import { Seat } from '../../models/index.js';
import type { RecordingFileEntry } from '../../models/recording.js';
import type { EslClient, EslEvent } from './esl.js';
import { SessionRunner, type MediaVerb, type SeatLegRecord } from '../switch/sessionRunner.js';
import { dialString, failureCause, freeswitchCause, legHangupCause } from './freeswitchCauses.js';

export interface EslCallRunnerDeps {
  ctx: CommandContext;
  esl: EslClient;
  domain: string;
  /** RECORDINGS_DIR as FreeSWITCH sees it (uuid_record paths). */
  fsRecordingsDir: string;
  /** What the citizen hears while waiting: a file FreeSWITCH plays, then its hold music stream. */
  clips: { waiting: string; holdMusic: string };
  seatUser(jobNumber: string): string;
  /** Another FreeSWITCH of the pool the seat's softphone registered to (its interconnect), or null: this one. */
  seatVia?(user: string): string | null;
  /** A seat leg was originated: its channel's events come here from now on. */
  track(channelUuid: string, runner: EslCallRunner): void;
  done(runner: EslCallRunner): void;
}

export class EslCallRunner extends SessionRunner {
  /** The clip playing on the citizen's channel and what follows when it ends. */
  private playing: string | null = null;
  private queued: string[] = [];
  private recordings: { legId: string; role: 'citizen' | 'seat'; file: string; startedAt: number }[] = [];

  constructor(
    private readonly deps: EslCallRunnerDeps,
    conversationId: string,
    citizen: { id: string; name: string },
    media: CallMedia,
    /** The citizen's channel uuid (also its leg id). */
    citizenLegId: string,
    insideChat: boolean,
  ) {
    super(deps.ctx, conversationId, citizen, media, citizenLegId, insideChat, citizenLegId);
  }

  get liveLegIds(): string[] {
    return this.session.legs.filter((l) => l.endedAt === null).map((l) => l.id);
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
    if (!this.isRinging(legId)) return;
    if (!(await this.acceptAsSeat(legId))) {
      await this.command(`uuid_kill ${legId} ORIGINATOR_CANCEL`);
      return;
    }
    this.dispatchIf(
      () => this.isRinging(legId),
      () => ({ type: 'seatAnswered', at: Date.now(), legId }),
    );
  }

  // ---- the session's verbs on FreeSWITCH ------------------------------------------------------

  protected newLegRecord(legId: string, seatId: string, offerId: string | null): SeatLegRecord {
    this.deps.track(legId, this);
    return { seatId, offerId };
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

  protected async runMedia(verb: MediaVerb): Promise<void> {
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
      case 'sendDtmf':
        await this.command(`uuid_send_dtmf ${verb.legId} ${verb.tone}`);
        return;
    }
  }

  /** Where the call stands, to the citizen's softphone (SIP INFO through FreeSWITCH). */
  protected async sendCallState(phase: SwitchCallPhase): Promise<void> {
    const [type, subtype] = CALL_STATE_CONTENT_TYPE.split('/');
    await this.command(`uuid_send_info ${this.citizenLegId} ${type} ${subtype} ${JSON.stringify({ phase })}`);
  }

  protected async stopRinging(legId: string): Promise<void> {
    await this.command(`uuid_kill ${legId} CALL_REJECTED`);
  }

  protected async release(): Promise<void> {
    this.queued = [];
    this.deps.done(this);
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

  /**
   * While the caller waits: the files (a queue announcement's clips) in order instead of the
   * music, then the music again (queued like the waiting notice is). A stopPlay (the seat
   * answered) drops the rest. False when the call is not waiting.
   */
  protected async playFilesOverMusic(files: readonly string[]): Promise<boolean> {
    const [first, ...rest] = files;
    if (this.session.phase !== 'waiting' || !first) return false;
    this.queued = [...rest, this.deps.clips.holdMusic];
    this.playing = first;
    await this.command(`uuid_break ${this.citizenLegId} all`);
    await this.command(`uuid_broadcast ${this.citizenLegId} playback::${first} aleg`);
    return true;
  }

  private playbackEnded(file: string): void {
    if (file !== this.playing) return; // a clip broken by stopPlay
    this.playing = null;
    const next = this.queued.shift();
    if (next) {
      this.chain = this.chain.then(() => (this.session.phase === 'ended' ? undefined : this.play(next)));
    }
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
    const user = this.deps.seatUser(seat.jobNumber);
    const command = dialString({
      legId,
      conversationId: this.conversationId,
      media: this.media,
      callerName: this.citizen.name,
      user,
      via: this.deps.seatVia?.(user) ?? null,
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

  private async hangup(legId: string, cause: HangupCause): Promise<void> {
    const leg = this.session.legs.find((l) => l.id === legId);
    await this.command(`uuid_kill ${legId} ${freeswitchCause(cause, leg?.answeredAt !== null)}`);
  }

  /**
   * The legs' files as FreeSWITCH wrote them (under RECORDINGS_DIR when the engine shares
   * FreeSWITCH's recordings volume); no mixing here: the citizen leg's file already holds both
   * sides of every seat it talked to.
   */
  protected async saveRecording(): Promise<void> {
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
}
