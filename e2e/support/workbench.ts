/** The staff app in a browser page: log in as a demo account, a seat going 空闲. */
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';

export const DEMO_PASSWORD = 'Demo@12345';

/** Element Plus renders the data-testid on a wrapper or on the input itself, depending on the version. */
export function field(root: Page | Locator, testId: string, tag: 'input' | 'textarea'): Locator {
  return root
    .getByTestId(testId)
    .locator(tag)
    .or(root.locator(`${tag}[data-testid=${testId}]`))
    .first();
}

/** Logs a demo staff account in to the staff app. */
export async function loginStaff(page: Page, baseUrl: string, username: string): Promise<void> {
  await page.goto(`${baseUrl}/agent/`);
  await field(page, 'login-username', 'input').fill(username);
  await field(page, 'login-password', 'input').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
}

export async function loginSeatIdle(page: Page, baseUrl: string, username: string): Promise<void> {
  await loginStaff(page, baseUrl, username);
  const stateSwitch = page.getByTestId('seat-state');
  await stateSwitch.waitFor();
  await stateSwitch.click();
  await page.getByTestId('state-option-idle').click();
  await expect.poll(() => stateSwitch.getAttribute('data-state')).toBe('idle');
}

/** Types into the conversation composer and sends. */
export async function seatSends(page: Page, text: string): Promise<void> {
  await field(page, 'message-input', 'textarea').fill(text);
  await page.getByTestId('send-button').click();
}

/** The citizen's H5 hall: pick a region and tap 快速连线 (the seat takes the offer after). */
export async function citizenQuickConnect(page: Page, baseUrl: string, regionCode: string): Promise<void> {
  await page.goto(`${baseUrl}/h5/`);
  await page.getByTestId(`region-${regionCode}`).click();
  await page.getByTestId('quick-connect').click();
}

/** The seat accepts the first offer; returns its conversation id. */
export async function seatAcceptsFirstOffer(page: Page): Promise<string> {
  const offer = page.getByTestId('offer-card').first();
  await offer.waitFor({ timeout: 15_000 });
  const conversationId = (await offer.getAttribute('data-conversation-id')) ?? '';
  await offer.getByTestId('offer-accept').click();
  return conversationId;
}
