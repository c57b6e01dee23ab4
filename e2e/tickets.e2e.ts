/**
 * 工单管理 in real Chromium pages. Two tickets come from the real flow (citizens over HTTP, seat
 * ds001 logged in to the workbench answering through its own session): one rated and closed,
 * one resolved without a rating. ds001 reads 我的工单 without leaving duty (an offer still
 * arrives meanwhile), reopens the second and escalates it; admin filters 东胜区 by status and by 已升级, reads the timeline in order,
 * hands the ticket back and downloads the filtered CSV; the supervisor of 市本级 sees neither.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot } from './support/browser.js';
import { field, loginSeatIdle, loginStaff } from './support/workbench.js';
import { DESKTOP, systemWithPages } from './support/setup.js';

const REGION = '150602';

const env = systemWithPages({ seat: DESKTOP, admin: DESKTOP, supervisor: { width: 1280, height: 800 } });

/** A citizen over HTTP with a bearer token. */
async function citizenApi<T>(token: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${env.system.baseUrl}/api${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${path}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** The seat's own session: fetch from inside its workbench page (same origin, its cookie). */
async function seatApi<T>(page: Page, path: string, body?: unknown): Promise<T> {
  return page.evaluate(
    async ([p, b]) => {
      const res = await fetch(`/api${p}`, {
        method: b === undefined ? 'GET' : 'POST',
        headers: { 'content-type': 'application/json' },
        body: b === undefined ? undefined : JSON.stringify(b),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${p}: ${res.status} ${text}`);
      return text ? JSON.parse(text) : undefined;
    },
    [path, body] as const,
  ) as Promise<T>;
}

/** A citizen connects, both sides write, the seat ends; returns the ticket number. */
async function serve(name: string, lines: Array<['citizen' | 'seat', string]>): Promise<{ token: string; id: string }> {
  const { token } = await citizenApi<{ token: string }>('', '/auth/guest', { displayName: name });
  const conversation = await citizenApi<{ id: string }>(token, '/conversations', { regionCode: REGION });
  let offerId = '';
  await expect
    .poll(
      async () => {
        const { offers } = await seatApi<{ offers: Array<{ id: string; conversation: { id: string } }> }>(
          env.seat.page,
          '/seat/offers',
        );
        offerId = offers.find((o) => o.conversation.id === conversation.id)?.id ?? '';
        return offerId;
      },
      { timeout: 15_000 },
    )
    .not.toBe('');
  await seatApi(env.seat.page, `/offers/${offerId}/accept`, {});
  for (const [who, body] of lines) {
    const path = `/conversations/${conversation.id}/messages`;
    if (who === 'citizen') await citizenApi(token, path, { clientId: randomUUID(), body });
    else await seatApi(env.seat.page, path, { clientId: randomUUID(), body });
  }
  await seatApi(env.seat.page, `/conversations/${conversation.id}/end`, {});
  return { token, id: conversation.id };
}

/** Picks options of an Element Plus select (its dropdown is teleported to the body). */
async function choose(page: Page, testId: string, labels: string[]) {
  await page.getByTestId(testId).click();
  for (const label of labels) {
    await page
      .locator('.el-select-dropdown__item:visible')
      .filter({ hasText: new RegExp(`^\\s*${label}\\s*$`) })
      .click();
  }
  await page.keyboard.press('Escape');
}

const rows = (page: Page) => page.getByTestId('ticket-row');

describe('ticket management', () => {
  let rated = '';
  let ratedId = '';
  let unrated = '';

  it('a seat reads 我的工单 while on duty, reopens a ticket and escalates it', async () => {
    const s = env.seat.page;
    await loginSeatIdle(s, env.system.baseUrl, 'ds001');

    const first = await serve('张建国', [
      ['citizen', '你好，我想咨询结婚登记需要带什么材料？<b>急</b>'],
      ['seat', '您好，需要双方身份证、户口本和近期合影照片。'],
      ['citizen', '好的，谢谢！'],
    ]);
    await citizenApi(first.token, `/conversations/${first.id}/evaluation`, {
      rating: 4,
      label: 'satisfied',
      comment: '解答清楚',
    });
    await serve('李秀兰', [
      ['citizen', '社保卡丢了怎么补办？'],
      ['seat', '可以在线申请补卡，7 个工作日内寄到。'],
    ]);

    // 我的工单 from the top bar; the workbench stays connected behind it.
    await s.getByTestId('nav-tickets').click();
    await expect.poll(() => rows(s).count(), { timeout: 15_000 }).toBe(2);
    expect(await s.locator('.panel__title').innerText()).toBe('我的工单');
    expect(await s.getByTestId('filter-region').count()).toBe(0);
    const numbers = await rows(s).allInnerTexts();
    [unrated = '', rated = ''] = numbers; // newest first
    expect(await s.getByTestId('tickets-total').innerText()).toBe('共 2 条');

    // Reopen the resolved one, then escalate it with a note.
    await rows(s).first().click();
    const detail = s.getByTestId('ticket-detail');
    await expect.poll(() => detail.getByTestId('ticket-number').innerText()).toBe(unrated);
    expect(await detail.getByTestId('ticket-status').innerText()).toBe('已解决');
    await detail.getByTestId('ticket-action-reopen').click();
    await field(s, 'ticket-action-note', 'textarea').fill('群众来电补充：要加急');
    await s.getByTestId('ticket-action-confirm').click();
    await expect.poll(() => detail.getByTestId('ticket-status').innerText()).toBe('待回复');
    await detail.getByTestId('ticket-action-escalate').click();
    await s.getByTestId('ticket-action-confirm').click(); // no note: refused in the dialog
    await s.getByText('请填写说明', { exact: true }).waitFor();
    await field(s, 'ticket-action-note', 'textarea').fill('涉及异地补卡，请班长协调');
    await s.getByTestId('ticket-action-confirm').click();
    await detail.getByTestId('ticket-escalated').waitFor();
    expect(await detail.getByTestId('ticket-actions').innerText()).not.toContain('升级至班长');
    const notes = await detail.getByTestId('timeline-note').allInnerTexts();
    expect(notes.slice(-2)).toEqual(['群众来电补充：要加急', '涉及异地补卡，请班长协调']);
    // The list row followed.
    expect(await s.getByTestId('ticket-row-status').first().innerText()).toBe('待回复');
    await screenshot(s, 'tickets-seat-detail');
    await s.getByTestId('ticket-close').click();
    await s.getByTestId('ticket-detail').waitFor({ state: 'hidden' });
    await screenshot(s, 'tickets-seat-list');

    // A citizen connects while the seat reads its tickets: the offer still arrives, because the
    // workbench stays connected behind this page; the top bar says someone is waiting.
    const { token } = await citizenApi<{ token: string }>('', '/auth/guest', { displayName: '赵敏' });
    const waiting = await citizenApi<{ id: string }>(token, '/conversations', { regionCode: REGION });
    await expect.poll(() => s.getByTestId('nav-pending').innerText(), { timeout: 15_000 }).toBe('1');
    await s.getByTestId('nav-workbench').click();
    await s.getByTestId('offer-card').first().waitFor();
    await citizenApi(token, `/conversations/${waiting.id}/end`, {}); // gives up before it is taken
    await expect.poll(() => s.getByTestId('offer-card').count(), { timeout: 15_000 }).toBe(0);

    // Back on the workbench the seat is still 空闲 and connected.
    expect(await s.getByTestId('seat-state').getAttribute('data-state')).toBe('idle');
    await expect.poll(() => s.getByText('实时连接正常').count()).toBe(1);
  });

  it('admin filters 东胜区, reads the timeline in order, hands back, exports CSV', async () => {
    const a = env.admin.page;
    await loginStaff(a, env.system.baseUrl, 'admin');
    // No seat: straight to 工单管理.
    await a.waitForURL(/#\/tickets/);
    await a.getByTestId('ticket-table').waitFor();
    expect(await a.locator('.panel__title').innerText()).toBe('工单管理');

    await choose(a, 'filter-region', ['东胜区']);
    await choose(a, 'filter-status', ['已关闭']);
    await a.getByTestId('filter-search').click();
    await a.waitForURL(/regionCode=150602/);
    expect(a.url()).toContain('status=closed');
    await expect.poll(() => rows(a).allInnerTexts()).toEqual([rated]);
    expect(await a.getByTestId('tickets-total').innerText()).toBe('共 1 条');
    ratedId = (await rows(a).first().getAttribute('data-ticket-id'))!;
    await screenshot(a, 'tickets-list');

    // The filtered list is a link: it opens the same list elsewhere.
    const link = a.url();
    await a.reload();
    await expect.poll(() => rows(a).allInnerTexts()).toEqual([rated]);
    expect(link).toBe(a.url());

    // The detail: summary, then the whole process in order.
    await rows(a).first().click();
    const detail = a.getByTestId('ticket-detail');
    await expect.poll(() => detail.getByTestId('ticket-number').innerText()).toBe(rated);
    const summary = await detail.getByTestId('ticket-summary').innerText();
    expect(summary).toContain('张建国');
    expect(summary).toContain('DS001');
    expect(summary).toContain('满意');
    expect(summary).toContain('解答清楚');
    const items = detail.locator('[data-testid=timeline-step], [data-testid=timeline-message]');
    const kinds = await items.evaluateAll((els) =>
      els.map((e) =>
        e.getAttribute('data-testid') === 'timeline-step'
          ? `step:${e.getAttribute('data-type')}`
          : `msg:${e.getAttribute('data-sender')}:${(e.textContent ?? '').trim().slice(0, 40)}`,
      ),
    );
    const at = (prefix: string) => kinds.findIndex((k) => k.startsWith(prefix));
    expect(at('step:created')).toBe(0);
    expect(at('step:queued')).toBeGreaterThan(at('step:created'));
    expect(at('step:offered')).toBeGreaterThan(at('step:queued'));
    expect(at('step:accepted')).toBeGreaterThan(at('step:offered'));
    const asked = at('msg:citizen');
    expect(asked).toBeGreaterThan(at('step:accepted'));
    expect(at('msg:seat')).toBeGreaterThan(asked);
    expect(at('step:ended')).toBeGreaterThan(at('msg:seat'));
    expect(at('step:evaluated')).toBeGreaterThan(at('step:ended'));
    // The citizen's markup is shown as typed.
    expect(await items.nth(asked).innerText()).toContain('<b>急</b>');
    expect(await detail.locator('.content__bubble b').count()).toBe(0);
    const steps = await detail.getByTestId('timeline-step').allInnerTexts();
    expect(steps.find((t) => t.includes('分配坐席'))).toContain('刘敏（DS001）');
    expect(steps.find((t) => t.includes('群众评价'))).toContain('4 星，满意');
    await a.waitForTimeout(500); // the drawer slides in
    await screenshot(a, 'tickets-detail');
    await a.getByTestId('ticket-close').click();
    await a.waitForURL((u) => !u.hash.includes('/tickets/'));

    // CSV of the current filter: the rated ticket only.
    const [download] = await Promise.all([a.waitForEvent('download'), a.getByTestId('export-csv').click()]);
    const csv = await fs.readFile((await download.path())!, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.slice(1).trim().split(/\r?\n/);
    expect(lines[0]).toContain('工单号');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(rated);
    expect(lines[1]).toContain('已关闭');
    expect(lines[1]).toContain('张建国');
    expect(csv).not.toContain(unrated);

    // 仅看已升级: the escalated ticket; the supervisor role (admin here) hands it back.
    await a.getByTestId('filter-reset').click();
    await a.getByTestId('filter-escalated').click();
    await choose(a, 'filter-region', ['东胜区']);
    await a.getByTestId('filter-search').click();
    await a.waitForURL(/escalated=true/);
    await expect.poll(() => rows(a).allInnerTexts()).toEqual([unrated]);
    await rows(a).first().click();
    const escalated = a.getByTestId('ticket-detail');
    await escalated.getByTestId('ticket-escalated').waitFor();
    await escalated.getByTestId('ticket-action-hand_back').click();
    await field(a, 'ticket-action-note', 'textarea').fill('已协调社保中心，请坐席回复群众');
    await a.getByTestId('ticket-action-confirm').click();
    await expect.poll(() => escalated.getByTestId('ticket-escalated').count()).toBe(0);
    const last = (await escalated.getByTestId('timeline-step').allInnerTexts()).at(-1)!;
    expect(last).toContain('将工单退回坐席');
    expect(last).toContain('已协调社保中心');
    await escalated.getByTestId('timeline-step').last().scrollIntoViewIfNeeded();
    await screenshot(a, 'tickets-detail-flow');
  });

  it("the supervisor of 市本级 sees its region only, not 东胜区's tickets", async () => {
    const p = env.supervisor.page;
    await loginStaff(p, env.system.baseUrl, 'supervisor');
    await p.waitForURL(/#\/tickets/);
    expect(await p.getByTestId('filter-region-fixed').innerText()).toBe('市本级');
    await p.getByTestId('tickets-total').filter({ hasText: '共' }).waitFor();
    expect(await rows(p).allInnerTexts()).not.toContain(rated);
    await screenshot(p, 'tickets-supervisor');
    // A link to a 东胜区 ticket says why it does not open.
    await p.goto(`${env.system.baseUrl}/agent/#/tickets/${ratedId}`);
    await p.getByText('该数据不在您的管辖区域内').waitFor();
    expect(await p.getByTestId('ticket-detail').count()).toBe(0);
  });
});
