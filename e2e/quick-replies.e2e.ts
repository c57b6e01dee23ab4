/**
 * 快捷回复 and 常见问题 in two real Chromium pages: a citizen waiting in 康巴什区 taps a preset
 * question and is answered at once; the seat kbs001 accepts, opens the quick-reply picker with
 * "/", picks the team greeting with {市民姓名}, edits it and sends; the citizen receives the
 * rendered text. The seat also adds a personal phrase in the manage view (an unknown variable is
 * refused with a reason first).
 */
import { describe, expect, it } from 'vitest';
import { openPage, screenshot } from './support/browser.js';
import { loginSeatIdle } from './support/workbench.js';
import { DESKTOP, PHONE, systemWithPages } from './support/setup.js';

const REGION = '150603';
const SEAT = 'kbs001';

const env = systemWithPages({ seat: DESKTOP, citizen: PHONE });

describe('quick replies and FAQs', () => {
  it('answers a tapped FAQ at once and inserts a rendered quick reply for the seat', async () => {
    const s = env.seat.page;
    const c = env.citizen.page;

    // The citizen connects while no seat of the region is on duty, and sees the FAQ chips.
    await c.goto(`${env.system.baseUrl}/h5/`);
    await c.getByTestId(`region-${REGION}`).click();
    await c.getByTestId('quick-connect').click();
    await c.getByTestId('chat-status').waitFor();
    const chips = c.getByTestId('faq-chip');
    await chips.first().waitFor({ timeout: 15_000 });
    expect(await chips.count()).toBeGreaterThanOrEqual(3);
    await screenshot(c, 'citizen-faq-chips');

    // Tapping one sends the question and the engine's answer follows, before any seat joins.
    const question = await chips.first().innerText();
    expect(question).toBe('结婚登记需要带什么材料？');
    await chips.first().click();
    await c.locator('[data-testid=message][data-sender=citizen]').filter({ hasText: question }).waitFor();
    const answer = c.locator('[data-testid=message][data-sender=system]').filter({ hasText: '免冠双人合影' });
    await answer.waitFor({ timeout: 15_000 });
    expect(await answer.innerText()).toContain('常见问题解答');
    await screenshot(c, 'citizen-faq-answer');

    // The seat goes 空闲 and accepts the waiting env.citizen.
    await loginSeatIdle(s, env.system.baseUrl, SEAT);
    const offer = s.getByTestId('offer-card').first();
    await offer.waitFor({ timeout: 15_000 });
    const conversationId = await offer.getAttribute('data-conversation-id');
    await offer.getByTestId('offer-accept').click();
    const read = () => s.evaluate(async (id) => (await fetch(`/api/conversations/${id}`)).json(), conversationId);
    await expect.poll(async () => (await read()).status, { timeout: 15_000 }).toBe('active');
    const citizenName = (await read()).citizen.displayName as string;

    // The seat sees the FAQ exchange in the history too.
    await s.locator('[data-testid=message][data-sender=system]').filter({ hasText: '免冠双人合影' }).waitFor();

    // "/" opens the picker; "hy" finds the team greeting, rendered for this env.citizen.
    const input = s
      .getByTestId('message-input')
      .locator('textarea')
      .or(s.locator('textarea[data-testid=message-input]'))
      .first();
    await input.click();
    await input.pressSequentially('/hy');
    const item = s.locator('[data-testid=quick-reply-item][data-shortcut=hy]');
    await item.waitFor();
    expect(await item.innerText()).toContain(`${citizenName}您好，我是康巴什区政务服务坐席`);
    await screenshot(s, 'seat-quick-reply-picker');
    await input.press('Enter');
    await expect.poll(() => input.inputValue()).toContain(`${citizenName}您好`);
    const inserted = await input.inputValue();
    expect(inserted).not.toContain('{');
    expect(inserted).toContain('KBS001');

    // The seat edits before sending; the citizen receives exactly that.
    await input.press('End');
    await input.pressSequentially('请问有什么可以帮您？');
    await s.getByTestId('send-button').click();
    const received = c.locator('[data-testid=message][data-sender=seat]').filter({ hasText: '请问有什么可以帮您？' });
    await received.waitFor({ timeout: 15_000 });
    expect(await received.innerText()).toContain(`${citizenName}您好，我是康巴什区政务服务坐席`);
    await screenshot(c, 'citizen-quick-reply-received');

    // The manage view: an unknown variable is refused with the reason; a good phrase is found by the picker.
    await s.getByTestId('quick-reply-button').click();
    await s.getByTestId('quick-reply-manage').click();
    const form = (id: string, tag: 'input' | 'textarea' = 'input') =>
      s
        .getByTestId(id)
        .locator(tag)
        .or(s.locator(`${tag}[data-testid=${id}]`))
        .first();
    await form('qr-form-shortcut').fill('cl');
    await form('qr-form-title').fill('材料提醒');
    await form('qr-form-text', 'textarea').fill('{市民名字}请带好身份证。');
    await s.getByTestId('qr-form-save').click();
    await expect.poll(() => s.getByTestId('qr-form-error').innerText()).toContain('{市民名字}');
    await form('qr-form-text', 'textarea').fill('{市民姓名}，办理{事项}请带好身份证原件。');
    await s.getByTestId('qr-form-save').click();
    await s.getByTestId('qr-personal-row').filter({ hasText: '/cl' }).waitFor();
    await screenshot(s, 'seat-quick-reply-manager');
    await s.keyboard.press('Escape');

    await input.fill('');
    await input.pressSequentially('/cl');
    const mine = s.locator('[data-testid=quick-reply-item][data-shortcut=cl]');
    await mine.waitFor();
    // The tapped question named 结婚登记: the engine recognised the matter, so {事项} is filled in.
    expect(await mine.innerText()).toContain(`${citizenName}，办理结婚登记请带好身份证原件。`);
  });

  it('shows large FAQ chips in 长辈版', async () => {
    const elder = await openPage({ width: 390, height: 844 });
    try {
      const c = elder.page;
      await c.goto(`${env.system.baseUrl}/h5/`);
      await c.getByTestId('elder-toggle').click();
      await c.getByTestId('region-150621').click();
      await c.getByTestId('quick-connect').click();
      const chip = c.getByTestId('faq-chip').first();
      await chip.waitFor({ timeout: 15_000 });
      const box = await chip.boundingBox();
      expect(box!.height).toBeGreaterThanOrEqual(60);
      expect(await chip.evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(18);
      await screenshot(c, 'citizen-faq-chips-elder');
    } finally {
      await elder.close();
    }
  });
});
