/**
 * The assistant front line in real Chromium pages (issue #6): a citizen quick-connects in 东胜区
 * and meets 智能助手, asks 身份证丢了怎么办 and gets the answer with the guide card (which opens the
 * guide), types 转人工; the idle seat ds001 gets the offer, reads the whole exchange and sees the
 * matter; the ticket shows the handoff. Then an admin turns a region's assistant to night hours on
 * the 智能助手 page.
 */
import { describe, expect, it } from 'vitest';
import { screenshot } from './support/browser.js';
import { field, loginSeatIdle, loginStaff } from './support/workbench.js';
import { DESKTOP, PHONE, systemWithPages } from './support/setup.js';

const SEAT = { username: 'ds001', region: '150602' };

const env = systemWithPages({ seat: DESKTOP, citizen: PHONE, admin: DESKTOP }, { assistant: true });

describe('智能助手 answers first and hands off to a seat', () => {
  it('answers with the guide card, then 转人工 brings the seat the transcript and the matter', async () => {
    const s = env.seat.page;
    const c = env.citizen.page;
    await loginSeatIdle(s, env.system.baseUrl, SEAT.username);

    await c.goto(`${env.system.baseUrl}/h5/`);
    await c.getByTestId(`region-${SEAT.region}`).click();
    await c.getByTestId('quick-connect').click();
    const status = c.getByTestId('chat-status');
    await expect.poll(() => status.getAttribute('data-status'), { timeout: 15_000 }).toBe('assistant');
    expect(await status.innerText()).toContain('智能助手');
    const greeting = c.locator('[data-testid=message][data-sender=assistant]').first();
    await greeting.waitFor();
    expect(await greeting.innerText()).toContain('智能助手');
    // a quick connect the assistant serves is not offered to the idle seat
    expect(await s.getByTestId('offer-card').count()).toBe(0);

    await c.getByTestId('message-input').locator('input, textarea').first().fill('身份证丢了怎么办');
    await c.getByTestId('send-button').click();
    const card = c.getByTestId('assistant-matter').last();
    await card.waitFor({ timeout: 20_000 });
    expect(await card.innerText()).toContain('身份证');
    const answer = c.locator('[data-testid=message][data-sender=assistant]').filter({ has: card });
    expect((await answer.innerText()).length).toBeGreaterThan(20);
    await screenshot(c, 'citizen-assistant-answer');

    // the card opens the matter's guide; back to the chat
    await card.click();
    await expect.poll(() => c.getByTestId('guide-head').innerText(), { timeout: 10_000 }).toContain('身份证');
    await screenshot(c, 'citizen-assistant-guide');
    await c.goBack();
    await c.getByTestId('handoff-button').waitFor();

    // types 转人工 (the button by the composer posts the same): queued and offered to the idle seat
    await c.getByTestId('message-input').locator('input, textarea').first().fill('转人工');
    await c.getByTestId('send-button').click();
    const offer = s.getByTestId('offer-card').first();
    await offer.waitFor({ timeout: 15_000 });
    const conversationId = (await offer.getAttribute('data-conversation-id'))!;
    await offer.getByTestId('offer-accept').click();
    await expect.poll(() => status.innerText(), { timeout: 15_000 }).toContain('DS001');
    expect(await c.getByTestId('handoff-button').count()).toBe(0);

    // the seat reads the whole exchange, marked as the assistant's, and sees the matter
    const atSeat = s.locator('[data-testid=message][data-sender=citizen]');
    await atSeat.filter({ hasText: '身份证丢了怎么办' }).waitFor({ timeout: 15_000 });
    await atSeat.filter({ hasText: '转人工' }).waitFor();
    expect(await s.locator('[data-testid=message][data-sender=assistant]').count()).toBeGreaterThanOrEqual(3);
    await s.getByTestId('assistant-divider').waitFor();
    await s.getByTestId('aside-matter').click();
    const pane = s.getByTestId('matter-pane');
    await expect.poll(() => pane.getByTestId('matter-guide-name').innerText()).toContain('身份证');
    await screenshot(s, 'seat-assistant-transcript');

    const ticket = await s.evaluate(async (id) => {
      const conversation = await (await fetch(`/api/conversations/${id}`)).json();
      return (await (await fetch(`/api/tickets/${conversation.ticket.id}`)).json()).ticket;
    }, conversationId);
    const events = (ticket.timeline as { kind: string; type?: string; data?: Record<string, unknown> }[]).filter(
      (e) => e.kind === 'event',
    );
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['assistant_started', 'matter_set', 'assistant_handoff', 'accepted']),
    );
    const handoff = events.find((e) => e.type === 'assistant_handoff')!;
    expect(handoff.data).toMatchObject({ reason: 'requested' });
    expect(String(handoff.data!.matterName)).toContain('身份证');
  });

  it('an admin sets a region’s assistant hours on the 智能助手 page', async () => {
    const p = env.admin.page;
    await loginStaff(p, env.system.baseUrl, 'admin');
    await p.getByTestId('nav-assistant').click();
    await expect.poll(() => p.getByTestId('assistant-kind').innerText(), { timeout: 10_000 }).toContain('内置');
    const region = '150621';
    await field(p, `assistant-from-${region}`, 'input').fill('20:00');
    await field(p, `assistant-to-${region}`, 'input').fill('08:00');
    await p.getByTestId(`assistant-save-${region}`).click();
    await expect
      .poll(async () => {
        const res = await p.evaluate(async () => (await fetch('/api/assistant/settings')).json());
        return res.regions.find((r: { regionCode: string }) => r.regionCode === region);
      })
      .toMatchObject({ enabled: true, from: '20:00', to: '08:00' });
    await screenshot(p, 'admin-assistant-settings');
  });
});
