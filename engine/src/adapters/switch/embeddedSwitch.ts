/**
 * The embedded switch (issue #7): the engine's own SIP registrar and B2BUA with werift media.
 * Seats' softphones register over SIP over WebSocket (`/sip` on the engine's HTTP server);
 * a citizen calls `sip:call-<conversation id>@<domain>` with credentials issued for that call;
 * the call waits with music while the ACD offers the contact, the offered seat's softphone is
 * rung, and its answer is the seat accepting the offer. The tracker, credentials and signals are
 * switchCalls.ts, shared with the FreeSWITCH driver.
 */
import type http from 'node:http';
import path from 'node:path';
import type { CommandContext } from '../../commands/context.js';
import type { MediaServer } from '../media/mediaServer.js';
import { WeriftMediaServer } from '../media/weriftMediaServer.js';
import type { IncomingCall, InviteHandler } from '../sip/calls.js';
import { startSipServer, type SipServer } from '../sip/sipServer.js';
import type { Flow } from '../sip/transports.js';
import { hotlineFlow } from '@cloud-seat/ivr';
import { BlockList } from 'node:net';
import { dispatchRegion } from '../../commands/contactDispatcher.js';
import { queueStandingOf } from '../../models/queueStandings.js';
import { DtmfLog } from '../rtpengine/dtmfLog.js';
import { NgClient } from '../rtpengine/ngClient.js';
import { PhoneMediaRelay } from '../rtpengine/phoneMediaRelay.js';
import { CallRunner, type CallRunnerDeps } from './callRunner.js';
import { HotlineCall, PhoneCallRunner } from './hotlineCall.js';
import { queueAnnouncements } from './queueAnnouncer.js';
import { SwitchCalls, type CallRefusal } from './switchCalls.js';

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
  /** 电话热线: trunk calls to the hotline number walk the voice IVR (hotlineCall.ts). */
  hotline?: HotlineOptions;
}

export interface HotlineOptions {
  number: string;
  /** IPs or CIDRs whose INVITEs skip digest (SIP_TRUNK_ADDRESSES). */
  trunkAddresses: readonly string[];
  /** rtpengine's ng socket (RTPENGINE_NG); null: phone calls are answered 503. */
  rtpengineNg: string | null;
  /** Where rtpengine's --dtmf-log-dest sends RFC 2833 keys (RTPENGINE_DTMF_LOG); null: INFO only. */
  rtpengineDtmfLog: string | null;
  promptsDir: string;
  /** 排队播报: a waiting caller hears their place every so many seconds (0: never). */
  announceEverySeconds: number;
}

export const SIP_WS_PATH = '/sip';
const CALL_TARGET = /^call-([0-9a-f-]{36})$/;
const REFUSALS: Record<CallRefusal, number> = { forbidden: 403, busy: 486, not_callable: 480 };

export class EmbeddedSwitch extends SwitchCalls<CallRunner> implements InviteHandler {
  private sip!: SipServer;
  private readonly media: MediaServer;
  private readonly trunks = new BlockList();
  private readonly ng: NgClient | null;
  private readonly relay: PhoneMediaRelay | null;
  private dtmfLog: DtmfLog | null = null;
  private readonly hotlineFlow = hotlineFlow().flow;
  /** Calls in the voice IVR, not yet contacts. */
  readonly hotlineCalls = new Set<HotlineCall>();

  private constructor(private readonly options: EmbeddedSwitchOptions) {
    super(options.ctx, options.domain, options.seatCredentialTtlMs, { wsPath: SIP_WS_PATH });
    this.media = options.media ?? new WeriftMediaServer();
    for (const address of options.hotline?.trunkAddresses ?? []) {
      const [ip, bits] = address.split('/');
      const type = ip!.includes(':') ? 'ipv6' : 'ipv4';
      if (bits === undefined) this.trunks.addAddress(ip!, type);
      else this.trunks.addSubnet(ip!, Number(bits), type);
    }
    const ng = options.hotline?.rtpengineNg;
    this.ng = ng ? new NgClient({ address: ng }) : null;
    this.relay = this.ng ? new PhoneMediaRelay(this.ng) : null;
  }

  /** Is this flow from a SIP trunk (UDP or TCP from SIP_TRUNK_ADDRESSES)? Never a WebSocket. */
  isTrunk(flow: Flow): boolean {
    if (flow.transport === 'ws') return false;
    const plain = flow.remote.address.replace(/^::ffff:/, '');
    return this.trunks.check(plain, plain.includes(':') ? 'ipv6' : 'ipv4');
  }

  static async start(options: EmbeddedSwitchOptions): Promise<EmbeddedSwitch> {
    const embedded = new EmbeddedSwitch(options);
    embedded.sip = await startSipServer({
      udp: { host: options.host, port: options.udpPort },
      tcp: { host: options.host, port: options.tcpPort },
      ws: { server: options.httpServer, path: SIP_WS_PATH },
      credentials: embedded.state,
      realm: options.domain,
      handler: embedded,
      onRegistered: (user) => void embedded.seatPhoneUp(user),
      ringTimeoutMs: 60_000,
      trusted: (flow) => embedded.isTrunk(flow),
      logger: options.ctx.logger,
    });
    const dtmfLog = options.hotline?.rtpengineDtmfLog;
    if (dtmfLog) embedded.dtmfLog = await DtmfLog.listen(dtmfLog);
    embedded.startSweeping();
    return embedded;
  }

  get sipServer(): SipServer {
    return this.sip;
  }

  get mediaServer(): MediaServer {
    return this.media;
  }

  reachable(seat: { jobNumber: string }): boolean {
    return this.sip.registrar.lookup(this.seatUser(seat.jobNumber)).length > 0;
  }

  // ---- InviteHandler -----------------------------------------------------------------------

  async onInvite(call: IncomingCall): Promise<void> {
    const hotline = this.options.hotline;
    if (hotline && call.callee === hotline.number && this.isTrunk(call.flow)) {
      return this.onHotlineCall(call);
    }
    const target = call.callee ? CALL_TARGET.exec(call.callee) : null;
    if (!target) return call.reject(404);
    const conversationId = target[1]!;
    const admitted = await this.admitCitizenCall(call.authenticatedUser, conversationId);
    if ('refused' in admitted) return call.reject(REFUSALS[admitted.refused]);
    const { grant, citizen, insideChat } = admitted;

    const endpoint = this.media.createEndpoint({ kind: grant.media });
    let answer: string;
    try {
      answer = await endpoint.acceptOffer(call.invite.body.toString('utf8'));
    } catch (err) {
      await endpoint.close();
      this.ctx.logger.warn({ err, conversationId }, 'call: the offer could not be answered');
      return call.reject(488);
    }
    const runner = new CallRunner(
      this.runnerDeps(),
      conversationId,
      citizen,
      grant.media,
      call,
      endpoint,
      answer,
      insideChat,
    );
    this.calls.set(conversationId, runner);
    runner.start();
  }

  /** 电话热线: a trunk's call to the hotline number walks the voice IVR, then queues. */
  private async onHotlineCall(call: IncomingCall): Promise<void> {
    if (!this.relay) {
      this.ctx.logger.warn(
        { callId: call.id },
        'hotline: a phone call needs rtpengine for its media: set RTPENGINE_NG (host:port of its ng socket)',
      );
      return call.reject(503);
    }
    const hotline = this.options.hotline!;
    const ivrCall = new HotlineCall(
      {
        ctx: this.ctx,
        media: this.media,
        relay: this.relay,
        dtmfLog: this.dtmfLog,
        flow: this.hotlineFlow,
        promptsDir: hotline.promptsDir,
        queued: (queuedCall, phone, contact, caller) => {
          const runner = new PhoneCallRunner(this.runnerDeps(), contact, queuedCall, phone, {
            announcements: {
              ...queueAnnouncements(caller.state, hotline.announceEverySeconds, () =>
                queueStandingOf(this.ctx.sequelize, contact.conversationId),
              ),
              promptsDir: hotline.promptsDir,
            },
            dtmfLog: this.dtmfLog,
          });
          this.calls.set(contact.conversationId, runner);
          runner.start();
          // routed once tracked, so the offer's signal finds the call
          dispatchRegion(this.ctx, contact.regionCode).catch((err: unknown) =>
            this.ctx.logger.warn({ err, conversationId: contact.conversationId }, 'hotline: routing the call failed'),
          );
        },
      },
      call,
    );
    this.hotlineCalls.add(ivrCall);
    void ivrCall.finished.then(() => this.hotlineCalls.delete(ivrCall));
    await ivrCall.run();
  }

  private runnerDeps(): CallRunnerDeps {
    return {
      ctx: this.ctx,
      sip: this.sip,
      media: this.media,
      domain: this.domain,
      recordingsDir: this.options.recordingsDir,
      clips: {
        waiting: path.join(this.options.assetsDir, 'calls', 'waiting.opus'),
        holdMusic: path.join(this.options.assetsDir, 'calls', 'hold-music.opus'),
      },
      seatUser: (jobNumber) => this.seatUser(jobNumber),
      done: (finished) => {
        if (this.calls.get(finished.conversationId) === finished) this.calls.delete(finished.conversationId);
      },
    };
  }

  async close(): Promise<void> {
    await this.sip?.close(); // ends every call ('shutdown'): their runners write the legs down
    await this.settleCalls();
    await this.media.close();
    this.ng?.close();
    this.dtmfLog?.close();
  }
}
