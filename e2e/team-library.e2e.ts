/**
 * 话术与常见问题 in real Chromium pages: the 市本级 supervisor opens the page from the top bar,
 * adds a team phrase (an unknown variable is refused inline first) and edits it, then adds a
 * preset question. A citizen of 市本级 finds the new question among the chips and is answered at
 * once; the seat sbj001 accepts and finds the team phrase in its 快捷回复 picker, rendered. The
 * supervisor's ticket filter offers every seat of the region, offline ones too. The admin picks
 * any region; a seat has no such page.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot } from './support/browser.js';
import { field, loginSeatIdle, loginStaff } from './support/workbench.js';
import { DESKTOP, PHONE, systemWithPages } from './support/setup.js';

const REGION = '150600';
const QUESTION = '居住证到期了怎么续签？';
const ANSWER = '居住证有效期满前30日内，持本人身份证到居住地派出所办理签注。';

const env = systemWithPages({ supervisor: DESKTOP, seat: DESKTOP, citizen: PHONE });

/** Lets Element Plus dialogs and messages finish their transitions before a screenshot. */
async function settled(page: Page) {
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))));
}

describe('team phrases and FAQs managed by a supervisor', () => {
  it('adds a team phrase and an FAQ that the seat and the citizen of the region then use', async () => {
    const p = env.supervisor.page;
    await loginStaff(p, env.system.baseUrl, 'supervisor');
    await p.getByTestId('nav-library').click();
    await p.waitForURL(/#\/settings\/quick-replies/);
    expect(await p.getByTestId('library-region-fixed').innerText()).toContain('市本级');
    // The demo's team phrases of 市本级 are listed.
    await p.getByTestId('team-phrase-row').first().waitFor();
    await screenshot(p, 'library-team-phrases');

    // An unknown variable is refused with the reason, in the form; corrected, it is saved.
    await p.getByTestId('team-phrase-add').click();
    const dialog = p.getByTestId('team-phrase-dialog');
    await dialog.waitFor();
    await field(p, 'team-phrase-shortcut', 'input').fill('jzz');
    await field(p, 'team-phrase-title', 'input').fill('居住证提醒');
    await field(p, 'team-phrase-text', 'textarea').fill('{市民名字}，办理居住证请带好身份证。');
    await p.getByTestId('team-phrase-save').click();
    const error = p.getByTestId('team-phrase-error');
    await error.waitFor();
    expect(await error.innerText()).toContain('{市民名字}');
    await settled(p);
    await screenshot(p, 'library-team-phrase-refused');
    await field(p, 'team-phrase-text', 'textarea').fill('{市民姓名}，办理居住证请带好身份证，');
    await p.getByTestId('team-phrase-save').click();
    const row = p.locator('[data-testid=team-phrase-row][data-shortcut=jzz]');
    await row.waitFor();
    await dialog.waitFor({ state: 'hidden' });

    // Edited: the text gains a variable.
    await p.locator('tr', { has: row }).getByTestId('team-phrase-edit').click();
    await dialog.waitFor();
    expect(await field(p, 'team-phrase-shortcut', 'input').inputValue()).toBe('jzz');
    await field(p, 'team-phrase-text', 'textarea').fill('{市民姓名}，办理居住证请带好身份证，工单号{工单号}。');
    await p.getByTestId('team-phrase-save').click();
    await dialog.waitFor({ state: 'hidden' });
    await p.locator('tr', { has: row }).filter({ hasText: '工单号{工单号}' }).waitFor();
    await p.locator('.el-message').last().waitFor({ state: 'detached', timeout: 10_000 });
    await screenshot(p, 'library-team-phrase-saved');

    // 常见问题: the seeded questions (sort 0–5), then a new one placed second, among the chips.
    await p.getByTestId('tab-faqs').click();
    await p.waitForURL(/#\/settings\/faqs/);
    await p.getByTestId('faq-row').first().waitFor();
    const before = await p.getByTestId('faq-row').count();
    await p.getByTestId('faq-add').click();
    await p.getByTestId('faq-dialog').waitFor();
    await field(p, 'faq-question', 'input').fill(QUESTION);
    await field(p, 'faq-answer', 'textarea').fill(ANSWER);
    await field(p, 'faq-sort', 'input').fill('1');
    await settled(p);
    await screenshot(p, 'library-faq-dialog');
    await p.getByTestId('faq-save').click();
    await p.getByTestId('faq-dialog').waitFor({ state: 'hidden' });
    await p.locator(`[data-testid=faq-row][data-question="${QUESTION}"]`).waitFor();
    expect(await p.getByTestId('faq-row').count()).toBe(before + 1);
    expect((await p.getByTestId('faq-row').allInnerTexts()).indexOf(QUESTION)).toBeLessThan(3);
    await screenshot(p, 'library-faqs');

    // The citizen of 市本级 sees the new question and is answered at once.
    const c = env.citizen.page;
    await c.goto(`${env.system.baseUrl}/h5/`);
    await c.getByTestId(`region-${REGION}`).click();
    await c.getByTestId('quick-connect').click();
    const chip = c.getByTestId('faq-chip').filter({ hasText: QUESTION });
    await chip.waitFor({ timeout: 15_000 });
    await chip.click();
    await c.locator('[data-testid=message][data-sender=system]').filter({ hasText: '居住地派出所' }).waitFor({
      timeout: 15_000,
    });
    await screenshot(c, 'library-citizen-faq-answer');

    // The seat of 市本级 accepts and finds the team phrase, rendered for this conversation.
    const s = env.seat.page;
    await loginSeatIdle(s, env.system.baseUrl, 'sbj001');
    const offer = s.getByTestId('offer-card').first();
    await offer.waitFor({ timeout: 15_000 });
    await offer.getByTestId('offer-accept').click();
    const input = field(s, 'message-input', 'textarea');
    await input.waitFor();
    await input.click();
    await input.pressSequentially('/jzz');
    const item = s.locator('[data-testid=quick-reply-item][data-shortcut=jzz]');
    await item.waitFor({ timeout: 15_000 });
    const text = await item.innerText();
    expect(text).toContain('办理居住证请带好身份证，工单号GD');
    expect(text).not.toContain('{');
    await screenshot(s, 'library-seat-picker');

    // Back on 工单管理, the supervisor may filter by any seat of 市本级, offline ones too.
    await p.getByTestId('nav-tickets').click();
    await p.getByTestId('filter-seat').click();
    const options = p.locator('.el-select-dropdown__item:visible');
    await options.first().waitFor();
    const labels = await options.allInnerTexts();
    for (const jobNumber of ['SBJ001', 'SBJ002', 'SBJ003']) expect(labels.join(' ')).toContain(jobNumber);
    await screenshot(p, 'library-ticket-seat-filter');
  });

  it('lets the admin pick the region, and keeps seats out', async () => {
    const p = env.supervisor.page;
    await p.context().clearCookies();
    await loginStaff(p, env.system.baseUrl, 'admin');
    await p.getByTestId('nav-library').click();
    await p.getByTestId('tab-faqs').click();
    await p.getByTestId('library-region').click();
    await p.locator('.el-select-dropdown__item:visible', { hasText: '东胜区' }).click();
    await p.waitForURL(/region=150602/);
    await p.getByTestId('faq-row').first().waitFor();
    expect(await p.getByTestId('faq-row').allInnerTexts()).not.toContain(QUESTION);
    await settled(p);
    await screenshot(p, 'library-admin-faqs');

    const s = env.seat.page;
    expect(await s.getByTestId('nav-library').count()).toBe(0);
    await s.goto(`${env.system.baseUrl}/agent/#/settings/faqs`);
    await s.waitForURL(/#\/tickets/);
  });
});
