/**
 * Measures the media server's CPU per anchored call, with and without recording
 * (`anchoredCalls.ts`): K calls, each two Chromium legs bridged through werift, Node's own CPU
 * over N seconds. Chromium's CPU is not counted (it stands in for the callers' browsers).
 *
 *   npx tsx engine/src/adapters/media/measure.ts [--calls 4] [--seconds 10] [--size 320x240@15]
 */
import { parseArgs } from 'node:util';
import { measureAnchoredCalls, parseVideoSize, type CallCpuSample } from './anchoredCalls.js';

const { values } = parseArgs({
  options: {
    calls: { type: 'string', default: '4' },
    seconds: { type: 'string', default: '10' },
    size: { type: 'string', default: '320x240@15' },
  },
});
const calls = Number(values.calls);
const seconds = Number(values.seconds);
const video = parseVideoSize(values.size);
if (!calls || !seconds || !video) {
  throw new Error('usage: measure.ts --calls K --seconds N --size WxH@FPS');
}

const { bridged, recorded } = await measureAnchoredCalls({ calls, seconds, video });
const round = (n: number) => Math.round(n * 10) / 10;
const row = (name: string, r: CallCpuSample) =>
  `${name.padEnd(22)} ${round(r.percentOfCorePerCall).toString().padStart(6)} %   ${round(r.callsPerCore).toString().padStart(6)}   ${round(r.videoKbitPerLeg).toString().padStart(7)} kbit/s  ${round(r.framesPerLegPerSecond)} fps  ${round(r.audioPacketsPerLegPerSecond)} audio pkt/s`;
console.log(
  `werift media server: ${calls} A/V calls (${calls * 2} Chromium legs, ${values.size}), ${seconds} s per sample, Node ${process.version}`,
);
console.log(`${'mode'.padEnd(22)} CPU/call   calls/core   per leg received`);
console.log(row('bridged', bridged));
console.log(row('bridged + recording', recorded));
