/** A SoftPhone for unit tests: records what the store asked and lets the test play the switch. */
import type { CallMedia, SipCredentialsView } from '@cloud-seat/contracts';
import type { PhoneCall, RegistrationState, SoftPhone } from './types';

type Handler = (...args: never[]) => void;

class Handlers {
  private readonly map = new Map<string, Handler[]>();
  on(event: string, handler: Handler): void {
    this.map.set(event, [...(this.map.get(event) ?? []), handler]);
  }
  fire(event: string, ...args: unknown[]): void {
    for (const h of this.map.get(event) ?? []) (h as (...a: unknown[]) => void)(...args);
  }
}

export class FakeCall extends Handlers implements PhoneCall {
  answeredWith: CallMedia | null = null;
  terminatedWith: number | null | undefined = undefined;
  muted = false;
  held = false;
  cameraOff = false;
  tones: string[] = [];

  constructor(
    readonly remoteName: string | null = '王先生',
    readonly remoteHasVideo = false,
  ) {
    super();
  }

  answer(media: CallMedia): Promise<void> {
    this.answeredWith = media;
    return Promise.resolve();
  }
  terminate(statusCode?: number): void {
    this.terminatedWith = statusCode ?? null;
  }
  setMuted(muted: boolean): void {
    this.muted = muted;
  }
  setHeld(held: boolean): void {
    this.held = held;
  }
  setCameraOff(off: boolean): void {
    this.cameraOff = off;
  }
  sendDtmf(tone: string): void {
    this.tones.push(tone);
  }
  /** The switch: ACK received (media up) or the call gone. */
  confirm(): void {
    this.fire('confirmed');
  }
  end(cause = 'Terminated'): void {
    this.fire('ended', cause);
  }
}

export class FakePhone extends Handlers implements SoftPhone {
  registeredWith: SipCredentialsView[] = [];
  updatedWith: SipCredentialsView[] = [];
  unregistered = 0;

  register(credentials: SipCredentialsView): Promise<void> {
    this.registeredWith.push(credentials);
    return Promise.resolve();
  }
  updateCredentials(credentials: SipCredentialsView): void {
    this.updatedWith.push(credentials);
  }
  unregister(): void {
    this.unregistered += 1;
  }
  registration(state: RegistrationState): void {
    this.fire('registration', state);
  }
  reconnected(): void {
    this.fire('reconnected');
  }
  ring(call: FakeCall, conversationId: string | null): void {
    this.fire('incoming', call, conversationId);
  }
}
