/**
 * 工单流转 in three real Chromium pages: seat ds001 serves a citizen, transfers the live
 * conversation to ds002 with a note; ds002 sees who transfers it and why, accepts and reads the
 * whole history; the citizen is told who serves them now; ds001 sees it handed over.
 */
import { describe, expect, it } from 'vitest';
import { screenshot } from './support/browser.js';
import { field, loginSeatIdle, seatSends } from './support/workbench.js';
import { DESKTOP, PHONE, systemWithPages } from './support/setup.js';

const env = systemWithPages({ first: DESKTOP, second: DESKTOP, citizen: PHONE });

describe('transfer between two seats', () => {
  it('carries the history over and tells everyone who serves now', async () => {
    const a = env.first.page;
    const b = env.second.page;
    const c = env.citizen.page;

    await loginSeatIdle(a, env.system.baseUrl, 'ds001');
    await c.goto(`${env.system.baseUrl}/h5/`);
    await c.getByTestId('region-150602').click();
    await c.getByTestId('quick-connect').click();
    const offer = a.getByTestId('offer-card').first();
    await offer.waitFor({ timeout: 15_000 });
    await offer.getByTestId('offer-accept').click();
    await expect.poll(() => c.getByTestId('chat-status').innerText(), { timeout: 15_000 }).toContain('DS001');

    const question = '我在外省交过三年社保，怎么转回鄂尔多斯？';
    await c.getByTestId('message-input').locator('input, textarea').first().fill(question);
    await c.getByTestId('send-button').click();
    await a.locator('[data-testid=message][data-sender=citizen]').filter({ hasText: '转回鄂尔多斯' }).waitFor();
    await seatSends(a, '这个问题由社保专员为您解答，我为您转接。');

    // The second seat comes on duty; ds001 transfers to it with a note.
    await loginSeatIdle(b, env.system.baseUrl, 'ds002');
    await a.getByTestId('transfer-button').click();
    const dialog = a.getByTestId('transfer-dialog');
    await dialog.getByTestId('transfer-seat-DS002').click();
    await field(a, 'transfer-note', 'textarea').fill('外省社保转入，请协助');
    await screenshot(a, 'transfer-dialog');
    await dialog.getByTestId('transfer-confirm').click();
    await a.getByTestId('transfer-pending').waitFor();

    // ds002 sees who transfers it and why, and accepts.
    const incoming = b.getByTestId('offer-card').first();
    await incoming.waitFor({ timeout: 15_000 });
    expect(await incoming.getByTestId('offer-transfer').innerText()).toContain('DS001');
    expect(await incoming.getByTestId('offer-transfer').innerText()).toContain('外省社保转入，请协助');
    await screenshot(b, 'transfer-offer');
    await incoming.getByTestId('offer-accept').click();

    // The whole history is at ds002, in order.
    const atB = b.locator('[data-testid=message]');
    await atB.filter({ hasText: '转回鄂尔多斯' }).waitFor({ timeout: 15_000 });
    await atB.filter({ hasText: '我为您转接' }).waitFor();
    const texts = await atB.allInnerTexts();
    const asked = texts.findIndex((t) => t.includes('转回鄂尔多斯'));
    const handed = texts.findIndex((t) => t.includes('已为您转接至坐席'));
    expect(asked).toBeGreaterThanOrEqual(0);
    expect(handed).toBeGreaterThan(asked);

    // The citizen is told who serves now; ds001 sees it handed over and can no longer write.
    await expect.poll(() => c.getByTestId('chat-status').innerText(), { timeout: 15_000 }).toContain('DS002');
    await c.locator('[data-testid=message]').filter({ hasText: '已为您转接至坐席' }).waitFor();
    await a.getByTestId('transfer-done').waitFor({ timeout: 15_000 });
    expect(await a.getByTestId('send-button').isDisabled()).toBe(true);
    await screenshot(a, 'transfer-done');
    await screenshot(c, 'transfer-citizen');

    // ds002 answers; the citizen gets it.
    await seatSends(b, '您好，我是社保专员，请提供原参保地的参保凭证。');
    await c
      .locator('[data-testid=message][data-sender=seat]')
      .filter({ hasText: '参保凭证' })
      .waitFor({ timeout: 15_000 });
  });
});
