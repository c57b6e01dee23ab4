/**
 * What both switches (the embedded one, FreeSWITCH over ESL) keep alike: the tracker of live
 * calls (conversation id → call), the softphones' short-lived credentials and the citizens'
 * one-call grants, who may place which call, and the signals the commands send after commit
 * (`CallSignals`), forwarded to the call of the conversation.
 */
import { randomBytes } from 'node:crypto';
import type { CallMedia, SipCredentialsView } from '@cloud-seat/contracts';
import { col, fn, where } from 'sequelize';
import { dispatchRegion } from '../../commands/contactDispatcher.js';
import type { CallSignals, CommandContext } from '../../commands/context.js';
import { Citizen, Conversation, Seat } from '../../models/index.js';
import { IssuedSipCredentials } from '../sip/digest.js';
import type { SessionRunner, SeatLegRecord } from './sessionRunner.js';

/** A citizen's credentials are for one call: dialled within this long. */
export const CITIZEN_CREDENTIAL_TTL_MS = 10 * 60_000;
const SEAT_USER = /^seat-(.+)$/;
const UUID = /^[0-9a-f-]{36}$/;

export interface CitizenCallGrant {
  conversationId: string;
  citizenId: string;
  media: CallMedia;
  issuedAt: number;
}

/** Why a citizen's call is not taken: not theirs to place, already up, no longer callable. */
export type CallRefusal = 'forbidden' | 'busy' | 'not_callable';

export interface AdmittedCall {
  grant: CitizenCallGrant;
  citizen: { id: string; name: string };
  /** A call inside a chat a seat serves. */
  insideChat: boolean;
}

/** Where softphones connect: a path on the engine's origin, or FreeSWITCH's own WSS URL. */
export interface SipSocket {
  wsPath: string;
  wsUrl?: string;
}

export abstract class SwitchCalls<R extends SessionRunner<SeatLegRecord>> implements CallSignals {
  readonly credentials = new IssuedSipCredentials();
  /** Conversation id → its live call. */
  readonly calls = new Map<string, R>();
  private readonly grants = new Map<string, CitizenCallGrant>();
  private sweeper: NodeJS.Timeout | null = null;

  protected constructor(
    protected readonly ctx: CommandContext,
    protected readonly domain: string,
    /** How long a seat's SIP password lives (its staff session's length). */
    private readonly seatCredentialTtlMs: number,
    private readonly socket: SipSocket,
  ) {}

  /** Can this seat's softphone be rung now (registered)? */
  abstract reachable(seat: { jobNumber: string }): boolean;

  /** The SIP user of a seat's softphone: `seat-<工号 lower case>`. */
  seatUser(jobNumber: string): string {
    return `seat-${jobNumber.toLowerCase()}`;
  }

  /** A seat's softphone credentials (GET /api/seat/sip): a fresh password each time. */
  issueSeatCredentials(seat: { jobNumber: string; name: string }): SipCredentialsView {
    return this.view(this.seatUser(seat.jobNumber), seat.name, this.seatCredentialTtlMs);
  }

  /** Credentials for one citizen call to `sip:call-<conversation id>@<domain>`. */
  issueCitizenCall(
    grant: Omit<CitizenCallGrant, 'issuedAt'>,
    displayName: string,
  ): { target: string; credentials: SipCredentialsView } {
    const user = `citizen-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
    this.grants.set(user, { ...grant, issuedAt: Date.now() });
    return {
      target: `sip:call-${grant.conversationId}@${this.domain}`,
      credentials: this.view(user, displayName, CITIZEN_CREDENTIAL_TTL_MS),
    };
  }

  /**
   * 保持 / 恢复 from the serving seat's workbench: true when applied, false when the call is not
   * bridged to that seat (or not held) — the route answers 409 then.
   */
  async hold(conversationId: string, seatId: string, held: boolean): Promise<boolean> {
    const runner = this.calls.get(conversationId);
    if (!runner || runner.servingSeatId !== seatId) return false;
    return runner.hold(held);
  }

  // ---- CallSignals (from the commands, after commit) -----------------------------------------

  offered(offer: { conversationId: string; offerId: string; seatId: string }): void {
    this.calls.get(offer.conversationId)?.offered(offer.offerId, offer.seatId);
  }

  transferOffered(offer: { conversationId: string; offerId: string; seatId: string }): void {
    this.calls.get(offer.conversationId)?.transferOffered(offer.offerId, offer.seatId);
  }

  transferLapsed(offer: { conversationId: string; offerId: string }): void {
    this.calls.get(offer.conversationId)?.transferLapsed(offer.offerId);
  }

  requeued(conversationId: string): void {
    this.calls.get(conversationId)?.requeued();
  }

  ended(conversationId: string): void {
    this.calls.get(conversationId)?.conversationEnded();
  }

  hasCall(conversationId: string): boolean {
    return this.calls.has(conversationId);
  }

  seatsOnCall(): ReadonlySet<string> {
    return new Set([...this.calls.values()].flatMap((runner) => runner.seatIdsOnCall));
  }

  // ---- for the switch ----------------------------------------------------------------------

  /**
   * May `user` place a call to this conversation now? Only with the grant issued for it, one call
   * per conversation, while the conversation waits or a seat serves it. The grant is used up.
   */
  protected async admitCitizenCall(
    user: string | null,
    conversationId: string,
  ): Promise<AdmittedCall | { refused: CallRefusal }> {
    const grant = user ? this.grants.get(user) : undefined;
    if (!UUID.test(conversationId) || !grant || grant.conversationId !== conversationId) {
      return { refused: 'forbidden' };
    }
    if (this.calls.has(conversationId)) return { refused: 'busy' };
    const conversation = await Conversation.findByPk(conversationId);
    const insideChat = conversation?.status === 'active' && conversation.seatId !== null;
    const callable =
      conversation && (conversation.status === 'queued' || conversation.status === 'offered' || insideChat);
    if (!callable) return { refused: 'not_callable' };
    this.grants.delete(user!); // one call per grant
    const citizen = await Citizen.findByPk(grant.citizenId, { attributes: ['id', 'displayName'] });
    return { grant, citizen: { id: grant.citizenId, name: citizen?.displayName ?? '群众' }, insideChat };
  }

  /**
   * A seat's softphone registered: it can take calls now, so its region's waiting calls are
   * routed at once (the ACD does not offer calls to a seat whose phone is down).
   */
  protected async seatPhoneUp(user: string): Promise<void> {
    const jobNumber = SEAT_USER.exec(user)?.[1];
    if (!jobNumber) return;
    try {
      const seat = await Seat.findOne({
        where: where(fn('lower', col('job_number')), jobNumber),
        attributes: ['regionCode'],
      });
      if (seat) await dispatchRegion(this.ctx, seat.regionCode);
    } catch (err) {
      this.ctx.logger.warn({ err, user }, 'call: routing after a softphone registered failed');
    }
  }

  /** Expired credentials and unused grants are forgotten every minute. */
  protected startSweeping(): void {
    this.sweeper = setInterval(() => {
      this.credentials.sweep();
      const now = Date.now();
      for (const [user, grant] of this.grants) {
        if (now - grant.issuedAt > CITIZEN_CREDENTIAL_TTL_MS && !this.calls.has(grant.conversationId)) {
          this.grants.delete(user);
        }
      }
    }, 60_000);
    this.sweeper.unref();
  }

  /** Stops sweeping and waits (up to 5 s) for the calls' last writes. */
  protected async settleCalls(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    const runners = [...this.calls.values()];
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, 5_000).unref());
    await Promise.race([Promise.all(runners.map((r) => r.settled())), timeout]);
  }

  private view(user: string, displayName: string, ttlMs: number): SipCredentialsView {
    const password = this.credentials.issue(user, ttlMs);
    return {
      uri: `sip:${user}@${this.domain}`,
      authorizationUser: user,
      password,
      displayName,
      realm: this.domain,
      ...this.socket,
      expiresAt: new Date(Date.now() + ttlMs).toISOString(),
    };
  }
}
