/**
 * FreeSWITCH as the switch (issue #8, `SWITCH=freeswitch`): the engine controls it over the
 * event socket instead of carrying its own SIP and media. Softphones register to FreeSWITCH's
 * WSS profile (their passwords come from the engine's directory, see directory.ts); the
 * dialplan parks a citizen's call to `call-<conversation id>` with `cloud_seat_kind=citizen`,
 * and this driver runs the same call session as the embedded switch on it (eslCallRunner.ts).
 * A tracker maps conversation id → call and channel uuid → call; it lives in memory and
 * survives an event socket reconnect (the calls are reconciled with `show channels`).
 */
import { randomBytes } from 'node:crypto';
import type { CallMedia, SipCredentialsView } from '@cloud-seat/contracts';
import { col, fn, where } from 'sequelize';
import { dispatchRegion } from '../../commands/contactDispatcher.js';
import type { CallSignals, CommandContext } from '../../commands/context.js';
import { Citizen, Conversation, Seat } from '../../models/index.js';
import { IssuedSipCredentials } from '../sip/digest.js';
import { directoryDocument, type DirectoryRequest } from './directory.js';
import { EslClient, type EslEvent } from './esl.js';
import { EslCallRunner } from './eslCallRunner.js';
import { parseChannels, parseRegistrations } from './showRows.js';

export interface FreeswitchSwitchOptions {
  ctx: CommandContext;
  esl: { host: string; port: number; password: string; backoffMs?: number; maxBackoffMs?: number };
  domain: string;
  /** What softphones connect to (`wss://fs.example.gov.cn:7443`), returned with their credentials. */
  wssUrl: string;
  /** RECORDINGS_DIR as FreeSWITCH sees it. */
  fsRecordingsDir: string;
  /** The waiting notice as a file FreeSWITCH can play; hold music is its `local_stream://moh`. */
  waitingPrompt: string;
  seatCredentialTtlMs: number;
  /** How long start() waits for the first connection before going on (it keeps trying). */
  connectWaitMs?: number;
}

/** The events the driver runs on (`event json …`). */
export const SUBSCRIBED_EVENTS = [
  'CHANNEL_PARK',
  'CHANNEL_ANSWER',
  'CHANNEL_HANGUP_COMPLETE',
  'CHANNEL_BRIDGE',
  'CHANNEL_UNBRIDGE',
  'DTMF',
  'PLAYBACK_STOP',
  'RECORD_STOP',
  'BACKGROUND_JOB',
  'CUSTOM',
  'sofia::register',
  'sofia::unregister',
  'sofia::expire',
];

const CITIZEN_CREDENTIAL_TTL_MS = 10 * 60_000;
const SEAT_USER = /^seat-(.+)$/;
const UUID = /^[0-9a-f-]{36}$/;

interface CitizenCallGrant {
  conversationId: string;
  citizenId: string;
  media: CallMedia;
  issuedAt: number;
}

export class FreeswitchSwitch implements CallSignals {
  readonly credentials = new IssuedSipCredentials();
  /** Conversation id → its live call. */
  readonly calls = new Map<string, EslCallRunner>();
  /** Channel uuid → the call it belongs to (citizen and seat legs). */
  private readonly channels = new Map<string, EslCallRunner>();
  private readonly grants = new Map<string, CitizenCallGrant>();
  /** SIP users registered on FreeSWITCH now (`seat-ds001`). */
  readonly registered = new Set<string>();
  readonly esl: EslClient;
  private sweeper: NodeJS.Timeout | null = null;
  /** Reconciliations after reconnects, for the tests and shutdown. */
  private reconciling: Promise<void> = Promise.resolve();

  private constructor(private readonly options: FreeswitchSwitchOptions) {
    this.esl = new EslClient(options.esl);
  }

  static async start(options: FreeswitchSwitchOptions): Promise<FreeswitchSwitch> {
    const fs = new FreeswitchSwitch(options);
    const { logger } = options.ctx;
    fs.esl.on('event', (event) => fs.onEvent(event));
    fs.esl.on('error', (err) => logger.error({ err }, 'FreeSWITCH event socket: connecting failed'));
    fs.esl.on('disconnected', (err) => logger.warn({ err }, 'FreeSWITCH event socket lost; reconnecting'));
    fs.esl.on('connected', () => {
      logger.info({ host: options.esl.host, port: options.esl.port }, 'FreeSWITCH event socket connected');
      fs.reconciling = fs.reconciling.then(() => fs.reconcile());
    });
    await fs.esl.subscribe(SUBSCRIBED_EVENTS);
    const wait = new Promise<'waiting'>((resolve) =>
      setTimeout(() => resolve('waiting'), options.connectWaitMs ?? 5_000).unref(),
    );
    try {
      if ((await Promise.race([fs.esl.start(), wait])) === 'waiting') {
        logger.warn('FreeSWITCH event socket not reachable yet; calls wait until it is');
      }
    } catch (err) {
      // a refused password (EslAuthError) stops the start: it names the setting to fix
      await fs.esl.close();
      throw err;
    }
    fs.sweeper = setInterval(() => {
      fs.credentials.sweep();
      for (const [user, grant] of fs.grants) {
        if (Date.now() - grant.issuedAt > CITIZEN_CREDENTIAL_TTL_MS && !fs.calls.has(grant.conversationId)) {
          fs.grants.delete(user);
        }
      }
    }, 60_000);
    fs.sweeper.unref();
    return fs;
  }

  seatUser(jobNumber: string): string {
    return `seat-${jobNumber.toLowerCase()}`;
  }

  issueSeatCredentials(seat: { jobNumber: string; name: string }): SipCredentialsView {
    return this.view(this.seatUser(seat.jobNumber), seat.name, this.options.seatCredentialTtlMs);
  }

  issueCitizenCall(
    grant: Omit<CitizenCallGrant, 'issuedAt'>,
    displayName: string,
  ): { target: string; credentials: SipCredentialsView } {
    const user = `citizen-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
    this.grants.set(user, { ...grant, issuedAt: Date.now() });
    return {
      target: `sip:call-${grant.conversationId}@${this.options.domain}`,
      credentials: this.view(user, displayName, CITIZEN_CREDENTIAL_TTL_MS),
    };
  }

  /** The directory answer for FreeSWITCH's mod_xml_curl lookup (a user's issued password). */
  async directory(request: DirectoryRequest): Promise<string> {
    const user = request.user;
    const found = user && request.domain === this.options.domain ? await this.credentials.lookup(user) : null;
    return directoryDocument(this.options.domain, user && found ? { user, password: found.password } : null);
  }

  async hold(conversationId: string, seatId: string, held: boolean): Promise<boolean> {
    const runner = this.calls.get(conversationId);
    if (!runner || runner.servingSeatId !== seatId) return false;
    return runner.hold(held);
  }

  // ---- CallSignals -------------------------------------------------------------------------

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

  reachable(seat: { jobNumber: string }): boolean {
    return this.registered.has(this.seatUser(seat.jobNumber));
  }

  /** Resolves once the reconciliations of the reconnects so far are done. */
  reconciled(): Promise<void> {
    return this.reconciling;
  }

  async close(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    const runners = [...this.calls.values()];
    for (const runner of runners) runner.conversationEnded();
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, 5_000).unref());
    await Promise.race([Promise.all(runners.map((r) => r.settled())), timeout]);
    await this.esl.close();
  }

  // ---- FreeSWITCH events -------------------------------------------------------------------

  private onEvent(event: EslEvent): void {
    if (event.name === 'CUSTOM') return this.onRegistration(event);
    const uuid = event.header('Unique-ID');
    if (!uuid) return;
    const runner = this.channels.get(uuid);
    if (runner) return runner.onChannelEvent(event);
    if (event.name === 'CHANNEL_PARK' && event.variable('cloud_seat_kind') === 'citizen') {
      void this.onCitizenCall(uuid, event).catch((err: unknown) =>
        this.options.ctx.logger.error({ err, uuid }, 'call: taking a parked call failed'),
      );
    }
  }

  /**
   * A citizen's call parked by the dialplan: accepted only from the user issued for that
   * conversation (as the embedded switch's 403), one call per conversation (486), a
   * conversation still callable (480). Refused calls are hung up with the matching cause.
   */
  private async onCitizenCall(uuid: string, event: EslEvent): Promise<void> {
    const conversationId = event.variable('cloud_seat_conversation') ?? '';
    const user = event.variable('sip_auth_username') ?? event.variable('user_name') ?? '';
    const grant = this.grants.get(user);
    const refuse = (cause: string) => this.options.ctx.logger.info({ uuid, conversationId, cause }, 'call: refused');
    if (!UUID.test(conversationId) || !grant || grant.conversationId !== conversationId) {
      refuse('CALL_REJECTED');
      await this.esl.api(`uuid_kill ${uuid} CALL_REJECTED`);
      return;
    }
    if (this.calls.has(conversationId)) {
      await this.esl.api(`uuid_kill ${uuid} USER_BUSY`);
      return;
    }
    const conversation = await Conversation.findByPk(conversationId);
    const callable =
      conversation &&
      (conversation.status === 'queued' ||
        conversation.status === 'offered' ||
        (conversation.status === 'active' && conversation.seatId !== null));
    if (!conversation || !callable) {
      await this.esl.api(`uuid_kill ${uuid} TEMPORARY_FAILURE`);
      return;
    }
    this.grants.delete(user);
    const citizen = await Citizen.findByPk(grant.citizenId, { attributes: ['id', 'displayName'] });
    const runner = new EslCallRunner(
      {
        ctx: this.options.ctx,
        esl: this.esl,
        domain: this.options.domain,
        fsRecordingsDir: this.options.fsRecordingsDir,
        clips: { waiting: this.options.waitingPrompt, holdMusic: 'local_stream://moh' },
        seatUser: (jobNumber) => this.seatUser(jobNumber),
        track: (channelUuid, call) => this.channels.set(channelUuid, call),
        done: (finished) => {
          if (this.calls.get(finished.conversationId) === finished) this.calls.delete(finished.conversationId);
          for (const [channelUuid, call] of this.channels) if (call === finished) this.channels.delete(channelUuid);
        },
      },
      conversationId,
      { id: grant.citizenId, name: citizen?.displayName ?? '群众' },
      grant.media,
      uuid,
      conversation.status === 'active',
    );
    this.calls.set(conversationId, runner);
    this.channels.set(uuid, runner);
    runner.start();
  }

  private onRegistration(event: EslEvent): void {
    const user = event.header('from-user') ?? event.header('username');
    if (!user) return;
    if (event.subclass === 'sofia::register') {
      this.registered.add(user);
      void this.seatPhoneUp(user);
    } else if (event.subclass === 'sofia::unregister' || event.subclass === 'sofia::expire') {
      this.registered.delete(user);
    }
  }

  /** A seat's softphone registered: its region's waiting calls are routed at once. */
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

  /**
   * After (re)connecting: what FreeSWITCH has now. Registrations are read anew; each call keeps
   * its session and settles legs that went away (or were answered) while the socket was down.
   */
  private async reconcile(): Promise<void> {
    try {
      const registrations = parseRegistrations(await this.esl.api('show registrations as json'));
      this.registered.clear();
      for (const user of registrations) this.registered.add(user);
      const live = parseChannels(await this.esl.api('show channels as json'));
      for (const runner of new Set(this.calls.values())) runner.reconcile(live);
    } catch (err) {
      this.options.ctx.logger.warn({ err }, 'FreeSWITCH: reconciling after a reconnect failed');
    }
  }

  private view(user: string, displayName: string, ttlMs: number): SipCredentialsView {
    const password = this.credentials.issue(user, ttlMs);
    return {
      uri: `sip:${user}@${this.options.domain}`,
      authorizationUser: user,
      password,
      displayName,
      realm: this.options.domain,
      wsPath: new URL(this.options.wssUrl).pathname,
      wsUrl: this.options.wssUrl,
      expiresAt: new Date(Date.now() + ttlMs).toISOString(),
    };
  }
}
