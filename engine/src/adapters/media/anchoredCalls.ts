/**
 * The media server's CPU per anchored call, with and without recording: K calls, each two
 * Chromium legs bridged through werift, Node's own CPU (process.cpuUsage) over N seconds.
 * Chromium's CPU is not counted (it stands in for the callers' browsers). Run by `measure.ts`
 * and by `npm run bench -- calls`; nothing else may load this process while it samples.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, type BrowserLeg, type LegStats } from './browserLegs.js';
import type { MediaEndpoint, Recording } from './mediaServer.js';
import { WeriftMediaServer } from './weriftMediaServer.js';

export interface VideoSize {
  width: number;
  height: number;
  frameRate: number;
}

export interface AnchoredCallsOptions {
  calls: number;
  /** Length of each sample. */
  seconds: number;
  video: VideoSize;
}

export interface CallCpuSample {
  percentOfCorePerCall: number;
  callsPerCore: number;
  videoKbitPerLeg: number;
  framesPerLegPerSecond: number;
  audioPacketsPerLegPerSecond: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `320x240@15` → a video size, or null. */
export function parseVideoSize(text: string): VideoSize | null {
  const [, width, height, frameRate] = /^(\d+)x(\d+)@(\d+)$/.exec(text) ?? [];
  if (!width || !height || !frameRate) return null;
  return { width: Number(width), height: Number(height), frameRate: Number(frameRate) };
}

/** This process's CPU over `seconds`, as a share of one core (1 = a whole core busy). */
export async function processCoreShare(seconds: number): Promise<number> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await sleep(seconds * 1_000);
  const used = process.cpuUsage(cpu);
  return (used.user + used.system) / 1_000 / (performance.now() - started);
}

/** What the legs received, summed over the legs. */
async function received(legs: BrowserLeg[]): Promise<(key: Counted) => number> {
  const all = await Promise.all(legs.map((leg) => leg.stats()));
  return (key) => all.reduce((sum, stats) => sum + stats[key], 0);
}
type Counted = keyof Pick<LegStats, 'audioPacketsReceived' | 'videoBytesReceived' | 'videoFramesDecoded'>;

/** Node CPU over `seconds`, as a share of one core per call, and what the legs received meanwhile. */
async function sample(legs: BrowserLeg[], calls: number, seconds: number): Promise<CallCpuSample> {
  const before = await received(legs);
  const coreShare = await processCoreShare(seconds);
  const after = await received(legs);
  const perLegPerSecond = (key: Counted) => (after(key) - before(key)) / seconds / legs.length;
  return callCpuSample(calls, coreShare, {
    audioPackets: perLegPerSecond('audioPacketsReceived'),
    videoBytes: perLegPerSecond('videoBytesReceived'),
    videoFrames: perLegPerSecond('videoFramesDecoded'),
  });
}

/** K calls that kept `coreShare` of a core busy, with what each leg received per second. */
export function callCpuSample(
  calls: number,
  coreShare: number,
  perLeg: { audioPackets: number; videoBytes: number; videoFrames: number },
): CallCpuSample {
  return {
    percentOfCorePerCall: (coreShare / calls) * 100,
    callsPerCore: calls / coreShare,
    videoKbitPerLeg: (perLeg.videoBytes * 8) / 1_000,
    framesPerLegPerSecond: perLeg.videoFrames,
    audioPacketsPerLegPerSecond: perLeg.audioPackets,
  };
}

/** K bridged A/V calls, sampled as they are, then again with every leg recorded. */
export async function measureAnchoredCalls(
  options: AnchoredCallsOptions,
): Promise<{ bridged: CallCpuSample; recorded: CallCpuSample }> {
  const { calls, seconds, video } = options;
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
    const bridged = await sample(legs, calls, seconds);
    const recordings: Recording[] = endpoints.map((endpoint) => server.record(endpoint, dir));
    await sleep(1_000);
    const recorded = await sample(legs, calls, seconds);
    await Promise.all(recordings.map((recording) => recording.stop()));
    return { bridged, recorded };
  } finally {
    for (const leg of legs) await leg.hangup().catch(() => undefined);
    await server.close();
    await browser.close();
    await rm(dir, { recursive: true, force: true });
  }
}
