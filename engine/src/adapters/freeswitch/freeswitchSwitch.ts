/**
 * FreeSWITCH as the switch (issue #8, `SWITCH=freeswitch`): the engine controls it over the
 * event socket instead of carrying its own SIP and media. Softphones register to FreeSWITCH's
 * WSS profile (their passwords come from the engine's directory, see directory.ts); the
 * dialplan parks a citizen's call to `call-<conversation id>` with `cloud_seat_kind=citizen`,
 * and this driver runs the same call session as the embedded switch on it (eslCallRunner.ts).
 * The tracker, credentials and signals are adapters/switch/switchCalls.ts; here channel uuids map
 * to calls too, and the state survives an event socket reconnect (reconciled with `show channels`).
 */
import { flowRegions, hotlineFlow } from '@cloud-seat/ivr';
import { dispatchRegion } from '../../commands/contactDispatcher.js';
import type { CommandContext } from '../../commands/context.js';
import { seatsOnDuty } from '../../models/assistantSettings.js';
import { queueStandingOf } from '../../models/queueStandings.js';
import { SwitchCalls, type CallRefusal, type SwitchSharing } from '../switch/switchCalls.js';
import { directoryDocument, type DirectoryRequest } from './directory.js';
import { EslClient, type EslEvent } from './esl.js';
import { EslCallRunner, type EslCallRunnerDeps } from './eslCallRunner.js';
import { EslHotlineCall, EslPhoneCallRunner } from './eslHotlineCall.js';
import { queueAnnouncements } from '../switch/queueAnnouncer.js';
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
  /**
   * Several engines driving the same FreeSWITCH servers (REDIS_URL): passwords, grants and channel
   * claims in Redis, signals and calls between the engines. Absent: this engine alone, in memory.
   */
  sharing?: SwitchSharing;
  /** 电话热线: parked `cloud_seat_kind=hotline` calls walk the voice menu; absent: they are refused. */
  hotline?: {
    /** Where FreeSWITCH finds the prompts' `<id>.wav` (FREESWITCH_PROMPTS_DIR). */
    promptsDir: string;
    announceEverySeconds: number;
  };
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

/** What the dialplan's labels say about a parked channel. */
interface ParkedCall {
  kind: 'citizen' | 'hotline';
  /** cloud_seat_conversation (citizen calls). */
  conversationId: string;
  /** The SIP user that authenticated (citizen calls). */
  user: string | null;
  /** The caller's number (hotline calls). */
  callerNumber: string | null;
}

/** A claimed channel stays this engine's for longer than any call lasts. */
const CHANNEL_CLAIM_MS = 12 * 3600_000;

/** How a refused parked call is hung up (the embedded switch's 403 / 486 / 480). */
const REFUSALS: Record<CallRefusal, string> = {
  forbidden: 'CALL_REJECTED',
  busy: 'USER_BUSY',
  not_callable: 'TEMPORARY_FAILURE',
};

export class FreeswitchSwitch extends SwitchCalls<EslCallRunner> {
  /** Channel uuid → the call it belongs to (citizen and seat legs). */
  private readonly channels = new Map<string, EslCallRunner>();
  /** SIP users registered on FreeSWITCH now (`seat-ds001`). */
  readonly registered = new Set<string>();
  readonly esl: EslClient;
  /** Parked channels being claimed and set up: their events meanwhile, delivered after. */
  private readonly beingTaken = new Map<string, EslEvent[]>();
  /** Hotline calls in the voice menu, by channel uuid (then they are calls like the others). */
  readonly hotlineCalls = new Map<string, EslHotlineCall>();
  private readonly hotlineFlow = hotlineFlow().flow;
  private readonly hotlineRegions = flowRegions(this.hotlineFlow);
  /** Reconciliations after reconnects, for the tests and shutdown. */
  private reconciling: Promise<void> = Promise.resolve();

  private constructor(private readonly options: FreeswitchSwitchOptions) {
    super(
      options.ctx,
      options.domain,
      options.seatCredentialTtlMs,
      { wsPath: new URL(options.wssUrl).pathname, wsUrl: options.wssUrl },
      options.sharing,
    );
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
    await fs.joinCluster();
    fs.startSweeping();
    return fs;
  }

  /** The directory answer for FreeSWITCH's mod_xml_curl lookup (a user's issued password). */
  async directory(request: DirectoryRequest): Promise<string> {
    const user = request.user;
    const found = user && request.domain === this.domain ? await this.state.lookup(user) : null;
    return directoryDocument(this.domain, user && found ? { user, password: found.password } : null);
  }

  reachable(seat: { jobNumber: string }): boolean {
    return this.registered.has(this.seatUser(seat.jobNumber));
  }

  /** Resolves once the reconciliations of the reconnects so far are done. */
  reconciled(): Promise<void> {
    return this.reconciling;
  }

  async close(): Promise<void> {
    for (const runner of this.calls.values()) runner.conversationEnded();
    await this.settleCalls();
    await this.leaveCluster();
    await this.esl.close();
  }

  // ---- FreeSWITCH events -------------------------------------------------------------------

  private onEvent(event: EslEvent): void {
    if (event.name === 'CUSTOM') return this.onRegistration(event);
    const uuid = event.header('Unique-ID');
    if (!uuid) return;
    const runner = this.channels.get(uuid);
    if (runner) return runner.onChannelEvent(event);
    const inMenu = this.hotlineCalls.get(uuid);
    if (inMenu) return inMenu.onChannelEvent(event);
    const waiting = this.beingTaken.get(uuid);
    if (waiting) {
      waiting.push(event); // delivered once the call is set up (or dropped if another engine took it)
      return;
    }
    if (event.name !== 'CHANNEL_PARK') return;
    const kind = event.variable('cloud_seat_kind');
    if (kind !== 'citizen' && kind !== 'hotline') return;
    this.take(uuid, {
      kind,
      conversationId: event.variable('cloud_seat_conversation') ?? '',
      user: event.variable('sip_auth_username') ?? event.variable('user_name') ?? null,
      callerNumber: event.header('Caller-Caller-ID-Number') ?? null,
    });
  }

  /**
   * A parked call for the engine: claimed (every engine of a cluster sees it, one takes it), then
   * set up; the channel's events meanwhile are kept and delivered after.
   */
  private take(uuid: string, parked: ParkedCall): void {
    this.beingTaken.set(uuid, []);
    void this.state
      .claim(`channel:${uuid}`, CHANNEL_CLAIM_MS)
      .then((mine) => {
        if (!mine) return;
        return parked.kind === 'citizen' ? this.onCitizenCall(uuid, parked) : this.onHotlineCall(uuid, parked);
      })
      .catch((err: unknown) => this.ctx.logger.error({ err, uuid }, 'call: taking a parked call failed'))
      .finally(() => {
        const later = this.beingTaken.get(uuid) ?? [];
        this.beingTaken.delete(uuid);
        for (const e of later) {
          if (this.channels.has(uuid) || this.hotlineCalls.has(uuid)) this.onEvent(e);
        }
      });
  }

  /** 电话热线: a trunk's call parked by the public dialplan walks the voice menu, then queues. */
  private async onHotlineCall(uuid: string, parked: ParkedCall): Promise<void> {
    const hotline = this.options.hotline;
    if (!hotline) {
      this.ctx.logger.warn({ uuid }, 'hotline: a hotline call arrived but the hotline is not configured');
      await this.esl.api(`uuid_kill ${uuid} SERVICE_UNAVAILABLE`);
      return;
    }
    const call = new EslHotlineCall(
      {
        ctx: this.ctx,
        esl: this.esl,
        flow: this.hotlineFlow,
        promptsDir: hotline.promptsDir,
        inServiceHours: () => seatsOnDuty(this.ctx.sequelize, this.hotlineRegions, this.ctx.now()),
        ended: (channel) => this.hotlineCalls.delete(channel),
        queued: (channel, contact, caller) => {
          this.hotlineCalls.delete(channel);
          const runner = new EslPhoneCallRunner(
            this.runnerDeps(),
            contact,
            channel,
            hotline.promptsDir,
            queueAnnouncements(caller.state, hotline.announceEverySeconds, () =>
              queueStandingOf(this.ctx.sequelize, contact.conversationId),
            ),
          );
          this.calls.set(contact.conversationId, runner);
          this.channels.set(channel, runner);
          runner.start();
          dispatchRegion(this.ctx, contact.regionCode).catch((err: unknown) =>
            this.ctx.logger.warn({ err, conversationId: contact.conversationId }, 'hotline: routing the call failed'),
          );
        },
      },
      uuid,
      parked.callerNumber,
    );
    this.hotlineCalls.set(uuid, call);
    await call.run();
  }

  /**
   * A citizen's call parked by the dialplan: accepted only from the user issued for that
   * conversation (as the embedded switch's 403), one call per conversation (486), a
   * conversation still callable (480). Refused calls are hung up with the matching cause.
   */
  private async onCitizenCall(uuid: string, { conversationId, user }: ParkedCall): Promise<void> {
    const admitted = await this.admitCitizenCall(user, conversationId);
    if ('refused' in admitted) {
      const cause = REFUSALS[admitted.refused];
      this.ctx.logger.info({ uuid, conversationId, cause }, 'call: refused');
      await this.esl.api(`uuid_kill ${uuid} ${cause}`);
      return;
    }
    const { grant, citizen, insideChat } = admitted;
    const runner = new EslCallRunner(this.runnerDeps(), conversationId, citizen, grant.media, uuid, insideChat);
    this.calls.set(conversationId, runner);
    this.channels.set(uuid, runner);
    runner.start();
  }

  private known(uuid: string): boolean {
    return this.channels.has(uuid) || this.hotlineCalls.has(uuid) || this.beingTaken.has(uuid);
  }

  /**
   * A call parked while the socket was down (its CHANNEL_PARK never reached the engine): its
   * labels read with uuid_getvar, then taken like any parked call. Channels without the
   * dialplan's label are not ours.
   */
  private async takeMissed(uuid: string): Promise<void> {
    const variable = async (name: string) => {
      const value = (await this.esl.api(`uuid_getvar ${uuid} ${name}`)).trim();
      return value === '' || value === '_undef_' || value.startsWith('-ERR') ? null : value;
    };
    const kind = await variable('cloud_seat_kind');
    if ((kind !== 'citizen' && kind !== 'hotline') || this.known(uuid)) return;
    const parked: ParkedCall = {
      kind,
      conversationId: (await variable('cloud_seat_conversation')) ?? '',
      user: (await variable('sip_auth_username')) ?? (await variable('user_name')),
      callerNumber: await variable('caller_id_number'),
    };
    if (this.known(uuid)) return;
    this.ctx.logger.info({ uuid, kind }, 'FreeSWITCH: taking a call parked while the event socket was down');
    this.take(uuid, parked);
  }

  private runnerDeps(): EslCallRunnerDeps {
    return {
      ctx: this.ctx,
      esl: this.esl,
      domain: this.domain,
      fsRecordingsDir: this.options.fsRecordingsDir,
      clips: { waiting: this.options.waitingPrompt, holdMusic: 'local_stream://moh' },
      seatUser: (jobNumber) => this.seatUser(jobNumber),
      track: (channelUuid, call) => this.channels.set(channelUuid, call),
      done: (finished) => {
        if (this.calls.get(finished.conversationId) === finished) this.calls.delete(finished.conversationId);
        for (const [channelUuid, call] of this.channels) if (call === finished) this.channels.delete(channelUuid);
      },
    };
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
      for (const [uuid, channel] of live) {
        if (channel.parkedInbound && !this.known(uuid)) await this.takeMissed(uuid);
      }
    } catch (err) {
      this.ctx.logger.warn({ err }, 'FreeSWITCH: reconciling after a reconnect failed');
    }
  }
}
