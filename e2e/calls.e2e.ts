/**
 * A video call through the embedded switch in two real Chromium pages (fake camera and
 * microphone): the seat ds001's softphone (JsSIP) registers, a citizen in 东胜区 taps 视频 in the
 * hall, the offer card rings 来电, the seat answers, both sides receive audio and video (getStats
 * on the pages' own peer connections), the citizen hangs up and is asked to rate; the ticket
 * shows both call legs and a recording ffprobe reads with both legs' audio. Then a voice call
 * that ds001 transfers from its call bar to ds002, whose offer card rings and answers it.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPage, screenshot, type OpenedPage } from './support/browser.js';
import { DESKTOP, PHONE } from './support/setup.js';
import { startSystem, type SystemUnderTest } from './support/system.js';
import { loginSeatIdle } from './support/workbench.js';

const SEAT = { username: 'ds001', region: '150602' };

let system: SystemUnderTest;
let seat: OpenedPage;
let citizen: OpenedPage;
let secondSeat: OpenedPage | undefined;

/** Keeps every RTCPeerConnection the page makes, so the test can read its stats. */
const KEEP_PEER_CONNECTIONS = `(() => {
  const Native = window.RTCPeerConnection;
  window.__pcs = [];
  window.RTCPeerConnection = function (...args) {
    const pc = new Native(...args);
    window.__pcs.push(pc);
    return pc;
  };
  window.RTCPeerConnection.prototype = Native.prototype;
})();`;

interface Received {
  audioBytes: number;
  videoFrames: number;
}

async function received(page: Page): Promise<Received> {
  return page.evaluate(async () => {
    const pcs = (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs;
    let audioBytes = 0;
    let videoFrames = 0;
    for (const pc of pcs) {
      if (pc.connectionState === 'closed') continue;
      const stats = await pc.getStats();
      stats.forEach((s: { type: string; kind?: string; bytesReceived?: number; framesDecoded?: number }) => {
        if (s.type !== 'inbound-rtp') return;
        if (s.kind === 'audio') audioBytes += s.bytesReceived ?? 0;
        if (s.kind === 'video') videoFrames += s.framesDecoded ?? 0;
      });
    }
    return { audioBytes, videoFrames };
  });
}

beforeAll(async () => {
  system = await startSystem();
  [seat, citizen] = await Promise.all([openPage(DESKTOP, { media: true }), openPage(PHONE, { media: true })]);
  await Promise.all([
    seat.context.addInitScript(KEEP_PEER_CONNECTIONS),
    citizen.context.addInitScript(KEEP_PEER_CONNECTIONS),
  ]);
});
afterAll(async () => {
  await Promise.all([seat?.close(), citizen?.close(), secondSeat?.close()]);
  await system?.stop();
});

describe('a video call through the embedded switch', () => {
  it('rings the seat, carries audio and video both ways, and records the call on the ticket', async () => {
    const s = seat.page;
    const c = citizen.page;
    await loginSeatIdle(s, system.baseUrl, SEAT.username);
    await expect
      .poll(() => s.getByTestId('phone-status').getAttribute('data-status'), { timeout: 15_000 })
      .toBe('registered');

    await c.goto(`${system.baseUrl}/h5/`);
    await c.getByTestId(`region-${SEAT.region}`).click();
    await c.getByTestId('call-video').click();
    await c.getByTestId('call-panel').waitFor({ timeout: 15_000 });

    // 来电 on the seat's offer card, with the citizen
    const incoming = s.getByTestId('call-incoming');
    await incoming.waitFor({ timeout: 20_000 });
    const conversationId = await s.getByTestId('offer-card').first().getAttribute('data-conversation-id');
    expect(conversationId).toMatch(/^[0-9a-f-]{36}$/);
    await screenshot(s, 'seat-call-incoming');
    const t0 = Date.now();
    await s.getByTestId('call-answer').click();
    await expect
      .poll(() => s.getByTestId('phone-status').getAttribute('data-status'), { timeout: 15_000 })
      .toBe('in_call');
    await expect
      .poll(() => c.getByTestId('call-status').getAttribute('data-phase'), { timeout: 15_000 })
      .toBe('talking');

    // media both ways
    await expect
      .poll(
        async () => {
          const [atSeat, atCitizen] = await Promise.all([received(s), received(c)]);
          return (
            Math.min(atSeat.audioBytes, atCitizen.audioBytes) > 2000 &&
            Math.min(atSeat.videoFrames, atCitizen.videoFrames) > 10
          );
        },
        { timeout: 20_000 },
      )
      .toBe(true);
    const answerToMedia = Date.now() - t0;
    await screenshot(s, 'seat-call-video');
    await screenshot(c, 'citizen-call-video');
    // 保持 and 恢复 from the call bar: the call stays up
    await s.getByTestId('call-hold').click();
    await expect.poll(() => s.getByTestId('phone-status').getAttribute('data-status')).toBe('held');
    // the citizen is told (the switch's call-state INFO), not left wondering at the music
    await expect.poll(() => c.getByTestId('call-status').getAttribute('data-phase')).toBe('held');
    expect(await c.getByTestId('call-status').textContent()).toContain('保持');
    await screenshot(c, 'citizen-call-held');
    await s.getByTestId('call-hold').click();
    await expect.poll(() => s.getByTestId('phone-status').getAttribute('data-status')).toBe('in_call');
    await expect.poll(() => c.getByTestId('call-status').getAttribute('data-phase')).toBe('talking');
    // talk a little, so the recording has a few seconds
    await new Promise((r) => setTimeout(r, 2500));

    // the citizen hangs up: the call and the conversation end, the rating is offered
    await c.getByTestId('call-hangup').click();
    await c.getByTestId('evaluation-panel').waitFor({ timeout: 15_000 });
    await expect
      .poll(() => s.getByTestId('phone-status').getAttribute('data-status'), { timeout: 15_000 })
      .toBe('registered');

    // the ticket has both legs and a recording (stored once the legs' files are mixed)
    const load = () =>
      s.evaluate(async (id) => {
        const conversation = await (await fetch(`/api/conversations/${id}`)).json();
        const ticket = (await (await fetch(`/api/tickets/${conversation.ticket.id}`)).json()).ticket;
        const recordings = (await (await fetch(`/api/conversations/${id}/recordings`)).json()).recordings;
        return { ticket, recordings };
      }, conversationId);
    await expect.poll(async () => (await load()).recordings.length, { timeout: 20_000 }).toBe(1);
    const { ticket, recordings } = await load();
    const steps = (ticket.timeline as { kind: string; type?: string; data?: Record<string, unknown> }[]).filter(
      (e) => e.kind === 'event',
    );
    const legs = steps
      .filter((e) => e.type === 'call_leg')
      .map((e) => e.data as { role: string; durationSeconds: number | null });
    expect(legs.map((l) => l.role).sort()).toEqual(['citizen', 'seat']);
    for (const l of legs) expect(l.durationSeconds).toBeGreaterThanOrEqual(2);
    expect(recordings).toHaveLength(1);

    const bytes = await s.evaluate(async (url) => {
      const res = await fetch(url);
      return Array.from(new Uint8Array(await res.arrayBuffer()));
    }, recordings[0].url as string);
    const file = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'cs-rec-')), 'call');
    await fs.writeFile(file, Buffer.from(bytes));
    const probe = JSON.parse(
      execFileSync('ffprobe', ['-v', 'error', '-show_format', '-show_streams', '-of', 'json', file], {
        encoding: 'utf8',
      }),
    ) as { format: { duration: string }; streams: { codec_type: string }[] };
    expect(Number(probe.format.duration)).toBeGreaterThan(2);
    expect(probe.streams.some((st) => st.codec_type === 'audio')).toBe(true);
    await fs.rm(path.dirname(file), { recursive: true, force: true });
    console.log(`[calls e2e] answer → media both ways ${answerToMedia} ms; recording ${probe.format.duration} s`);
  });

  it('转接 from the call bar: the second seat card rings, its 接听 takes the call, the first seat is released', async () => {
    const a = seat.page;
    const c = citizen.page;
    await c.goto(`${system.baseUrl}/h5/`);
    await c.getByTestId(`region-${SEAT.region}`).click();
    await c.getByTestId('call-audio').click();
    await a.getByTestId('call-incoming').waitFor({ timeout: 20_000 });
    const conversationId = await a.getByTestId('offer-card').first().getAttribute('data-conversation-id');
    await a.getByTestId('call-answer').click();
    await expect
      .poll(() => c.getByTestId('call-status').getAttribute('data-phase'), { timeout: 15_000 })
      .toBe('talking');

    // ds002 comes on duty with its softphone; ds001 transfers the call to it
    secondSeat = await openPage(DESKTOP, { media: true });
    await secondSeat.context.addInitScript(KEEP_PEER_CONNECTIONS);
    const b = secondSeat.page;
    await loginSeatIdle(b, system.baseUrl, 'ds002');
    await expect
      .poll(() => b.getByTestId('phone-status').getAttribute('data-status'), { timeout: 15_000 })
      .toBe('registered');
    await a.getByTestId('call-transfer').click();
    const dialog = a.getByTestId('transfer-dialog');
    await dialog.getByTestId('transfer-seat-DS002').click();
    await dialog.getByTestId('transfer-confirm').click();

    // ds002's transfer offer rings; ds001 still talks meanwhile
    const card = b.getByTestId('offer-card').first();
    await card.getByTestId('call-incoming').waitFor({ timeout: 20_000 });
    expect(await card.getAttribute('data-conversation-id')).toBe(conversationId);
    expect(await a.getByTestId('phone-status').getAttribute('data-status')).toBe('in_call');
    await screenshot(b, 'seat-call-transfer-ringing');
    await card.getByTestId('call-answer').click();
    await expect
      .poll(() => b.getByTestId('phone-status').getAttribute('data-status'), { timeout: 15_000 })
      .toBe('in_call');
    await expect
      .poll(() => a.getByTestId('phone-status').getAttribute('data-status'), { timeout: 15_000 })
      .toBe('registered');
    await expect.poll(() => c.getByTestId('chat-status').innerText(), { timeout: 15_000 }).toContain('DS002');
    expect(await c.getByTestId('call-status').getAttribute('data-phase')).toBe('talking');
    // the citizen and ds002 hear each other
    const [seatBefore, citizenBefore] = await Promise.all([received(b), received(c)]);
    await expect
      .poll(
        async () => {
          const [atSeat, atCitizen] = await Promise.all([received(b), received(c)]);
          return Math.min(atSeat.audioBytes - seatBefore.audioBytes, atCitizen.audioBytes - citizenBefore.audioBytes);
        },
        { timeout: 15_000 },
      )
      .toBeGreaterThan(2000);
    await screenshot(b, 'seat-call-transferred');

    await c.getByTestId('call-hangup').click();
    await expect
      .poll(() => b.getByTestId('phone-status').getAttribute('data-status'), { timeout: 15_000 })
      .toBe('registered');
    const legs = async () =>
      b.evaluate(async (id) => {
        const conversation = await (await fetch(`/api/conversations/${id}`)).json();
        const ticket = (await (await fetch(`/api/tickets/${conversation.ticket.id}`)).json()).ticket;
        return (ticket.timeline as { kind: string; type?: string; data?: { role: string; cause: string } }[])
          .filter((e) => e.type === 'call_leg')
          .map((e) => `${e.data!.role}:${e.data!.cause}`)
          .sort();
      }, conversationId);
    await expect.poll(legs, { timeout: 15_000 }).toEqual(['citizen:normal', 'seat:normal', 'seat:transferred']);
  });
});
