import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { oggPackets, opusPacketSamples, readOggOpus } from './oggOpus.js';

const TONE = fileURLToPath(new URL('./fixtures/tone-440hz-2s.opus', import.meta.url));

describe('Ogg Opus reader', () => {
  it('reads the audio packets of a 2 s file, headers left out, durations from the TOC byte', async () => {
    const packets = await readOggOpus(TONE);
    const samples = packets.reduce((sum, packet) => sum + packet.samples, 0);
    // libopus pads the end: 2 s of audio plus up to one packet and the encoder's pre-skip.
    expect(samples).toBeGreaterThanOrEqual(96_000);
    expect(samples).toBeLessThanOrEqual(96_000 + 960 + 312);
    expect(packets.every((packet) => packet.samples === 960)).toBe(true);
  });

  it('joins a packet that continues over 255-byte segments', () => {
    const page = (segments: number[], body: Buffer) => {
      const header = Buffer.alloc(27);
      header.write('OggS', 0, 'latin1');
      header.writeUInt8(segments.length, 26);
      return Buffer.concat([header, Buffer.from(segments), body]);
    };
    const big = Buffer.alloc(300, 7);
    const packets = oggPackets(page([255, 45, 3], Buffer.concat([big, Buffer.from([1, 2, 3])])));
    expect(packets.map((packet) => packet.length)).toEqual([300, 3]);
  });

  it('counts frames in code 0, 1 and 3 packets', () => {
    // config 31: CELT 20 ms; config 16: CELT 2.5 ms; config 1: SILK 20 ms.
    expect(opusPacketSamples(Buffer.from([(31 << 3) | 0]))).toBe(960);
    expect(opusPacketSamples(Buffer.from([(1 << 3) | 1]))).toBe(1920);
    expect(opusPacketSamples(Buffer.from([(16 << 3) | 3, 4]))).toBe(480);
  });
});
