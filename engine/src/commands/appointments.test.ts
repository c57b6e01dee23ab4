/**
 * 在线预约 through the HTTP API on real PostgreSQL, with a clock the test moves: open slots from
 * shifts, booking refusals, cancel, the reminder at the slot start, priority when connecting
 * within the slot, and 已放弃 for a citizen who never connects.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../test/apiClient.js';
import { TestClock } from '../../test/clock.js';
import { createSeat } from '../../test/factories.js';
import { startTestEngine, type TestEngine } from '../../test/testEngine.js';
import { ShiftPattern } from '../models/index.js';
import { markSeatsSeen } from './seatPresence.js';

const REGION = '150626';
const clock = new TestClock();
let engine: TestEngine;
beforeAll(async () => {
  engine = await startTestEngine({ now: clock.now });
});
afterAll(async () => engine?.stop());

/** 2026-11-26 (Thursday) at an 'HH:mm' Beijing time. */
const beijing = (time: string) => new Date(`2026-11-26T${time}:00+08:00`);

describe('appointments', () => {
  it('books, refuses, cancels, reminds, routes with priority and gives up a missed slot', async () => {
    clock.set(beijing('10:03'));
    const seat = await createSeat({ regionCode: REGION });
    // One seat on duty all day every day: every slot holds one citizen.
    await ShiftPattern.bulkCreate(
      [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
        id: randomUUID(),
        seatId: seat.seat.id,
        regionCode: REGION,
        weekday,
        startTime: '00:00',
        endTime: '00:00',
      })),
    );
    const seatApi = await new ApiClient(engine.url).login(seat.username, seat.password);

    const slots = (await new ApiClient(engine.url).get(`/regions/${REGION}/slots?date=2026-11-26`)).body.slots;
    expect(slots[0]).toMatchObject({ start: beijing('10:15').toISOString(), capacity: 1, remaining: 1 });
    expect(slots.at(-1).start).toBe(beijing('23:45').toISOString());
    expect((await new ApiClient(engine.url).get(`/regions/${REGION}/slots?date=2026-02-30`)).status).toBe(400);

    const a = await new ApiClient(engine.url).asGuest({ displayName: '预约甲' });
    const b = await new ApiClient(engine.url).asGuest({ displayName: '预约乙' });
    const c = await new ApiClient(engine.url).asGuest({ displayName: '排队丙' });
    const book = (who: ApiClient, time: string, regionCode = REGION) =>
      who.post('/citizen/appointments', { regionCode, start: beijing(time).toISOString() });

    const booked = await book(a, '10:15');
    expect(booked.status).toBe(201);
    expect(booked.body.appointment).toMatchObject({ status: 'booked', start: beijing('10:15').toISOString() });
    const appointmentA = booked.body.appointment.id as string;

    const refusals = await Promise.all([
      book(a, '11:00'),
      book(b, '10:15'),
      book(b, '09:00'),
      book(b, '10:07'),
      book(b, '10:45', '150627'),
      b.post('/citizen/appointments', { regionCode: REGION, start: 'tomorrow' }),
    ]);
    expect(refusals.map((r) => [r.status, r.body.error.code])).toEqual([
      [409, 'ALREADY_BOOKED'],
      [409, 'SLOT_FULL'],
      [422, 'SLOT_IN_PAST'],
      [422, 'SLOT_OUTSIDE_SCHEDULE'],
      [422, 'SLOT_OUTSIDE_SCHEDULE'],
      [400, 'VALIDATION_FAILED'],
    ]);
    expect(refusals[1]!.body.error.message).toBe('该时段已约满，请选择其他时段');
    const afterFull = (await a.get(`/regions/${REGION}/slots?date=2026-11-26`)).body.slots;
    expect(afterFull[0].start).toBe(beijing('10:30').toISOString()); // 10:15 is full, no longer offered

    const bBooked = await book(b, '10:30');
    expect(bBooked.status).toBe(201);
    const appointmentB = bBooked.body.appointment.id as string;
    expect((await b.post(`/citizen/appointments/${appointmentB}/cancel`)).body.appointment.status).toBe('cancelled');
    const again = await b.post(`/citizen/appointments/${appointmentB}/cancel`);
    expect([again.status, again.body.error.code]).toEqual([409, 'APPOINTMENT_SETTLED']);
    expect((await a.post(`/citizen/appointments/${appointmentB}/cancel`)).status).toBe(404);
    const rebooked = await book(b, '10:30');
    expect(rebooked.status).toBe(201);
    const appointmentB2 = rebooked.body.appointment.id as string;

    // The slot starts: A is reminded in the app.
    clock.set(beijing('10:15'));
    expect((await engine.sweeper!.runOnce()).reminded).toBe(1);
    const notes = (await a.get('/citizen/notifications')).body.notifications;
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ kind: 'appointment_reminder', appointmentId: appointmentA, readAt: null });
    expect(notes[0].body).toContain('10:15–10:30');
    expect(notes[0].body).toContain('10:35 前');
    expect((await engine.sweeper!.runOnce()).reminded).toBe(0); // once only
    expect((await a.post(`/citizen/notifications/${notes[0].id}/read`)).body.notification.readAt).not.toBeNull();

    // The seat is busy; C queues first, then A connects within the slot and goes ahead of C.
    expect((await seatApi.put('/seat/state', { state: 'busy' })).status).toBe(200);
    clock.set(beijing('10:16'));
    const cId = (await c.post('/conversations', { regionCode: REGION })).body.id as string;
    clock.set(beijing('10:17'));
    await markSeatsSeen(engine.ctx, [seat.seat.id]);
    const aConv = await a.post('/conversations', { regionCode: REGION });
    expect(aConv.body).toMatchObject({ status: 'queued', appointmentId: appointmentA, queue: { position: 1 } });
    expect((await c.get(`/conversations/${cId}`)).body.queue.position).toBe(2);
    const mine = (await a.get('/citizen/appointments')).body.appointments;
    expect(mine[0]).toMatchObject({ id: appointmentA, status: 'connected', conversationId: aConv.body.id });

    expect((await seatApi.put('/seat/state', { state: 'idle' })).status).toBe(200);
    const offers = (await seatApi.get('/seat/offers')).body.offers;
    expect(offers[0].conversation.id).toBe(aConv.body.id);

    // B never connects: after the slot end plus the grace the appointment is given up.
    clock.set(beijing('10:49'));
    await markSeatsSeen(engine.ctx, [seat.seat.id]);
    const early = await engine.sweeper!.runOnce();
    expect(early.givenUp).toBe(0);
    clock.set(beijing('10:51'));
    await markSeatsSeen(engine.ctx, [seat.seat.id]);
    expect((await engine.sweeper!.runOnce()).givenUp).toBe(1);
    const bList = (await b.get('/citizen/appointments')).body.appointments;
    expect(bList.find((x: { id: string }) => x.id === appointmentB2).status).toBe('given_up');
    const bNotes = (await b.get('/citizen/notifications')).body.notifications;
    expect(bNotes.map((n: { kind: string }) => n.kind)).toEqual(['appointment_given_up', 'appointment_reminder']);
    expect(bNotes[0].body).toContain('已视为放弃');

    // A seat of the region sees its appointments; a seat elsewhere does not.
    expect((await seatApi.get(`/regions/${REGION}/appointments`)).body.appointments.length).toBeGreaterThanOrEqual(2);
    const outsider = await createSeat({ regionCode: '150602' });
    const outsiderApi = await new ApiClient(engine.url).login(outsider.username, outsider.password);
    expect((await outsiderApi.get(`/regions/${REGION}/appointments`)).status).toBe(403);
  });
});
