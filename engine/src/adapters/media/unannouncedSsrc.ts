/**
 * werift 0.24 routes incoming RTP only by the SSRCs the remote SDP announces (`a=ssrc`) or by
 * simulcast RIDs, and drops every other packet. Browsers announce their SSRCs; a plain phone
 * relayed by rtpengine does not: rtpengine picks the SSRC of the Opus stream it transcodes to
 * when the first packet arrives. This routes such an unannounced SSRC to the transceiver whose
 * codecs include its payload type, if that transceiver has no announced stream; a later new SSRC
 * of that stream (the phone restarted it, rtpengine re-created its encoder) joins the same track.
 */
import {
  RTCRtpCodingParameters,
  type MediaStreamTrack,
  type RTCPeerConnection,
  type RTCRtpTransceiver,
  type RtpPacket,
} from 'werift';

/** The parts of werift 0.24's private RtpRouter this relies on. */
interface RouterInternals {
  ssrcTable: Record<number, unknown>;
  ridTable: Record<string, unknown>;
  routeRtp: (packet: RtpPacket) => void;
  registerRtpReceiverBySsrc(
    transceiver: RTCRtpTransceiver,
    params: { codecs: unknown[]; headerExtensions: unknown[]; encodings: RTCRtpCodingParameters[] },
  ): void;
}

export function routeUnannouncedSsrc(pc: RTCPeerConnection, transceivers: () => Iterable<RTCRtpTransceiver>): void {
  const router = (pc as unknown as { router?: Partial<RouterInternals> }).router;
  // Another werift version: leave its routing alone (the media test would show what broke).
  if (
    typeof router?.routeRtp !== 'function' ||
    typeof router.registerRtpReceiverBySsrc !== 'function' ||
    !router.ssrcTable ||
    !router.ridTable
  ) {
    return;
  }
  const internals = router as RouterInternals;
  const route = internals.routeRtp;
  const latched = new Map<RTCRtpTransceiver, MediaStreamTrack>();
  internals.routeRtp = (packet) => {
    const { ssrc, payloadType } = packet.header;
    if (!(ssrc in internals.ssrcTable) && Object.keys(internals.ridTable).length === 0) {
      latch(ssrc, payloadType);
    }
    route(packet);
  };

  function latch(ssrc: number, payloadType: number): void {
    for (const transceiver of transceivers()) {
      if (!transceiver.codecs.some((codec) => codec.payloadType === payloadType)) continue;
      const { receiver } = transceiver;
      const track = latched.get(transceiver);
      if (track) {
        internals.ssrcTable[ssrc] = receiver;
        receiver.trackBySSRC[ssrc] = track;
      } else if (receiver.tracks.length === 0) {
        internals.registerRtpReceiverBySsrc(transceiver, {
          codecs: transceiver.codecs,
          headerExtensions: transceiver.headerExtensions,
          encodings: [new RTCRtpCodingParameters({ ssrc, payloadType })],
        });
        const added = receiver.trackBySSRC[ssrc];
        if (added) latched.set(transceiver, added);
      }
      return;
    }
  }
}
