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
import { CallRunner } from './callRunner.js';
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
}

export const SIP_WS_PATH = '/sip';
const CALL_TARGET = /^call-([0-9a-f-]{36})$/;
const REFUSALS: Record<CallRefusal, number> = { forbidden: 403, busy: 486, not_callable: 480 };

export class EmbeddedSwitch extends SwitchCalls<CallRunner> implements InviteHandler {
  private sip!: SipServer;
  private readonly media: MediaServer;

  private constructor(private readonly options: EmbeddedSwitchOptions) {
    super(options.ctx, options.domain, options.seatCredentialTtlMs, { wsPath: SIP_WS_PATH });
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
      {
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
      },
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

  async close(): Promise<void> {
    await this.sip?.close(); // ends every call ('shutdown'): their runners write the legs down
    await this.settleCalls();
    await this.media.close();
  }
}
