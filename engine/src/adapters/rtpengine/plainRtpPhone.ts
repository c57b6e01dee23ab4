/**
 * A plain RTP phone for tests and measurements: one UDP socket that offers or answers G.711 in
 * SDP, sends a sine tone as PCMA packets every 20 ms, and decodes the PCMA/PCMU it receives, so
 * a test can tell sound from silence without a codec library. What a SIP trunk's media looks
 * like, without the SIP.
 */
import { randomInt } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';

const PCMA = 8;
const PCMU = 0;
const SAMPLES_PER_PACKET = 160; // 20 ms at 8 kHz
const RTP_HEADER = 12;

export interface ReceivedAudio {
  packets: number;
  payloadTypes: number[];
  /** Root mean square of the decoded 16-bit samples: about 0 for silence, 5,600 for the default tone. */
  rms: number;
  /** RFC 2833 keys heard (telephone-event packets; a key once however many packets carry it). */
  keys: string[];
}

export interface PlainRtpPhone {
  readonly port: number;
  /** The SSRC of the packets it sends. */
  readonly ssrc: number;
  /** An offer of PCMA, PCMU and telephone-event, as a trunk sends in its INVITE. */
  offer(): string;
  /** Answers a plain offer with PCMA (or PCMU when only that is offered) and sends there. */
  answer(offerSdp: string): string;
  /** Takes the answer to {@link offer}: where to send, in which codec. */
  acceptAnswer(answerSdp: string): void;
  /** Starts sending a sine tone (default 440 Hz at a quarter of full scale). */
  startTone(hz?: number): void;
  stopTone(): void;
  /** How many packets were sent since the tone started. */
  sent(): number;
  received(): ReceivedAudio;
  close(): Promise<void>;
}

export async function openPlainRtpPhone(host = '127.0.0.1'): Promise<PlainRtpPhone> {
  const socket: Socket = createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, host, () => resolve());
  });
  const port = socket.address().port;
  let remote: { host: string; port: number; payloadType: number } | undefined;
  const payloadTypes = new Set<number>();
  let packets = 0;
  let squares = 0;
  let samples = 0;
  const keys: string[] = [];
  let lastEvent: { code: number; timestamp: number } | null = null;
  socket.on('message', (message) => {
    if (message.length <= RTP_HEADER || message[0]! >> 6 !== 2) return;
    const payloadType = message[1]! & 0x7f;
    if (payloadType >= 72 && payloadType <= 76) return; // RTCP on the RTP port
    packets += 1;
    payloadTypes.add(payloadType);
    if (payloadType > 95) {
      // RFC 4733: event code, E/volume, duration; one key = one RTP timestamp
      const code = message[RTP_HEADER]!;
      const timestamp = message.readUInt32BE(4);
      if (code <= 15 && (lastEvent?.code !== code || lastEvent.timestamp !== timestamp)) {
        keys.push('0123456789*#ABCD'[code]!);
        lastEvent = { code, timestamp };
      }
      return;
    }
    if (payloadType !== PCMA && payloadType !== PCMU) return;
    const decode = payloadType === PCMA ? alawToLinear : ulawToLinear;
    for (let i = RTP_HEADER; i < message.length; i += 1) {
      const sample = decode(message[i]!);
      squares += sample * sample;
      samples += 1;
    }
  });

  let timer: NodeJS.Timeout | undefined;
  let sentPackets = 0;
  const ssrc = randomInt(1, 0xffffffff);
  const sdp = (payloads: number[]) =>
    [
      'v=0',
      `o=- ${randomInt(1, 2 ** 31)} 1 IN IP4 ${host}`,
      's=plain phone',
      `c=IN IP4 ${host}`,
      't=0 0',
      `m=audio ${port} RTP/AVP ${payloads.join(' ')}`,
      ...payloads.map((pt) =>
        pt === PCMA
          ? 'a=rtpmap:8 PCMA/8000'
          : pt === PCMU
            ? 'a=rtpmap:0 PCMU/8000'
            : `a=rtpmap:${pt} telephone-event/8000`,
      ),
      ...payloads.filter((pt) => pt > 95).map((pt) => `a=fmtp:${pt} 0-15`),
      'a=ptime:20',
      'a=sendrecv',
      '',
    ].join('\r\n');

  return {
    port,
    ssrc,
    offer: () => sdp([PCMA, PCMU, 101]),
    answer(offerSdp) {
      const offered = parsePlainSdp(offerSdp);
      const payloadType = offered.payloadTypes.includes(PCMA) ? PCMA : PCMU;
      if (!offered.payloadTypes.includes(payloadType)) throw new Error(`no G.711 in the offer:\n${offerSdp}`);
      remote = { host: offered.host, port: offered.port, payloadType };
      const events = offered.payloadTypes.find((pt) => pt > 95);
      return sdp(events === undefined ? [payloadType] : [payloadType, events]);
    },
    acceptAnswer(answerSdp) {
      const answered = parsePlainSdp(answerSdp);
      const payloadType = answered.payloadTypes.find((pt) => pt === PCMA || pt === PCMU);
      if (payloadType === undefined) throw new Error(`no G.711 in the answer:\n${answerSdp}`);
      remote = { host: answered.host, port: answered.port, payloadType };
    },
    startTone(hz = 440) {
      if (!remote) throw new Error('plain phone: no remote side yet (answer or acceptAnswer first)');
      const to = remote;
      const encode = to.payloadType === PCMA ? linearToAlaw : linearToUlaw;
      const started = performance.now();
      let sequenceNumber = randomInt(0, 0x10000);
      let sample = 0;
      sentPackets = 0;
      const tick = () => {
        // Paced on the wall clock, like a phone's 20 ms packetization.
        while (sentPackets * 20 <= performance.now() - started) {
          const packet = Buffer.alloc(RTP_HEADER + SAMPLES_PER_PACKET);
          packet[0] = 0x80;
          packet[1] = to.payloadType | (sentPackets === 0 ? 0x80 : 0);
          packet.writeUInt16BE(sequenceNumber, 2);
          packet.writeUInt32BE((sample >>> 0) % 2 ** 32, 4);
          packet.writeUInt32BE(ssrc, 8);
          for (let i = 0; i < SAMPLES_PER_PACKET; i += 1, sample += 1) {
            packet[RTP_HEADER + i] = encode(Math.round(8192 * Math.sin((2 * Math.PI * hz * sample) / 8000)));
          }
          socket.send(packet, to.port, to.host);
          sequenceNumber = (sequenceNumber + 1) & 0xffff;
          sentPackets += 1;
        }
        timer = setTimeout(tick, 5);
      };
      tick();
    },
    stopTone() {
      clearTimeout(timer);
      timer = undefined;
    },
    sent: () => sentPackets,
    received: () => ({
      packets,
      payloadTypes: [...payloadTypes],
      rms: samples ? Math.sqrt(squares / samples) : 0,
      keys: [...keys],
    }),
    close() {
      clearTimeout(timer);
      return new Promise((resolve) => socket.close(() => resolve()));
    },
  };
}

/** Address, port and payload types of the first audio line of a plain SDP. */
export function parsePlainSdp(sdp: string): { host: string; port: number; protocol: string; payloadTypes: number[] } {
  const media = /^m=audio (\d+) (\S+) ([\d ]+)$/m.exec(sdp);
  // The media-level c= wins over the session-level one.
  const afterMedia = media ? sdp.slice(media.index) : '';
  const connection = /^c=IN IP4 (\S+)$/m.exec(afterMedia) ?? /^c=IN IP4 (\S+)$/m.exec(sdp);
  if (!media?.[1] || !media[2] || !media[3] || !connection?.[1]) throw new Error(`not a plain audio SDP:\n${sdp}`);
  return {
    host: connection[1],
    port: Number(media[1]),
    protocol: media[2],
    payloadTypes: media[3].trim().split(' ').map(Number),
  };
}

// G.711 (ITU-T), after the public-domain reference implementation by Sun Microsystems.
const ALAW_SEGMENT_ENDS = [0x1f, 0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff];
const ULAW_SEGMENT_ENDS = [0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff, 0x1fff];

function segment(value: number, ends: readonly number[]): number {
  const index = ends.findIndex((end) => value <= end);
  return index < 0 ? 8 : index;
}

/** A 16-bit sample to one A-law byte. */
export function linearToAlaw(pcm: number): number {
  let value = pcm >> 3;
  let mask = 0xd5;
  if (value < 0) {
    mask = 0x55;
    value = -value - 1;
  }
  const seg = segment(value, ALAW_SEGMENT_ENDS);
  if (seg >= 8) return 0x7f ^ mask;
  const quant = seg < 2 ? (value >> 1) & 0x0f : (value >> seg) & 0x0f;
  return ((seg << 4) | quant) ^ mask;
}

export function alawToLinear(alaw: number): number {
  const value = alaw ^ 0x55;
  const seg = (value & 0x70) >> 4;
  let t = ((value & 0x0f) << 4) + (seg === 0 ? 8 : 0x108);
  if (seg > 1) t <<= seg - 1;
  return value & 0x80 ? t : -t;
}

/** A 16-bit sample to one μ-law byte. */
export function linearToUlaw(pcm: number): number {
  let value = pcm >> 2;
  let mask = 0xff;
  if (value < 0) {
    value = -value;
    mask = 0x7f;
  }
  value = Math.min(value, 8159) + 33;
  const seg = segment(value, ULAW_SEGMENT_ENDS);
  if (seg >= 8) return 0x7f ^ mask;
  return ((seg << 4) | ((value >> (seg + 1)) & 0x0f)) ^ mask;
}

export function ulawToLinear(ulaw: number): number {
  const value = ~ulaw & 0xff;
  const t = (((value & 0x0f) << 3) + 0x84) << ((value & 0x70) >> 4);
  return value & 0x80 ? 0x84 - t : t - 0x84;
}
