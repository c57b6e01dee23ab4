/**
 * Rich chat in real Chromium pages: typing indicator and read receipts both ways, a citizen's
 * image through the app's attach button, a seat's PDF, and a disguised executable refused with a
 * clear message.
 */
import { describe, expect, it } from 'vitest';
import { screenshot } from './support/browser.js';
import { field, loginSeatIdle } from './support/workbench.js';
import { DESKTOP, PHONE, systemWithPages } from './support/setup.js';

/** A real 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]);

const env = systemWithPages({ seat: DESKTOP, citizen: PHONE });

describe('rich chat', () => {
  it('shows typing and 已读, and exchanges an image and a file', async () => {
    const s = env.seat.page;
    const c = env.citizen.page;
    await loginSeatIdle(s, env.system.baseUrl, 'ds001');
    await c.goto(`${env.system.baseUrl}/h5/`);
    await c.getByTestId('region-150602').click();
    await c.getByTestId('quick-connect').click();
    const offer = s.getByTestId('offer-card').first();
    await offer.waitFor({ timeout: 15_000 });
    await offer.getByTestId('offer-accept').click();
    await expect.poll(() => c.getByTestId('chat-status').innerText(), { timeout: 15_000 }).toContain('DS001');

    // The citizen types: the seat sees it; the message arrives and the indicator goes.
    const input = c.getByTestId('message-input').locator('input, textarea').first();
    await input.pressSequentially('请问营业执照', { delay: 30 });
    await s.getByTestId('citizen-typing').waitFor({ timeout: 10_000 });
    await input.pressSequentially('怎么办理？');
    await c.getByTestId('send-button').click();
    await s.locator('[data-testid=message][data-sender=citizen]').filter({ hasText: '营业执照' }).waitFor();
    await expect.poll(() => s.getByTestId('citizen-typing').count()).toBe(0);

    // The seat has it on screen: the citizen sees 已读 under their message.
    const mine = c.locator('[data-testid=message][data-sender=citizen]').filter({ hasText: '营业执照' });
    await expect.poll(() => mine.getByTestId('receipt').innerText(), { timeout: 10_000 }).toBe('已读');

    // The seat answers: the citizen's page is open, so the seat sees 已读 too; the citizen saw it typing.
    await field(s, 'message-input', 'textarea').pressSequentially('您好，', { delay: 30 });
    await c.getByTestId('seat-typing').waitFor({ timeout: 10_000 });
    await field(s, 'message-input', 'textarea').pressSequentially('请准备身份证和经营场所证明。');
    await s.getByTestId('send-button').click();
    await c.locator('[data-testid=message][data-sender=seat]').filter({ hasText: '经营场所' }).waitFor();
    const reply = s.locator('[data-testid=message][data-sender=seat]').filter({ hasText: '经营场所' });
    await expect.poll(() => reply.getByTestId('receipt').innerText(), { timeout: 10_000 }).toBe('已读');

    // The citizen sends a photo through the attach button (action sheet → 图片).
    await c.getByTestId('attach-button').click();
    const chooser = c.waitForEvent('filechooser');
    await c.getByText('图片', { exact: true }).click();
    await (await chooser).setFiles({ name: '营业场所.png', mimeType: 'image/png', buffer: PNG });
    await s
      .locator('[data-testid=message][data-sender=citizen] [data-testid=message-image]')
      .waitFor({ timeout: 15_000 });

    // A program renamed .png is refused, with a message, and nothing is shown as sent.
    await c.getByTestId('attach-button').click();
    const chooser2 = c.waitForEvent('filechooser');
    await c.getByText('图片', { exact: true }).click();
    await (await chooser2).setFiles({ name: '照片.png', mimeType: 'image/png', buffer: EXE });
    await expect.poll(() => c.getByText('不支持').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await screenshot(c, 'citizen-rich-chat');

    // The seat sends a photo: the citizen's app downloads it with its token and shows it.
    await s.getByTestId('file-input').setInputFiles({ name: '示例.png', mimeType: 'image/png', buffer: PNG });
    const atCitizen = c.locator('[data-testid=message][data-sender=seat] [data-testid=message-image] img');
    await atCitizen.waitFor({ state: 'attached', timeout: 15_000 });
    await expect
      .poll(() => atCitizen.evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0)), {
        timeout: 10_000,
      })
      .toBe(1);
    expect(await atCitizen.getAttribute('src')).toMatch(/^blob:/);

    // The seat sends a PDF; the citizen gets a file bubble.
    await s.getByTestId('file-input').setInputFiles({ name: '办事指南.pdf', mimeType: 'application/pdf', buffer: PDF });
    const file = c.locator('[data-testid=message][data-sender=seat] [data-testid=message-file]');
    await file.waitFor({ timeout: 15_000 });
    expect(await file.innerText()).toContain('办事指南.pdf');
    expect(await s.locator('[data-testid=message-image]').count()).toBe(2);
    await screenshot(s, 'seat-rich-chat');
  });
});
