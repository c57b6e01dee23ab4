/**
 * The worker's periodic job: expire unanswered offers (re-offering their contacts), end timed
 * pauses (话后整理), take silent seats offline (re-queueing their contacts), ask citizens whose
 * chosen seat has not answered, remind and give up appointments, offer queued contacts that no
 * event picked up (e.g. after a restart or an overflow coming due), and purge expired sessions.
 * Safe to run in several processes at once: every step locks what it changes.
 */
import type { SessionService } from '../auth/sessions.js';
import { keepAppointments } from '../commands/appointmentKeeper.js';
import { endIdleAssistantConversations } from '../commands/assistantFrontLine.js';
import { dispatchRegion, regionsWithQueuedContacts } from '../commands/contactDispatcher.js';
import type { CommandContext } from '../commands/context.js';
import { expireOffers } from '../commands/offerResponder.js';
import { releaseSilentSeats } from '../commands/seatPresence.js';
import { resumeTimedPauses } from '../commands/seatStateChanger.js';
import { offerWaitChoices } from '../commands/waitChoice.js';
import type { ReminderChannel } from '../domain/schedule/reminders.js';

export interface SweepResult {
  expired: number;
  resumed: number;
  released: number;
  waitChoices: number;
  reminded: number;
  givenUp: number;
  /** Conversations with the assistant ended for silence. */
  assistantEnded: number;
  offered: number;
}

export interface Sweeper {
  runOnce(): Promise<SweepResult>;
  stop(): Promise<void>;
}

export function startSweeper(
  ctx: CommandContext,
  sessions: SessionService,
  intervalMs: number,
  reminderChannels: readonly ReminderChannel[] = [],
): Sweeper {
  let running: Promise<unknown> | null = null;
  let lastPurge = 0;

  async function runOnce(): Promise<SweepResult> {
    const expired = await expireOffers(ctx);
    const resumed = await resumeTimedPauses(ctx);
    const released = await releaseSilentSeats(ctx);
    const waitChoices = await offerWaitChoices(ctx);
    const { reminded, givenUp } = await keepAppointments(ctx, reminderChannels);
    const assistantEnded = await endIdleAssistantConversations(ctx);
    let offered = 0;
    for (const region of await regionsWithQueuedContacts(ctx)) offered += await dispatchRegion(ctx, region);
    if (Date.now() - lastPurge > 3600_000) {
      lastPurge = Date.now();
      await sessions.purgeExpired();
    }
    return { expired, resumed, released, waitChoices, reminded, givenUp, assistantEnded, offered };
  }

  const timer = setInterval(() => {
    if (running) return;
    running = runOnce()
      .catch((err: unknown) => ctx.logger.error({ err }, 'sweep failed'))
      .finally(() => {
        running = null;
      });
  }, intervalMs);
  timer.unref();

  return {
    runOnce,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
