import type { CallTicketView, SwitchCallPhase } from '@cloud-seat/contracts';

/** What a dialled call reports back (JsSIP in H5; a fake in tests). */
export interface CallHandlers {
  /** The switch answered: media flows (music while the seat is being found, then the seat). */
  onConnected(): void;
  /** The switch says where the call stands: a seat on the line, held by it, or waiting again. */
  onPhase(phase: SwitchCallPhase): void;
  /** Gone: hung up by either side (`failed` when it never connected). */
  onEnded(cause: string, failed: boolean): void;
  onStreams(local: MediaStream | null, remote: MediaStream | null): void;
}

/** The citizen's side of one call. */
export interface CitizenCall {
  setMuted(muted: boolean): void;
  setCameraOff(off: boolean): void;
  hangup(): void;
}

export type Dial = (ticket: CallTicketView, handlers: CallHandlers) => Promise<CitizenCall>;

/** The WebSocket URL of the switch on the page's own origin. */
export function sipSocketUrl(wsPath: string, location: Pick<Location, 'protocol' | 'host'>): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${wsPath}`;
}
