/**
 * 在线预约 in real Chromium pages, with one clock moved for the engine and both browsers:
 * every online seat of 康巴什区 is busy, so citizen A books a slot in the H5 app; citizen B books
 * the next one. At A's slot start A is reminded in the app, connects from the reminder and is
 * placed ahead of a citizen who queued earlier; the seat comes back and is offered A first.
 * B never connects and sees 已放弃 after the slot end plus the grace.
 */
import { QueryTypes } from 'sequelize';
import { describe, expect, it } from 'vitest';
import { TestClock } from '../engine/test/clock.js';
import { callApi, staffCookie, type ApiCall } from './support/api.js';
import { screenshot } from './support/browser.js';
import { PHONE, systemWithPages } from './support/setup.js';

const REGION = '150603';
const clock = new TestClock();

/** Tomorrow (Beijing) at an HH:mm Beijing time: inside the demo shifts (08:00–20:00) whenever the test runs. */
const day = new Date(Date.now() + 86400_000 + 8 * 3600_000).toISOString().slice(0, 10);
const at = (time: string) => new Date(`${day}T${time}:00+08:00`);

async function moveTo(time: string) {
  clock.set(at(time));
  await Promise.all([env.a.page.clock.setSystemTime(at(time)), env.b.page.clock.setSystemTime(at(time))]);
}

const api = (path: string, init?: ApiCall) => callApi(env.system.baseUrl, path, init);

// The engine starts at 10:03 on the moved clock.
clock.set(at('10:03'));
const env = systemWithPages(
  { a: PHONE, b: PHONE },
  {
    now: clock.now,
    prepare: async ({ a, b }) => {
      for (const p of [a, b]) await p.page.clock.install({ time: at('10:03') });
    },
  },
);

describe.skipIf(!!process.env.E2E_BASE_URL)('appointments (moved clock, in-process engine)', () => {
  it('books when all seats are busy, reminds, connects with priority; a missed slot is given up', async () => {
    const engine = env.system.engine!;
    // The only online seat of the region is busy.
    const cookie = await staffCookie(env.system.baseUrl, 'kbs001');
    expect((await api('/seat/state', { method: 'PUT', body: { state: 'busy' }, cookie })).status).toBe(200);

    // Citizen A: the hall says every seat is busy and offers booking.
    const pa = env.a.page;
    await pa.goto(`${env.system.baseUrl}/h5/`);
    await pa.getByTestId(`region-${REGION}`).click();
    await pa.getByTestId('busy-hint').waitFor();
    await screenshot(pa, 'appointment-hall-busy');
    await pa.getByTestId('open-booking').click();
    await pa.getByTestId(`booking-date-${day}`).waitFor();
    const firstSlot = pa.getByTestId('slot').first();
    await firstSlot.waitFor();
    expect(await firstSlot.getAttribute('data-start')).toBe(at('10:15').toISOString());
    await firstSlot.click();
    await pa.getByTestId('book-confirm').click();
    const mine = pa.getByTestId('appointment').first();
    await expect.poll(() => mine.getAttribute('data-status')).toBe('booked');
    await screenshot(pa, 'appointment-booked');
    // A goes back to the hall; the reminder will be pushed there.
    await pa.goto(`${env.system.baseUrl}/h5/`);
    await pa.getByTestId('open-booking').waitFor();

    // Citizen B books 10:30.
    const pb = env.b.page;
    await pb.goto(`${env.system.baseUrl}/h5/#/pages/appointment/appointment?region=${REGION}`);
    const slot1030 = pb.locator(`[data-testid=slot][data-start="${at('10:30').toISOString()}"]`);
    await slot1030.click();
    await pb.getByTestId('book-confirm').click();
    await expect.poll(() => pb.getByTestId('appointment').first().getAttribute('data-status')).toBe('booked');

    // Someone else queues at 10:16 without an appointment.
    await moveTo('10:15');
    expect((await engine.sweeper!.runOnce()).reminded).toBe(1);
    const guest = await api('/auth/guest', { method: 'POST', body: {} });
    await moveTo('10:16');
    const early = await api('/conversations', {
      method: 'POST',
      body: { regionCode: REGION },
      token: guest.body.token,
    });
    expect(early.body.status).toBe('queued');

    // A is reminded in the hall (pushed, the hall does not poll in H5) and connects from the
    // reminder: first in the queue.
    const banner = pa.getByTestId('notification-banner').first();
    await banner.waitFor({ timeout: 10_000 });
    expect(await banner.innerText()).toContain('10:15–10:30');
    await screenshot(pa, 'appointment-reminder');
    await pa.getByTestId('notification-connect').click();
    const standing = pa.getByTestId('queue-standing');
    await expect.poll(() => standing.innerText(), { timeout: 10_000 }).toContain('您是下一位');
    await screenshot(pa, 'appointment-priority');

    // The seat comes back: A (appointment) is offered first, ahead of the earlier arrival.
    await engine.ctx.sequelize.query("UPDATE seats SET last_seen_at = now() + interval '1 hour'");
    expect((await api('/seat/state', { method: 'PUT', body: { state: 'idle' }, cookie })).status).toBe(200);
    const offers = await api('/seat/offers', { cookie });
    const [appointmentA] = (await engine.ctx.sequelize.query(
      'SELECT id, conversation_id AS "conversationId", status FROM appointments WHERE slot_start = :start',
      { replacements: { start: at('10:15') }, type: QueryTypes.SELECT },
    )) as Array<{ id: string; conversationId: string; status: string }>;
    expect(appointmentA!.status).toBe('connected');
    // The seat takes three chats: both are offered, the appointment holder first.
    const byTime = [...offers.body.offers].sort((x, y) => x.offeredAt.localeCompare(y.offeredAt));
    expect(byTime.map((o) => o.conversation.id)).toEqual([appointmentA!.conversationId, early.body.id]);
    expect(byTime[0].conversation.appointmentId).toBe(appointmentA!.id);

    // B never connects: after 10:45 + 5 minutes grace the appointment is given up.
    await moveTo('10:51');
    // the engine's own sweeper (every 2 s) may get there before runOnce: either way it is given up
    await engine.sweeper!.runOnce();
    const [appointmentB] = (await engine.ctx.sequelize.query(
      'SELECT status FROM appointments WHERE slot_start = :start',
      { replacements: { start: at('10:30') }, type: QueryTypes.SELECT },
    )) as Array<{ status: string }>;
    expect(appointmentB!.status).toBe('given_up');
    const bItem = pb.getByTestId('appointment').first();
    await expect.poll(() => bItem.getAttribute('data-status'), { timeout: 10_000 }).toBe('given_up');
    expect(await bItem.getByTestId('appointment-status').innerText()).toBe('已放弃');
    await pb.getByTestId('notification-banner').filter({ hasText: '已视为放弃' }).waitFor({ timeout: 10_000 });
    await screenshot(pb, 'appointment-given-up');
  });
});
