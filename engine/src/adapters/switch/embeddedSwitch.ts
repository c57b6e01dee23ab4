/**
 * The embedded switch (issue #7): the engine's own SIP registrar and B2BUA with werift media.
 * Seats' softphones register over SIP over WebSocket (`/sip` on the engine's HTTP server);
 * a citizen calls `sip:call-<conversation id>@<domain>` with credentials issued for that call;
 * the call waits with music while the ACD offers the contact, the offered seat's softphone is
 * rung, and its answer is the seat accepting the offer. A tracker maps conversation id → call.
 */
import { randomBytes } from 'node:crypto';
import type http from 'node:http';
import path from 'node:path';
import type { CallMedia, SipCredentialsView } from '@cloud-seat/contracts';
import type { CallSignals, CommandContext } from '../../commands/context.js';
import { col, fn, where } from 'sequelize';
import { dispatchRegion } from '../../commands/contactDispatcher.js';
import { Citizen, Conversation, Seat } from '../../models/index.js';
import type { MediaServer } from '../media/mediaServer.js';
import { WeriftMediaServer } from '../media/weriftMediaServer.js';
import type { IncomingCall, InviteHandler } from '../sip/calls.js';
import { IssuedSipCredentials } from '../sip/digest.js';
import { startSipServer, type SipServer } from '../sip/sipServer.js';
import { CallRunner } from './callRunner.js';

export interface EmbeddedSwitchOptions {
  ctx: CommandContext;
  httpServer: http.Server;
  domain: string;
  host: string;
  udpPort: number;
  tcpPort: number;
  recordingsDir: string;
  assetsDir: string;
  /** How long a seat's SIP password lives (its staff session's length). */
  seatCredentialTtlMs: number;
  media?: MediaServer;
}

/** A citizen's credentials are for one call: dialled within this long. */
const CITIZEN_CREDENTIAL_TTL_MS = 10 * 60_000;
export const SIP_WS_PATH = '/sip';
const CALL_TARGET = /^call-([0-9a-f-]{36})$/;
const SEAT_USER = /^seat-(.+)$/;

interface CitizenCallGrant {
  conversationId: string;
  citizenId: string;
  media: CallMedia;
}

export class EmbeddedSwitch implements InviteHandler, CallSignals {
  readonly credentials = new IssuedSipCredentials();
  /** Conversation id → its live call. */
  readonly calls = new Map<string, CallRunner>();
  private readonly grants = new Map<string, CitizenCallGrant>();
  private sip!: SipServer;
  private readonly media: MediaServer;
  private sweeper: NodeJS.Timeout | null = null;

  private constructor(private readonly options: EmbeddedSwitchOptions) {
    this.media = options.media ?? new WeriftMediaServer();
  }

  static async start(options: EmbeddedSwitchOptions): Promise<EmbeddedSwitch> {
    const embedded = new EmbeddedSwitch(options);
    embedded.sip = await startSipServer({
      udp: { host: options.host, port: options.udpPort },
      tcp: { host: options.host, port: options.tcpPort },
      ws: { server: options.httpServer, path: SIP_WS_PATH },
      credentials: embedded.credentials,
      realm: options.domain,
      handler: embedded,
      onRegistered: (user) => void embedded.seatPhoneUp(user),
      ringTimeoutMs: 60_000,
      logger: options.ctx.logger,
    });
    embedded.sweeper = setInterval(() => {
      embedded.credentials.sweep();
      const now = Date.now();
      for (const [user, grant] of embedded.grants) {
        if (!embedded.calls.has(grant.conversationId) && now - grantTime(user) > CITIZEN_CREDENTIAL_TTL_MS) {
          embedded.grants.delete(user);
        }
      }
    }, 60_000);
    embedded.sweeper.unref();
    return embedded;
  }

  get sipServer(): SipServer {
    return this.sip;
  }

  get mediaServer(): MediaServer {
    return this.media;
  }

  /** The SIP user of a seat's softphone: `seat-<工号 lower case>`. */
  seatUser(jobNumber: string): string {
    return `seat-${jobNumber.toLowerCase()}`;
  }

  /** A seat's softphone credentials (GET /api/seat/sip): a fresh password each time. */
  issueSeatCredentials(seat: { jobNumber: string; name: string }): SipCredentialsView {
    const user = this.seatUser(seat.jobNumber);
    return this.view(user, seat.name, this.options.seatCredentialTtlMs);
  }

  /** Credentials for one citizen call to `sip:call-<conversation id>@<domain>`. */
  issueCitizenCall(grant: CitizenCallGrant, displayName: string): { target: string; credentials: SipCredentialsView } {
    const user = `citizen-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
    this.grants.set(user, grant);
    return {
      target: `sip:call-${grant.conversationId}@${this.options.domain}`,
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

  hasCall(conversationId: string): boolean {
    return this.calls.has(conversationId);
  }

  /**
   * A seat's softphone registered: it can take calls now, so its region's waiting calls are
   * routed at once (the ACD does not offer calls to a seat whose phone is down).
   */
  private async seatPhoneUp(user: string): Promise<void> {
    const jobNumber = SEAT_USER.exec(user)?.[1];
    if (!jobNumber) return;
    try {
      const seat = await Seat.findOne({
        where: where(fn('lower', col('job_number')), jobNumber),
        attributes: ['regionCode'],
      });
      if (seat) await dispatchRegion(this.options.ctx, seat.regionCode);
    } catch (err) {
      this.options.ctx.logger.warn({ err, user }, 'call: routing after a softphone registered failed');
    }
  }

  // ---- CallSignals (from the commands, after commit) -------------------------------------

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

  seatsOnCall(): ReadonlySet<string> {
    return new Set([...this.calls.values()].flatMap((runner) => runner.seatIdsOnCall));
  }

  reachable(seat: { jobNumber: string }): boolean {
    return this.sip.registrar.lookup(this.seatUser(seat.jobNumber)).length > 0;
  }

  // ---- InviteHandler -----------------------------------------------------------------------

  async onInvite(call: IncomingCall): Promise<void> {
    const target = call.callee ? CALL_TARGET.exec(call.callee) : null;
    if (!target) return call.reject(404);
    const conversationId = target[1]!;
    const grant = call.authenticatedUser ? this.grants.get(call.authenticatedUser) : undefined;
    if (!grant || grant.conversationId !== conversationId) return call.reject(403);
    if (this.calls.has(conversationId)) return call.reject(486);
    const conversation = await Conversation.findByPk(conversationId);
    const callable =
      conversation &&
      (conversation.status === 'queued' ||
        conversation.status === 'offered' ||
        (conversation.status === 'active' && conversation.seatId !== null));
    if (!conversation || !callable) return call.reject(480);
    const citizen = await Citizen.findByPk(grant.citizenId, { attributes: ['id', 'displayName'] });
    this.grants.delete(call.authenticatedUser!); // one call per grant

    const endpoint = this.media.createEndpoint({ kind: grant.media });
    let answer: string;
    try {
      answer = await endpoint.acceptOffer(call.invite.body.toString('utf8'));
    } catch (err) {
      await endpoint.close();
      this.options.ctx.logger.warn({ err, conversationId }, 'call: the offer could not be answered');
      return call.reject(488);
    }
    const runner = new CallRunner(
      {
        ctx: this.options.ctx,
        sip: this.sip,
        media: this.media,
        domain: this.options.domain,
        recordingsDir: this.options.recordingsDir,
        clips: {
          waiting: path.join(this.options.assetsDir, 'calls', 'waiting.opus'),
          holdMusic: path.join(this.options.assetsDir, 'calls', 'hold-music.opus'),
        },
        seatUser: (jobNumber) => this.seatUser(jobNumber),
        done: (finished) => {
          if (this.calls.get(finished.conversationId) === finished) this.calls.delete(finished.conversationId);
        },
      },
      conversationId,
      { id: grant.citizenId, name: citizen?.displayName ?? '群众' },
      grant.media,
      call,
      endpoint,
      answer,
      conversation.status === 'active',
    );
    this.calls.set(conversationId, runner);
    runner.start();
  }

  async close(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    const runners = [...this.calls.values()];
    await this.sip?.close(); // ends every call ('shutdown'): their runners write the legs down
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, 5_000).unref());
    await Promise.race([Promise.all(runners.map((r) => r.settled())), timeout]);
    await this.media.close();
  }

  private view(user: string, displayName: string, ttlMs: number): SipCredentialsView {
    const password = this.credentials.issue(user, ttlMs);
    return {
      uri: `sip:${user}@${this.options.domain}`,
      authorizationUser: user,
      password,
      displayName,
      realm: this.options.domain,
      wsPath: SIP_WS_PATH,
      expiresAt: new Date(Date.now() + ttlMs).toISOString(),
    };
  }
}

/** The issue time carried in a citizen user name (`citizen-<base36 ms>-<hex>`). */
function grantTime(user: string): number {
  return Number.parseInt(user.split('-')[1] ?? '0', 36) || 0;
}
