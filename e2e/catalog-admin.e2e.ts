/**
 * 事项管理 in a real Chromium page (SPEC 5): the admin imports a small JSON file — one new matter
 * of 东胜区 and one malformed row — through the file input and watches the run to its report
 * (新增 1, the rejected row with its reason); citizens find the new matter at once; the admin adds
 * it to a life-event theme in 场景编排 and the citizen's theme lists it; 变更记录 names the admin;
 * the 可辅助申报 switch of the new matter toggles and stays after a reload.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { CatalogMatterInput, MatterSummaryView } from '@cloud-seat/contracts';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { callApi } from './support/api.js';
import { screenshot } from './support/browser.js';
import { field, loginStaff } from './support/workbench.js';
import { DESKTOP, systemWithPages } from './support/setup.js';

const REGION = '150602';
const THEME = 'p-documents';
const NAME = '测试事项甲';

const env = systemWithPages({ admin: DESKTOP });

/** Lets Element Plus messages and transitions finish before a screenshot. */
async function settled(page: Page) {
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))));
}

async function publicSearch(q: string): Promise<MatterSummaryView[]> {
  const { status, body } = await callApi(env.system.baseUrl, `/regions/${REGION}/matters?q=${encodeURIComponent(q)}`);
  expect(status).toBe(200);
  return body.matters as MatterSummaryView[];
}

describe('事项管理: import, scenario order, change log and 可辅助申报', () => {
  it('imports a file, then curates the new matter for citizens', async () => {
    const p = env.admin.page;
    const base = env.system.baseUrl;
    const tag = randomBytes(3).toString('hex').toUpperCase();
    const basicCode = `E2E${tag}`;
    const valid: CatalogMatterInput = {
      regionCode: REGION,
      basicCode,
      implCode: `11150602E2E${tag}01`,
      name: NAME,
      type: '20',
      implementingBody: '东胜区政务服务局',
      serviceObjects: ['person'],
      category: '综合咨询',
      summary: '端到端测试导入的事项。',
      aliases: ['测试甲'],
      steps: [{ title: '申请', detail: '到窗口提交材料。' }],
      materials: [{ name: '居民身份证', required: true, form: 'paper', copies: '原件1份' }],
      address: '东胜区政务服务中心一楼',
      hours: '周一至周五 9:00-17:00',
      phone: '0477-8000000',
      promisedLimitDays: 3,
      visits: 1,
    };
    const malformed = { ...valid, implCode: `11150602E2E${tag}02`, name: '测试事项乙', type: '99' };
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cs-catalog-'));
    const file = path.join(dir, '事项.json');
    await fs.writeFile(file, JSON.stringify([valid, malformed]));

    try {
      await loginStaff(p, base, 'admin');
      await p.getByTestId('nav-catalog').click();
      await p.waitForURL(/#\/settings\/catalog/);
      await p.getByTestId('catalog-sync').waitFor();

      // The file goes in through the file input; the run is followed to its report.
      await p.getByTestId('import-input').setInputFiles(file);
      const run = p.getByTestId('catalog-run');
      await expect.poll(() => run.locator('.run__origin').innerText()).toContain('事项.json');
      await expect.poll(() => run.getAttribute('data-status'), { timeout: 15_000 }).toBe('succeeded');
      expect(await run.getByTestId('run-progress').innerText()).toContain('2');
      expect(await run.locator('.run__count--added .run__count-value').innerText()).toBe('1');
      const rejected = run.getByTestId('run-rejected');
      expect(await rejected.innerText()).toContain('测试事项乙');
      expect(await rejected.innerText()).toContain('第2条');
      expect(await rejected.innerText()).toContain('事项类型');
      await settled(p);
      await screenshot(p, 'catalog-admin-import');

      // Citizens find it at once; the malformed row is nowhere.
      const [found] = await publicSearch(NAME);
      expect(found).toMatchObject({ name: NAME, basicCode, assistedFiling: false });
      expect((await publicSearch('测试事项乙')).map((m) => m.name)).not.toContain('测试事项乙');

      // 场景编排: add it to 证件办理 and save; the citizen's theme lists it.
      await p.getByTestId('tab-scenarios').click();
      await p.getByTestId(`theme-${THEME}`).click();
      await p.waitForURL(new RegExp(`theme=${THEME}`));
      const matters = p.getByTestId('scenario-matters');
      await expect.poll(() => matters.innerText()).toContain('居民身份证补领');
      await p.getByTestId('scenario-add').click();
      await p.keyboard.type(NAME);
      const option = p.locator('.el-select-dropdown__item').filter({ hasText: basicCode });
      await option.click();
      await p.getByTestId('scenario-dirty').waitFor();
      await expect.poll(() => matters.innerText()).toContain(NAME);
      await p.getByTestId('scenario-save').click();
      await p.getByTestId('scenario-dirty').waitFor({ state: 'detached' });
      await settled(p);
      await screenshot(p, 'catalog-admin-scenario');
      const theme = await callApi(base, `/scenarios/${THEME}?regionCode=${REGION}`);
      expect(theme.status).toBe(200);
      const listed = (theme.body.matters as MatterSummaryView[]).map((m) => m.name);
      expect(listed).toContain(NAME);
      expect(listed.at(-1)).toBe(NAME);

      // 变更记录: the new order, by 系统管理员.
      await p.getByTestId('tab-catalog-changes').click();
      const changes = p.getByTestId('catalog-changes');
      await expect.poll(() => changes.innerText()).toContain(NAME);
      const latest = changes.locator('tbody tr').first();
      expect(await latest.innerText()).toContain('系统管理员');
      expect(await latest.innerText()).toContain(NAME);
      await screenshot(p, 'catalog-admin-changes');

      // 可辅助申报: the switch toggles, is recorded, and stays after a reload.
      await p.getByTestId('tab-catalog').click();
      await field(p, 'catalog-q', 'input').fill(NAME);
      const assisted = p.getByTestId(`assisted-${basicCode}`);
      await expect.poll(() => p.getByTestId('catalog-entries').innerText()).toContain('共 1 个事项');
      expect(await assisted.getAttribute('class')).not.toContain('is-checked');
      await assisted.click();
      await expect.poll(() => assisted.getAttribute('class')).toContain('is-checked');
      await expect.poll(async () => (await publicSearch(NAME))[0]?.assistedFiling).toBe(true);
      await p.reload();
      await field(p, 'catalog-q', 'input').fill(NAME);
      await expect.poll(() => p.getByTestId('catalog-entries').innerText()).toContain('共 1 个事项');
      await expect.poll(() => p.getByTestId(`assisted-${basicCode}`).getAttribute('class')).toContain('is-checked');
      await settled(p);
      await screenshot(p, 'catalog-admin-assisted');
      await p.getByTestId('tab-catalog-changes').click();
      await expect.poll(() => changes.locator('tbody tr').first().innerText()).toContain('辅助申报');
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
