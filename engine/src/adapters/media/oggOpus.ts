/**
 * Reads a pre-encoded Ogg Opus file (hold music, announcements: `ffmpeg -i in.wav -c:a libopus
 * -b:a 32k out.opus`) into Opus packets with their durations, ready to be sent as RTP without
 * transcoding. RFC 7845 (Ogg encapsulation) and RFC 6716 §3.1 (the TOC byte).
 */
import { readFile } from 'node:fs/promises';

export interface OpusPacket {
  data: Buffer;
  /** Samples at 48 kHz (960 for a 20 ms packet). */
  samples: number;
}

/** Splits an Ogg stream into its packets (first logical stream only). */
export function oggPackets(file: Buffer): Buffer[] {
  const packets: Buffer[] = [];
  let pending: Buffer[] = [];
  let serial: number | undefined;
  let offset = 0;
  while (offset + 27 <= file.length) {
    if (file.toString('latin1', offset, offset + 4) !== 'OggS') {
      throw new Error(`not an Ogg file: no page at byte ${offset}`);
    }
    const pageSerial = file.readUInt32LE(offset + 14);
    const segmentCount = file.readUInt8(offset + 26);
    const table = file.subarray(offset + 27, offset + 27 + segmentCount);
    let data = offset + 27 + segmentCount;
    serial ??= pageSerial;
    for (const size of table) {
      if (pageSerial === serial) pending.push(file.subarray(data, data + size));
      data += size;
      // A segment shorter than 255 bytes ends a packet; 255 continues it (on the next page too).
      if (size < 255 && pageSerial === serial) {
        packets.push(Buffer.concat(pending));
        pending = [];
      }
    }
    offset = data;
  }
  return packets;
}

/** The duration of one Opus packet in 48 kHz samples, from its TOC byte. */
export function opusPacketSamples(packet: Buffer): number {
  const toc = packet[0];
  if (toc === undefined) return 0;
  const config = toc >> 3;
  const frameSamples =
    config < 12
      ? [480, 960, 1920, 2880][config % 4]!
      : config < 16
        ? [480, 960][config % 2]!
        : [120, 240, 480, 960][config % 4]!;
  const code = toc & 0x3;
  const frames = code === 0 ? 1 : code === 3 ? (packet[1] ?? 0) & 0x3f : 2;
  return frameSamples * frames;
}

/** The audio packets of an Ogg Opus file, header packets (OpusHead, OpusTags) left out. */
export async function readOggOpus(path: string): Promise<OpusPacket[]> {
  const packets = oggPackets(await readFile(path));
  const head = packets[0];
  if (!head || head.toString('latin1', 0, 8) !== 'OpusHead') {
    throw new Error(`${path} is not Ogg Opus (no OpusHead)`);
  }
  return packets
    .slice(2)
    .filter((data) => data.length > 0)
    .map((data) => ({ data, samples: opusPacketSamples(data) }));
}
