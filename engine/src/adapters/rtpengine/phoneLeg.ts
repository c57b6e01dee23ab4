/**
 * A phone calling in, terminated on the media server through rtpengine, ready before the phone
 * gets its 200 OK. The WebRTC half (werift ↔ rtpengine) needs nothing from the phone, so it is
 * connected first: about 1 handshake in 10 between werift 0.24 and rtpengine 10.5 stalls in
 * DTLS (README.md, "Known problems"), and until the phone has the answer a stalled attempt can
 * be dropped and tried again with fresh ports, unseen by the caller.
 */
import type { MediaEndpoint, MediaServer } from '../media/mediaServer.js';
import type { PhoneMediaRelay, RelayedCall } from './phoneMediaRelay.js';

export interface AnsweredPhone {
  /** The phone's leg on the media server, connected: play to it, record it, bridge it. */
  readonly endpoint: MediaEndpoint;
  /** The SDP for the 200 OK to the phone. */
  readonly answerSdp: string;
  readonly call: RelayedCall;
  /** Attempts it took (1 unless a DTLS handshake stalled). */
  readonly attempts: number;
  /** Closes the endpoint and frees rtpengine's ports. */
  close(): Promise<void>;
}

export interface AnswerPhoneOptions {
  /** The SIP Call-ID: rtpengine's call id (a retry adds `~2`, `~3`). */
  callId?: string;
  /** How long one attempt may take to connect. Default 2 s (connecting takes about 0.3 s). */
  connectTimeoutMs?: number;
  /** Default 5: a stalled handshake costs one connect timeout, unseen by the caller (it hears ringing). */
  attempts?: number;
}

export async function answerPhone(
  relay: PhoneMediaRelay,
  media: MediaServer,
  phoneOfferSdp: string,
  options: AnswerPhoneOptions = {},
): Promise<AnsweredPhone> {
  const attempts = options.attempts ?? 5;
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    const callId =
      options.callId === undefined ? undefined : attempt === 1 ? options.callId : `${options.callId}~${attempt}`;
    const call = await relay.fromPhone(phoneOfferSdp, { callId });
    const endpoint = media.createEndpoint({ kind: 'audio' });
    try {
      const answerSdp = await call.answer(await endpoint.acceptOffer(call.sdp));
      await endpoint.connected(options.connectTimeoutMs ?? 2_000);
      const close = async () => {
        await endpoint.close();
        await call.close();
      };
      return { endpoint, answerSdp, call, attempts: attempt, close };
    } catch (error) {
      lastError = error;
      await endpoint.close();
      await call.close();
    }
  }
  throw new Error(`phone media: the media server did not connect to rtpengine in ${attempts} attempts`, {
    cause: lastError,
  });
}
