/**
 * The embedded switch end to end, on a real engine (PostgreSQL) with SWITCH=embedded: the seat's
 * softphone and the citizen's are SIP user agents over /sip (testUa.ts), their media two Chromium
 * pages (browserLegs.ts) terminated on werift.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../../test/apiClient.js';
import { createSeat, createStaff } from '../../../test/factories.js';
import { startTestEngine, type TestEngine } from '../../../test/testEngine.js';
import { Recording, Ticket, TicketEvent } from '../../models/index.js';
import { chromiumInstalled, launchBrowser, type Browser } from '../media/browserLegs.js';
import { run } from '../media/mixRecording.js';
import { CALL_STATE_CONTENT_TYPE } from '@cloud-seat/contracts';
import { parseNameAddr, type SipRequest } from '../sip/message.js';
import { probeDuration } from './callRunner.js';
import { TestUa } from './testUa.js';
import { sleep, until } from '../../../test/until.js';

const isCI = process.env.CI === 'true';

let engine: TestEngine;
let recordingsDir: string;
beforeAll(async () => {
  recordingsDir = await mkdtemp(path.join(tmpdir(), 'cs-recordings-'));
  engine = await startTestEngine({ env: { SWITCH: 'embedded', RECORDINGS_DIR: recordingsDir } });
});
afterAll(async () => {
  await engine?.stop();
  await rm(recordingsDir, { recursive: true, force: true });
});

/** The next INFO the switch sends this softphone with `contentType` (answered 200), as its body. */
async function nextInfo(ua: TestUa, contentType: string): Promise<string> {
  const info = (await ua.peer.next(
    (m) => m.kind === 'request' && m.method === 'INFO' && m.headers.get('content-type') === contentType,
    5000,
  )) as SipRequest;
  ua.reply(info, 200);
  return info.body.toString('utf8');
}
const callState = async (ua: TestUa) =>
  (JSON.parse(await nextInfo(ua, CALL_STATE_CONTENT_TYPE)) as { phase: string }).phase;

const wsUrl = () => `${engine.url.replace('http', 'ws')}/sip`;

async function idleSeatWithSoftphone(regionCode: string) {
  const s = await createSeat({ regionCode });
  const api = await new ApiClient(engine.url).login(s.username, s.password);
  const creds = await api.get('/seat/sip');
  expect(creds.status).toBe(200);
  const ua = await TestUa.open(wsUrl(), creds.body);
  expect((await ua.register()).status).toBe(200);
  expect((await api.put('/seat/state', { state: 'idle' })).status).toBe(200);
  return { ...s, api, ua, creds: creds.body };
}

describe('the embedded switch', () => {
  it('gives seats their softphone credentials and registers them over /sip', async () => {
    const seat = await idleSeatWithSoftphone('150603');
    expect(seat.creds).toMatchObject({
      uri: `sip:seat-${seat.seat.jobNumber.toLowerCase()}@cloud-seat.local`,
      authorizationUser: `seat-${seat.seat.jobNumber.toLowerCase()}`,
      realm: 'cloud-seat.local',
      wsPath: '/sip',
    });
    expect(engine.calls!.sipServer.registrar.lookup(seat.creds.authorizationUser)).toHaveLength(1);
    seat.ua.close();
  });

  it('a citizen call nobody may take is refused: wrong user 403, unknown target 404', async () => {
    const seat = await idleSeatWithSoftphone('150622');
    const citizen = await new ApiClient(engine.url).asGuest({ displayName: '赵女士' });
    const created = await citizen.post('/conversations', { regionCode: '150623', channel: 'audio' });
    expect(created.status).toBe(201);
    // the seat's own credentials are not a ticket for this call
    const asSeat = await seat.ua.invite(`sip:call-${created.body.id}@cloud-seat.local`, 'v=0\r\n');
    expect(asSeat.response.status).toBe(403);
    const ticket = await citizen.post(`/conversations/${created.body.id}/call`, { media: 'audio' });
    const ua = await TestUa.open(wsUrl(), ticket.body.credentials);
    expect((await ua.invite('sip:call-nobody@cloud-seat.local', 'v=0\r\n')).response.status).toBe(404);
    ua.close();
    seat.ua.close();
  });

  describe.skipIf(!isCI && !chromiumInstalled())('with Chromium legs', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchBrowser();
    }, 60_000);
    afterAll(async () => browser?.close());

    it('video call from the hall: ring the offered seat, answer, media both ways, hang up, ticket and recording', async () => {
      const region = '150621';
      const seat = await idleSeatWithSoftphone(region);
      const citizen = await new ApiClient(engine.url).asGuest({ displayName: '视频群众' });
      const created = await citizen.post('/conversations', { regionCode: region, channel: 'video' });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ status: 'offered', channel: 'video' });
      const conversationId = created.body.id as string;

      const clicked = Date.now();
      const ticket = await citizen.post(`/conversations/${conversationId}/call`, { media: 'video' });
      expect(ticket.status).toBe(201);
      expect(ticket.body).toMatchObject({
        conversationId,
        media: 'video',
        target: `sip:call-${conversationId}@cloud-seat.local`,
      });

      const citizenLeg = await browser.newLeg();
      const seatLeg = await browser.newLeg();
      const citizenUa = await TestUa.open(wsUrl(), ticket.body.credentials);
      const offer = await citizenLeg.offer({ video: true });
      const calling = citizenUa.invite(ticket.body.target, offer);

      const invite = await seat.ua.incoming();
      const ringingMs = Date.now() - clicked;
      expect(invite.headers.get('x-conversation-id')).toBe(conversationId);
      const toTag = 'seat1';
      seat.ua.reply(invite, 180, { toTag });
      const answer = await seatLeg.answerOffer(invite.body.toString('utf8'), { video: true });
      seat.ua.reply(invite, 200, { toTag, sdp: answer });
      await seat.ua.peer.request('ACK', 5000);

      const { response, dialog } = await calling;
      const answeredMs = Date.now() - clicked;
      expect(response.status).toBe(200);
      await citizenLeg.answer(response.body.toString('utf8'));
      // the switch answered the citizen at once (music); now it says a seat is on the line
      expect(await callState(citizenUa)).toBe('talking');

      // both sides decode the other's audio and video
      const [a, b] = await until(async () => {
        const stats = await Promise.all([citizenLeg.stats(), seatLeg.stats()]);
        return stats.every((s) => s.audioPacketsReceived > 50 && s.videoFramesDecoded > 10) ? stats : null;
      }, 20_000);
      expect(a.audioEnergy).toBeGreaterThan(0);
      expect(b.audioEnergy).toBeGreaterThan(0);
      const conversation = await seat.api.get(`/conversations/${conversationId}`);
      expect(conversation.body).toMatchObject({ status: 'active', seat: { id: seat.seat.id } });
      await sleep(1500); // something to record

      // 保持: the citizen hears hold music (packets keep coming), the seat hears nothing; 恢复 bridges again
      const hold = (held: boolean, api = seat.api) => api.put(`/conversations/${conversationId}/call/hold`, { held });
      expect((await hold(true)).body).toEqual({ held: true });
      expect(await callState(citizenUa)).toBe('held');
      expect((await hold(true)).status).toBe(409);
      expect((await hold(true, citizen)).status).toBe(403);
      await sleep(300);
      const [citizenBefore, seatBefore] = await Promise.all([citizenLeg.stats(), seatLeg.stats()]);
      await sleep(1200);
      const [citizenDuring, seatDuring] = await Promise.all([citizenLeg.stats(), seatLeg.stats()]);
      expect(citizenDuring.audioPacketsReceived - citizenBefore.audioPacketsReceived).toBeGreaterThan(30);
      expect(seatDuring.audioPacketsReceived - seatBefore.audioPacketsReceived).toBeLessThan(5);
      expect((await hold(false)).body).toEqual({ held: false });
      expect(await callState(citizenUa)).toBe('talking');
      await until(async () => {
        const later = await seatLeg.stats();
        return later.audioPacketsReceived - seatDuring.audioPacketsReceived > 30 ? later : null;
      }, 10_000);

      expect((await citizenUa.bye(dialog!)).status).toBe(200);
      const bye = await seat.ua.peer.request('BYE', 5000);
      seat.ua.reply(bye, 200);
      await citizenLeg.hangup();
      await seatLeg.hangup();

      const ended = await until(async () => {
        const view = await citizen.get(`/conversations/${conversationId}`);
        return view.body.status === 'ended' ? view.body : null;
      });
      expect(ended.status).toBe('ended');
      const ticketRow = (await Ticket.findOne({ where: { conversationId } }))!;
      const legs = await until(async () => {
        const rows = await TicketEvent.findAll({ where: { ticketId: ticketRow.id, type: 'call_leg' } });
        return rows.length === 2 ? rows : null;
      });
      const byRole = Object.fromEntries(legs.map((l) => [l.data.role as string, l.data]));
      expect(byRole.citizen).toMatchObject({ partyId: ended.citizen.id, cause: 'normal', name: '视频群众' });
      expect(byRole.seat).toMatchObject({ partyId: seat.seat.id, cause: 'normal' });
      expect(byRole.seat!.answeredAt).not.toBeNull();
      expect(Number(byRole.seat!.durationSeconds)).toBeGreaterThanOrEqual(1);

      // the recording follows once its files are complete and mixed
      const recordings = await until(async () => {
        const list = await seat.api.get(`/conversations/${conversationId}/recordings`);
        expect(list.status).toBe(200);
        return list.body.recordings.length > 0 ? list : null;
      });
      expect(recordings.body.recordings).toHaveLength(1);
      const view = recordings.body.recordings[0];
      expect(view).toMatchObject({ conversationId, media: 'video', url: `/api/recordings/${view.id}` });
      const row = (await Recording.findByPk(view.id))!;
      expect(row.files.map((f) => f.kind).sort()).toEqual(['leg', 'leg', 'mixed']);

      const file = await fetch(`${engine.url}${view.url}`, { headers: seat.api.authHeaders() });
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toBe('audio/ogg');
      const saved = path.join(recordingsDir, 'downloaded.ogg');
      await writeFile(saved, Buffer.from(await file.arrayBuffer()));
      const seconds = await probeDuration(saved);
      expect(seconds).toBeGreaterThan(1);
      const streams = await run('ffprobe', [
        '-v',
        'error',
        '-show_entries',
        'stream=codec_name',
        '-of',
        'csv=p=0',
        saved,
      ]);
      expect(streams.stdout.trim()).toBe('opus');

      await until(async () => engine.calls!.calls.size === 0 && engine.calls!.mediaServer.endpointCount() === 0);
      console.log(
        `[switch] POST /call → seat INVITE ${ringingMs} ms, → citizen 200 OK ${answeredMs} ms (incl. Chromium answering); ` +
          `recording ${seconds} s`,
      );
      citizenUa.close();
      seat.ua.close();
    }, 60_000);

    it('a call inside a chat rings the serving seat directly; the seat hanging up ends the call, not the chat', async () => {
      const region = '150625';
      const seat = await idleSeatWithSoftphone(region);
      const citizen = await new ApiClient(engine.url).asGuest({ displayName: '聊天群众' });
      const chat = await citizen.post('/conversations', { regionCode: region });
      const conversationId = chat.body.id as string;
      const offers = await seat.api.get('/seat/offers');
      expect((await seat.api.post(`/offers/${offers.body.offers[0].id}/accept`)).status).toBe(200);

      const ticket = await citizen.post(`/conversations/${conversationId}/call`, { media: 'audio' });
      expect(ticket.status).toBe(201);
      const citizenLeg = await browser.newLeg();
      const seatLeg = await browser.newLeg();
      const citizenUa = await TestUa.open(wsUrl(), ticket.body.credentials);
      const calling = citizenUa.invite(ticket.body.target, await citizenLeg.offer({ video: false }));
      const invite = await seat.ua.incoming();
      expect(invite.headers.get('x-conversation-id')).toBe(conversationId);
      seat.ua.reply(invite, 200, {
        toTag: 'chat1',
        sdp: await seatLeg.answerOffer(invite.body.toString('utf8'), { video: false }),
      });
      await seat.ua.peer.request('ACK', 5000);
      const { response, dialog } = await calling;
      await citizenLeg.answer(response.body.toString('utf8'));
      // the chat is served already: only this INFO tells the citizen the seat picked up
      expect(await callState(citizenUa)).toBe('talking');
      await until(async () => {
        const stats = await Promise.all([citizenLeg.stats(), seatLeg.stats()]);
        return stats.every((st) => st.audioPacketsReceived > 50) ? true : null;
      }, 15_000);

      // the seat hangs up: its BYE to the switch, the switch's BYE to the citizen
      const byeFromSeat = [
        `BYE ${parseNameAddr(response.headers.get('contact')!).uri} SIP/2.0`,
        'Via: SIP/2.0/WSS seat.invalid;branch=z9hG4bKseatbye1',
        'Max-Forwards: 69',
        `From: ${invite.headers.get('to')};tag=chat1`,
        `To: ${invite.headers.get('from')}`,
        `Call-ID: ${invite.headers.get('call-id')}`,
        'CSeq: 1 BYE',
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n');
      seat.ua.peer.send(byeFromSeat);
      expect((await seat.ua.peer.response(200, 5000, invite.headers.get('call-id'))).status).toBe(200);
      const bye = await citizenUa.peer.request('BYE', 5000);
      expect(bye.headers.get('call-id')).toBe(dialog!.callId);
      citizenUa.reply(bye, 200);

      const ticketRow = (await Ticket.findOne({ where: { conversationId } }))!;
      const legs = await until(async () => {
        const rows = await TicketEvent.findAll({ where: { ticketId: ticketRow.id, type: 'call_leg' } });
        return rows.length === 2 ? rows : null;
      });
      expect(legs.map((l) => l.data.cause)).toEqual(['normal', 'normal']);
      expect(await until(() => Recording.count({ where: { conversationId } }))).toBe(1);
      expect((await citizen.get(`/conversations/${conversationId}`)).body.status).toBe('active');
      await citizenLeg.hangup();
      await seatLeg.hangup();
      citizenUa.close();
      seat.ua.close();
    }, 60_000);

    it('a live call moves with its conversation: DTMF both ways, a transfer declined then taken by another seat, then to another region; every leg on the ticket and in the mix', async () => {
      const region = '150626';
      const otherRegion = '150627';
      const [a, b] = [await idleSeatWithSoftphone(region), await idleSeatWithSoftphone(region)];
      const citizen = await new ApiClient(engine.url).asGuest({ displayName: '转接群众' });
      const created = await citizen.post('/conversations', { regionCode: region, channel: 'audio' });
      const conversationId = created.body.id as string;
      const ticket = await citizen.post(`/conversations/${conversationId}/call`, { media: 'audio' });
      const citizenLeg = await browser.newLeg();
      const citizenUa = await TestUa.open(wsUrl(), ticket.body.credentials);
      const { response, dialog } = await citizenUa.invite(ticket.body.target, await citizenLeg.offer({ video: false }));
      await citizenLeg.answer(response.body.toString('utf8'));

      /** A seat's softphone answers the switch's INVITE with a fresh browser leg. */
      async function answer(seat: typeof a, invite: Awaited<ReturnType<TestUa['incoming']>>, toTag: string) {
        const leg = await browser.newLeg();
        seat.ua.reply(invite, 180, { toTag });
        seat.ua.reply(invite, 200, {
          toTag,
          sdp: await leg.answerOffer(invite.body.toString('utf8'), { video: false }),
        });
        await seat.ua.peer.request('ACK', 5000);
        return leg;
      }
      const hears = async (leg: Awaited<ReturnType<Browser['newLeg']>>) => {
        const before = (await leg.stats()).audioPacketsReceived;
        return until(async () => ((await leg.stats()).audioPacketsReceived - before > 50 ? true : null), 15_000);
      };

      // the ACD offers the call to one of the two: that seat's softphone rings
      const offered = await until(async () => {
        for (const s of [a, b]) if ((await s.api.get('/seat/offers')).body.offers.length > 0) return s;
        return null;
      });
      const [serving, receiver] = offered === a ? [a, b] : [b, a];
      const firstInvite = await serving.ua.incoming();
      const first = { invite: firstInvite };
      const servingLeg = await answer(serving, first.invite, 'first');
      await Promise.all([hears(citizenLeg), hears(servingLeg)]);
      expect(await callState(citizenUa)).toBe('talking');

      // DTMF: the seat's keypad reaches the citizen's softphone and back, as INFO dtmf-relay
      const seatDialog = serving.ua.answeredDialog(first.invite, 'first');
      expect((await serving.ua.dtmf(seatDialog, '5')).status).toBe(200);
      expect(await nextInfo(citizenUa, 'application/dtmf-relay')).toMatch(/^Signal=5\r\n/);
      expect((await citizenUa.dtmf(dialog!, '#')).status).toBe(200);
      expect(await nextInfo(serving.ua, 'application/dtmf-relay')).toMatch(/^Signal=#\r\n/);

      // a seat without a registered softphone cannot take a call
      const phoneless = await createSeat({ regionCode: otherRegion });
      const phonelessApi = await new ApiClient(engine.url).login(phoneless.username, phoneless.password);
      expect((await phonelessApi.put('/seat/state', { state: 'idle' })).status).toBe(200);
      const transfer = (body: object, api = serving.api) => api.post(`/conversations/${conversationId}/transfer`, body);
      const refused = await transfer({ toSeatId: phoneless.seat.id });
      expect(refused.status).toBe(409);
      expect(refused.body.error.message).toContain('电话未注册');

      // the receiver's softphone rings while the first seat talks; 拒接 keeps the call where it was
      expect((await transfer({ toSeatId: receiver.seat.id })).status).toBe(202);
      const declinedInvite = await receiver.ua.incoming();
      expect(declinedInvite.headers.get('x-conversation-id')).toBe(conversationId);
      receiver.ua.reply(declinedInvite, 486, { toTag: 'no' });
      const ticketRow = (await Ticket.findOne({ where: { conversationId } }))!;
      const eventTypes = async () =>
        (await TicketEvent.findAll({ where: { ticketId: ticketRow.id }, order: [['at', 'ASC']] })).map((e) => e.type);
      await until(async () => ((await eventTypes()).includes('transfer_declined') ? true : null));
      await hears(servingLeg);

      // asked again, it answers: the call is its, the first seat's leg is hung up
      expect((await transfer({ toSeatId: receiver.seat.id })).status).toBe(202);
      const transferInvite = await receiver.ua.incoming();
      const receiverLeg = await answer(receiver, transferInvite, 'second');
      const byeToFirst = await serving.ua.peer.request('BYE', 5000);
      serving.ua.reply(byeToFirst, 200);
      await hears(receiverLeg);
      const moved = await receiver.api.get(`/conversations/${conversationId}`);
      expect(moved.body).toMatchObject({ status: 'active', seat: { id: receiver.seat.id } });

      // to another region's queue: the citizen waits with music, that region's seat is rung
      const third = await idleSeatWithSoftphone(otherRegion);
      expect((await transfer({ toRegionCode: otherRegion }, receiver.api)).status).toBe(200);
      const byeToSecond = await receiver.ua.peer.request('BYE', 5000);
      receiver.ua.reply(byeToSecond, 200);
      expect(await callState(citizenUa)).toBe('waiting');
      const thirdInvite = await third.ua.incoming(20_000);
      expect(thirdInvite.headers.get('x-conversation-id')).toBe(conversationId);
      const thirdLeg = await answer(third, thirdInvite, 'third');
      expect(await callState(citizenUa)).toBe('talking');
      await Promise.all([hears(thirdLeg), hears(citizenLeg)]);
      expect((await third.api.get(`/conversations/${conversationId}`)).body).toMatchObject({
        status: 'active',
        seat: { id: third.seat.id },
      });

      expect((await citizenUa.bye(dialog!)).status).toBe(200);
      third.ua.reply(await third.ua.peer.request('BYE', 5000), 200);
      const legs = await until(async () => {
        const rows = await TicketEvent.findAll({ where: { ticketId: ticketRow.id, type: 'call_leg' } });
        return rows.length === 5 ? rows : null;
      });
      expect(legs.map((l) => [l.data.role, l.data.partyId, l.data.cause])).toEqual(
        expect.arrayContaining([
          ['citizen', created.body.citizen.id, 'normal'],
          ['seat', serving.seat.id, 'transferred'],
          ['seat', receiver.seat.id, 'rejected'],
          ['seat', receiver.seat.id, 'transferred'],
          ['seat', third.seat.id, 'normal'],
        ]),
      );
      expect(await eventTypes()).toEqual(
        expect.arrayContaining([
          'transfer_requested',
          'transfer_declined',
          'transfer_accepted',
          'transferred_to_queue',
        ]),
      );

      // one recording: the citizen's leg and each seat's that talked, placed at their offsets
      const recording = await until(() => Recording.findOne({ where: { conversationId } }), 20_000);
      const seatFiles = recording.files.filter((f) => f.kind === 'leg' && f.role === 'seat');
      expect(seatFiles).toHaveLength(3);
      const offsets = seatFiles.map((f) => f.offsetMs ?? 0);
      expect(offsets[1]!).toBeGreaterThan(offsets[0]! + 1_000);
      expect(offsets[2]!).toBeGreaterThan(offsets[1]! + 1_000);
      const mixed = recording.files.find((f) => f.kind === 'mixed');
      expect(mixed).toBeDefined();
      const mixedSeconds = (await probeDuration(path.join(recordingsDir, mixed!.path)))!;
      expect(mixedSeconds * 1000).toBeGreaterThan(offsets[2]!);

      await until(async () => engine.calls!.mediaServer.endpointCount() === 0);
      for (const leg of [citizenLeg, servingLeg, receiverLeg, thirdLeg]) await leg.hangup();
      citizenUa.close();
      for (const s of [a, b, third]) s.ua.close();
    }, 120_000);

    it("a seat's softphone that drops its connection mid-call ends the call at once, not after ICE gives up", async () => {
      const region = '150602';
      const seat = await idleSeatWithSoftphone(region);
      const citizen = await new ApiClient(engine.url).asGuest({ displayName: '断线群众' });
      const created = await citizen.post('/conversations', { regionCode: region, channel: 'audio' });
      const ticket = await citizen.post(`/conversations/${created.body.id}/call`, { media: 'audio' });
      const citizenLeg = await browser.newLeg();
      const seatLeg = await browser.newLeg();
      const citizenUa = await TestUa.open(wsUrl(), ticket.body.credentials);
      const { response } = await citizenUa.invite(ticket.body.target, await citizenLeg.offer({ video: false }));
      await citizenLeg.answer(response.body.toString('utf8'));
      const invite = await seat.ua.incoming();
      seat.ua.reply(invite, 200, {
        toTag: 'gone',
        sdp: await seatLeg.answerOffer(invite.body.toString('utf8'), { video: false }),
      });
      await seat.ua.peer.request('ACK', 5000);
      expect(await callState(citizenUa)).toBe('talking');

      const closed = Date.now();
      seat.ua.close(); // the workbench tab is closed: no BYE
      const bye = await citizenUa.peer.request('BYE', 5000);
      citizenUa.reply(bye, 200);
      expect(Date.now() - closed).toBeLessThan(3_000);
      await until(async () => (engine.calls!.calls.size === 0 ? true : null));
      await citizenLeg.hangup();
      await seatLeg.hangup();
      citizenUa.close();
    }, 60_000);

    it('a ring-all queue rings every idle seat; the first to answer takes the call, the others stop ringing', async () => {
      const region = '150600';
      const staff = await createStaff({ role: 'admin', regionCode: region });
      const admin = await new ApiClient(engine.url).login(staff.username, staff.password);
      expect((await admin.put(`/regions/${region}/queues/综合咨询`, { strategy: 'ring_all' })).status).toBe(200);
      const seats = [await idleSeatWithSoftphone(region), await idleSeatWithSoftphone(region)];
      const citizen = await new ApiClient(engine.url).asGuest({ displayName: '齐响群众' });
      const created = await citizen.post('/conversations', { regionCode: region, channel: 'audio' });
      const ticket = await citizen.post(`/conversations/${created.body.id}/call`, { media: 'audio' });
      const citizenLeg = await browser.newLeg();
      const citizenUa = await TestUa.open(wsUrl(), ticket.body.credentials);
      const { response, dialog } = await citizenUa.invite(ticket.body.target, await citizenLeg.offer({ video: false }));
      await citizenLeg.answer(response.body.toString('utf8'));

      const invites = await Promise.all(seats.map((s) => s.ua.incoming()));
      seats.forEach((s, i) => s.ua.reply(invites[i]!, 180, { toTag: `ring${i}` }));
      const seatLeg = await browser.newLeg();
      seats[1]!.ua.reply(invites[1]!, 200, {
        toTag: 'ring1',
        sdp: await seatLeg.answerOffer(invites[1]!.body.toString('utf8'), { video: false }),
      });
      await seats[1]!.ua.peer.request('ACK', 5000);
      const cancel = await seats[0]!.ua.peer.request('CANCEL', 5000);
      seats[0]!.ua.reply(cancel, 200);
      seats[0]!.ua.reply(invites[0]!, 487, { toTag: 'ring0' });
      expect(await callState(citizenUa)).toBe('talking');
      const view = await citizen.get(`/conversations/${created.body.id}`);
      expect(view.body).toMatchObject({ status: 'active', seat: { id: seats[1]!.seat.id } });

      expect((await citizenUa.bye(dialog!)).status).toBe(200);
      seats[1]!.ua.reply(await seats[1]!.ua.peer.request('BYE', 5000), 200);
      const ticketRow = (await Ticket.findOne({ where: { conversationId: created.body.id } }))!;
      const legs = await until(async () => {
        const rows = await TicketEvent.findAll({ where: { ticketId: ticketRow.id, type: 'call_leg' } });
        return rows.length === 3 ? rows : null;
      });
      expect(legs.map((l) => [l.data.partyId, l.data.cause])).toEqual(
        expect.arrayContaining([
          [seats[0]!.seat.id, 'system'],
          [seats[1]!.seat.id, 'normal'],
        ]),
      );
      await until(async () => (engine.calls!.calls.size === 0 ? true : null));
      await citizenLeg.hangup();
      await seatLeg.hangup();
      citizenUa.close();
      for (const s of seats) s.ua.close();
    }, 60_000);

    it('a seat that declines (486) hands the call to the next seat; the citizen hanging up cancels the ringing', async () => {
      const region = '150624';
      const seats = [await idleSeatWithSoftphone(region), await idleSeatWithSoftphone(region)];
      const citizen = await new ApiClient(engine.url).asGuest({ displayName: '语音群众' });
      const created = await citizen.post('/conversations', { regionCode: region, channel: 'audio' });
      const conversationId = created.body.id as string;
      const ticket = await citizen.post(`/conversations/${conversationId}/call`, { media: 'audio' });
      expect(ticket.status).toBe(201);
      const leg = await browser.newLeg();
      const citizenUa = await TestUa.open(wsUrl(), ticket.body.credentials);
      const { response, dialog } = await citizenUa.invite(ticket.body.target, await leg.offer({ video: false }));
      // the switch answers at once: the citizen hears the waiting tone and music
      expect(response.status).toBe(200);
      await leg.answer(response.body.toString('utf8'));
      await until(async () => ((await leg.stats()).audioPacketsReceived > 20 ? true : null), 10_000);

      const ringing = seats.map((s) => s.ua.incoming(20_000).then((invite) => ({ s, invite })));
      const first = await Promise.race(ringing);
      const second = seats.find((s) => s !== first.s)!;
      first.s.ua.reply(first.invite, 486, { toTag: 'busy1' });
      const next = (await ringing[seats.indexOf(second)]!).invite;
      expect(next.headers.get('x-conversation-id')).toBe(conversationId);
      second.ua.reply(next, 180, { toTag: 'ring2' });
      await sleep(300);

      expect((await citizenUa.bye(dialog!)).status).toBe(200);
      const cancel = await second.ua.peer.request('CANCEL', 5000);
      second.ua.reply(cancel, 200);
      second.ua.reply(next, 487, { toTag: 'ring2' });

      const abandoned = await until(async () => {
        const view = await citizen.get(`/conversations/${conversationId}`);
        return view.body.status === 'abandoned' ? view.body : null;
      });
      expect(abandoned.status).toBe('abandoned');
      const ticketRow = (await Ticket.findOne({ where: { conversationId } }))!;
      const events = await until(async () => {
        const rows = await TicketEvent.findAll({ where: { ticketId: ticketRow.id }, order: [['at', 'ASC']] });
        return rows.filter((r) => r.type === 'call_leg').length === 3 ? rows : null;
      });
      const legs = events.filter((e) => e.type === 'call_leg').map((e) => [e.data.role, e.data.partyId, e.data.cause]);
      expect(legs).toEqual(
        expect.arrayContaining([
          ['citizen', abandoned.citizen.id, 'citizen_cancelled'],
          ['seat', first.s.seat.id, 'rejected'],
          ['seat', second.seat.id, 'system'],
        ]),
      );
      expect(events.map((e) => e.type)).toContain('declined');
      expect(await Recording.count({ where: { conversationId } })).toBe(0);
      await until(async () => (engine.calls!.mediaServer.endpointCount() === 0 ? true : null));
      await leg.hangup();
      citizenUa.close();
      for (const s of seats) s.ua.close();
    }, 60_000);
  });
});
