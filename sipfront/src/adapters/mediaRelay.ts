/**
 * rtpengine for the SIP front: the carrier's RTP and FreeSWITCH's RTP both go through it, so the
 * carrier sees one media address and FreeSWITCH stays on the private network. Speaks the ng
 * protocol with the engine's client (engine/src/adapters/rtpengine/ngClient.ts; one copy of the
 * protocol in the repository). Both sides are plain RTP (RTP/AVP): no transcoding, no ICE.
 */
import { NgClient } from '../../../engine/src/adapters/rtpengine/ngClient.js';
import { formatHostPort, type HostPort } from '../domain/hostPort.js';

export interface CallLegIds {
  /** Call-ID and From tag of the carrier's INVITE: rtpengine's key for the call. */
  callId: string;
  fromTag: string;
}

const PLAIN_RTP = {
  'transport-protocol': 'RTP/AVP',
  ICE: 'remove',
  replace: ['origin', 'session-connection'],
} as const;

/** rtpengine's interface names: the carrier's side (public) and FreeSWITCH's (private). */
export interface RelayInterfaces {
  carrier: string;
  freeswitch: string;
}

export class MediaRelay {
  private readonly ng: NgClient;

  constructor(
    address: HostPort,
    private readonly interfaces: RelayInterfaces | null = null,
    ng?: NgClient,
  ) {
    this.ng = ng ?? new NgClient({ address: formatHostPort(address) });
  }

  /**
   * The carrier's offer → the offer FreeSWITCH gets (rtpengine's address and ports; with two
   * interfaces, its FreeSWITCH-side address, and the carrier later gets the carrier-side one).
   */
  async offer(ids: CallLegIds, sdp: string): Promise<string> {
    const direction = this.interfaces ? { direction: [this.interfaces.carrier, this.interfaces.freeswitch] } : {};
    const reply = await this.ng.offer({
      'call-id': ids.callId,
      'from-tag': ids.fromTag,
      sdp,
      ...PLAIN_RTP,
      ...direction,
    });
    return sdpOf(reply, 'offer');
  }

  /** FreeSWITCH's answer (its leg's To tag) → the answer the carrier gets. */
  async answer(ids: CallLegIds, toTag: string, sdp: string): Promise<string> {
    const reply = await this.ng.answer({
      'call-id': ids.callId,
      'from-tag': ids.fromTag,
      'to-tag': toTag,
      sdp,
      ...PLAIN_RTP,
    });
    return sdpOf(reply, 'answer');
  }

  /** Frees the call's ports. */
  async delete(ids: CallLegIds): Promise<void> {
    await this.ng.delete({ 'call-id': ids.callId, 'from-tag': ids.fromTag });
  }

  close(): void {
    this.ng.close();
  }
}

function sdpOf(reply: Record<string, unknown>, command: string): string {
  if (typeof reply.sdp !== 'string') throw new Error(`rtpengine ${command}: the reply has no sdp`);
  return reply.sdp;
}
