/**
 * Measures the media server's CPU per anchored call, with and without recording: K calls, each
 * two Chromium legs bridged through werift, Node's own CPU (process.cpuUsage) over N seconds.
 * Chromium's CPU is not counted (it stands in for the callers' browsers).
 *
 *   npx tsx engine/src/adapters/media/measure.ts [--calls 4] [--seconds 10] [--size 320x240@15]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { launchBrowser, type BrowserLeg, type LegStats } from './browserLegs.js';
import type { MediaEndpoint, Recording } from './mediaServer.js';
import { WeriftMediaServer } from './weriftMediaServer.js';

const { values } = parseArgs({
  options: {
    calls: { type: 'string', default: '4' },
    seconds: { type: 'string', default: '10' },
    size: { type: 'string', default: '320x240@15' },
  },
});
const calls = Number(values.calls);
const seconds = Number(values.seconds);
const [, width, height, frameRate] = /^(\d+)x(\d+)@(\d+)$/.exec(values.size) ?? [];
if (!calls || !seconds || !width || !height || !frameRate) {
  throw new Error('usage: measure.ts --calls K --seconds N --size WxH@FPS');
}
const video = { width: Number(width), height: Number(height), frameRate: Number(frameRate) };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function totals(legs: BrowserLeg[]): Promise<LegStats> {
  const all = await Promise.all(legs.map((leg) => leg.stats()));
  return all.reduce(
    (sum, stats) => ({
      audioBytesReceived: sum.audioBytesReceived + stats.audioBytesReceived,
      audioPacketsReceived: sum.audioPacketsReceived + stats.audioPacketsReceived,
      audioEnergy: sum.audioEnergy + stats.audioEnergy,
      videoBytesReceived: sum.videoBytesReceived + stats.videoBytesReceived,
      videoFramesDecoded: sum.videoFramesDecoded + stats.videoFramesDecoded,
      videoBytesSent: sum.videoBytesSent + stats.videoBytesSent,
      connectionState: '',
    }),
    {
      audioBytesReceived: 0,
      audioPacketsReceived: 0,
      audioEnergy: 0,
      videoBytesReceived: 0,
      videoFramesDecoded: 0,
      videoBytesSent: 0,
      connectionState: '',
    },
  );
}

/** Node CPU over `seconds`, as a share of one core per call, and what the legs received meanwhile. */
async function sample(legs: BrowserLeg[]) {
  const before = await totals(legs);
  const cpu = process.cpuUsage();
  const started = performance.now();
  await sleep(seconds * 1_000);
  const used = process.cpuUsage(cpu);
  const wallMs = performance.now() - started;
  const after = await totals(legs);
  const coreShare = (used.user + used.system) / 1_000 / wallMs;
  return {
    percentOfCorePerCall: (coreShare / calls) * 100,
    callsPerCore: calls / coreShare,
    videoKbitPerLeg: ((after.videoBytesReceived - before.videoBytesReceived) * 8) / seconds / 1_000 / legs.length,
    framesPerLegPerSecond: (after.videoFramesDecoded - before.videoFramesDecoded) / seconds / legs.length,
    audioPacketsPerLegPerSecond: (after.audioPacketsReceived - before.audioPacketsReceived) / seconds / legs.length,
  };
}

const server = new WeriftMediaServer();
const browser = await launchBrowser();
const dir = await mkdtemp(join(tmpdir(), 'cloud-seat-measure-'));
const legs: BrowserLeg[] = [];
const endpoints: MediaEndpoint[] = [];
try {
  for (let call = 0; call < calls; call += 1) {
    const pair: MediaEndpoint[] = [];
    for (let side = 0; side < 2; side += 1) {
      const leg = await browser.newLeg();
      const endpoint = server.createEndpoint({ kind: 'video' });
      await leg.answer(await endpoint.acceptOffer(await leg.offer({ video })));
      await endpoint.connected();
      legs.push(leg);
      pair.push(endpoint);
    }
    server.bridge(pair[0]!, pair[1]!);
    endpoints.push(...pair);
  }
  await sleep(3_000); // let the encoders ramp up
  const bridged = await sample(legs);
  const recordings: Recording[] = endpoints.map((endpoint) => server.record(endpoint, dir));
  await sleep(1_000);
  const recorded = await sample(legs);
  await Promise.all(recordings.map((recording) => recording.stop()));
  const round = (n: number) => Math.round(n * 10) / 10;
  const row = (name: string, r: typeof bridged) =>
    `${name.padEnd(22)} ${round(r.percentOfCorePerCall).toString().padStart(6)} %   ${round(r.callsPerCore).toString().padStart(6)}   ${round(r.videoKbitPerLeg).toString().padStart(7)} kbit/s  ${round(r.framesPerLegPerSecond)} fps  ${round(r.audioPacketsPerLegPerSecond)} audio pkt/s`;
  console.log(
    `werift media server: ${calls} A/V calls (${calls * 2} Chromium legs, ${values.size}), ${seconds} s per sample, Node ${process.version}`,
  );
  console.log(`${'mode'.padEnd(22)} CPU/call   calls/core   per leg received`);
  console.log(row('bridged', bridged));
  console.log(row('bridged + recording', recorded));
} finally {
  for (const leg of legs) await leg.hangup().catch(() => undefined);
  await server.close();
  await browser.close();
  await rm(dir, { recursive: true, force: true });
}
