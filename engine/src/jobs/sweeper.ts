/**
 * The worker's periodic job: expire unanswered offers (re-offering their contacts), end timed
 * pauses (话后整理), offer queued
 * contacts that no event picked up (e.g. after a restart), and purge expired sessions.
 * Safe to run in several processes at once: every step locks what it changes.
 */
import type { SessionService } from '../auth/sessions.js';
import { dispatchRegion, regionsWithQueuedContacts } from '../commands/contactDispatcher.js';
import type { CommandContext } from '../commands/context.js';
import { expireOffers } from '../commands/offerResponder.js';
import { resumeTimedPauses } from '../commands/seatStateChanger.js';

export interface Sweeper {
  runOnce(): Promise<{ expired: number; resumed: number; offered: number }>;
  stop(): Promise<void>;
}

export function startSweeper(ctx: CommandContext, sessions: SessionService, intervalMs: number): Sweeper {
  let running: Promise<unknown> | null = null;
  let lastPurge = 0;

  async function runOnce() {
    const expired = await expireOffers(ctx);
    const resumed = await resumeTimedPauses(ctx);
    let offered = 0;
    for (const region of await regionsWithQueuedContacts(ctx)) offered += await dispatchRegion(ctx, region);
    if (Date.now() - lastPurge > 3600_000) {
      lastPurge = Date.now();
      await sessions.purgeExpired();
    }
    return { expired, resumed, offered };
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
