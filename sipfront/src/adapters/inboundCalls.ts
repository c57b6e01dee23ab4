/**
 * The carrier's calls: an INVITE from an address of the trunk goes through rtpengine to a
 * healthy FreeSWITCH as a B2BUA (drachtio-srf createB2BUA); anything else is refused. The
 * decisions (who may call, which FreeSWITCH) come from the pure domain classes; this file only
 * moves SIP and SDP.
 *
 * - not a trunk address → 403; no healthy FreeSWITCH → 503; rtpengine not answering → 503.
 * - rtpengine `offer` rewrites the carrier's SDP; the INVITE to FreeSWITCH carries that SDP.
 * - FreeSWITCH answers 503 or 408 (full, paused, gone): that target is marked and the next
 *   healthy one is tried; any other failure goes back to the carrier as it came.
 * - the 200 OK's SDP goes through rtpengine `answer` before the carrier sees it.
 * - BYE on either leg ends the other; INFO (DTMF) is passed across; CANCEL is passed on by
 *   createB2BUA; rtpengine `delete` when the call ends or fails.
 */
import type Srf from 'drachtio-srf';
import type { MediaServerPool } from '../domain/mediaServerPool.js';
import { formatHostPort, type HostPort } from '../domain/hostPort.js';
import type { TrunkAcl } from '../domain/trunkAcl.js';
import type { Logger } from '../logger.js';
import type { CallLegIds, MediaRelay } from './mediaRelay.js';
import { requestInDialog, type SipDialog, type SipRequest, type SipResponse } from './srfTypes.js';

/** FreeSWITCH answers that mean "try another one". */
const FAILOVER_CODES = new Set([408, 503]);

export interface InboundCallsDeps {
  srf: Srf;
  acl: TrunkAcl;
  pool: MediaServerPool;
  relay: MediaRelay;
  logger: Logger;
}

export class InboundCalls {
  /** Calls up now (Call-ID of the carrier's leg → the two dialogs). */
  readonly active = new Map<string, { uas: SipDialog; uac: SipDialog; target: string }>();

  constructor(private readonly deps: InboundCallsDeps) {}

  /** The OPTIONS keepalive of the carrier: 200 for the trunk, 403 for anyone else. */
  options(req: SipRequest, res: SipResponse): void {
    res.send(this.deps.acl.allows(req.source_address) ? 200 : 403);
  }

  async invite(req: SipRequest, res: SipResponse): Promise<void> {
    const { acl, pool, relay, logger } = this.deps;
    const callId = req.get('Call-ID');
    const log = { callId, source: `${req.source_address}:${req.source_port}`, to: req.calledNumber };
    if (!acl.allows(req.source_address)) {
      logger.warn(log, 'INVITE from an address outside SIPFRONT_TRUNK_CIDRS: 403');
      res.send(403);
      return;
    }
    const targets = pool.candidates();
    if (targets.length === 0) {
      logger.warn(log, 'no healthy FreeSWITCH (OPTIONS pings): 503');
      res.send(503);
      return;
    }
    const ids: CallLegIds = { callId, fromTag: req.getParsedHeader('From').params?.tag ?? '' };
    let offer: string;
    try {
      offer = await relay.offer(ids, req.body);
    } catch (error) {
      logger.error({ ...log, error: (error as Error).message }, 'rtpengine offer failed (RTPENGINE_NG): 503');
      res.send(503);
      return;
    }

    let canceled = false;
    req.on('cancel', () => {
      canceled = true;
    });
    let lastStatus = 503;
    for (const target of targets) {
      if (canceled) break;
      const key = formatHostPort(target);
      try {
        const { uas, uac } = await this.bridge(req, res, target, ids, offer);
        logger.info({ ...log, target: key }, 'call connected');
        this.connected(ids, uas, uac, key);
        return;
      } catch (error) {
        const status = (error as { status?: number }).status ?? 500;
        lastStatus = status;
        if (canceled || status === 487) break;
        if (FAILOVER_CODES.has(status)) {
          const change = pool.record(key, status === 408 ? null : status);
          if (change) logger.warn({ target: key, from: change.from, to: change.to }, 'FreeSWITCH status changed');
          logger.warn({ ...log, target: key, status }, 'FreeSWITCH refused the call: trying the next one');
          continue;
        }
        logger.info({ ...log, target: key, status }, 'call failed at FreeSWITCH');
        break;
      }
    }
    if (!res.finalResponseSent) res.send(canceled ? 487 : lastStatus);
    logger.info(
      { ...log, status: canceled ? 487 : lastStatus },
      canceled ? 'call canceled by the carrier' : 'call failed',
    );
    await this.release(ids);
  }

  private bridge(req: SipRequest, res: SipResponse, target: HostPort, ids: CallLegIds, offer: string) {
    const user = req.calledNumber ? `${req.calledNumber}@` : '';
    return this.deps.srf.createB2BUA(req, res, `sip:${user}${formatHostPort(target)}`, {
      localSdpB: offer,
      localSdpA: (sdp: string, uacRes: SipResponse) =>
        this.deps.relay.answer(ids, uacRes.getParsedHeader('To').params?.tag ?? '', sdp),
      proxyRequestHeaders: ['P-Asserted-Identity', 'Privacy'],
      passFailure: false,
    });
  }

  private connected(ids: CallLegIds, uas: SipDialog, uac: SipDialog, target: string): void {
    const { logger } = this.deps;
    this.active.set(ids.callId, { uas, uac, target });
    const end = (by: 'carrier' | 'freeswitch', other: SipDialog) => {
      if (!this.active.delete(ids.callId)) return;
      logger.info({ callId: ids.callId, target, by }, 'call ended');
      other.destroy();
      void this.release(ids);
    };
    uas.on('destroy', () => end('carrier', uac));
    uac.on('destroy', () => end('freeswitch', uas));
    uas.on('info', (req, res) => void this.passInfo(req, res, uac));
    uac.on('info', (req, res) => void this.passInfo(req, res, uas));
  }

  /** DTMF as SIP INFO (application/dtmf-relay, application/dtmf): to the other leg, its answer back. */
  private async passInfo(req: SipRequest, res: SipResponse, other: SipDialog): Promise<void> {
    const headers: Record<string, string> = {};
    if (req.has('Content-Type')) headers['Content-Type'] = req.get('Content-Type');
    try {
      const answer = await requestInDialog(other, { method: 'INFO', headers, body: req.body });
      res.send(answer.status);
    } catch (error) {
      this.deps.logger.warn({ callId: req.get('Call-ID'), error: (error as Error).message }, 'INFO not passed on');
      res.send(500);
    }
  }

  private async release(ids: CallLegIds): Promise<void> {
    try {
      await this.deps.relay.delete(ids);
    } catch (error) {
      this.deps.logger.warn({ callId: ids.callId, error: (error as Error).message }, 'rtpengine delete failed');
    }
  }
}
