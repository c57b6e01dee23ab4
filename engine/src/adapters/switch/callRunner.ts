/**
 * One call through the embedded switch: the media and signalling verbs of the pure session
 * (domain/calls/callSession.ts) on the SIP legs and the werift media server, their results fed
 * back as events. What every switch does alike (the event chain, the ACD side, the ticket) is in
 * sessionRunner.ts.
 */
import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { CALL_STATE_CONTENT_TYPE, type CallMedia, type SwitchCallPhase } from '@cloud-seat/contracts';
import { recordCallRecording } from '../../commands/callRecords.js';
import type { CommandContext } from '../../commands/context.js';
import { Seat } from '../../models/index.js';
import type { RecordingFileEntry } from '../../models/recording.js';
import type { Bridge, MediaEndpoint, MediaServer, Playback, Recording } from '../media/mediaServer.js';
import { run } from '../media/mixRecording.js';
import type { IncomingCall } from '../sip/calls.js';
import { dtmfRelayBody, parseDtmfInfo } from '../sip/dtmf.js';
import type { SipRequest } from '../sip/message.js';
import type { SipServer } from '../sip/sipServer.js';
import { OutgoingLeg } from './outgoingLeg.js';
import type { SeatFailure } from '../../domain/calls/callSession.js';
import { SessionRunner, type MediaVerb, type SeatLegRecord } from './sessionRunner.js';

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

interface SeatLeg extends SeatLegRecord {
  endpoint: MediaEndpoint | null;
  sip: OutgoingLeg | null;
}

export class CallRunner extends SessionRunner<SeatLeg> {
  private playback: Playback | null = null;
  private playToken = 0;
  /** A queue announcement replaces the music (playFilesOverMusic). */
  private announcing = false;
  private bridge: Bridge | null = null;
  private recordings: { legId: string; role: 'citizen' | 'seat'; recording: Recording }[] = [];
  /** Figures for the logs and the test: INVITE → seat ringing → seat answered (ms since the INVITE). */
  readonly timings: { invite: number; seatRinging: number | null; seatAnswered: number | null } = {
    invite: Date.now(),
    seatRinging: null,
    seatAnswered: null,
  };

  constructor(
    private readonly deps: CallRunnerDeps,
    conversationId: string,
    citizen: { id: string; name: string },
    media: CallMedia,
    private readonly call: IncomingCall,
    private readonly citizenEndpoint: MediaEndpoint,
    private readonly answerSdp: string,
    insideChat: boolean,
  ) {
    super(deps.ctx, conversationId, citizen, media, randomUUID(), insideChat, call.id);
    call.onEnded(() => this.dispatch({ type: 'hangup', at: Date.now(), legId: this.citizenLegId }));
    call.onInfo((request) => this.onInfo(this.citizenLegId, request));
    citizenEndpoint.onEnded((state) => {
      if (state === 'failed') this.dispatch({ type: 'mediaFailed', at: Date.now(), legId: this.citizenLegId });
    });
  }

  protected newLegRecord(_legId: string, seatId: string, offerId: string | null): SeatLeg {
    return { seatId, offerId, endpoint: null, sip: null };
  }

  protected async runMedia(verb: MediaVerb): Promise<void> {
    switch (verb.verb) {
      case 'answer':
        return this.call.answer(this.answerSdp);
      case 'play':
        return this.play(verb.clip, verb.loop);
      case 'stopPlay':
        return this.stopPlayback();
      case 'dial':
        return this.dial(verb.legId, verb.seatId);
      case 'bridge': {
        const endpoint = this.seatLegs.get(verb.b)?.endpoint;
        if (!endpoint) return;
        this.bridge?.close();
        this.bridge = this.deps.media.bridge(this.citizenEndpoint, endpoint);
        return;
      }
      case 'unbridge':
        this.bridge?.close();
        this.bridge = null;
        return;
      case 'record':
        return this.record(verb.legIds);
      case 'stopRecording':
        return; // stopped when the recording is saved, after the last leg is down
      case 'hangup':
        if (verb.legId === this.citizenLegId) return this.call.hangup().catch(() => undefined);
        return this.seatLegs
          .get(verb.legId)
          ?.sip?.hangup()
          .catch(() => undefined);
      case 'sendDtmf':
        return this.sendDtmf(verb.legId, verb.tone);
    }
  }

  /** A call-state INFO in the citizen's dialog. */
  protected sendCallState(phase: SwitchCallPhase): Promise<void> {
    return this.call.sendInfo(CALL_STATE_CONTENT_TYPE, JSON.stringify({ phase }));
  }

  protected async stopRinging(legId: string): Promise<void> {
    await this.seatLegs
      .get(legId)
      ?.sip?.hangup()
      .catch(() => undefined);
  }

  protected override async seatLegFailed(legId: string): Promise<void> {
    await this.seatLegs.get(legId)?.endpoint?.close();
  }

  protected async release(): Promise<void> {
    this.stopPlayback();
    this.bridge?.close();
    await this.citizenEndpoint.close();
    for (const leg of this.seatLegs.values()) await leg.endpoint?.close();
    this.deps.done(this);
  }

  /** A clip that does not loop plays to its end before the next one (the waiting tone, then music). */
  private async play(clip: 'waiting' | 'holdMusic', loop: boolean): Promise<void> {
    if (this.announcing) this.stopPlayback(); // the session's clip wins over an announcement
    const token = this.playToken;
    const previous = this.playback;
    const start = async () => {
      if (token !== this.playToken || this.session.phase === 'ended') return;
      this.playback = await this.deps.media.play(this.citizenEndpoint, this.deps.clips[clip], { loop });
    };
    if (previous) void previous.done.then(start).catch(() => undefined);
    else await start();
  }

  private stopPlayback(): void {
    this.playToken++;
    this.announcing = false;
    this.playback?.stop();
    this.playback = null;
  }

  /**
   * While the caller waits: the files (a queue announcement's clips) in order instead of the
   * music, then the hold music again. Anything the session plays or stops meanwhile ends it.
   * True when it played to the end.
   */
  protected async playFilesOverMusic(files: readonly string[]): Promise<boolean> {
    if (this.session.phase !== 'waiting' || files.length === 0) return false;
    this.stopPlayback();
    const token = this.playToken;
    this.announcing = true;
    const current = () => token === this.playToken && this.session.phase !== 'ended';
    for (const file of files) {
      if (!current()) return false;
      try {
        this.playback = await this.deps.media.play(this.citizenEndpoint, file);
      } catch (err) {
        this.deps.ctx.logger.warn({ err, file }, 'call: an announcement clip could not be played');
        continue;
      }
      if (!current()) {
        this.playback.stop();
        return false;
      }
      await this.playback.done;
    }
    if (!current()) return false;
    this.announcing = false;
    this.playback = await this.deps.media.play(this.citizenEndpoint, this.deps.clips.holdMusic, { loop: true });
    return true;
  }

  private async dial(legId: string, seatId: string): Promise<void> {
    const leg = this.seatLegs.get(legId)!;
    const fail = (cause: SeatFailure) => this.dispatch({ type: 'seatFailed', at: Date.now(), legId, cause });
    const seat = await Seat.findByPk(seatId);
    const binding = seat ? this.deps.sip.registrar.lookup(this.deps.seatUser(seat.jobNumber))[0] : undefined;
    if (!seat || !binding) return fail('unreachable');
    const endpoint = this.deps.media.createEndpoint({ kind: this.media });
    leg.endpoint = endpoint;
    // a softphone that vanishes without a BYE or a connection close is noticed by ICE consent (~30 s)
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
        if (!(await this.acceptAsSeat(legId))) {
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

  /** A DTMF INFO from a leg: relayed to the other bridged leg (the session decides). */
  private onInfo(legId: string, request: SipRequest): void {
    const tone = parseDtmfInfo(request.headers.get('content-type'), request.body.toString('utf8'));
    if (tone) this.dispatch({ type: 'dtmf', at: Date.now(), legId, tone });
  }

  protected async sendDtmf(legId: string, tone: string): Promise<void> {
    const send =
      legId === this.citizenLegId
        ? this.call.sendInfo('application/dtmf-relay', dtmfRelayBody(tone))
        : this.seatLegs.get(legId)?.sip?.info('application/dtmf-relay', dtmfRelayBody(tone));
    await send?.catch((err: unknown) =>
      this.deps.ctx.logger.info({ err, conversationId: this.conversationId }, 'call: relaying DTMF failed'),
    );
  }

  /** The legs' files complete, mixed (ffmpeg, each leg at its offset), probed, written down. */
  protected async saveRecording(): Promise<void> {
    const files: RecordingFileEntry[] = [];
    const legFiles = [];
    const first = Math.min(...this.recordings.map((r) => r.recording.file.startedAt));
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
        offsetMs: outcome.value.startedAt - first,
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
