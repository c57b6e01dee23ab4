/**
 * The media server on werift 0.24.x (pure TypeScript WebRTC; 0.25 needs Node 22): each leg ends
 * on a werift peer connection, bridges forward copies of RTP, recordings are WebM files written
 * by werift's MediaRecorder. See README.md beside this file for the pitfalls this code avoids.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import {
  RTCPeerConnection,
  RtpHeader,
  RtpPacket,
  useOPUS,
  useVP8,
  type MediaStreamTrack,
  type RTCRtpTransceiver,
} from 'werift';
import { MediaRecorder } from 'werift/nonstandard';
import type {
  Bridge,
  EndpointKind,
  EndpointOptions,
  EndpointState,
  MediaEndpoint,
  MediaServer,
  Playback,
  PlayOptions,
  Recording,
  RecordingFile,
} from './mediaServer.js';
import { mixAudio } from './mixRecording.js';
import { readOggOpus } from './oggOpus.js';
import { routeUnannouncedSsrc } from './unannouncedSsrc.js';

type TrackKind = 'audio' | 'video';

export interface WeriftMediaServerOptions {
  /** Extra host candidates; loopback is needed where it is the only interface (CI containers). */
  iceAdditionalHostAddresses?: string[];
  /** How often a bridge or a recording asks the sending side for a keyframe. */
  keyframeIntervalMs?: number;
}

const DEFAULT_KEYFRAME_INTERVAL_MS = 2_000;

class WeriftEndpoint implements MediaEndpoint {
  readonly id = randomUUID();
  readonly pc: RTCPeerConnection;
  readonly transceivers = new Map<TrackKind, RTCRtpTransceiver>();
  /** Remote tracks (what this leg's browser sends), once they appear. */
  readonly tracks = new Map<TrackKind, MediaStreamTrack>();
  private readonly trackListeners = new Set<(kind: TrackKind, track: MediaStreamTrack) => void>();
  private readonly endedListeners = new Set<(state: 'failed' | 'closed') => void>();
  private readonly closers = new Set<() => void>();
  private currentState: EndpointState = 'new';
  private readonly lastSource = new Map<TrackKind, object>();
  /** The playback that owns this leg's outgoing audio, if any. */
  playback: object | undefined;
  private readonly connectedOnce: Promise<void>;

  constructor(
    readonly kind: EndpointKind,
    additionalHosts: string[],
    private readonly onClosed: (endpoint: WeriftEndpoint) => void,
  ) {
    this.pc = new RTCPeerConnection({
      iceServers: [],
      iceAdditionalHostAddresses: additionalHosts,
      codecs: { audio: [useOPUS()], video: [useVP8()] },
    });
    // Phone legs through rtpengine announce no SSRC (../rtpengine/README.md).
    routeUnannouncedSsrc(this.pc, () => this.transceivers.values());
    for (const trackKind of this.trackKinds()) {
      const transceiver = this.pc.addTransceiver(trackKind, { direction: 'sendrecv' });
      this.transceivers.set(trackKind, transceiver);
      transceiver.onTrack.subscribe((track) => {
        this.tracks.set(trackKind, track);
        for (const listener of this.trackListeners) listener(trackKind, track);
      });
    }
    this.connectedOnce = new Promise<void>((resolve, reject) => {
      this.pc.connectionStateChange.subscribe((state) => {
        if (state === 'connected') {
          this.currentState = 'connected';
          resolve();
        } else if (state === 'connecting' && this.currentState === 'new') {
          this.currentState = 'connecting';
        } else if (state === 'failed' || state === 'closed') {
          reject(new Error(`media endpoint ${this.id} ${state} before connecting`));
          this.end(state);
        }
      });
    });
    // A caller that never awaits connected() must not see an unhandled rejection.
    this.connectedOnce.catch(() => undefined);
  }

  get state(): EndpointState {
    return this.currentState;
  }

  trackKinds(): TrackKind[] {
    return this.kind === 'video' ? ['audio', 'video'] : ['audio'];
  }

  async acceptOffer(offerSdp: string): Promise<string> {
    await this.pc.setRemoteDescription({ type: 'offer', sdp: offerSdp });
    // Media this endpoint does not carry (video offered to an audio endpoint, a second audio
    // line) is answered inactive, so the browser does not send it for nothing.
    const own = new Set<RTCRtpTransceiver>(this.transceivers.values());
    for (const transceiver of this.pc.getTransceivers()) {
      if (!own.has(transceiver)) transceiver.setDirection('inactive');
    }
    await this.pc.setLocalDescription(await this.pc.createAnswer());
    return this.localSdp();
  }

  async createOffer(): Promise<string> {
    await this.pc.setLocalDescription(await this.pc.createOffer());
    return this.localSdp();
  }

  async acceptAnswer(answerSdp: string): Promise<void> {
    await this.pc.setRemoteDescription({ type: 'answer', sdp: answerSdp });
  }

  connected(timeoutMs?: number): Promise<void> {
    if (timeoutMs === undefined) return this.connectedOnce;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`media endpoint ${this.id} not connected within ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    return Promise.race([this.connectedOnce, timeout]).finally(() => clearTimeout(timer));
  }

  onEnded(listener: (state: 'failed' | 'closed') => void): () => void {
    this.endedListeners.add(listener);
    return () => this.endedListeners.delete(listener);
  }

  /** Calls back with each remote track, those already there first. Returns an unsubscribe function. */
  onTrack(listener: (kind: TrackKind, track: MediaStreamTrack) => void): () => void {
    for (const [kind, track] of this.tracks) listener(kind, track);
    this.trackListeners.add(listener);
    return () => this.trackListeners.delete(listener);
  }

  /** Registers cleanup to run when the endpoint closes (bridges, recordings). */
  addCloser(closer: () => void): () => void {
    this.closers.add(closer);
    return () => this.closers.delete(closer);
  }

  requestKeyframe(): void {
    const transceiver = this.transceivers.get('video');
    const ssrc = this.tracks.get('video')?.ssrc;
    if (!transceiver || ssrc === undefined || this.currentState !== 'connected') return;
    transceiver.receiver.sendRtcpPLI(ssrc).catch(() => undefined);
  }

  /**
   * Sends a copy of a packet received on another leg (or read from a file) out of this leg's
   * transceiver of that kind. `source` names where it comes from: when it changes (another
   * bridge, a playback), the sender continues its sequence numbers and timestamps instead of
   * jumping to the new source's, which the browser would take for loss or a stale stream.
   */
  forward(kind: TrackKind, rtp: RtpPacket, source: object): void {
    const sender = this.transceivers.get(kind)?.sender;
    if (!sender || this.currentState !== 'connected') return;
    if (kind === 'audio' && this.playback && source !== this.playback) return;
    if (this.lastSource.get(kind) !== source) {
      if (this.lastSource.has(kind)) sender.replaceRTP(rtp.header, true);
      this.lastSource.set(kind, source);
    }
    // sendRtp rewrites ssrc, payload type, sequence number and extensions in place: a copy keeps
    // the original intact for the other subscribers of the same track (the recorder).
    sender.sendRtp(rtp.clone()).catch(() => undefined);
  }

  async close(): Promise<void> {
    if (this.currentState === 'closed') return;
    this.end('closed');
    await this.pc.close();
  }

  private end(state: 'failed' | 'closed'): void {
    if (this.currentState === 'closed') return;
    this.currentState = state === 'failed' ? 'failed' : 'closed';
    for (const closer of [...this.closers]) closer();
    this.closers.clear();
    for (const listener of [...this.endedListeners]) listener(state);
    this.endedListeners.clear();
    this.trackListeners.clear();
    if (state === 'closed') this.onClosed(this);
    else void this.close();
  }

  private localSdp(): string {
    const sdp = this.pc.localDescription?.sdp;
    if (!sdp) throw new Error(`media endpoint ${this.id} has no local description`);
    return sdp;
  }
}

export class WeriftMediaServer implements MediaServer {
  private readonly endpoints = new Set<WeriftEndpoint>();
  private readonly additionalHosts: string[];
  private readonly keyframeIntervalMs: number;

  constructor(options: WeriftMediaServerOptions = {}) {
    this.additionalHosts = options.iceAdditionalHostAddresses ?? ['127.0.0.1'];
    this.keyframeIntervalMs = options.keyframeIntervalMs ?? DEFAULT_KEYFRAME_INTERVAL_MS;
  }

  createEndpoint(options: EndpointOptions): MediaEndpoint {
    const endpoint = new WeriftEndpoint(options.kind, this.additionalHosts, (closed) => this.endpoints.delete(closed));
    this.endpoints.add(endpoint);
    return endpoint;
  }

  bridge(a: MediaEndpoint, b: MediaEndpoint): Bridge {
    const left = this.own(a);
    const right = this.own(b);
    if (left === right) throw new Error('media bridge: an endpoint cannot be bridged to itself');
    const disposers: (() => void)[] = [];
    const source = {};
    const forwardAll = (from: WeriftEndpoint, to: WeriftEndpoint) => {
      const subscriptions = new Map<TrackKind, () => void>();
      disposers.push(
        from.onTrack((kind, track) => {
          subscriptions.get(kind)?.();
          const { unSubscribe } = track.onReceiveRtp.subscribe((rtp) => to.forward(kind, rtp, source));
          subscriptions.set(kind, unSubscribe);
          if (kind === 'video') from.requestKeyframe();
        }),
        () => subscriptions.forEach((unsubscribe) => unsubscribe()),
      );
      // The receiving browser lost a picture: ask the sending one for a keyframe now.
      const pli = to.transceivers.get('video')?.sender.onPictureLossIndication.subscribe(() => from.requestKeyframe());
      if (pli) disposers.push(pli.unSubscribe);
    };
    forwardAll(left, right);
    forwardAll(right, left);
    const timer = setInterval(() => {
      left.requestKeyframe();
      right.requestKeyframe();
    }, this.keyframeIntervalMs);
    timer.unref();
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      disposers.forEach((dispose) => dispose());
      removeLeft();
      removeRight();
    };
    const removeLeft = left.addCloser(close);
    const removeRight = right.addCloser(close);
    return { a, b, close };
  }

  record(endpoint: MediaEndpoint, dir: string): Recording {
    const source = this.own(endpoint);
    const startedAt = Date.now();
    const file: RecordingFile = { endpointId: source.id, path: join(dir, `${source.id}-${startedAt}.webm`), startedAt };
    const kinds = source.trackKinds();
    // disableNtp: without it the recorder waits for RTCP sender reports to line tracks up and
    // drops the audio it cannot place yet (audio went missing in the measured runs).
    const recorder = new MediaRecorder({ path: file.path, numOfTracks: kinds.length, disableNtp: true });
    let failure: Error | undefined;
    recorder.onError.subscribe((error) => (failure = error));
    const added = new Set<TrackKind>();
    const stopTracks = source.onTrack((kind, track) => {
      if (added.has(kind)) return;
      added.add(kind);
      recorder.addTrack(track).catch((error: unknown) => {
        failure = error instanceof Error ? error : new Error(String(error));
      });
      if (kind === 'video') source.requestKeyframe();
    });
    const timer = setInterval(() => source.requestKeyframe(), this.keyframeIntervalMs);
    timer.unref();
    let stopping: Promise<RecordingFile> | undefined;
    const stop = (): Promise<RecordingFile> => {
      stopping ??= (async () => {
        clearInterval(timer);
        stopTracks();
        removeCloser();
        if (recorder.started) await recorder.stop();
        if (failure) throw failure;
        if (!recorder.started) {
          throw new Error(`recording of ${source.id}: no media arrived (${[...added].join(', ') || 'no tracks'})`);
        }
        return file;
      })();
      return stopping;
    };
    // An endpoint closing ends its recording; the caller's stop() still resolves with the file.
    const removeCloser = source.addCloser(() => void stop().catch(() => undefined));
    return { file, stop };
  }

  async play(endpoint: MediaEndpoint, opusFile: string, options: PlayOptions = {}): Promise<Playback> {
    const target = this.own(endpoint);
    const packets = await readOggOpus(opusFile);
    if (packets.length === 0) throw new Error(`${opusFile} holds no Opus audio`);
    const owner = {};
    let stopped = false;
    let timer: NodeJS.Timeout | undefined;
    let finish: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (finish = resolve));
    const stop = () => {
      if (stopped) return;
      stopped = true;
      clearTimeout(timer);
      if (target.playback === owner) target.playback = undefined;
      removeCloser();
      finish();
    };
    const removeCloser = target.addCloser(stop);
    target.playback = owner;
    // Paced on the wall clock from the start, so timer lateness does not add up into drift.
    const started = performance.now();
    let sequenceNumber = randomInt(0, 0x10000);
    let timestamp = randomInt(0, 0x1_0000_0000);
    let sent = 0;
    let elapsedSamples = 0;
    const tick = () => {
      if (stopped || target.playback !== owner) return stop();
      while (elapsedSamples <= ((performance.now() - started) * 48_000) / 1_000 + 960) {
        const packet = packets[sent % packets.length]!;
        if (sent === packets.length && !options.loop) return stop();
        const header = new RtpHeader({ sequenceNumber, timestamp, marker: sent === 0 });
        target.forward('audio', new RtpPacket(header, packet.data), owner);
        sequenceNumber = (sequenceNumber + 1) & 0xffff;
        timestamp = (timestamp + packet.samples) >>> 0;
        elapsedSamples += packet.samples;
        sent += 1;
      }
      timer = setTimeout(tick, 10);
    };
    tick();
    return { done, stop };
  }

  mixRecording(files: readonly RecordingFile[], outPath: string): Promise<string | null> {
    const first = Math.min(...files.map((file) => file.startedAt));
    return mixAudio(
      files.map((file) => ({ path: file.path, offsetMs: file.startedAt - first })),
      outPath,
    );
  }

  endpointCount(): number {
    return this.endpoints.size;
  }

  async close(): Promise<void> {
    await Promise.all([...this.endpoints].map((endpoint) => endpoint.close()));
  }

  private own(endpoint: MediaEndpoint): WeriftEndpoint {
    if (!(endpoint instanceof WeriftEndpoint) || !this.endpoints.has(endpoint)) {
      throw new Error(`media endpoint ${endpoint.id} is not open on this media server`);
    }
    return endpoint;
  }
}
