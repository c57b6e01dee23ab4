/**
 * What every command needs, passed in (no service locator): the database, the realtime
 * publisher, the clock and the few settings commands read.
 */
import type { CallMedia, SipCredentialsView } from '@cloud-seat/contracts';
import type { Sequelize } from 'sequelize';
import type { FrontLineAssistant } from '../adapters/assistant/frontLineAssistant.js';
import type { SeatPolicy } from '../domain/acd/seatState.js';
import type { Logger } from '../logger.js';
import type { MatterCatalog } from '../models/matterCatalog.js';
import type { RealtimePublisher } from '../realtime/publisher.js';

export interface CommandContext {
  sequelize: Sequelize;
  publisher: RealtimePublisher;
  logger: Logger;
  now: () => Date;
  settings: CommandSettings;
  /** The regions' active matters for search and detection (kept in memory, see models/matterCatalog.ts). */
  catalog: MatterCatalog;
  /** The assistant that answers new conversations first (null: ASSISTANT=off). */
  assistant: FrontLineAssistant | null;
  /** The switch, told about call contacts after commit (absent/null: SWITCH=off). */
  calls?: CallSignals | null;
}

/** What the commands tell the switch (adapters/switch), always after the transaction committed. */
export interface CallSignals {
  /** A contact was offered to a seat: ring its softphone if the contact has a call waiting. */
  offered(offer: { conversationId: string; offerId: string; seatId: string }): void;
  /** The serving seat transfers the conversation to a seat: ring it while the call goes on. */
  transferOffered(offer: { conversationId: string; offerId: string; seatId: string }): void;
  /** A transfer offer was declined or expired: stop ringing. */
  transferLapsed(offer: { conversationId: string; offerId: string }): void;
  /** The serving seat sent the conversation back to a queue: the call waits for the next seat. */
  requeued(conversationId: string): void;
  /** A conversation ended: hang up its call, if any. */
  ended(conversationId: string): void;
  /** Is a call of this conversation up (or ringing) on this switch now? */
  hasCall(conversationId: string): boolean;
  /** Seats whose softphone is ringing for or talking on a call of this switch now. */
  seatsOnCall(): ReadonlySet<string>;
  /** Can this seat's softphone be rung now (registered)? */
  reachable(seat: { jobNumber: string }): boolean;
}

/** What the routes ask of a switch, embedded or FreeSWITCH (SWITCH=…), besides its signals. */
export interface CallSwitch extends CallSignals {
  /** A seat's softphone credentials (GET /api/seat/sip): a fresh password each time. */
  issueSeatCredentials(seat: { jobNumber: string; name: string }): Promise<SipCredentialsView>;
  /** Credentials for one citizen call to `sip:call-<conversation id>@<domain>`. */
  issueCitizenCall(
    grant: { conversationId: string; citizenId: string; media: CallMedia },
    displayName: string,
  ): Promise<{ target: string; credentials: SipCredentialsView }>;
  /** 保持 / 恢复 by the serving seat: false when the call is not bridged to it (or not held). */
  hold(conversationId: string, seatId: string, held: boolean): Promise<boolean>;
  close(): Promise<void>;
}

export interface CommandSettings {
  offerTimeoutMs: number;
  reofferAfterMs: number;
  seatPolicy: SeatPolicy;
  /** Default overflow wait of queues without stored settings; null: never. */
  overflowAfterSeconds: number | null;
  chosenSeatWaitMs: number;
  seatDisconnectGraceMs: number;
  slotMinutes: number;
  appointmentGraceMinutes: number;
  /** A conversation with the assistant silent this long is ended by the sweeper. */
  assistantIdleMs: number;
}

/**
 * Side effects collected inside a transaction and run only after it committed, so a client is
 * never told about a write that was rolled back.
 */
export class AfterCommit {
  private readonly effects: Array<() => Promise<void> | void> = [];

  add(effect: () => Promise<void> | void): void {
    this.effects.push(effect);
  }

  async run(logger: Logger): Promise<void> {
    for (const effect of this.effects) {
      try {
        await effect();
      } catch (err) {
        logger.error({ err }, 'after-commit effect failed');
      }
    }
  }
}

/** Runs `work` in one transaction, then its after-commit effects. */
export async function inTransaction<T>(ctx: CommandContext, work: (after: AfterCommit) => Promise<T>): Promise<T> {
  const after = new AfterCommit();
  const result = await ctx.sequelize.transaction(() => work(after));
  await after.run(ctx.logger);
  return result;
}
