/**
 * The softphone as the workbench sees it (坐席电话): register with short-lived credentials, hear
 * about incoming calls (each carries its conversation), and control one call. JsSIP sits behind
 * it (jssipPhone.ts); unit tests pass a fake (fakePhone.ts). Components never touch either.
 */
import type { CallMedia, SipCredentialsView } from '@cloud-seat/contracts';

export type RegistrationState = 'unregistered' | 'registered' | 'failed';

/** One call offered to or held by the seat. */
export interface PhoneCall {
  /** The caller's display name from the INVITE (the citizen's), when given. */
  readonly remoteName: string | null;
  /** The offer's SDP has a video m-line. */
  readonly remoteHasVideo: boolean;
  answer(media: CallMedia): Promise<void>;
  /** Reject while ringing (486 busy here) or hang up once answered. */
  terminate(statusCode?: number): void;
  setMuted(muted: boolean): void;
  setHeld(held: boolean): void;
  /** Video calls: turn the local camera track off or on (the call stays up). */
  setCameraOff(off: boolean): void;
  sendDtmf(tone: string): void;
  /** `confirmed`: media flows; `ended`: gone, with the SIP cause (e.g. `Canceled`, `Terminated`). */
  on(event: 'confirmed', handler: () => void): void;
  on(event: 'ended', handler: (cause: string) => void): void;
  on(event: 'streams', handler: (streams: { local: MediaStream | null; remote: MediaStream | null }) => void): void;
}

export interface SoftPhone {
  /** Connects to `ws(s)://<origin><wsPath>` and registers; again with fresh credentials on refresh. */
  register(credentials: SipCredentialsView): Promise<void>;
  /** New credentials for the next REGISTER (and re-registers now). */
  updateCredentials(credentials: SipCredentialsView): void;
  unregister(): void;
  on(event: 'registration', handler: (state: RegistrationState) => void): void;
  /** The WebSocket came back after a drop: credentials may have expired meanwhile. */
  on(event: 'reconnected', handler: () => void): void;
  on(event: 'incoming', handler: (call: PhoneCall, conversationId: string | null) => void): void;
}

/** The WebSocket URL of the switch on the page's own origin. */
export function sipSocketUrl(wsPath: string, location: Pick<Location, 'protocol' | 'host'>): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${wsPath}`;
}

/** When to fetch new credentials: a minute before they expire (half the lifetime if shorter), at least 5 s away. */
export function credentialsRefreshDelay(expiresAt: string, now: number): number {
  const left = Date.parse(expiresAt) - now;
  if (!Number.isFinite(left)) return 60_000;
  return Math.max(5_000, left > 120_000 ? left - 60_000 : Math.floor(left / 2));
}
