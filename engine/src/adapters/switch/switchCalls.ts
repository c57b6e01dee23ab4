/**
 * What both switches (the embedded one, FreeSWITCH over ESL) keep alike: the tracker of live
 * calls (conversation id → call), the softphones' short-lived credentials and the citizens'
 * one-call grants, who may place which call, and the signals the commands send after commit
 * (`CallSignals`), forwarded to the call of the conversation.
 */
import { randomBytes } from 'node:crypto';
import type { SipCredentialsView } from '@cloud-seat/contracts';
import { col, fn, where } from 'sequelize';
import { dispatchRegion } from '../../commands/contactDispatcher.js';
import type { CallSignals, CommandContext } from '../../commands/context.js';
import { Citizen, Conversation, Seat } from '../../models/index.js';
import { MemorySwitchState, type CitizenCallGrant, type SwitchSharedState } from './sharedState.js';
import type { ClusterSignal, SwitchCluster } from './switchCluster.js';
import type { SessionRunner, SeatLegRecord } from './sessionRunner.js';

/** A citizen's credentials are for one call: dialled within this long. */
export const CITIZEN_CREDENTIAL_TTL_MS = 10 * 60_000;
const SEAT_USER = /^seat-(.+)$/;
const UUID = /^[0-9a-f-]{36}$/;

export type { CitizenCallGrant };

/** What a switch shares with the other engines driving it: in memory when it is the only one. */
export interface SwitchSharing {
  state: SwitchSharedState;
  /** Several engines (FreeSWITCH with REDIS_URL): signals, calls and hold requests between them. */
  cluster: SwitchCluster | null;
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
  /** SIP passwords, one-call grants and channel claims (shared by the engines of a cluster). */
  readonly state: SwitchSharedState;
  protected readonly cluster: SwitchCluster | null;
  /** Conversation id → its live call. */
  readonly calls = new Map<string, R>();
  private sweeper: NodeJS.Timeout | null = null;

  protected constructor(
    protected readonly ctx: CommandContext,
    protected readonly domain: string,
    /** How long a seat's SIP password lives (its staff session's length). */
    private readonly seatCredentialTtlMs: number,
    protected readonly socket: SipSocket,
    sharing: SwitchSharing = { state: new MemorySwitchState(), cluster: null },
  ) {
    this.state = sharing.state;
    this.cluster = sharing.cluster;
  }

  /** Can this seat's softphone be rung now (registered)? */
  abstract reachable(seat: { jobNumber: string }): boolean;

  /** The SIP user of a seat's softphone: `seat-<工号 lower case>`. */
  seatUser(jobNumber: string): string {
    return `seat-${jobNumber.toLowerCase()}`;
  }

  /** A seat's softphone credentials (GET /api/seat/sip): a fresh password each time. */
  issueSeatCredentials(seat: { jobNumber: string; name: string }): Promise<SipCredentialsView> {
    return this.view(this.seatUser(seat.jobNumber), seat.name, this.seatCredentialTtlMs);
  }

  /** Credentials for one citizen call to `sip:call-<conversation id>@<domain>`. */
  async issueCitizenCall(
    grant: Omit<CitizenCallGrant, 'issuedAt'>,
    displayName: string,
  ): Promise<{ target: string; credentials: SipCredentialsView }> {
    const user = `citizen-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
    await this.state.putGrant(user, { ...grant, issuedAt: Date.now() }, CITIZEN_CREDENTIAL_TTL_MS);
    return {
      target: `sip:call-${grant.conversationId}@${this.domain}`,
      credentials: await this.view(user, displayName, CITIZEN_CREDENTIAL_TTL_MS),
    };
  }

  /**
   * 保持 / 恢复 from the serving seat's workbench: true when applied, false when the call is not
   * bridged to that seat (or not held) — the route answers 409 then.
   */
  async hold(conversationId: string, seatId: string, held: boolean): Promise<boolean> {
    return this.holdHere(conversationId, seatId, held) ?? this.cluster?.hold(conversationId, seatId, held) ?? false;
  }

  /** null when this engine does not hold the call (another engine of the cluster may). */
  private holdHere(conversationId: string, seatId: string, held: boolean): Promise<boolean> | null {
    const runner = this.calls.get(conversationId);
    if (!runner) return null;
    return runner.servingSeatId === seatId ? runner.hold(held) : Promise.resolve(false);
  }

  // ---- CallSignals (from the commands, after commit) -----------------------------------------

  offered(offer: { conversationId: string; offerId: string; seatId: string }): void {
    this.signal({ kind: 'offered', ...offer });
  }

  transferOffered(offer: { conversationId: string; offerId: string; seatId: string }): void {
    this.signal({ kind: 'transferOffered', ...offer });
  }

  transferLapsed(offer: { conversationId: string; offerId: string }): void {
    this.signal({ kind: 'transferLapsed', ...offer });
  }

  requeued(conversationId: string): void {
    this.signal({ kind: 'requeued', conversationId });
  }

  ended(conversationId: string): void {
    this.signal({ kind: 'ended', conversationId });
  }

  /** Is a call of this conversation up on this engine or, in a cluster, on another one? */
  hasCall(conversationId: string): boolean {
    return this.calls.has(conversationId) || (this.cluster?.hasRemoteCall(conversationId) ?? false);
  }

  seatsOnCall(): ReadonlySet<string> {
    return new Set([
      ...[...this.calls.values()].flatMap((runner) => runner.seatIdsOnCall),
      ...(this.cluster?.remoteSeatsOnCall() ?? []),
    ]);
  }

  /** A signal to the call it is about, here; in a cluster also to the other engines. */
  private signal(signal: ClusterSignal): void {
    this.applySignal(signal);
    this.cluster?.signal(signal);
  }

  private applySignal(signal: ClusterSignal): void {
    const runner = this.calls.get(signal.conversationId);
    if (!runner) return;
    switch (signal.kind) {
      case 'offered':
        return runner.offered(signal.offerId, signal.seatId);
      case 'transferOffered':
        return runner.transferOffered(signal.offerId, signal.seatId);
      case 'transferLapsed':
        return runner.transferLapsed(signal.offerId);
      case 'requeued':
        return runner.requeued();
      case 'ended':
        return runner.conversationEnded();
    }
  }

  /** Joins the other engines driving the switch (a no-op for one engine alone). */
  protected async joinCluster(): Promise<void> {
    await this.cluster?.start({
      signal: (signal) => this.applySignal(signal),
      hold: (conversationId, seatId, held) => this.holdHere(conversationId, seatId, held),
      calls: () =>
        [...this.calls.values()].map((runner) => ({
          conversationId: runner.conversationId,
          seatIds: runner.seatIdsOnCall,
        })),
    });
  }

  protected async leaveCluster(): Promise<void> {
    await this.cluster?.close();
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
    const grant = user ? await this.state.grant(user) : null;
    if (!UUID.test(conversationId) || !grant || grant.conversationId !== conversationId) {
      return { refused: 'forbidden' };
    }
    if (this.hasCall(conversationId)) return { refused: 'busy' };
    const conversation = await Conversation.findByPk(conversationId);
    const insideChat = conversation?.status === 'active' && conversation.seatId !== null;
    const callable =
      conversation && (conversation.status === 'queued' || conversation.status === 'offered' || insideChat);
    if (!callable) return { refused: 'not_callable' };
    if (!(await this.state.takeGrant(user!))) return { refused: 'forbidden' }; // one call per grant
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

  /** Expired credentials, grants and claims are forgotten every minute (Redis expires its own). */
  protected startSweeping(): void {
    this.sweeper = setInterval(() => this.state.sweep(), 60_000);
    this.sweeper.unref();
  }

  /** Stops sweeping and waits (up to 5 s) for the calls' last writes. */
  protected async settleCalls(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    const runners = [...this.calls.values()];
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, 5_000).unref());
    await Promise.race([Promise.all(runners.map((r) => r.settled())), timeout]);
  }

  /** Where this SIP user's softphone connects (several FreeSWITCH: one of them). */
  protected socketFor(_user: string): SipSocket {
    return this.socket;
  }

  private async view(user: string, displayName: string, ttlMs: number): Promise<SipCredentialsView> {
    const password = await this.state.issuePassword(user, ttlMs);
    return {
      uri: `sip:${user}@${this.domain}`,
      authorizationUser: user,
      password,
      displayName,
      realm: this.domain,
      ...this.socketFor(user),
      expiresAt: new Date(Date.now() + ttlMs).toISOString(),
    };
  }
}
