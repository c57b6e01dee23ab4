/**
 * Real JsSIP softphones in Chromium pages, as agent-ui and the mini-program H5 page run them:
 * JsSIP bundled for the browser with esbuild and evaluated in a page on the engine's origin,
 * driven through `window.phone`. For the switch's JsSIP test and `npm run bench -- calls`.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../config.js';
import type { Browser, BrowserLeg } from './browserLegs.js';
import { run } from './mixRecording.js';

/**
 * Plain JavaScript the page evaluates (the engine compiles without DOM types). `phone.marks` holds
 * when things happened in the current session, in ms since the epoch (performance.timeOrigin +
 * performance.now(), so pages of one browser share the clock): `inviteSent`, `ringing` (an incoming
 * newRTCSession), `answer` (answer() called), `accepted`, `confirmed`, `audioMedia` / `videoMedia`
 * (the remote track's first packet: Chromium unmutes a remote track when RTP first arrives).
 */
export const PHONE_SCRIPT = `
window.phone = {
  events: [],
  marks: {},
  now() { return performance.timeOrigin + performance.now(); },
  mark(name) { if (this.marks[name] === undefined) this.marks[name] = this.now(); },
  watchMedia(pc) {
    pc.addEventListener('track', (e) => {
      const name = e.track.kind + 'Media';
      if (!e.track.muted) this.mark(name);
      else e.track.addEventListener('unmute', () => this.mark(name), { once: true });
    });
  },
  start(wsUrl, creds, register) {
    const ua = new JsSIP.UA({
      sockets: [new JsSIP.WebSocketInterface(wsUrl)],
      uri: creds.uri,
      authorization_user: creds.authorizationUser,
      password: creds.password,
      display_name: creds.displayName,
      register,
      session_timers: false,
    });
    this.ua = ua;
    ua.on('newRTCSession', (e) => {
      this.session = e.session;
      this.marks = {};
      if (e.originator === 'remote') {
        this.mark('ringing');
        this.incoming = { conversationId: e.request.getHeader('X-Conversation-Id') };
      }
      // an outgoing session has its connection already; an incoming one gets it on answer()
      if (e.session.connection) this.watchMedia(e.session.connection);
      else e.session.on('peerconnection', (x) => this.watchMedia(x.peerconnection));
      e.session.on('sending', () => this.mark('inviteSent'));
      e.session.on('accepted', () => this.mark('accepted'));
      e.session.on('ended', (x) => this.events.push('ended:' + x.originator));
      e.session.on('failed', (x) => this.events.push('failed:' + x.cause));
      e.session.on('confirmed', () => {
        this.mark('confirmed');
        this.events.push('confirmed');
      });
    });
    return new Promise((resolve, reject) => {
      if (register) {
        ua.on('registered', () => resolve());
        ua.on('registrationFailed', (e) => reject(new Error('registration failed: ' + e.cause)));
      } else ua.on('connected', () => resolve());
      ua.start();
    });
  },
  options(video) {
    return { mediaConstraints: { audio: true, video: video ? { width: 320, height: 240, frameRate: 15 } : false }, pcConfig: { iceServers: [] } };
  },
  call(target, video) {
    const session = this.ua.call(target, this.options(video));
    return new Promise((resolve, reject) => {
      session.on('confirmed', () => resolve());
      session.on('failed', (e) => reject(new Error('call failed: ' + e.cause)));
    });
  },
  answer(video) {
    const session = this.session;
    this.mark('answer');
    session.answer(this.options(video));
    return new Promise((resolve, reject) => {
      session.on('confirmed', () => resolve());
      session.on('failed', (e) => reject(new Error('answer failed: ' + e.cause)));
    });
  },
  hangup() { this.session.terminate(); },
  async stats() {
    const out = { audioPackets: 0, videoFrames: 0, videoBytes: 0 };
    const report = await this.session.connection.getStats();
    report.forEach((s) => {
      if (s.type !== 'inbound-rtp') return;
      if (s.kind === 'audio') out.audioPackets += s.packetsReceived || 0;
      if (s.kind !== 'video') return;
      out.videoFrames += s.framesDecoded || 0;
      out.videoBytes += s.bytesReceived || 0;
    });
    return out;
  },
};
`;

/** JsSIP from node_modules as one browser script defining `JsSIP` (esbuild, IIFE). */
export async function bundleJsSip(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'cs-jssip-'));
  try {
    const out = path.join(dir, 'jssip.js');
    const esbuild = await run(path.join(repoRoot, 'node_modules', '.bin', 'esbuild'), [
      path.join(repoRoot, 'node_modules', 'jssip', 'lib', 'JsSIP.js'),
      '--bundle',
      '--format=iife',
      '--global-name=JsSIP',
      '--platform=browser',
      '--log-level=error',
      `--outfile=${out}`,
    ]);
    if (esbuild.code !== 0) throw new Error(`bundling JsSIP failed: ${esbuild.stderr}`);
    return await readFile(out, 'utf8');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A page on the engine's origin (as the apps run) with JsSIP and `window.phone`. */
export async function openPhone(browser: Browser, engineUrl: string, bundle: string): Promise<BrowserLeg['page']> {
  const { page } = await browser.newLeg();
  await page.goto(`${engineUrl}/api/health`);
  await page.evaluate(`${bundle}\nwindow.JsSIP = JsSIP;`); // not a script tag: the engine's CSP forbids inline scripts
  await page.evaluate(PHONE_SCRIPT);
  return page;
}
