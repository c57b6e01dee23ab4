/**
 * The FreeSWITCH media servers calls may go to, and what the last OPTIONS ping said about each.
 * Pure: the pinger (adapters/healthPinger.ts) feeds outcomes in, the call handler asks for
 * candidates. A target that answers 503 (FreeSWITCH paused or at max-sessions) is busy, one
 * that does not answer is down; neither gets calls until a ping answers again.
 */
import { formatHostPort, type HostPort } from './hostPort.js';

export type TargetStatus = 'unknown' | 'up' | 'busy' | 'down';

export interface TargetState {
  readonly target: HostPort;
  /** `host:port`, the target's name in logs. */
  readonly key: string;
  status: TargetStatus;
  /** The SIP status of the last answer, or null when the last ping went unanswered. */
  lastCode: number | null;
  /** When `status` last changed (ms since epoch). */
  since: number;
}

/** What an OPTIONS answer (or its absence) says about a target. */
export function statusOfProbe(code: number | null): Exclude<TargetStatus, 'unknown'> {
  if (code === null || code === 408) return 'down';
  if (code === 503) return 'busy';
  // Any other answer means the SIP stack is alive (FreeSWITCH answers 200; a 404/405 still counts).
  return code >= 500 ? 'down' : 'up';
}

export interface StatusChange {
  key: string;
  from: TargetStatus;
  to: TargetStatus;
  code: number | null;
}

export class MediaServerPool {
  private readonly states: TargetState[];
  private turn = 0;

  constructor(
    targets: readonly HostPort[],
    private readonly now: () => number = Date.now,
  ) {
    if (targets.length === 0) throw new Error('MediaServerPool needs at least one target');
    this.states = targets.map((target) => ({
      target,
      key: formatHostPort(target),
      status: 'unknown',
      lastCode: null,
      since: this.now(),
    }));
  }

  get targets(): readonly TargetState[] {
    return this.states;
  }

  /** Records a ping's outcome (`null`: no answer); returns the change, if the status changed. */
  record(key: string, code: number | null): StatusChange | null {
    const state = this.states.find((s) => s.key === key);
    if (!state) throw new Error(`unknown media server ${key}`);
    const to = statusOfProbe(code);
    state.lastCode = code;
    if (state.status === to) return null;
    const change = { key, from: state.status, to, code };
    state.status = to;
    state.since = this.now();
    return change;
  }

  /**
   * The targets to try for a new call, best first: the healthy ones, starting one further on
   * each call (round robin). Empty when none is healthy.
   */
  candidates(): HostPort[] {
    const up = this.states.filter((s) => s.status === 'up');
    if (up.length === 0) return [];
    const start = this.turn % up.length;
    this.turn += 1;
    return [...up.slice(start), ...up.slice(0, start)].map((s) => s.target);
  }
}
