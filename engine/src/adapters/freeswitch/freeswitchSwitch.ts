/**
 * FreeSWITCH as the switch (issue #8, `SWITCH=freeswitch`): the engine controls it over the
 * event socket instead of carrying its own SIP and media. Softphones register to FreeSWITCH's
 * WSS profile (their passwords come from the engine's directory, see directory.ts); the
 * dialplan parks a citizen's call to `call-<conversation id>` with `cloud_seat_kind=citizen`,
 * and this driver runs the same call session as the embedded switch on it (eslCallRunner.ts).
 * The tracker, credentials and signals are adapters/switch/switchCalls.ts; here channel uuids map
 * to calls too, and the state survives an event socket reconnect (reconciled with `show channels`).
 */
import { hotlineFlow } from '@cloud-seat/ivr';
import { dispatchRegion } from '../../commands/contactDispatcher.js';
import type { CommandContext } from '../../commands/context.js';
import { queueStandingOf } from '../../models/queueStandings.js';
import { SwitchCalls, type CallRefusal, type SipSocket, type SwitchSharing } from '../switch/switchCalls.js';
import { directoryDocument, type DirectoryRequest } from './directory.js';
import { EslClient, type EslEvent } from './esl.js';
import { EslCallRunner, type EslCallRunnerDeps } from './eslCallRunner.js';
import { EslHotlineCall, EslPhoneCallRunner } from './eslHotlineCall.js';
import { queueAnnouncements } from '../switch/queueAnnouncer.js';
import { parseChannels, parseRegistrations } from './showRows.js';

export interface FreeswitchSwitchOptions {
  ctx: CommandContext;
  /**
   * The FreeSWITCH servers of the pool: each one's event socket, the WSS URL softphones given to it
   * connect to (`wss://fs1.example.gov.cn:7443`), and, with several, where the others reach its
   * external profile (`10.0.0.11:5080`) to ring a seat registered there.
   */
  servers: readonly FreeswitchServerOptions[];
  domain: string;
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

export interface FreeswitchServerOptions {
  esl: { host: string; port: number; password: string; backoffMs?: number; maxBackoffMs?: number };
  wssUrl: string;
  interconnect: string | null;
}

/** One FreeSWITCH of the pool: its event socket and the softphones registered on it. */
class FreeswitchServer {
  readonly esl: EslClient;
  /** SIP users registered on this FreeSWITCH now (`seat-ds001`). */
  readonly registered = new Set<string>();
  /** Reconciliations after reconnects, for the tests and shutdown. */
  reconciling: Promise<void> = Promise.resolve();

  constructor(
    readonly options: FreeswitchServerOptions,
    readonly index: number,
  ) {
    this.esl = new EslClient(options.esl);
  }

  get name(): string {
    return `${this.options.esl.host}:${this.options.esl.port}`;
  }
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
  readonly servers: FreeswitchServer[];
  /** The server each call's citizen channel is on (its commands go there). */
  private readonly serverOf = new WeakMap<EslCallRunner, FreeswitchServer>();
  /** Parked channels being claimed and set up: their events meanwhile, delivered after. */
  private readonly beingTaken = new Map<string, EslEvent[]>();
  /** Hotline calls in the voice menu, by channel uuid (then they are calls like the others). */
  readonly hotlineCalls = new Map<string, EslHotlineCall>();
  private readonly hotlineFlow = hotlineFlow().flow;
  /** Citizens' calls are spread over the servers in turn. */
  private nextCitizenServer = 0;

  private constructor(private readonly options: FreeswitchSwitchOptions) {
    const first = options.servers[0];
    if (!first) throw new Error('FreeSWITCH: no server configured (FREESWITCH_ESL_HOST)');
    super(
      options.ctx,
      options.domain,
      options.seatCredentialTtlMs,
      { wsPath: new URL(first.wssUrl).pathname, wsUrl: first.wssUrl },
      options.sharing,
    );
    this.servers = options.servers.map((server, i) => new FreeswitchServer(server, i));
  }

  static async start(options: FreeswitchSwitchOptions): Promise<FreeswitchSwitch> {
    const fs = new FreeswitchSwitch(options);
    const { logger } = options.ctx;
    for (const server of fs.servers) {
      const where = { freeswitch: server.name };
      server.esl.on('event', (event) => fs.onEvent(server, event));
      server.esl.on('error', (err) => logger.error({ err, ...where }, 'FreeSWITCH event socket: connecting failed'));
      server.esl.on('disconnected', (err) =>
        logger.warn({ err, ...where }, 'FreeSWITCH event socket lost; reconnecting'),
      );
      server.esl.on('connected', () => {
        logger.info(where, 'FreeSWITCH event socket connected');
        server.reconciling = server.reconciling.then(() => fs.reconcile(server));
      });
      await server.esl.subscribe(SUBSCRIBED_EVENTS);
    }
    const wait = new Promise<'waiting'>((resolve) =>
      setTimeout(() => resolve('waiting'), options.connectWaitMs ?? 5_000).unref(),
    );
    try {
      const started = Promise.all(fs.servers.map((server) => server.esl.start()));
      if ((await Promise.race([started, wait])) === 'waiting') {
        logger.warn('FreeSWITCH event socket not reachable yet; calls wait until it is');
      }
    } catch (err) {
      // a refused password (EslAuthError) stops the start: it names the setting to fix
      await Promise.all(fs.servers.map((server) => server.esl.close()));
      throw err;
    }
    await fs.joinCluster();
    fs.startSweeping();
    return fs;
  }

  /** SIP users registered on any FreeSWITCH of the pool now. */
  get registered(): ReadonlySet<string> {
    return new Set(this.servers.flatMap((server) => [...server.registered]));
  }

  /** The directory answer for FreeSWITCH's mod_xml_curl lookup (a user's issued password). */
  async directory(request: DirectoryRequest): Promise<string> {
    const user = request.user;
    const found = user && request.domain === this.domain ? await this.state.lookup(user) : null;
    return directoryDocument(this.domain, user && found ? { user, password: found.password } : null);
  }

  reachable(seat: { jobNumber: string }): boolean {
    const user = this.seatUser(seat.jobNumber);
    return this.servers.some((server) => server.registered.has(user));
  }

  /** Resolves once the reconciliations of the reconnects so far are done. */
  async reconciled(): Promise<void> {
    await Promise.all(this.servers.map((server) => server.reconciling));
  }

  async close(): Promise<void> {
    for (const runner of this.calls.values()) runner.conversationEnded();
    await this.settleCalls();
    await this.leaveCluster();
    await Promise.all(this.servers.map((server) => server.esl.close()));
  }

  /**
   * Several FreeSWITCH: a seat's softphone always goes to the same one (by its user), a citizen's
   * call to the next one in turn — among the servers whose event socket is up (all of them if
   * none is: the softphone then waits like the engine does).
   */
  protected override socketFor(user: string): SipSocket {
    if (this.servers.length === 1) return this.socket;
    const up = this.servers.filter((server) => server.esl.connected);
    const candidates = up.length > 0 ? up : this.servers;
    const index = user.startsWith('citizen-')
      ? this.nextCitizenServer++ % candidates.length
      : [...user].reduce((hash, c) => (hash * 31 + c.charCodeAt(0)) >>> 0, 7) % candidates.length;
    const wsUrl = candidates[index]!.options.wssUrl;
    return { wsPath: new URL(wsUrl).pathname, wsUrl };
  }

  // ---- FreeSWITCH events -------------------------------------------------------------------

  private onEvent(server: FreeswitchServer, event: EslEvent): void {
    if (event.name === 'CUSTOM') return this.onRegistration(server, event);
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
    this.take(server, uuid, {
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
  private take(server: FreeswitchServer, uuid: string, parked: ParkedCall): void {
    this.beingTaken.set(uuid, []);
    void this.state
      .claim(`channel:${uuid}`, CHANNEL_CLAIM_MS)
      .then((mine) => {
        if (!mine) return;
        return parked.kind === 'citizen'
          ? this.onCitizenCall(server, uuid, parked)
          : this.onHotlineCall(server, uuid, parked);
      })
      .catch((err: unknown) => this.ctx.logger.error({ err, uuid }, 'call: taking a parked call failed'))
      .finally(() => {
        const later = this.beingTaken.get(uuid) ?? [];
        this.beingTaken.delete(uuid);
        for (const e of later) {
          if (this.channels.has(uuid) || this.hotlineCalls.has(uuid)) this.onEvent(server, e);
        }
      });
  }

  /** 电话热线: a trunk's call parked by the public dialplan walks the voice menu, then queues. */
  private async onHotlineCall(server: FreeswitchServer, uuid: string, parked: ParkedCall): Promise<void> {
    const hotline = this.options.hotline;
    if (!hotline) {
      this.ctx.logger.warn({ uuid }, 'hotline: a hotline call arrived but the hotline is not configured');
      await server.esl.api(`uuid_kill ${uuid} SERVICE_UNAVAILABLE`);
      return;
    }
    const call = new EslHotlineCall(
      {
        ctx: this.ctx,
        esl: server.esl,
        flow: this.hotlineFlow,
        promptsDir: hotline.promptsDir,
        ended: (channel) => this.hotlineCalls.delete(channel),
        queued: (channel, contact, caller) => {
          this.hotlineCalls.delete(channel);
          const runner = new EslPhoneCallRunner(
            this.runnerDeps(server),
            contact,
            channel,
            hotline.promptsDir,
            queueAnnouncements(caller.state, hotline.announceEverySeconds, () =>
              queueStandingOf(this.ctx.sequelize, contact.conversationId),
            ),
          );
          this.calls.set(contact.conversationId, runner);
          this.channels.set(channel, runner);
          this.serverOf.set(runner, server);
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
  private async onCitizenCall(
    server: FreeswitchServer,
    uuid: string,
    { conversationId, user }: ParkedCall,
  ): Promise<void> {
    const admitted = await this.admitCitizenCall(user, conversationId);
    if ('refused' in admitted) {
      const cause = REFUSALS[admitted.refused];
      this.ctx.logger.info({ uuid, conversationId, cause }, 'call: refused');
      await server.esl.api(`uuid_kill ${uuid} ${cause}`);
      return;
    }
    const { grant, citizen, insideChat } = admitted;
    const runner = new EslCallRunner(this.runnerDeps(server), conversationId, citizen, grant.media, uuid, insideChat);
    this.calls.set(conversationId, runner);
    this.serverOf.set(runner, server);
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
  private async takeMissed(server: FreeswitchServer, uuid: string): Promise<void> {
    const variable = async (name: string) => {
      const value = (await server.esl.api(`uuid_getvar ${uuid} ${name}`)).trim();
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
    this.take(server, uuid, parked);
  }

  private runnerDeps(server: FreeswitchServer): EslCallRunnerDeps {
    return {
      ctx: this.ctx,
      esl: server.esl,
      // a seat registered on another server of the pool is rung through that server
      seatVia: (user) => {
        if (server.registered.has(user)) return null;
        return this.servers.find((other) => other.registered.has(user))?.options.interconnect ?? null;
      },
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

  private onRegistration(server: FreeswitchServer, event: EslEvent): void {
    const user = event.header('from-user') ?? event.header('username');
    if (!user) return;
    if (event.subclass === 'sofia::register') {
      server.registered.add(user);
      void this.seatPhoneUp(user);
    } else if (event.subclass === 'sofia::unregister' || event.subclass === 'sofia::expire') {
      server.registered.delete(user);
    }
  }

  /**
   * After (re)connecting to a server: what it has now. Its registrations are read anew; each call
   * on it keeps its session and settles legs that went away (or were answered) while the socket
   * was down; calls parked meanwhile are taken.
   */
  private async reconcile(server: FreeswitchServer): Promise<void> {
    try {
      const registrations = parseRegistrations(await server.esl.api('show registrations as json'));
      server.registered.clear();
      for (const user of registrations) server.registered.add(user);
      const live = parseChannels(await server.esl.api('show channels as json'));
      for (const runner of new Set(this.calls.values())) {
        if (this.serverOf.get(runner) === server) runner.reconcile(live);
      }
      for (const [uuid, channel] of live) {
        if (channel.parkedInbound && !this.known(uuid)) await this.takeMissed(server, uuid);
      }
    } catch (err) {
      this.ctx.logger.warn({ err, freeswitch: server.name }, 'FreeSWITCH: reconciling after a reconnect failed');
    }
  }
}
