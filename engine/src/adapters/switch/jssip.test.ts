/**
 * The switch with real JsSIP 3.13.8 softphones, as agent-ui and the mini-program H5 page will run
 * them: JsSIP bundled for the browser with esbuild and injected into two Chromium pages, one
 * registering as the seat, one calling as the citizen. Settings as docs/calls.md says.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../../test/apiClient.js';
import { createSeat } from '../../../test/factories.js';
import { startTestEngine, type TestEngine } from '../../../test/testEngine.js';
import { Ticket, TicketEvent } from '../../models/index.js';
import { until } from '../../../test/until.js';
import { chromiumInstalled, launchBrowser, type Browser } from '../media/browserLegs.js';
import { bundleJsSip, openPhone } from '../media/browserPhones.js';

const isCI = process.env.CI === 'true';

let engine: TestEngine;
let recordingsDir: string;
let bundle: string;
beforeAll(async () => {
  recordingsDir = await mkdtemp(path.join(tmpdir(), 'cs-recordings-'));
  engine = await startTestEngine({ env: { SWITCH: 'embedded', RECORDINGS_DIR: recordingsDir } });
  bundle = await bundleJsSip();
});
afterAll(async () => {
  await engine?.stop();
  await rm(recordingsDir, { recursive: true, force: true });
});

const phonePage = (browser: Browser) => openPhone(browser, engine.url, bundle);

describe.skipIf(!isCI && !chromiumInstalled())('the switch with JsSIP softphones in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => browser?.close());

  it('seat registers, citizen calls by video, the seat answers, both see and hear, the citizen hangs up', async () => {
    const region = '150602';
    const s = await createSeat({ regionCode: region });
    const seatApi = await new ApiClient(engine.url).login(s.username, s.password);
    const seatCreds = (await seatApi.get('/seat/sip')).body;
    const wsUrl = `${engine.url.replace('http', 'ws')}/sip`;

    const seatPage = await phonePage(browser);
    await seatPage.evaluate(([url, creds]) => (globalThis as any).phone.start(url, creds, true), [
      wsUrl,
      seatCreds,
    ] as const);
    expect((await seatApi.put('/seat/state', { state: 'idle' })).status).toBe(200);

    const citizen = await new ApiClient(engine.url).asGuest({ displayName: 'JsSIP群众' });
    const created = await citizen.post('/conversations', { regionCode: region, channel: 'video' });
    const conversationId = created.body.id as string;
    const clicked = Date.now();
    const ticket = (await citizen.post(`/conversations/${conversationId}/call`, { media: 'video' })).body;
    const citizenPage = await phonePage(browser);
    await citizenPage.evaluate(([url, creds]) => (globalThis as any).phone.start(url, creds, false), [
      wsUrl,
      ticket.credentials,
    ] as const);
    const calling = citizenPage.evaluate((target) => (globalThis as any).phone.call(target, true), ticket.target);

    await seatPage.waitForFunction(() => (globalThis as any).phone.incoming, null, { timeout: 15_000 });
    const ringingMs = Date.now() - clicked;
    expect(await seatPage.evaluate(() => (globalThis as any).phone.incoming.conversationId)).toBe(conversationId);
    await seatPage.evaluate(() => (globalThis as any).phone.answer(true));
    const answeredMs = Date.now() - clicked;
    await calling;

    for (const page of [citizenPage, seatPage]) {
      await page.waitForFunction(
        async () => {
          const st = await (globalThis as any).phone.stats();
          return st.audioPackets > 50 && st.videoFrames > 10;
        },
        null,
        { timeout: 20_000, polling: 250 },
      );
    }
    // the seat's answer accepted the offer (written before the bridge; read back through the API)
    const served = await until(async () => {
      const view = await citizen.get(`/conversations/${conversationId}`);
      return view.body.status === 'active' ? view : null;
    }, 10_000).catch(async () => citizen.get(`/conversations/${conversationId}`));
    expect(served.body, JSON.stringify(served.body)).toMatchObject({ status: 'active', seat: { id: s.seat.id } });

    await citizenPage.evaluate(() => (globalThis as any).phone.hangup());
    await seatPage.waitForFunction(() => (globalThis as any).phone.events.includes('ended:remote'), null, {
      timeout: 10_000,
    });
    const ticketRow = (await Ticket.findOne({ where: { conversationId } }))!;
    for (let i = 0; i < 100; i++) {
      if ((await TicketEvent.count({ where: { ticketId: ticketRow.id, type: 'call_leg' } })) === 2) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await TicketEvent.count({ where: { ticketId: ticketRow.id, type: 'call_leg' } })).toBe(2);
    for (let i = 0; i < 50; i++) {
      if ((await citizen.get(`/conversations/${conversationId}`)).body.status === 'ended') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect((await citizen.get(`/conversations/${conversationId}`)).body.status).toBe('ended');
    console.log(`[switch/jssip] POST /call → seat's JsSIP rings ${ringingMs} ms, answered ${answeredMs} ms`);
    await seatPage.evaluate(() => (globalThis as any).phone.ua.stop());
    await citizenPage.evaluate(() => (globalThis as any).phone.ua.stop());
  }, 60_000);
});
