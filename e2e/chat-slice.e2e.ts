/**
 * The first vertical slice in two real Chromium pages: a citizen in the H5 app quick-connects
 * in 东胜区, meets the assistant and taps 转人工 (as on the embedded default), the seat ds001 (set
 * 空闲 in the agent workbench) accepts, they chat both ways, the seat ends it, and the citizen's
 * one-tap evaluation is stored.
 */
import { describe, expect, it } from 'vitest';
import { screenshot } from './support/browser.js';
import { loginSeatIdle, seatSends } from './support/workbench.js';
import { DESKTOP, PHONE, systemWithPages } from './support/setup.js';

const SEAT = { username: 'ds001', region: '150602' };

const env = systemWithPages({ seat: DESKTOP, citizen: PHONE }, { assistant: true });

describe('citizen → seat chat slice', () => {
  it('connects, chats both ways, ends and stores the evaluation', async () => {
    const s = env.seat.page;
    const c = env.citizen.page;

    // The seat logs in and goes 空闲.
    await loginSeatIdle(s, env.system.baseUrl, SEAT.username);

    // The citizen opens the hall, picks 东胜区 and taps 快速连线.
    await c.goto(`${env.system.baseUrl}/h5/`);
    await c.getByTestId(`region-${SEAT.region}`).click();
    await expect.poll(() => c.getByText('空闲').count()).toBeGreaterThan(0);
    await screenshot(c, 'citizen-hall');
    await c.getByTestId('quick-connect').click();
    await c.getByTestId('chat-status').waitFor();
    // the assistant answers first; the citizen asks for a seat
    await c.getByTestId('handoff-button').click();

    // The offer reaches the seat live; the seat accepts.
    const offer = s.getByTestId('offer-card').first();
    await offer.waitFor({ timeout: 15_000 });
    const conversationId = await offer.getAttribute('data-conversation-id');
    expect(conversationId).toMatch(/^[0-9a-f-]{36}$/);
    await screenshot(s, 'seat-offer');
    await offer.getByTestId('offer-accept').click();

    // The citizen is told who serves them.
    await expect.poll(() => c.getByTestId('chat-status').innerText(), { timeout: 15_000 }).toContain('DS001');

    // Citizen → seat, including markup that must stay text.
    const citizenText = '你好，我想咨询结婚登记需要带什么材料 <b>粗体</b><img src=x onerror="window.__xss=1">';
    await c.getByTestId('message-input').locator('input, textarea').first().fill(citizenText);
    await c.getByTestId('send-button').click();
    const atSeat = s.locator('[data-testid=message][data-sender=citizen]').filter({ hasText: '结婚登记' });
    await atSeat.waitFor({ timeout: 15_000 });
    expect(await atSeat.innerText()).toContain('<b>粗体</b>');
    expect(await atSeat.locator('b, img').count()).toBe(0);
    expect(await s.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();

    // Seat → env.citizen.
    const seatText = '您好，请携带双方身份证、户口簿和近期二寸合照。';
    await seatSends(s, seatText);
    await c
      .locator('[data-testid=message][data-sender=seat]')
      .filter({ hasText: '二寸合照' })
      .waitFor({ timeout: 15_000 });
    await screenshot(s, 'seat-conversation');
    await screenshot(c, 'citizen-chat');

    // The seat ends the conversation; the citizen gets the gentle evaluation panel.
    await s.getByTestId('end-conversation').click();
    await s.getByRole('button', { name: '确定' }).click();
    const panel = c.getByTestId('evaluation-panel');
    await panel.waitFor({ timeout: 15_000 });
    await screenshot(c, 'citizen-evaluation');
    await c.getByTestId('eval-label-very_satisfied').click();
    await c.getByTestId('evaluation-thanks').waitFor();

    // The rating is stored: the seat that served may read the conversation.
    const stored = await s.evaluate(async (id) => {
      const res = await fetch(`/api/conversations/${id}`);
      return res.json();
    }, conversationId);
    expect(stored).toMatchObject({
      status: 'ended',
      evaluation: { rating: 5, label: 'very_satisfied' },
      ticket: { status: 'closed' },
    });
  });
});
