/**
 * The matter catalog in real Chromium pages (SPEC 6, 7, 16, 17). A citizen of 东胜区 walks the
 * 办事指南 — life-event scenarios, the 婚姻登记 theme, the guide of 结婚登记 (怎么办 / 在哪办 /
 * 带什么, the checklist kept over a reload), search by pinyin initials and by everyday words — and
 * asks a seat from the guide. The seat ds001 sees the carried matter's guide beside the chat and
 * pushes another matter, which the citizen's card follows live; the ticket records it. A second
 * citizen without a matter names it in their own words and both sides show the detected matter.
 */
import type { MatterGuideView, MatterSummaryView } from '@cloud-seat/contracts';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi } from './support/api.js';
import { openPage, screenshot, type OpenedPage } from './support/browser.js';
import { field, loginSeatIdle } from './support/workbench.js';
import { DESKTOP, PHONE, systemWithPages } from './support/setup.js';

const REGION = '150602';
const SEAT = 'ds001';

const env = systemWithPages({ seat: DESKTOP });

let citizen: OpenedPage;
beforeAll(async () => {
  citizen = await openPage(PHONE, { callsFrom: env.system.baseUrl });
});
afterAll(async () => {
  await citizen?.close();
});

/** The region's active matter of that exact name, from the public search. */
async function matterNamed(name: string): Promise<MatterSummaryView> {
  const { status, body } = await callApi(
    env.system.baseUrl,
    `/regions/${REGION}/matters?q=${encodeURIComponent(name)}`,
  );
  expect(status).toBe(200);
  const found = (body.matters as MatterSummaryView[]).find((m) => m.name === name);
  if (!found) throw new Error(`${name} is not in ${REGION}'s seeded catalog`);
  return found;
}

async function guideOf(id: string): Promise<MatterGuideView> {
  const { status, body } = await callApi(env.system.baseUrl, `/matters/${id}`);
  expect(status).toBe(200);
  return body as MatterGuideView;
}

/** Lets Element Plus tags and messages finish their transitions before a screenshot. */
async function settled(page: Page) {
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))));
}

/** The test id of the first matter row the citizen's page lists. */
function firstRow(c: Page): Promise<string | null> {
  return c.locator('.matter-row').first().getAttribute('data-testid');
}

async function citizenTypes(c: Page, testId: string, text: string) {
  await c.getByTestId(testId).locator('input, textarea').first().fill(text);
}

/**
 * Taps 拨打 for a number and proves the phone was asked to call it: Chromium reports the `tel:`
 * request, and the app's page stays where it was (the taps after it show it still works).
 */
async function tapsToCall(opened: OpenedPage, number: string) {
  const c = opened.page;
  const at = c.url();
  const cdp = await opened.context.newCDPSession(c);
  const asked: string[] = [];
  cdp.on('Page.frameRequestedNavigation', (e: { url: string }) => asked.push(e.url));
  await cdp.send('Page.enable');
  try {
    await c.getByTestId(`call-${number}`).click();
    await expect.poll(() => asked).toContain(`tel:${number}`);
  } finally {
    await cdp.detach();
  }
  expect(c.url()).toBe(at);
}

/** The seat reads a conversation and its ticket with its own session, as the workbench does. */
function seatReads(s: Page, path: string): Promise<Record<string, any>> {
  return s.evaluate(async (p) => (await fetch(`/api${p}`)).json(), path);
}

describe('matter catalog: 办事指南, the carried matter, a pushed one and a detected one', () => {
  it('guides the citizen to 结婚登记, carries it to the seat, follows the push and records it', async () => {
    const s = env.seat.page;
    const c = citizen.page;
    const base = env.system.baseUrl;
    const marriage = await matterNamed('结婚登记');
    const reissue = await matterNamed('补领婚姻登记证');
    const idCard = await matterNamed('居民身份证补领');
    const guide = await guideOf(marriage.id);
    expect(guide.steps.length).toBeGreaterThan(1);
    expect(guide.materials.length).toBeGreaterThan(1);
    expect(guide.phone).not.toBe('');

    await loginSeatIdle(s, base, SEAT);

    // The hall: 东胜区, then the large 办事指南 entry.
    await c.goto(`${base}/h5/`);
    await c.getByTestId(`region-${REGION}`).click();
    await c.getByTestId('open-guide').click();

    // 个人全生命周期 (an anonymous citizen is a person), the themes in life order with counts.
    const marriageTheme = c.getByTestId('theme-p-marriage');
    await marriageTheme.waitFor();
    expect(await c.getByTestId('scenario-kind-person').innerText()).toContain('个人');
    await expect.poll(() => marriageTheme.innerText()).toMatch(/婚姻登记\s*\d+\s*项/);
    await screenshot(c, 'catalog-scenarios');

    // The theme lists 结婚登记; its guide opens on 怎么办 with the seeded steps.
    await marriageTheme.click();
    await c.getByTestId(`matter-${marriage.id}`).click();
    const head = c.getByTestId('guide-head');
    await head.waitFor();
    expect(await head.innerText()).toContain('结婚登记');
    const how = c.getByTestId('guide-how');
    for (const step of guide.steps) expect(await how.innerText()).toContain(step.title);
    expect(await how.innerText()).toContain('填写声明');
    await screenshot(c, 'catalog-guide-how');

    // 在哪办: the address, the hours and the phones to tap; a tap asks the phone to call, and the
    // app goes on working after it (back, search and another guide below).
    await c.getByTestId('guide-tab-where').click();
    const where = c.getByTestId('guide-where');
    await where.waitFor();
    expect(await where.innerText()).toContain(guide.address);
    expect(await where.innerText()).toContain(guide.hours);
    expect(guide.address).toContain('民政服务区');
    expect(await c.getByTestId(`call-${guide.phone}`).innerText()).toContain('拨打');
    const complaint = guide.complaintPhone.split(/[、,，]/)[0]!;
    expect(await c.getByTestId(`call-${complaint}`).innerText()).toContain('拨打');
    await screenshot(c, 'catalog-guide-where');
    await tapsToCall(citizen, guide.phone);

    // 带什么: a checklist; a tick counts.
    await c.getByTestId('guide-tab-bring').click();
    const progress = c.getByTestId('checklist-progress');
    const total = guide.materials.length;
    await expect.poll(() => progress.innerText()).toContain(`已准备 0/${total} 项`);
    const first = c.getByTestId('material').first();
    expect(await first.innerText()).toContain(guide.materials[0]!.name);
    await first.click();
    await expect.poll(() => progress.innerText()).toContain(`已准备 1/${total} 项`);
    expect(await first.getAttribute('aria-checked')).toBe('true');
    await screenshot(c, 'catalog-guide-bring');

    // Search: back to the scenarios (a page at a time, as a thumb does), then pinyin initials and
    // the citizen's own words; the right matter comes first.
    await c.goBack();
    await c.getByTestId(`matter-${marriage.id}`).waitFor();
    await c.goBack();
    await c.getByTestId('open-search').click();
    await citizenTypes(c, 'guide-search-input', 'jhdj');
    await expect.poll(() => firstRow(c)).toBe(`matter-${marriage.id}`);
    await citizenTypes(c, 'guide-search-input', '身份证丢了');
    await expect.poll(() => firstRow(c)).toBe(`matter-${idCard.id}`);
    await screenshot(c, 'catalog-search');

    // A result opens its guide (the router still navigates after the call).
    await c.getByTestId(`matter-${idCard.id}`).click();
    await expect.poll(() => c.getByTestId('guide-head').innerText()).toContain('居民身份证补领');
    await c.goBack();

    // Back to the guide of 结婚登记 (by the word 领证): the tick is still there, and after a
    // reload of the page too; 咨询坐席 from it.
    await citizenTypes(c, 'guide-search-input', '领证');
    await expect.poll(() => firstRow(c)).toBe(`matter-${marriage.id}`);
    await c.getByTestId(`matter-${marriage.id}`).click();
    await c.getByTestId('guide-tab-bring').click();
    await expect.poll(() => c.getByTestId('checklist-progress').innerText()).toContain(`已准备 1/${total} 项`);
    await c.reload();
    await c.getByTestId('guide-tab-bring').click();
    await expect.poll(() => c.getByTestId('checklist-progress').innerText()).toContain(`已准备 1/${total} 项`);
    expect(await c.getByTestId('material').first().getAttribute('aria-checked')).toBe('true');
    await c.getByTestId('ask-seat').click();
    await c.getByTestId('chat-status').waitFor();

    // The offer says which matter; the seat accepts.
    const offer = s.getByTestId('offer-card').first();
    await offer.waitFor({ timeout: 15_000 });
    expect(await offer.innerText()).toContain('结婚登记');
    const conversationId = (await offer.getAttribute('data-conversation-id'))!;
    await offer.getByTestId('offer-accept').click();
    await expect.poll(() => c.getByTestId('chat-status').innerText(), { timeout: 15_000 }).toContain('DS001');

    // The citizen's chat carries the matter card; the seat's 事项 pane the guide.
    const card = c.getByTestId('matter-card');
    await expect.poll(() => card.getAttribute('data-matter')).toBe(marriage.id);
    expect(await c.getByTestId('matter-card-name').innerText()).toBe('结婚登记');
    expect(await c.getByTestId('matter-card-source').innerText()).toBe('市民从办事指南咨询');
    await screenshot(c, 'catalog-chat-card');

    await s.getByTestId('aside-matter').click();
    const pane = s.getByTestId('matter-pane');
    await expect.poll(() => pane.getByTestId('matter-source').innerText()).toContain('市民从办事指南咨询');
    await expect.poll(() => pane.getByTestId('matter-guide').getAttribute('data-matter-id')).toBe(marriage.id);
    expect(await pane.getByTestId('matter-guide-name').innerText()).toBe('结婚登记');
    expect(await pane.getByTestId('matter-steps').innerText()).toContain(guide.steps[0]!.title);
    expect(await pane.getByTestId('matter-phone').innerText()).toBe(guide.phone);
    await screenshot(s, 'catalog-workbench-matter');

    // The seat finds 补领婚姻登记证 and pushes it; the citizen's card follows without a reload.
    await c.evaluate(() => ((window as unknown as { __samePage?: boolean }).__samePage = true));
    await field(s, 'matter-search', 'input').fill('补领婚姻');
    const result = s.locator(`[data-testid=matter-result][data-matter-id="${reissue.id}"]`);
    await result.waitFor();
    await result.getByTestId('matter-push').click();
    await expect.poll(() => card.getAttribute('data-matter'), { timeout: 15_000 }).toBe(reissue.id);
    expect(await c.getByTestId('matter-card-name').innerText()).toBe('补领婚姻登记证');
    expect(await c.getByTestId('matter-card-source').innerText()).toBe('坐席推送');
    expect(await c.evaluate(() => (window as unknown as { __samePage?: boolean }).__samePage)).toBe(true);
    await expect.poll(() => pane.getByTestId('matter-guide-name').innerText()).toBe('补领婚姻登记证');
    expect(await pane.getByTestId('matter-source').innerText()).toContain('坐席推送');
    await screenshot(c, 'catalog-chat-pushed');
    await settled(s);
    await screenshot(s, 'catalog-workbench-pushed');

    // The ticket records the matter and a 关联事项 step by the seat.
    const conversation = await seatReads(s, `/conversations/${conversationId}`);
    expect(conversation).toMatchObject({ matter: { id: reissue.id }, matterSource: 'seat' });
    const { ticket } = await seatReads(s, `/tickets/${conversation.ticket.id}`);
    expect(ticket.matter).toEqual({ id: reissue.id, name: '补领婚姻登记证' });
    const steps = (ticket.timeline as Array<Record<string, any>>).filter((e) => e.type === 'matter_set');
    expect(steps.at(-1)).toMatchObject({
      kind: 'event',
      label: '关联事项',
      actor: { type: 'seat' },
      data: { matterId: reissue.id, name: '补领婚姻登记证', source: 'seat' },
    });
  });

  it('detects 结婚登记 from a second citizen’s own words, on both sides', async () => {
    const s = env.seat.page;
    const base = env.system.baseUrl;
    const marriage = await matterNamed('结婚登记');
    const second = await openPage(PHONE, { callsFrom: base });
    try {
      const c = second.page;
      await c.goto(`${base}/h5/`);
      await c.getByTestId(`region-${REGION}`).click();
      await c.getByTestId('quick-connect').click();
      await c.getByTestId('chat-status').waitFor();

      const offer = s.getByTestId('offer-card').first();
      await offer.waitFor({ timeout: 15_000 });
      expect(await offer.innerText()).toContain('未指定事项');
      const conversationId = (await offer.getAttribute('data-conversation-id'))!;
      await offer.getByTestId('offer-accept').click();
      await expect.poll(() => c.getByTestId('chat-status').innerText(), { timeout: 15_000 }).toContain('DS001');
      expect(await c.getByTestId('matter-card').count()).toBe(0);

      await citizenTypes(c, 'message-input', '我想问问领证要带什么');
      await c.getByTestId('send-button').click();

      const card = c.getByTestId('matter-card');
      await expect.poll(() => card.getAttribute('data-matter'), { timeout: 15_000 }).toBe(marriage.id);
      expect(await c.getByTestId('matter-card-source').innerText()).toBe('系统根据市民描述识别');
      await c.getByTestId('matter-card-peek').click();
      expect(await c.getByTestId('matter-card-materials').innerText()).toContain('双方居民身份证');
      await screenshot(c, 'catalog-chat-detected');

      await s.locator(`[data-testid=conversation-item][data-conversation-id="${conversationId}"]`).click();
      await s.getByTestId('aside-matter').click();
      const pane = s.getByTestId('matter-pane');
      await expect
        .poll(() => pane.getByTestId('matter-source').innerText(), { timeout: 15_000 })
        .toContain('系统根据市民描述识别');
      expect(await pane.innerText()).toContain('请与群众核实是否为该事项');
      await expect.poll(() => pane.getByTestId('matter-guide').getAttribute('data-matter-id')).toBe(marriage.id);
      await screenshot(s, 'catalog-workbench-detected');

      // From the card to the guide's 在哪办: a tap on the phone asks the phone to call it, and
      // 返回咨询 still leads back to the chat.
      const guide = await guideOf(marriage.id);
      await c.getByTestId('matter-card-guide').click();
      await c.getByTestId('guide-tab-where').click();
      await c.getByTestId(`call-${guide.phone}`).waitFor();
      expect(await c.getByTestId('ask-seat').innerText()).toBe('返回咨询');
      await tapsToCall(second, guide.phone);
      await c.getByTestId('ask-seat').click();
      await expect.poll(() => card.getAttribute('data-matter')).toBe(marriage.id);
      expect(await c.getByTestId('guide-head').count()).toBe(0);
    } finally {
      await second.close();
    }
  });
});
