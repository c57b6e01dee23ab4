import { randomInt } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumInstalled, launchBrowser, type BrowserLeg, type LegStats } from '../media/browserLegs.js';
import type { MediaEndpoint } from '../media/mediaServer.js';
import { WeriftMediaServer } from '../media/weriftMediaServer.js';
import { NgClient, NgError } from './ngClient.js';
import { answerPhone } from './phoneLeg.js';
import { PhoneMediaRelay } from './phoneMediaRelay.js';
import { openPlainRtpPhone, parsePlainSdp } from './plainRtpPhone.js';
import { rtpengineInstalled, startRtpengine, type RtpengineProcess } from './rtpengineProcess.js';

const isCI = process.env.CI === 'true';
const WAITING = fileURLToPath(new URL('../../../assets/calls/waiting.opus', import.meta.url));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Calls back with every RTP packet werift receives on the endpoint's audio track. */
function onAudioRtp(endpoint: MediaEndpoint, listener: (payloadBytes: number) => void): void {
  // The werift endpoint's own hook (not part of the MediaEndpoint interface).
  const werift = endpoint as unknown as {
    onTrack(
      cb: (kind: string, track: { onReceiveRtp: { subscribe(cb: (rtp: { payload: Buffer }) => void): void } }) => void,
    ): void;
  };
  werift.onTrack((kind, track) => {
    if (kind === 'audio') track.onReceiveRtp.subscribe((rtp) => listener(rtp.payload.length));
  });
}

/** CPU seconds rtpengine has used so far (utime + stime from /proc, 100 ticks a second). */
async function cpuSeconds(pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

// Without CI a machine lacking rtpengine skips this suite; with CI=true it runs and fails saying
// how to install rtpengine.
describe.skipIf(!isCI && !rtpengineInstalled())('phone media through a real rtpengine', () => {
  let rtpengine: RtpengineProcess;
  let ng: NgClient;
  let relay: PhoneMediaRelay;
  let portMin: number;
  const portMax = () => portMin + 199;
  const inRange = (port: number) => port >= portMin && port <= portMax();

  beforeAll(async () => {
    // Below Linux's ephemeral range (werift's and Chromium's ports), apart from parallel runs.
    portMin = 20_000 + randomInt(0, 60) * 200;
    rtpengine = await startRtpengine({ portMin, portMax: portMax() });
    ng = new NgClient({ address: rtpengine.ngAddress });
    relay = new PhoneMediaRelay(ng);
  });

  afterAll(async () => {
    ng?.close();
    await rtpengine?.stop();
  });

  it('rewrites a phone offer into a WebRTC offer for werift, and werift’s answer into a plain answer', async () => {
    const server = new WeriftMediaServer();
    const phone = await openPlainRtpPhone();
    try {
      let started = performance.now();
      await ng.ping();
      const pingMs = performance.now() - started;
      started = performance.now();
      const call = await relay.fromPhone(phone.offer(), { callId: `sip-call-${randomInt(1e9)}@127.0.0.1` });
      const offerMs = performance.now() - started;

      const webrtc = call.sdp;
      expect(webrtc).toMatch(/^m=audio (\d+) UDP\/TLS\/RTP\/SAVPF 96$/m);
      expect(webrtc).toMatch(/^a=rtpmap:96 opus\/48000\/2$/m);
      expect(webrtc).toMatch(/^a=ice-ufrag:\S+$/m);
      expect(webrtc).toMatch(/^a=ice-pwd:\S+$/m);
      expect(webrtc).toMatch(/^a=fingerprint:sha-256 [0-9A-F:]+$/m);
      expect(webrtc).toMatch(/^a=setup:actpass$/m);
      expect(webrtc).toMatch(/^a=rtcp-mux$/m);
      expect(webrtc).toMatch(/^a=mid:\S+$/m);
      // G.711 is transcoded, not offered to werift; no SDES keys, no bare a=rtcp werift cannot parse.
      expect(webrtc).not.toMatch(/PCMA|PCMU|a=crypto|a=rtcp:/);
      const candidate = /^a=candidate:\S+ 1 UDP \d+ 127\.0\.0\.1 (\d+) typ host$/m.exec(webrtc);
      expect(inRange(Number(candidate?.[1]))).toBe(true);

      const endpoint = server.createEndpoint({ kind: 'audio' });
      const weriftAnswer = await endpoint.acceptOffer(webrtc);
      started = performance.now();
      const plain = await call.answer(weriftAnswer);
      const answerMs = performance.now() - started;
      const parsed = parsePlainSdp(plain);
      expect(parsed.protocol).toBe('RTP/AVP');
      // PCMA, and telephone-event kept for the phone's RFC 2833 keys (rtpengine consumes them)
      expect(parsed.payloadTypes).toEqual([8, 101]);
      expect(parsed.host).toBe('127.0.0.1');
      expect(inRange(parsed.port)).toBe(true);
      expect(plain).toMatch(/^a=rtpmap:8 PCMA\/8000$/m);
      expect(plain).toMatch(new RegExp(`^a=rtcp:${parsed.port + 1}$`, 'm'));
      expect(plain).not.toMatch(/ice-|fingerprint|candidate|a=ssrc|a=setup|extmap|msid|opus/i);

      console.info('[rtpengine test] ng round trips (ms)', { pingMs, offerMs, answerMs });

      await call.close();
      await call.close(); // once is enough; again does nothing
      await expect(call.stats()).rejects.toThrow(NgError);
      // rtpengine 10.5 answers a delete of an unknown call with a warning, not an error.
      expect((await ng.delete({ 'call-id': call.callId })).warning).toMatch(/not found/i);
    } finally {
      await phone.close();
      await server.close();
    }
  });

  it('rewrites a werift offer into a plain offer, and the phone’s answer into a WebRTC answer (the engine calls out)', async () => {
    const server = new WeriftMediaServer();
    try {
      // No retry in the adapter for this direction yet (README.md, "Known problems"): the test
      // retries the whole call, as a caller would redial.
      let attempt = 0;
      for (;;) {
        attempt += 1;
        const phone = await openPlainRtpPhone();
        const endpoint = server.createEndpoint({ kind: 'audio' });
        const call = await relay.toPhone(await endpoint.createOffer());
        try {
          const plain = parsePlainSdp(call.sdp);
          expect(plain.protocol).toBe('RTP/AVP');
          expect(plain.payloadTypes.slice(0, 2)).toEqual([8, 0]);
          expect(call.sdp).toMatch(/^a=rtpmap:\d+ telephone-event\/8000$/m);
          expect(inRange(plain.port)).toBe(true);
          expect(call.sdp).not.toMatch(/ice-|fingerprint|candidate|a=ssrc|a=mid|msid|opus/i);

          const webrtc = await call.answer(phone.answer(call.sdp));
          expect(webrtc).toMatch(/^m=audio \d+ UDP\/TLS\/RTP\/SAVPF 96$/m);
          expect(webrtc).toMatch(/^a=rtpmap:96 opus\/48000\/2$/im);
          expect(webrtc).toMatch(/^a=setup:(active|passive)$/m);
          expect(webrtc).toMatch(/^a=candidate:.* 127\.0\.0\.1 \d+ typ host$/m);
          await endpoint.acceptAnswer(webrtc);
          const connected = await endpoint.connected(3_000).then(
            () => true,
            () => false,
          );
          if (!connected && attempt < 3) continue;
          expect(connected).toBe(true);

          // Media both ways on the outbound leg too.
          let received = 0;
          onAudioRtp(endpoint, () => (received += 1));
          phone.startTone();
          const playback = await server.play(endpoint, WAITING);
          await playback.done;
          phone.stopTone();
          console.info('[rtpengine test] outbound call', {
            attempt,
            weriftReceived: received,
            phoneHeard: phone.received(),
          });
          expect(received).toBeGreaterThan(50);
          expect(phone.received().packets).toBeGreaterThan(50);
          expect(phone.received().rms).toBeGreaterThan(300);
          break;
        } finally {
          await call.close();
          await endpoint.close();
          await phone.close();
        }
      }
    } finally {
      await server.close();
    }
  });

  it('connects calls in a row, trying again when a DTLS handshake stalls before the phone is answered', async () => {
    const server = new WeriftMediaServer();
    const connectMs: number[] = [];
    const attempts: number[] = [];
    try {
      for (let i = 0; i < 12; i += 1) {
        const phone = await openPlainRtpPhone();
        const started = performance.now();
        const answered = await answerPhone(relay, server, phone.offer(), { callId: `row-${i}-${randomInt(1e9)}` });
        connectMs.push(Math.round(performance.now() - started));
        attempts.push(answered.attempts);
        expect(answered.endpoint.state).toBe('connected');
        expect(parsePlainSdp(answered.answerSdp).protocol).toBe('RTP/AVP');
        await answered.close();
        await phone.close();
      }
    } finally {
      await server.close();
    }
    const sorted = [...connectMs].sort((a, b) => a - b);
    console.info('[rtpengine test] answerPhone', {
      calls: connectMs.length,
      connectMsMedian: sorted[Math.floor(sorted.length / 2)],
      connectMsMax: sorted.at(-1),
      retried: attempts.filter((n) => n > 1).length,
    });
    expect(server.endpointCount()).toBe(0);
  }, 90_000);

  it('carries a phone’s tone to werift and a clip played by werift back to the phone as PCMA', async () => {
    const server = new WeriftMediaServer();
    const phone = await openPlainRtpPhone();
    try {
      const { endpoint, answerSdp, call } = await answerPhone(relay, server, phone.offer());
      phone.acceptAnswer(answerSdp);

      const sizes: number[] = [];
      onAudioRtp(endpoint, (bytes) => sizes.push(bytes));
      const cpuBefore = await cpuSeconds(rtpengine.pid);
      const started = performance.now();
      // The phone speaks while werift plays the 2 s announcement to it: both directions at once.
      phone.startTone();
      const playback = await server.play(endpoint, WAITING);
      await playback.done;
      await sleep(300); // the last packets through the transcoder
      phone.stopTone();
      const seconds = (performance.now() - started) / 1000;
      const cpuPercent = (((await cpuSeconds(rtpengine.pid)) - cpuBefore) / seconds) * 100;

      const heard = phone.received();
      const stats = await call.stats();
      const meanOpusBytes = sizes.reduce((sum, size) => sum + size, 0) / Math.max(1, sizes.length);
      console.info('[rtpengine test] one call both ways', {
        seconds: Number(seconds.toFixed(2)),
        phoneSent: phone.sent(),
        weriftReceived: sizes.length,
        meanOpusBytes: Math.round(meanOpusBytes),
        phoneHeard: heard,
        rtpengineStats: stats,
        rtpengineCpuPercentOfOneCore: Number(cpuPercent.toFixed(1)),
      });
      // Phone → werift: 20 ms Opus packets carrying sound (Opus codes silence in a few bytes).
      expect(sizes.length).toBeGreaterThan(phone.sent() * 0.8);
      expect(meanOpusBytes).toBeGreaterThan(30);
      // werift → phone: the announcement, transcoded to PCMA, not silence.
      expect(heard.payloadTypes).toEqual([8]);
      expect(heard.packets).toBeGreaterThan(90);
      expect(heard.rms).toBeGreaterThan(300);
      expect(stats.phone.packets).toBeGreaterThanOrEqual(sizes.length);
      expect(stats.webrtc.packets).toBeGreaterThan(90);
      await call.close();
    } finally {
      await phone.close();
      await server.close();
    }
  });

  it('sends keys to the phone as RFC 2833 telephone-events in its RTP (play DTMF)', async () => {
    const server = new WeriftMediaServer();
    const phone = await openPlainRtpPhone();
    try {
      const { endpoint, answerSdp, call } = await answerPhone(relay, server, phone.offer());
      phone.acceptAnswer(answerSdp);
      // media flowing both ways, as in a call (rtpengine injects into a stream it carries)
      phone.startTone();
      const playback = await server.play(endpoint, WAITING);
      await sleep(300);
      await call.sendDtmfToPhone('5');
      await sleep(400);
      await call.sendDtmfToPhone('#');
      const end = Date.now() + 3000;
      while (phone.received().keys.length < 2 && Date.now() < end) await sleep(50);
      phone.stopTone();
      playback.stop();
      expect(phone.received().keys).toEqual(['5', '#']);
      expect(phone.received().payloadTypes).toContain(101);
      await call.close();
    } finally {
      await phone.close();
      await server.close();
    }
  });

  // A browser seat hears the phone through werift's bridge, and the phone hears the seat.
  describe.skipIf(!isCI && !chromiumInstalled())('with a Chromium seat', () => {
    it('bridges a phone leg to a browser leg both ways', async () => {
      const server = new WeriftMediaServer();
      const phone = await openPlainRtpPhone();
      const browser = await launchBrowser();
      let seat: BrowserLeg | undefined;
      try {
        const answered = await answerPhone(relay, server, phone.offer());
        const { endpoint: phoneEndpoint, call } = answered;
        phone.acceptAnswer(answered.answerSdp);
        seat = await browser.newLeg();
        const seatEndpoint = server.createEndpoint({ kind: 'audio' });
        await seat.answer(await seatEndpoint.acceptOffer(await seat.offer({ video: false })));
        await seatEndpoint.connected(10_000);
        server.bridge(phoneEndpoint, seatEndpoint);
        phone.startTone();

        let stats: LegStats = await seat.stats();
        for (const until = Date.now() + 15_000; Date.now() < until; await sleep(250)) {
          stats = await seat.stats();
          if (stats.audioPacketsReceived > 100 && stats.audioEnergy > 0.01) break;
        }
        const heard = phone.received();
        console.info('[rtpengine test] phone ↔ browser', { seat: stats, phone: heard });
        // A 440 Hz tone at a quarter of full scale: energy grows by about 0.03 a second.
        expect(stats.audioPacketsReceived).toBeGreaterThan(100);
        expect(stats.audioEnergy).toBeGreaterThan(0.01);
        // Chromium's fake microphone beeps: the phone hears more than silence.
        expect(heard.payloadTypes).toEqual([8]);
        expect(heard.packets).toBeGreaterThan(50);
        expect(heard.rms).toBeGreaterThan(50);
        await call.close();
      } finally {
        await seat?.hangup();
        await browser.close();
        await phone.close();
        await server.close();
      }
    }, 40_000);
  });
});
