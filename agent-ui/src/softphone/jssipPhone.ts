/**
 * The SoftPhone on JsSIP 3.13 (bundled by the app's build, loaded on first register): one UA
 * registered over SIP-over-WebSocket on the engine's origin; each INVITE becomes a PhoneCall
 * with the conversation from its `X-Conversation-Id` header.
 */
import type { CallMedia, SipCredentialsView } from '@cloud-seat/contracts';
import type { UA } from 'jssip';
import type { RTCSessionEvent } from 'jssip/lib/UA';
import type { RTCSession } from 'jssip/lib/RTCSession';
import { sipSocketUrl, type PhoneCall, type RegistrationState, type SoftPhone } from './types';

type Handler = (...args: never[]) => void;

/** A tiny typed emitter shared by the phone and its calls. */
class Emitter {
  private readonly handlers = new Map<string, Handler[]>();
  on(event: string, handler: Handler): void {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), handler]);
  }
  protected emit(event: string, ...args: unknown[]): void {
    for (const h of this.handlers.get(event) ?? []) (h as (...a: unknown[]) => void)(...args);
  }
}

class JsSipCall extends Emitter implements PhoneCall {
  private local: MediaStream | null = null;
  private remote: MediaStream | null = null;

  constructor(private readonly session: RTCSession) {
    super();
    session.on('confirmed', () => this.emit('confirmed'));
    session.on('ended', (e) => this.finish(String(e.cause)));
    session.on('failed', (e) => this.finish(String(e.cause)));
    session.on('peerconnection', ({ peerconnection }) => this.watch(peerconnection));
  }

  get remoteName(): string | null {
    return this.session.remote_identity?.display_name || null;
  }

  get remoteHasVideo(): boolean {
    const request = (this.session as unknown as { _request?: { body?: string } })._request;
    return /^m=video /m.test(request?.body ?? '');
  }

  async answer(media: CallMedia): Promise<void> {
    const devices = navigator.mediaDevices;
    // No camera (or refused): still answer, with the voice only.
    const local = await devices
      .getUserMedia({ audio: true, video: media === 'video' })
      .catch((e: unknown) => (media === 'video' ? devices.getUserMedia({ audio: true }) : Promise.reject(e)));
    this.local = local;
    this.emitStreams();
    this.session.answer({
      mediaConstraints: { audio: true, video: media === 'video' },
      mediaStream: local,
      pcConfig: { iceServers: [] },
    });
  }

  terminate(statusCode?: number): void {
    if (this.session.isEnded()) return;
    this.session.terminate(statusCode ? { status_code: statusCode } : undefined);
  }

  setMuted(muted: boolean): void {
    if (muted) this.session.mute({ audio: true });
    else this.session.unmute({ audio: true });
  }

  /** The switch holds the call (PUT …/call/hold); here only the local tracks stop sending. */
  setHeld(held: boolean): void {
    for (const track of this.local?.getTracks() ?? []) track.enabled = !held;
  }

  setCameraOff(off: boolean): void {
    for (const track of this.local?.getVideoTracks() ?? []) track.enabled = !off;
  }

  sendDtmf(tone: string): void {
    this.session.sendDTMF(tone);
  }

  private watch(pc: RTCPeerConnection): void {
    pc.addEventListener('track', (e) => {
      this.remote = e.streams[0] ?? new MediaStream([e.track]);
      this.emitStreams();
    });
  }

  private emitStreams(): void {
    this.emit('streams', { local: this.local, remote: this.remote });
  }

  private finish(cause: string): void {
    // JsSIP leaves a stream it was given running: the camera light goes off here.
    for (const track of this.local?.getTracks() ?? []) track.stop();
    this.emit('ended', cause);
  }
}

export class JsSipPhone extends Emitter implements SoftPhone {
  private ua: UA | null = null;
  private dropped = false;

  async register(credentials: SipCredentialsView): Promise<void> {
    this.unregister();
    const JsSIP = await import('jssip');
    const socket = new JsSIP.WebSocketInterface(credentials.wsUrl ?? sipSocketUrl(credentials.wsPath, window.location));
    const ua = new JsSIP.UA({
      sockets: [socket],
      uri: credentials.uri,
      authorization_user: credentials.authorizationUser,
      password: credentials.password,
      realm: credentials.realm,
      display_name: credentials.displayName,
      register: true,
      session_timers: false,
    });
    ua.on('registered', () => this.emit('registration', 'registered' satisfies RegistrationState));
    ua.on('unregistered', () => this.emit('registration', 'unregistered' satisfies RegistrationState));
    ua.on('registrationFailed', () => this.emit('registration', 'failed' satisfies RegistrationState));
    ua.on('disconnected', () => {
      if (!this.dropped) this.emit('registration', 'unregistered' satisfies RegistrationState);
      this.dropped = true;
    });
    ua.on('connected', () => {
      if (this.dropped) this.emit('reconnected');
      this.dropped = false;
    });
    ua.on('newRTCSession', (e: RTCSessionEvent) => {
      if (e.originator !== 'remote') return;
      const conversationId = e.request.getHeader('X-Conversation-Id') || null;
      this.emit('incoming', new JsSipCall(e.session), conversationId);
    });
    this.ua = ua;
    ua.start();
  }

  updateCredentials(credentials: SipCredentialsView): void {
    if (!this.ua) return;
    this.ua.set('authorization_user', credentials.authorizationUser);
    // A plain password makes JsSIP compute the digest afresh (it would otherwise reuse its cached ha1).
    this.ua.set('password', credentials.password);
    this.ua.register();
  }

  unregister(): void {
    const ua = this.ua;
    this.ua = null;
    this.dropped = false;
    ua?.stop();
  }
}
