/**
 * Browser legs for the media server's tests and measurements: Debian's Chromium driven by
 * playwright-core, each page one WebRTC caller sending its fake camera and microphone.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--allow-loopback-in-peer-connection',
  '--autoplay-policy=no-user-gesture-required',
];

export interface LegStats {
  audioBytesReceived: number;
  audioPacketsReceived: number;
  /** Chromium's totalAudioEnergy: above 0 only when decoded audio was not silence. */
  audioEnergy: number;
  videoBytesReceived: number;
  videoFramesDecoded: number;
  /** Video this page sent (outbound-rtp). */
  videoBytesSent: number;
  connectionState: string;
}

/** `true`: the fake camera at 320×240, 15 fps. */
export type VideoOption = boolean | { width: number; height: number; frameRate: number };

export interface BrowserLeg {
  readonly page: Page;
  /** Opens getUserMedia and a peer connection; resolves with the offer, candidates included. */
  offer(options?: { video?: VideoOption }): Promise<string>;
  answer(sdp: string): Promise<void>;
  /** Answers an offer from the media server (an outbound leg). */
  answerOffer(sdp: string, options?: { video?: VideoOption }): Promise<string>;
  stats(): Promise<LegStats>;
  hangup(): Promise<void>;
}

export interface Browser {
  newLeg(): Promise<BrowserLeg>;
  close(): Promise<void>;
}

export function chromiumInstalled(): boolean {
  return existsSync(CHROMIUM_PATH);
}

/** Starts Chromium with a fresh profile; throws saying how to install it when absent. */
export async function launchBrowser(): Promise<Browser> {
  if (!chromiumInstalled()) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install -y chromium`);
  }
  const profile = await mkdtemp(join(tmpdir(), 'cloud-seat-media-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
    });
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
  return {
    async newLeg() {
      const page = await context.newPage();
      return browserLeg(page);
    },
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/**
 * The caller side, run inside the page. A string, because the engine compiles without DOM types;
 * it is plain JavaScript the page evaluates once, exposing `window.leg`.
 */
const LEG_SCRIPT = `
window.leg = {
  async offer(video) {
    const stream = await navigator.mediaDevices.getUserMedia({
      audio: true,
      video: video === true ? { width: 320, height: 240, frameRate: 15 } : video,
    });
    const pc = this.peer();
    for (const track of stream.getTracks()) pc.addTrack(track, stream);
    this.stream = stream;
    await pc.setLocalDescription(await pc.createOffer());
    await this.gathered();
    return pc.localDescription.sdp;
  },
  async answerOffer(offerSdp, video) {
    const stream = await navigator.mediaDevices.getUserMedia({
      audio: true,
      video: video === true ? { width: 320, height: 240, frameRate: 15 } : video,
    });
    const pc = this.peer();
    this.stream = stream;
    await pc.setRemoteDescription({ type: 'offer', sdp: offerSdp });
    for (const track of stream.getTracks()) pc.addTrack(track, stream);
    await pc.setLocalDescription(await pc.createAnswer());
    await this.gathered();
    return pc.localDescription.sdp;
  },
  peer() {
    const pc = new RTCPeerConnection({ iceServers: [] });
    // Play what arrives: Chromium measures audio energy only for audio it renders.
    pc.addEventListener('track', (event) => {
      if (event.track.kind !== 'audio') return;
      const audio = document.createElement('audio');
      audio.srcObject = new MediaStream([event.track]);
      document.body.append(audio);
      audio.play().catch(() => {});
    });
    this.pc = pc;
    return pc;
  },
  gathered() {
    const pc = this.pc;
    return new Promise((resolve) => {
      if (pc.iceGatheringState === 'complete') return resolve();
      pc.addEventListener('icegatheringstatechange', () => {
        if (pc.iceGatheringState === 'complete') resolve();
      });
    });
  },
  async answer(sdp) {
    await this.pc.setRemoteDescription({ type: 'answer', sdp });
  },
  async stats() {
    const result = {
      audioBytesReceived: 0,
      audioPacketsReceived: 0,
      audioEnergy: 0,
      videoBytesReceived: 0,
      videoFramesDecoded: 0,
      videoBytesSent: 0,
      connectionState: this.pc.connectionState,
    };
    (await this.pc.getStats()).forEach((report) => {
      if (report.type === 'outbound-rtp' && report.kind === 'video') {
        result.videoBytesSent += report.bytesSent ?? 0;
      }
      if (report.type !== 'inbound-rtp') return;
      if (report.kind === 'audio') {
        result.audioBytesReceived += report.bytesReceived ?? 0;
        result.audioPacketsReceived += report.packetsReceived ?? 0;
        result.audioEnergy += report.totalAudioEnergy ?? 0;
      } else if (report.kind === 'video') {
        result.videoBytesReceived += report.bytesReceived ?? 0;
        result.videoFramesDecoded += report.framesDecoded ?? 0;
      }
    });
    return result;
  },
  hangup() {
    this.pc?.close();
    this.stream?.getTracks().forEach((track) => track.stop());
  },
};
`;

/** A secure origin (localhost) served by playwright itself: getUserMedia needs one, about:blank is not. */
const LEG_URL = 'http://localhost/cloud-seat-media-leg';

async function browserLeg(page: Page): Promise<BrowserLeg> {
  await page.route(LEG_URL, (route) =>
    route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>leg</title>' }),
  );
  await page.goto(LEG_URL);
  await page.evaluate(LEG_SCRIPT);
  return {
    page,
    offer: (options = {}) =>
      page.evaluate(`window.leg.offer(${JSON.stringify(options.video ?? true)})`) as Promise<string>,
    answer: (sdp) => page.evaluate(`window.leg.answer(${JSON.stringify(sdp)})`) as Promise<void>,
    answerOffer: (sdp, options = {}) =>
      page.evaluate(
        `window.leg.answerOffer(${JSON.stringify(sdp)}, ${JSON.stringify(options.video ?? true)})`,
      ) as Promise<string>,
    stats: () => page.evaluate('window.leg.stats()') as Promise<LegStats>,
    hangup: async () => {
      await page.evaluate('window.leg.hangup()');
      await page.close();
    },
  };
}
