/**
 * 同屏协助 (issue #9) in two real Chromium pages: the citizen in a chat with ds001 opens the
 * 网上申报 form, taps 同屏协助 and consents; the seat sees the page live (typed text appears,
 * the ID number stays masked), highlights a field and sends fill guidance the citizen accepts
 * with one tap; the seat ends it; the ticket's timeline has the start, the annotations and the end;
 * the seat's next invitation reaches the citizen in the chat and opens the consent prompt.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot } from './support/browser.js';
import { DESKTOP, PHONE, systemWithPages } from './support/setup.js';
import { citizenQuickConnect, field, loginSeatIdle, seatAcceptsFirstOffer } from './support/workbench.js';

const SEAT = { username: 'ds001', region: '150602' };
const env = systemWithPages({ seat: DESKTOP, citizen: PHONE });

/** A field's value as the seat's mirror shows it (the Replayer's iframe is same-origin). */
function mirrored(seat: Page, key: string): Promise<string | null> {
  return seat.evaluate((k) => {
    const frame = document.querySelector<HTMLIFrameElement>('[data-testid=cobrowse-mirror] iframe');
    const el = frame?.contentDocument?.querySelector<HTMLInputElement | HTMLTextAreaElement>(
      `[data-field="${k}"] input, [data-field="${k}"] textarea`,
    );
    return el ? el.value : null;
  }, key);
}

async function pickField(seat: Page, label: string) {
  await seat.getByTestId('cobrowse-field').click();
  await seat.locator('.el-select-dropdown__item:visible').filter({ hasText: label }).first().click();
}

describe('co-browsing', () => {
  it('mirrors the form live with the ID masked, carries a highlight and fill guidance back, and ends', async () => {
    const s = env.seat.page;
    const c = env.citizen.page;
    await loginSeatIdle(s, env.system.baseUrl, SEAT.username);

    await citizenQuickConnect(c, env.system.baseUrl, SEAT.region);
    const conversationId = await seatAcceptsFirstOffer(s);
    await expect.poll(() => c.getByTestId('chat-status').innerText(), { timeout: 15_000 }).toContain('DS001');

    // The citizen opens the form from the chat and asks for 同屏协助: the consent says what is seen.
    await c.getByTestId('chat-cobrowse').click();
    await c.getByTestId('cobrowse-start').click();
    const consent = c.getByTestId('cobrowse-consent');
    await consent.waitFor();
    expect(await consent.innerText()).toContain('敏感信息默认遮挡');
    await screenshot(c, 'cobrowse-citizen-consent');
    await c.getByTestId('cobrowse-agree').click();
    await expect.poll(() => c.getByTestId('cobrowse-status').innerText()).toContain('同屏协助中');

    // The seat sees the page live.
    await expect.poll(() => s.getByTestId('cobrowse-seat-status').innerText(), { timeout: 15_000 }).toContain('同屏中');
    await expect.poll(() => mirrored(s, 'address'), { timeout: 15_000 }).toBe('');

    const address = '东胜区铁西街道天骄路10号';
    const typedAt = Date.now();
    await c.locator('[data-field=address] input').fill(address);
    await expect.poll(() => mirrored(s, 'address'), { timeout: 10_000 }).toBe(address);
    const typingToSeatMs = Date.now() - typedAt;

    const idNumber = '15060219900101123X';
    await c.locator('[data-field=idNumber] input').fill(idNumber);
    await expect.poll(() => mirrored(s, 'idNumber'), { timeout: 10_000 }).toBe('*'.repeat(idNumber.length));
    const mirrorHtml = await s.evaluate(
      () =>
        document.querySelector<HTMLIFrameElement>('[data-testid=cobrowse-mirror] iframe')?.contentDocument
          ?.documentElement.outerHTML ?? '',
    );
    expect(mirrorHtml).not.toContain('19900101');
    await screenshot(s, 'cobrowse-seat-mirror');

    // A highlight reaches the citizen's page.
    await pickField(s, '住址');
    await s.getByTestId('cobrowse-highlight').click();
    await expect
      .poll(() => c.locator('[data-field=address]').getAttribute('class'), { timeout: 10_000 })
      .toContain('field--highlight');

    // Fill guidance: the citizen's 采用 puts the value in the form.
    const reason = '申请办理个体工商户营业执照变更登记';
    await pickField(s, '申请事由');
    await field(s, 'cobrowse-suggestion', 'input').fill(reason);
    await s.getByTestId('cobrowse-guide').click();
    const guidance = c.getByTestId('cobrowse-guidance');
    await guidance.waitFor({ timeout: 10_000 });
    expect(await guidance.innerText()).toContain(reason);
    await screenshot(c, 'cobrowse-citizen-guidance');
    await c.getByTestId('cobrowse-guidance-accept').click();
    await expect.poll(() => c.locator('[data-field=reason] textarea').inputValue()).toBe(reason);
    await expect.poll(() => mirrored(s, 'reason'), { timeout: 10_000 }).toBe(reason);
    await expect.poll(() => s.getByTestId('cobrowse-answer').innerText(), { timeout: 10_000 }).toContain('已采用');
    await screenshot(s, 'cobrowse-seat-after-guidance');

    // The seat ends it; the citizen is told.
    await s.getByTestId('cobrowse-seat-end').click();
    await expect.poll(() => c.getByTestId('cobrowse-status').innerText(), { timeout: 10_000 }).toContain('已结束');
    await screenshot(c, 'cobrowse-citizen-ended');

    // On the ticket: start, two annotations, end; and the replay for audit.
    const detail = await s.evaluate(async (id) => {
      const conversation = await (await fetch(`/api/conversations/${id}`)).json();
      return (await (await fetch(`/api/tickets/${conversation.ticket.id}`)).json()).ticket;
    }, conversationId);
    const steps = (detail.timeline as Array<{ kind: string; type?: string; label?: string }>)
      .filter((e) => e.kind === 'event' && e.type?.startsWith('cobrowse_'))
      .map((e) => [e.type, e.label]);
    expect(steps).toEqual([
      ['cobrowse_started', '同屏协助开始'],
      ['cobrowse_annotation', '同屏标注'],
      ['cobrowse_annotation', '同屏标注'],
      ['cobrowse_ended', '同屏协助结束'],
    ]);

    // The seat may invite again: the invitation reaches the citizen in the chat and opens the consent.
    await c.goBack();
    await c.getByTestId('chat-status').waitFor();
    await s.getByTestId('cobrowse-invite').click();
    const invite = c.getByTestId('cobrowse-invite');
    await invite.waitFor({ timeout: 10_000 });
    await screenshot(c, 'cobrowse-citizen-invited');
    await invite.getByTestId('cobrowse-invite-open').click();
    await c.getByTestId('cobrowse-consent').waitFor({ timeout: 10_000 });
    await c.getByTestId('cobrowse-decline').click();
    expect(await c.getByTestId('cobrowse-consent').count()).toBe(0);

    console.log(`[cobrowse] typing → visible on the seat's mirror: ${typingToSeatMs} ms (one sample, polled)`);
  });
});
