/**
 * 排队播报 for a hotline caller waiting in the queue: every so often, while no seat rings or talks,
 * the caller's place and expected wait (您前面还有 N 位… / 您是下一位) as the IVR interpreter words
 * it, played by the call's runner over its hold music. Shared by the embedded switch's phone
 * runner and the FreeSWITCH driver.
 */
import type { QueueStanding } from '@cloud-seat/contracts';
import { onEvent, type IvrState } from '@cloud-seat/ivr';
import type { CallPhase } from '../../domain/calls/callSession.js';
import type { Logger } from '../../logger.js';

export interface QueueAnnouncements {
  /** The interpreter's state, queued: turns positions into clips (queueAnnouncement). */
  ivr: IvrState;
  /** The first announcement after queueing, then every `everyMs`; 0 turns them off. */
  everyMs: number;
  firstAfterMs: number;
  /** The caller's place now; null once no longer queued (a seat took it). */
  standing(): Promise<QueueStanding | null>;
}

/** The first announcement this long after queueing (after 正在为您转接 and a moment of music). */
const FIRST_AFTER_MS = 3000;

/** Announcements every `everySeconds` (0: none) for a caller the menu queued. */
export function queueAnnouncements(
  ivr: IvrState,
  everySeconds: number,
  standing: () => Promise<QueueStanding | null>,
): QueueAnnouncements {
  const everyMs = everySeconds * 1000;
  return { ivr, everyMs, firstAfterMs: Math.min(everyMs, FIRST_AFTER_MS), standing };
}

/** What the announcer needs of the call: where it stands and a way to say clips over the music. */
export interface AnnouncedCall {
  readonly phase: CallPhase;
  /** Plays the prompt clips instead of the music, then the music again; false if cut short. */
  playAnnouncement(promptIds: readonly string[]): Promise<boolean>;
}

export class QueueAnnouncer {
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  /** The clips of each announcement made so far (logs and tests). */
  readonly announced: string[][] = [];

  constructor(
    private readonly options: QueueAnnouncements,
    private readonly call: AnnouncedCall,
    private readonly logger: Logger,
  ) {}

  start(): void {
    if (this.options.everyMs > 0) this.schedule(this.options.firstAfterMs);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.announce()
        .catch((err: unknown) => this.logger.warn({ err }, 'hotline: announcing the queue position failed'))
        .finally(() => {
          if (this.call.phase !== 'ended') this.schedule(this.options.everyMs);
        });
    }, delayMs);
  }

  private async announce(): Promise<void> {
    if (this.call.phase !== 'waiting') return; // a seat rings or talks: nothing over it
    const standing = await this.options.standing();
    if (!standing || this.call.phase !== 'waiting' || this.stopped) return;
    const turn = onEvent(this.options.ivr, {
      type: 'queuePosition',
      position: standing.position - 1,
      etaSeconds: standing.estimatedWaitSeconds,
    });
    const play = turn.actions.find((a) => a.type === 'play');
    if (!play) return;
    this.announced.push(play.promptIds);
    await this.call.playAnnouncement(play.promptIds);
  }
}
