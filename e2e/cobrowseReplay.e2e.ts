/**
 * 同屏回放 (issue #9) for audit: a co-browse session fills in the 网上申报 form (the ID number
 * masked) while the seat highlights a field, and the seat ends it; the replay API returns the stored
 * batches' events in order, and the ticket's 回放 dialog plays the recorded form from its first
 * moment to the last, the ID number still masked, the seat's highlight said as it comes.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CobrowseBatch } from '../engine/src/models/index.js';
import { screenshot } from './support/browser.js';
import { DESKTOP, PHONE, systemWithPages } from './support/setup.js';
import { citizenQuickConnect, loginSeatIdle, seatAcceptsFirstOffer } from './support/workbench.js';

const SEAT = { username: 'kbs001', region: '150603' };
const env = systemWithPages({ seat: DESKTOP, citizen: PHONE });

/** A field's value in a Replayer's iframe under `container` (the live mirror or the replay). */
function fieldIn(page: Page, container: string, key: string): Promise<string | null> {
  return page.evaluate(
    ([c, k]) => {
      const frame = document.querySelector<HTMLIFrameElement>(`${c} iframe`);
      const el = frame?.contentDocument?.querySelector<HTMLInputElement | HTMLTextAreaElement>(
        `[data-field="${k}"] input, [data-field="${k}"] textarea`,
      );
      return el ? el.value : null;
    },
    [container, key] as const,
  );
}

const LIVE = '[data-testid=cobrowse-mirror]';
const REPLAY = '[data-testid=cobrowse-replay-mirror]';

describe('co-browsing replay', () => {
  it('returns a finished session’s batches in order and plays the recorded form, masked as recorded', async () => {
    const s = env.seat.page;
    const c = env.citizen.page;
    await loginSeatIdle(s, env.system.baseUrl, SEAT.username);
    await citizenQuickConnect(c, env.system.baseUrl, SEAT.region);
    const conversationId = await seatAcceptsFirstOffer(s);
    await expect.poll(() => c.getByTestId('chat-status').innerText(), { timeout: 15_000 }).toContain('KBS001');

    await c.getByTestId('chat-cobrowse').click();
    await c.getByTestId('cobrowse-start').click();
    await c.getByTestId('cobrowse-agree').click();
    await expect.poll(() => fieldIn(s, LIVE, 'address'), { timeout: 15_000 }).toBe('');

    // The citizen fills the form over a few seconds; the seat's mirror follows.
    const name = '王晓明';
    const idNumber = '15060319850606121X';
    const address = '康巴什区青春山街道';
    await c.locator('[data-field=name] input').pressSequentially(name, { delay: 120 });
    const highlighted = await s.evaluate(async (id) => {
      const { session } = await (await fetch(`/api/conversations/${id}/cobrowse`)).json();
      const res = await fetch(`/api/conversations/${id}/cobrowse/${session.id}/annotations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'highlight', target: { mirrorId: null, selector: '[data-field="idNumber"]' } }),
      });
      return res.status;
    }, conversationId);
    expect(highlighted).toBe(201);
    await c.waitForTimeout(600);
    await c.locator('[data-field=idNumber] input').fill(idNumber);
    await c.waitForTimeout(600);
    await c.locator('[data-field=address] input').pressSequentially(address, { delay: 120 });
    await expect.poll(() => fieldIn(s, LIVE, 'address'), { timeout: 10_000 }).toBe(address);
    await expect.poll(() => fieldIn(s, LIVE, 'idNumber'), { timeout: 10_000 }).toBe('*'.repeat(idNumber.length));
    await s.getByTestId('cobrowse-seat-end').click();
    await expect.poll(() => c.getByTestId('cobrowse-status').innerText(), { timeout: 10_000 }).toContain('已结束');

    // The replay API: every stored batch's events, batch after batch in the order kept.
    const replay = await s.evaluate(async (id) => {
      const conversation = await (await fetch(`/api/conversations/${id}`)).json();
      const session = (await (await fetch(`/api/conversations/${id}/cobrowse`)).json()).session;
      return { ticketId: conversation.ticket.id as string, session };
    }, conversationId);
    expect(replay.session).toBeNull(); // ended: no open session left
    const timeline = await s.evaluate(
      async (ticketId) => (await (await fetch(`/api/tickets/${ticketId}`)).json()).ticket.timeline,
      replay.ticketId,
    );
    const started = (timeline as Array<{ type?: string; data?: { sessionId?: string } }>).find(
      (e) => e.type === 'cobrowse_started',
    );
    const sessionId = started!.data!.sessionId!;
    const body = await s.evaluate(
      async ([id, sid]) => {
        const res = await fetch(`/api/conversations/${id}/cobrowse/${sid}/replay`);
        return { status: res.status, json: await res.json() };
      },
      [conversationId, sessionId] as const,
    );
    expect(body.status).toBe(200);
    expect(body.json.session).toMatchObject({ id: sessionId, status: 'ended', endedBy: 'seat' });
    const events = body.json.events as Array<{
      type: number;
      timestamp: number;
      data: { tag?: string; source?: number; text?: string };
    }>;
    expect(events.slice(0, 2).map((e) => e.type)).toEqual([4, 2]); // meta, then the full snapshot
    expect(events.filter((e) => e.type === 5).map((e) => e.data.tag)).toEqual(['cobrowse.annotation']);
    // The address as typed, character after character, in the order it was typed.
    const typedAddress = events
      .filter((e) => e.type === 3 && e.data.source === 5 && e.data.text && address.startsWith(e.data.text))
      .map((e) => e.data.text!.length);
    expect(typedAddress.length).toBeGreaterThan(3);
    expect(typedAddress).toEqual([...typedAddress].sort((a, b) => a - b));
    expect(typedAddress.at(-1)).toBe(address.length);
    if (env.system.engine) {
      // Exactly the kept batches, in the order kept: the citizen's numbered from 0, the seat's (−1) between.
      const batches = await CobrowseBatch.findAll({ where: { sessionId }, order: [['id', 'ASC']] });
      expect(events).toEqual(batches.flatMap((b) => b.events));
      const citizenSeqs = batches.filter((b) => b.seq >= 0).map((b) => b.seq);
      expect(citizenSeqs.length).toBeGreaterThan(2);
      expect(citizenSeqs).toEqual(citizenSeqs.map((_, i) => i));
      const seatAt = batches.findIndex((b) => b.seq === -1);
      expect(seatAt).toBeGreaterThan(0);
      expect(seatAt).toBeLessThan(batches.length - 1);
    }
    const stored = JSON.stringify(events);
    expect(stored).toContain(address);
    expect(stored).not.toContain(idNumber.slice(6, 14));

    // The ticket's 回放: the dialog shows the form as it was at the start, then plays it to the end.
    await s.goto(`${env.system.baseUrl}/agent/#/tickets/${replay.ticketId}`);
    const open = s.getByTestId('cobrowse-replay-open');
    await open.waitFor({ timeout: 15_000 });
    await open.scrollIntoViewIfNeeded();
    await screenshot(s, 'cobrowse-replay-step');
    await open.click();
    const dialog = s.getByTestId('cobrowse-replay-dialog');
    await dialog.waitFor();
    await expect.poll(() => fieldIn(s, REPLAY, 'address'), { timeout: 10_000 }).toBe('');
    expect(await s.getByTestId('cobrowse-replay-time').innerText()).toMatch(/^0:00 \/ 0:\d\d$/);
    await s.getByTestId('cobrowse-replay-speed-4').click();
    await s.getByTestId('cobrowse-replay-toggle').click();
    await expect.poll(() => s.getByTestId('cobrowse-replay-toggle').innerText()).toBe('暂停');
    await expect.poll(() => fieldIn(s, REPLAY, 'address'), { timeout: 20_000 }).toBe(address);
    await expect.poll(() => s.getByTestId('cobrowse-replay-toggle').innerText(), { timeout: 10_000 }).toBe('播放');
    const time = await s.getByTestId('cobrowse-replay-time').innerText();
    expect(time.split(' / ')[0]).toBe(time.split(' / ')[1]);
    expect(await fieldIn(s, REPLAY, 'name')).toBe(name);
    expect(await s.getByTestId('cobrowse-replay-mark').innerText()).toBe('坐席操作：高亮页面元素');
    expect(await fieldIn(s, REPLAY, 'idNumber')).toBe('*'.repeat(idNumber.length));
    const html = await s.evaluate(
      (c) => document.querySelector<HTMLIFrameElement>(`${c} iframe`)?.contentDocument?.documentElement.outerHTML ?? '',
      REPLAY,
    );
    expect(html).toContain('身份证号');
    expect(html).not.toContain(idNumber.slice(6, 14));
    await screenshot(s, 'cobrowse-replay-dialog');

    // Seeking back to the start shows the empty form again.
    const bar = s.locator('[data-testid=cobrowse-replay-progress] .el-slider__runway');
    const box = (await bar.boundingBox())!;
    await s.mouse.click(box.x + 1, box.y + box.height / 2);
    await expect.poll(() => fieldIn(s, REPLAY, 'address'), { timeout: 10_000 }).toBe('');
  });
});
