/**
 * Phone legs (plain RTP/AVP with PCMA/PCMU, as SIP trunks and desk phones send) reach the werift
 * media server (WebRTC only: ICE, DTLS-SRTP, rtcp-mux, Opus) through rtpengine: it terminates
 * both transports and transcodes G.711 ↔ Opus. Signalling stays outside, as for media endpoints:
 * the relay rewrites SDP, nothing else.
 *
 * A phone calls in:  phone offer → fromPhone() → `.sdp` to endpoint.acceptOffer() → its answer
 *                    → `.answer()` → the SDP of the 200 OK to the phone.
 * The engine calls a phone: endpoint.createOffer() → toPhone() → `.sdp` in the INVITE → the
 *                    phone's answer → `.answer()` → endpoint.acceptAnswer().
 */
import { randomBytes } from 'node:crypto';
import type { BencodeDict, BencodeValue } from './bencode.js';
import type { NgClient, NgParams } from './ngClient.js';

/** One relayed call: rtpengine holds its ports until {@link RelayedCall.close}. */
export interface RelayedCall {
  /** rtpengine's call id (the SIP Call-ID when given one, so its logs can be matched). */
  readonly callId: string;
  /** rtpengine's tag for the phone's side (its DTMF log names the sender by it). */
  readonly phoneTag: string;
  /** The offer rewritten for the answering side. */
  readonly sdp: string;
  /** Rewrites the answering side's SDP for the side that offered. */
  answer(answerSdp: string): Promise<string>;
  /** Packets and bytes rtpengine has received from each side so far. */
  stats(): Promise<RelayStats>;
  /**
   * A key sent to the phone as RFC 2833 telephone-events in its RTP (rtpengine `play DTMF`: the
   * call is set up with `inject DTMF`), as if the other side had pressed it.
   */
  sendDtmfToPhone(key: string, durationMs?: number): Promise<void>;
  /** Frees the ports; later calls do nothing. */
  close(): Promise<void>;
}

export interface RelayStats {
  phone: StreamStats;
  webrtc: StreamStats;
}

export interface StreamStats {
  packets: number;
  bytes: number;
}

export interface RelayOptions {
  /** Reuse the SIP Call-ID as rtpengine's call id; default a random one. */
  callId?: string;
}

/** The WebRTC side, as werift accepts it. */
const WEBRTC_SIDE = {
  'transport-protocol': 'UDP/TLS/RTP/SAVPF',
  ICE: 'force',
  // DTLS-SRTP only: SDES keys (a=crypto) have no place in WebRTC.
  SDES: ['off'],
  'rtcp-mux': ['offer', 'require'],
  flags: [
    // werift matches transceivers by a=mid; plain SDP has none.
    'generate-mid',
    // werift 0.24 cannot parse `a=rtcp:<port>` without an address; with rtcp-mux it is not needed.
    'no-rtcp-attribute',
  ],
} as const;

/** The phone side: plain RTP, RTCP on the next port, no ICE. */
const PHONE_SIDE = {
  'transport-protocol': 'RTP/AVP',
  ICE: 'remove',
  'rtcp-mux': ['demux'],
  flags: ['strip-extmap'],
} as const;

/**
 * WebRTC attributes rtpengine 10.5 passes through from werift's SDP (it has no `sdp-attr`
 * manipulation yet). Phones ignore unknown attributes by the rules, but SBCs and old devices
 * are not always so kind: they are removed from the SDP the phone gets.
 */
const WEBRTC_ONLY_ATTRIBUTE =
  /^a=(extmap-allow-mixed|msid-semantic|group|ssrc|ssrc-group|msid|mid|rtcp-fb|ice-options|end-of-candidates)(:.*)?$/;

export function plainSdpForPhone(sdp: string): string {
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  return sdp
    .split(/\r?\n/)
    .filter((line) => !WEBRTC_ONLY_ATTRIBUTE.test(line))
    .join(eol);
}

/**
 * Both sides: our own address in o= and session-level c=, not the other side's; keys can be
 * injected into the phone's stream (`play DTMF`).
 */
const COMMON = { replace: ['origin', 'session-connection'] } as const;
const INJECT_DTMF = 'inject DTMF';

export class PhoneMediaRelay {
  constructor(private readonly ng: NgClient) {}

  /**
   * A phone called in with `phoneOfferSdp` (RTP/AVP; PCMA, PCMU, telephone-event). Resolves with
   * the WebRTC offer for a media endpoint: Opus only, rtpengine transcodes to the phone's codec.
   */
  fromPhone(phoneOfferSdp: string, options: RelayOptions = {}): Promise<RelayedCall> {
    return this.open('phone', phoneOfferSdp, options);
  }

  /**
   * The engine calls a phone: `webrtcOfferSdp` is a media endpoint's offer. Resolves with a
   * plain offer for the INVITE: PCMA and PCMU (transcoded from Opus) plus telephone-event.
   */
  toPhone(webrtcOfferSdp: string, options: RelayOptions = {}): Promise<RelayedCall> {
    return this.open('webrtc', webrtcOfferSdp, options);
  }

  private async open(offerer: 'phone' | 'webrtc', offerSdp: string, options: RelayOptions): Promise<RelayedCall> {
    const ids = newIds(options);
    const fromPhone = offerer === 'phone';
    const reply = await this.ng.offer({
      ...ids,
      ...COMMON,
      ...withInjection(fromPhone ? WEBRTC_SIDE : PHONE_SIDE),
      sdp: offerSdp,
      // The answering side sees only the codecs it should use; rtpengine transcodes both ways.
      // A phone keeps telephone-event (RFC 2833 keys), consumed by rtpengine (--dtmf-log-dest).
      codec: fromPhone
        ? { mask: ['all'], transcode: ['opus'], accept: ['telephone-event'] }
        : { mask: ['all'], transcode: ['PCMA', 'PCMU', 'telephone-event'] },
    });
    const sdp = sdpOf(reply, 'offer');
    return this.call(
      ids,
      fromPhone ? sdp : plainSdpForPhone(sdp),
      offerer,
      withInjection(fromPhone ? PHONE_SIDE : WEBRTC_SIDE),
    );
  }

  private call(ids: Ids, sdp: string, offerer: 'phone' | 'webrtc', answerSide: NgParams): RelayedCall {
    const ng = this.ng;
    const toTag = randomTag();
    let closed: Promise<void> | undefined;
    return {
      callId: ids['call-id'],
      phoneTag: offerer === 'phone' ? ids['from-tag'] : toTag,
      sdp,
      async answer(answerSdp: string) {
        const reply = await ng.answer({ ...ids, 'to-tag': toTag, ...COMMON, ...answerSide, sdp: answerSdp });
        const sdp = sdpOf(reply, 'answer');
        return offerer === 'phone' ? plainSdpForPhone(sdp) : sdp;
      },
      async sendDtmfToPhone(key: string, durationMs = 160) {
        // injected as if sent by the WebRTC side, towards the phone
        const webrtcTag = offerer === 'phone' ? toTag : ids['from-tag'];
        await ng.request('play DTMF', {
          'call-id': ids['call-id'],
          'from-tag': webrtcTag,
          code: key,
          duration: durationMs,
        });
      },
      async stats() {
        const reply = await ng.query({ 'call-id': ids['call-id'] });
        const byTag = (tag: string) => streamStats(reply, tag);
        const offered = byTag(ids['from-tag']);
        const answered = byTag(toTag);
        return offerer === 'phone' ? { phone: offered, webrtc: answered } : { phone: answered, webrtc: offered };
      },
      close() {
        closed ??= ng.delete({ 'call-id': ids['call-id'] }).then(
          () => undefined,
          // Already gone (rtpengine restarted, or timed the call out): nothing left to free.
          (error: Error) => {
            if (!/unknown call-id/i.test(error.message)) throw error;
          },
        );
        return closed;
      },
    };
  }
}

function withInjection<T extends { flags: readonly string[] }>(side: T): T {
  return { ...side, flags: [...side.flags, INJECT_DTMF] };
}

interface Ids {
  'call-id': string;
  'from-tag': string;
}

const randomTag = () => randomBytes(8).toString('hex');

function newIds(options: RelayOptions): Ids {
  return { 'call-id': options.callId ?? randomTag(), 'from-tag': randomTag() };
}

function sdpOf(reply: BencodeDict, command: string): string {
  if (typeof reply.sdp !== 'string') throw new Error(`rtpengine ${command}: the reply has no SDP`);
  return reply.sdp;
}

/** Sums the `stats` of every stream under one tag of a `query` reply. */
function streamStats(reply: BencodeDict, tag: string): StreamStats {
  const total = { packets: 0, bytes: 0 };
  const medias = field(field(field(reply, 'tags'), tag), 'medias');
  for (const media of Array.isArray(medias) ? medias : []) {
    const streams = field(media, 'streams');
    for (const stream of Array.isArray(streams) ? streams : []) {
      const stats = field(stream, 'stats');
      total.packets += numberOr0(field(stats, 'packets'));
      total.bytes += numberOr0(field(stats, 'bytes'));
    }
  }
  return total;
}

function field(value: BencodeValue | undefined, key: string): BencodeValue | undefined {
  return value !== undefined && typeof value === 'object' && !Array.isArray(value) ? value[key] : undefined;
}

function numberOr0(value: BencodeValue | undefined): number {
  return typeof value === 'number' ? value : 0;
}
