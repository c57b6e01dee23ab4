/**
 * The public region view in the citizen H5 app: the default region comes from the browser's
 * location (nearest region centre), seat cards change live within a second of a seat's state
 * change, teams and counts are shown, and filters by team, skill and name or 工号 work.
 */
import { describe, expect, it } from 'vitest';
import { REGION_CENTRES } from '@cloud-seat/contracts';
import { screenshot } from './support/browser.js';
import { PHONE, systemWithPages } from './support/setup.js';

const env = systemWithPages({ citizen: PHONE });

async function seatState(username: string, state: string) {
  const base = env.system.baseUrl;
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ username, password: 'Demo@12345' }),
  });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const res = await fetch(`${base}/api/seat/state`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', origin: base, cookie },
    body: JSON.stringify({ state }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { id: string };
}

describe('public region view', () => {
  it('defaults to the nearest region, shows teams and counts, updates live and filters', async () => {
    const c = env.citizen.page;
    // The citizen is in 伊金霍洛旗 (a first visit: no region remembered).
    await env.citizen.context.grantPermissions(['geolocation'], { origin: env.system.baseUrl });
    await env.citizen.context.setGeolocation({
      latitude: REGION_CENTRES['150627'].lat,
      longitude: REGION_CENTRES['150627'].lng,
    });
    // Two of the region's seats are on duty before the page opens.
    await seatState('yjhl002', 'busy');
    await seatState('yjhl003', 'idle');
    await c.goto(`${env.system.baseUrl}/h5/`);
    await c.getByTestId('located-hint').waitFor({ timeout: 10_000 });
    expect(await c.getByTestId('located-hint').innerText()).toContain('伊金霍洛旗');
    await expect.poll(() => c.getByTestId('state-count-idle').innerText()).toContain('1');
    expect(await c.getByTestId('state-count-busy').innerText()).toContain('1');
    await c.locator('[data-testid^=team-]').first().waitFor();
    expect(await c.locator('[data-testid^=team-]').count()).toBe(2);

    // yjhl001 comes on duty: its card appears within a second, without a reload.
    const started = Date.now();
    const seat = await seatState('yjhl001', 'idle');
    const card = c.getByTestId(`seat-${seat.id}`);
    await card.waitFor({ timeout: 1000 });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await card.getAttribute('data-state')).toBe('idle');
    await expect.poll(() => c.getByTestId('state-count-idle').innerText()).toContain('2');
    await screenshot(c, 'region-view');

    // It goes busy, then off duty: the card follows, then leaves.
    await seatState('yjhl001', 'busy');
    await expect.poll(() => card.getAttribute('data-state'), { timeout: 1000 }).toBe('busy');
    await seatState('yjhl001', 'offline');
    await expect.poll(() => card.count(), { timeout: 1000 }).toBe(0);

    // Filters: a team, a skill, a name or 工号.
    await c.getByTestId('filter-category-社会保障').click();
    await expect.poll(() => c.locator('[data-testid^=team-]').count()).toBe(1);
    await c.getByTestId('team-社会保障').waitFor();
    await c.getByTestId('filter-category-社会保障').click(); // off again
    await expect.poll(() => c.locator('[data-testid^=team-]').count()).toBe(2);
    await c.getByTestId('seat-search').locator('input').fill('YJHL003');
    await expect.poll(() => c.locator('[data-testid^=seat-][data-state]').count()).toBe(1);
    await screenshot(c, 'region-view-search');
    await c.getByTestId('elder-toggle').click();
    await c.getByTestId('seat-search').scrollIntoViewIfNeeded();
    await screenshot(c, 'region-view-elder');
    await c.getByTestId('elder-toggle').click();

    // The region stays switchable by hand.
    await c.getByTestId('region-150602').click();
    await expect.poll(() => c.getByTestId('located-hint').count()).toBe(0);
  });
});
