/**
 * The media server as the call sessions see it: endpoints that terminate one browser (or SIP)
 * leg each, bridges that join two endpoints, recordings of an endpoint's incoming media.
 * Signalling stays outside: an endpoint takes and gives SDP, nothing else, so the B2BUA can run
 * the SIP side and a FreeSWITCH driver can replace the werift implementation.
 */

/** `audio`: one Opus stream. `video`: Opus plus one video stream. */
export type EndpointKind = 'audio' | 'video';

export interface EndpointOptions {
  kind: EndpointKind;
}

export type EndpointState = 'new' | 'connecting' | 'connected' | 'failed' | 'closed';

/** One leg of a call, terminated on the media server. */
export interface MediaEndpoint {
  readonly id: string;
  readonly kind: EndpointKind;
  readonly state: EndpointState;
  /** Answers a remote offer (the browser called in). Resolves with the answer SDP, candidates included. */
  acceptOffer(offerSdp: string): Promise<string>;
  /** Starts an outbound leg: resolves with the offer SDP, candidates included. */
  createOffer(): Promise<string>;
  /** Completes an outbound leg started with {@link createOffer}. */
  acceptAnswer(answerSdp: string): Promise<void>;
  /**
   * Resolves once media can flow (ICE and DTLS up); rejects if the leg fails or closes first, or
   * when `timeoutMs` passes (the leg stays open: close it).
   */
  connected(timeoutMs?: number): Promise<void>;
  /**
   * Calls back once when the leg is lost or closed. A browser that vanishes without signalling
   * is noticed by ICE consent checks after about 30 s: on a BYE, close the endpoint at once.
   * Returns an unsubscribe function.
   */
  onEnded(listener: (state: 'failed' | 'closed') => void): () => void;
  /** Asks the remote side for a video keyframe (no-op for audio-only legs). */
  requestKeyframe(): void;
  close(): Promise<void>;
}

/** Two endpoints exchanging media; closing the bridge leaves both endpoints open. */
export interface Bridge {
  readonly a: MediaEndpoint;
  readonly b: MediaEndpoint;
  close(): void;
}

export interface RecordingFile {
  endpointId: string;
  path: string;
  /** When recording began (epoch ms): legs joining later are mixed in at their offset. */
  startedAt: number;
}

/** Media received from one endpoint, written to one file. */
export interface Recording {
  readonly file: RecordingFile;
  /** Stops writing and resolves once the file is complete. */
  stop(): Promise<RecordingFile>;
}

/** A pre-encoded Opus file being sent to an endpoint. */
export interface Playback {
  /** Resolves when the file ends (not while looping) or the playback is stopped. */
  readonly done: Promise<void>;
  stop(): void;
}

export interface PlayOptions {
  /** Start again at the end (hold music) until stopped. */
  loop?: boolean;
}

export interface MediaServer {
  createEndpoint(options: EndpointOptions): MediaEndpoint;
  /** Forwards each endpoint's incoming media to the other. An endpoint joins one bridge at a time. */
  bridge(a: MediaEndpoint, b: MediaEndpoint): Bridge;
  /** Records what the endpoint receives (its caller's voice and picture) into a new file in `dir`. */
  record(endpoint: MediaEndpoint, dir: string): Recording;
  /**
   * Sends an Ogg Opus file to the endpoint (hold music, announcements) without transcoding.
   * While it plays, the endpoint hears the file instead of its bridged party; one playback per
   * endpoint at a time (a new one stops the previous).
   */
  play(endpoint: MediaEndpoint, opusFile: string, options?: PlayOptions): Promise<Playback>;
  /**
   * Mixes per-leg recordings into one file (all legs' audio, one track). Resolves null when the
   * mixer (ffmpeg) is not installed; the per-leg files stay the record of the call then.
   */
  mixRecording(files: readonly RecordingFile[], outPath: string): Promise<string | null>;
  /** Open endpoints (a leak check for tests and the health endpoint). */
  endpointCount(): number;
  close(): Promise<void>;
}
