/**
 * 我的工单 and late evaluation, with the engine's clock and the citizen's browser clock moved:
 * a citizen was served by ds002 eight days before the check (never rated), and today chats with
 * ds001 (东胜区), who ends the conversation; the citizen does not rate in the chat. Three days
 * later the citizen opens 我的工单 from the hall: the recent ticket says 待评价, its detail shows
 * the messages, and a 满意 rating with a comment is stored; the old ticket says 评价期限已过 and
 * the engine refuses a rating for it. Screenshots of list and detail, normal and 长辈版.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { TestClock } from '../engine/test/clock.js';
import { callApi, staffCookie, type ApiCall } from './support/api.js';
import { ARTIFACTS, screenshot } from './support/browser.js';
import { loginSeatIdle, seatSends } from './support/workbench.js';
import { DESKTOP, PHONE, systemWithPages } from './support/setup.js';

const REGION = '150602';
const DAY_MS = 86_400_000;
const clock = new TestClock();

const api = (path: string, init?: ApiCall) => callApi(env.system.baseUrl, path, init);

/** The whole page, for the long detail (the shared helper keeps the viewport). */
async function fullScreenshot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** A whole served conversation over the API: ds002 takes it, both write, ds002 ends it and goes offline. */
async function servedByDs002(token: string): Promise<string> {
  const cookie = await staffCookie(env.system.baseUrl, 'ds002');
  expect((await api('/seat/state', { method: 'PUT', body: { state: 'idle' }, cookie })).status).toBe(200);
  const conversation = await api('/conversations', { method: 'POST', body: { regionCode: REGION }, token });
  expect(conversation.status).toBe(201);
  const id = conversation.body.id as string;
  let offerId: string | undefined;
  await expect
    .poll(async () => {
      const offers = await api('/seat/offers', { cookie });
      offerId = offers.body.offers?.find((o: any) => o.conversation.id === id)?.id;
      return offerId;
    })
    .toBeTruthy();
  expect((await api(`/offers/${offerId}/accept`, { method: 'POST', cookie })).status).toBe(200);
  const say = (body: string, auth: { token?: string; cookie?: string }) =>
    api(`/conversations/${id}/messages`, { method: 'POST', body: { clientId: randomUUID(), body }, ...auth });
  expect((await say('请问社保卡丢了怎么补办？', { token })).status).toBe(201);
  expect((await say('带身份证到任一社保网点即可补办。', { cookie })).status).toBe(201);
  expect((await api(`/conversations/${id}/end`, { method: 'POST', cookie })).status).toBe(200);
  expect((await api('/seat/state', { method: 'PUT', body: { state: 'offline' }, cookie })).status).toBe(200);
  return id;
}

async function setElder(page: Page, on: boolean) {
  await page.goto(`${env.system.baseUrl}/h5/`);
  const toggle = page.getByTestId('elder-toggle');
  await toggle.waitFor();
  if ((await toggle.getAttribute('data-on')) !== String(on)) await toggle.click();
  await expect.poll(() => toggle.getAttribute('data-on')).toBe(String(on));
}

const env = systemWithPages(
  { seat: DESKTOP, citizen: PHONE },
  {
    now: clock.now,
    prepare: async ({ citizen }) => {
      await citizen.page.clock.install({ time: new Date() });
    },
  },
);

describe.skipIf(!!process.env.E2E_BASE_URL)('我的工单 and late evaluation (moved clock)', () => {
  it('lists the citizen’s tickets, rates one 3 days after the end, and refuses one 8 days old', async () => {
    const s = env.seat.page;
    const c = env.citizen.page;
    const today = new Date();

    // The citizen's guest identity, from the first open of the app.
    await c.goto(`${env.system.baseUrl}/h5/`);
    await expect.poll(() => c.evaluate(() => localStorage.getItem('cloudSeat.token'))).toBeTruthy();
    const token = (await c.evaluate(() => localStorage.getItem('cloudSeat.token')))!;

    // Five days ago: served by ds002, over the API, never rated.
    clock.set(new Date(today.getTime() - 5 * DAY_MS));
    const oldConversation = await servedByDs002(token);
    clock.set(new Date());

    // Today, in the browsers: ds001 serves the citizen and ends; the citizen does not rate.
    await loginSeatIdle(s, env.system.baseUrl, 'ds001');
    await c.goto(`${env.system.baseUrl}/h5/`);
    await c.getByTestId(`region-${REGION}`).click();
    await c.getByTestId('quick-connect').click();
    await c.getByTestId('chat-status').waitFor();
    const offer = s.getByTestId('offer-card').first();
    await offer.waitFor({ timeout: 15_000 });
    await offer.getByTestId('offer-accept').click();
    await expect.poll(() => c.getByTestId('chat-status').innerText(), { timeout: 15_000 }).toContain('DS001');
    await c.getByTestId('message-input').locator('input, textarea').first().fill('我想办理营业执照变更 <b>加急</b>');
    await c.getByTestId('send-button').click();
    await s
      .locator('[data-testid=message][data-sender=citizen]')
      .filter({ hasText: '营业执照变更' })
      .waitFor({ timeout: 15_000 });
    await seatSends(s, '请带上公章和股东会决议，到政务大厅三楼办理。');
    await c
      .locator('[data-testid=message][data-sender=seat]')
      .filter({ hasText: '股东会决议' })
      .waitFor({ timeout: 15_000 });
    await s.getByTestId('end-conversation').click();
    await s.getByRole('button', { name: '确定' }).click();
    await c.getByTestId('evaluation-panel').waitFor({ timeout: 15_000 });
    expect(await c.getByTestId('evaluation-panel').innerText()).toContain('我的工单');
    await screenshot(c, 'my-tickets-chat-ended');

    // Three days later the citizen opens 我的工单 from the hall.
    const later = new Date(Date.now() + 3 * DAY_MS);
    clock.set(later);
    await c.clock.setSystemTime(later);
    await c.goto(`${env.system.baseUrl}/h5/`);
    await c.getByTestId('open-tickets').click();
    const items = c.getByTestId('ticket-item');
    await expect.poll(() => items.count(), { timeout: 10_000 }).toBe(2);
    const recent = items.nth(0);
    const old = items.nth(1);
    expect(await recent.getAttribute('data-rating')).toBe('open');
    expect(await recent.getByTestId('ticket-to-rate').innerText()).toBe('待评价');
    expect(await recent.innerText()).toContain('还可评价 4 天');
    expect(await recent.innerText()).toContain('工号 DS001');
    expect(await old.getAttribute('data-rating')).toBe('expired');
    expect(await old.innerText()).toContain('评价期限已过');
    await screenshot(c, 'my-tickets-list');

    // The detail: summary, the messages as text, the rating panel.
    await recent.click();
    const record = c.getByTestId('service-record');
    await record.waitFor();
    const citizenBubble = record.locator('[data-testid=message][data-sender=citizen]').filter({ hasText: '营业执照' });
    expect(await citizenBubble.innerText()).toContain('<b>加急</b>');
    expect(await citizenBubble.locator('b').count()).toBe(0);
    await record.locator('[data-testid=message][data-sender=seat]').filter({ hasText: '股东会决议' }).waitFor();
    expect(await record.getByTestId('record-step').first().innerText()).toContain('您发起了咨询');
    await record.locator('[data-testid=message][data-sender=system]').filter({ hasText: '本次服务已结束' }).waitFor();
    expect(await c.getByTestId('summary-seat').innerText()).toContain('DS001');
    expect(await c.getByTestId('summary-satisfaction').innerText()).toContain('待评价');
    await screenshot(c, 'my-tickets-detail');
    await fullScreenshot(c, 'my-tickets-detail-full');

    // 长辈版 (switched in the hall): the same list and detail, larger; the rating is given there.
    await setElder(c, true);
    await c.getByTestId('open-tickets').scrollIntoViewIfNeeded();
    await screenshot(c, 'my-tickets-hall-elder');
    await c.getByTestId('open-tickets').click();
    await expect.poll(() => items.count(), { timeout: 10_000 }).toBe(2);
    await screenshot(c, 'my-tickets-list-elder');
    await items.nth(0).click();
    await record.waitFor();
    await screenshot(c, 'my-tickets-detail-elder');

    // Rates 满意 with a comment.
    const panel = c.getByTestId('evaluation-panel');
    await panel.getByTestId('eval-label-satisfied').click();
    await panel.getByTestId('eval-comment').locator('textarea').fill('讲得很清楚，谢谢');
    await panel.scrollIntoViewIfNeeded();
    await screenshot(c, 'my-tickets-rating-elder');
    await panel.getByTestId('eval-submit').click();
    await panel.getByTestId('evaluation-thanks').waitFor();
    expect(await panel.getByTestId('evaluation-chosen').innerText()).toContain('满意（4 星）');
    expect(await panel.getByTestId('evaluation-comment').innerText()).toContain('讲得很清楚，谢谢');
    await expect.poll(() => c.getByTestId('summary-satisfaction').innerText()).toContain('满意（4 星）');
    await record.getByTestId('record-step').filter({ hasText: '您评价了本次服务' }).waitFor();
    await fullScreenshot(c, 'my-tickets-rated-elder-full');

    // Back in the list, the ticket shows its stars.
    await c.goBack();
    await expect.poll(() => items.nth(0).getAttribute('data-rating')).toBe('rated');
    expect(await items.nth(0).getByTestId('rating-stars').getAttribute('aria-label')).toBe('满意度 4 星');

    // The old ticket: 评价期限已过, no way to rate; the engine refuses too, in Chinese.
    await items.nth(1).click();
    await c.getByTestId('rate-expired').waitFor();
    expect(await c.getByTestId('evaluation-panel').count()).toBe(0);
    await screenshot(c, 'my-tickets-expired-elder');
    const late = await api(`/conversations/${oldConversation}/evaluation`, {
      method: 'POST',
      body: { label: 'satisfied' },
      token,
    });
    expect(late.status).toBe(409);
    expect(late.body.error).toMatchObject({ code: 'INVALID_STATE' });
    expect(late.body.error.message).toContain('7 天');

    // Normal size again: the rated list and detail.
    await setElder(c, false);
    await c.getByTestId('open-tickets').click();
    await expect.poll(() => items.nth(0).getAttribute('data-rating'), { timeout: 10_000 }).toBe('rated');
    await screenshot(c, 'my-tickets-list-rated');
    await items.nth(0).click();
    await c.getByTestId('evaluation-thanks').waitFor();
    await fullScreenshot(c, 'my-tickets-rated-full');
  });
});
