import { describe, expect, it } from 'vitest';
import type { AppointmentTiming } from './appointmentLifecycle.js';
import { beijingInstant } from './beijingTime.js';
import {
  BOOKING_REFUSAL_MESSAGES,
  BOOKING_REFUSALS,
  CANCEL_REFUSAL_MESSAGES,
  CANCEL_REFUSALS,
  decideBooking,
  decideCancel,
  isBookableStart,
  openSlots,
  type BookingContext,
} from './booking.js';
import { shiftFromLocal } from './shifts.js';
import { buildSlots } from './slots.js';

const CITY = '150600' as const;
const DONGSHENG = '150602' as const;
const at = (time: string) => beijingInstant('2026-03-10', time);
const minus = (date: Date, ms: number) => new Date(date.getTime() - ms);

// City: two seats 10:00–11:00; Dongsheng: one seat 10:00–10:30.
const slots = [
  ...buildSlots(
    [
      shiftFromLocal({ seatId: 'a', regionCode: CITY, date: '2026-03-10', startTime: '10:00', endTime: '11:00' }),
      shiftFromLocal({ seatId: 'b', regionCode: CITY, date: '2026-03-10', startTime: '10:00', endTime: '11:00' }),
    ],
    { regionCode: CITY, from: at('00:00'), to: at('23:59') },
  ),
  ...buildSlots(
    [shiftFromLocal({ seatId: 'c', regionCode: DONGSHENG, date: '2026-03-10', startTime: '10:00', endTime: '10:30' })],
    { regionCode: DONGSHENG, from: at('00:00'), to: at('23:59') },
  ),
];
const request = (time: string, regionCode: typeof CITY | typeof DONGSHENG = CITY) => ({
  start: at(time),
  regionCode,
  citizenId: 'citizen-1',
});
const context = (over: Partial<BookingContext> = {}): BookingContext => ({
  slots,
  bookingsInSlot: 0,
  citizenActiveAppointments: [],
  now: at('09:00'),
  ...over,
});
const held = (status: AppointmentTiming['status'], start: string, end: string): AppointmentTiming => ({
  status,
  start: at(start),
  end: at(end),
});

describe('decideBooking', () => {
  it('books a free slot of the region and returns it', () => {
    const decision = decideBooking(request('10:15'), context({ bookingsInSlot: 1 }));
    expect(decision).toEqual({
      ok: true,
      slot: { regionCode: CITY, start: at('10:15'), end: at('10:30'), capacity: 2 },
    });
  });

  it("refuses a slot that has started or is inside the lead time ('past')", () => {
    expect(decideBooking(request('10:15'), context({ now: at('10:15') }))).toEqual({ ok: false, reason: 'past' });
    expect(decideBooking(request('10:15'), context({ now: at('10:20') }))).toEqual({ ok: false, reason: 'past' });
    expect(decideBooking(request('10:15'), context({ now: minus(at('10:15'), 1) }))).toMatchObject({ ok: true });
    expect(decideBooking(request('10:15'), context({ now: at('10:06'), minLeadMinutes: 10 }))).toEqual({
      ok: false,
      reason: 'past',
    });
    expect(decideBooking(request('10:15'), context({ now: at('10:05'), minLeadMinutes: 10 }))).toMatchObject({
      ok: true,
    });
  });

  it("refuses a start no schedule covers, a misaligned start or another region's slot ('outside_schedule')", () => {
    expect(decideBooking(request('11:00'), context())).toEqual({ ok: false, reason: 'outside_schedule' });
    expect(decideBooking(request('10:20'), context())).toEqual({ ok: false, reason: 'outside_schedule' });
    expect(decideBooking(request('10:45', DONGSHENG), context())).toEqual({ ok: false, reason: 'outside_schedule' });
    expect(decideBooking(request('10:15', DONGSHENG), context())).toMatchObject({ ok: true, slot: { capacity: 1 } });
  });

  it("refuses a slot whose bookings reach its capacity ('full')", () => {
    expect(decideBooking(request('10:15'), context({ bookingsInSlot: 2 }))).toEqual({ ok: false, reason: 'full' });
    expect(decideBooking(request('10:15', DONGSHENG), context({ bookingsInSlot: 1 }))).toEqual({
      ok: false,
      reason: 'full',
    });
  });

  it("refuses a second live appointment ('double_booked')", () => {
    for (const status of ['booked', 'reminded'] as const) {
      const citizenActiveAppointments = [held(status, '10:30', '10:45')];
      expect(decideBooking(request('10:15'), context({ citizenActiveAppointments }))).toEqual({
        ok: false,
        reason: 'double_booked',
      });
    }
  });

  it('lets an earlier appointment go once its grace has passed or it is settled', () => {
    const missed = [held('booked', '08:00', '08:15')];
    expect(decideBooking(request('10:15'), context({ citizenActiveAppointments: missed }))).toMatchObject({ ok: true });
    // Still inside 08:15 + 5 min grace at 08:19: it counts.
    const late = context({ citizenActiveAppointments: missed, now: at('08:19') });
    expect(decideBooking(request('10:15'), late)).toEqual({ ok: false, reason: 'double_booked' });
    expect(decideBooking(request('10:15'), { ...late, graceMinutes: 0 })).toMatchObject({ ok: true });
    const settled = ['connected', 'given_up', 'cancelled'] as const;
    const history = settled.map((s) => held(s, '10:30', '10:45'));
    expect(decideBooking(request('10:15'), context({ citizenActiveAppointments: history }))).toMatchObject({
      ok: true,
    });
  });

  it('says double_booked before full, and past before anything else', () => {
    const citizenActiveAppointments = [held('booked', '10:30', '10:45')];
    expect(decideBooking(request('10:15'), context({ citizenActiveAppointments, bookingsInSlot: 2 }))).toEqual({
      ok: false,
      reason: 'double_booked',
    });
    expect(decideBooking(request('11:00'), context({ now: at('12:00') }))).toEqual({ ok: false, reason: 'past' });
  });

  it('has a Chinese message for every refusal', () => {
    expect(BOOKING_REFUSAL_MESSAGES.full).toBe('该时段已约满，请选择其他时段');
    for (const reason of BOOKING_REFUSALS) expect(BOOKING_REFUSAL_MESSAGES[reason]).toMatch(/[\u4e00-\u9fff]/);
    for (const reason of CANCEL_REFUSALS) expect(CANCEL_REFUSAL_MESSAGES[reason]).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('decideCancel', () => {
  it('cancels a booked or reminded appointment until its slot ends', () => {
    expect(decideCancel(held('booked', '10:15', '10:30'), at('09:00'))).toEqual({ ok: true });
    expect(decideCancel(held('reminded', '10:15', '10:30'), at('10:20'))).toEqual({ ok: true });
    expect(decideCancel(held('reminded', '10:15', '10:30'), minus(at('10:30'), 1))).toEqual({ ok: true });
  });

  it('refuses at and after the slot end', () => {
    expect(decideCancel(held('reminded', '10:15', '10:30'), at('10:30'))).toEqual({ ok: false, reason: 'slot_ended' });
    expect(decideCancel(held('booked', '10:15', '10:30'), at('10:33'))).toEqual({ ok: false, reason: 'slot_ended' });
  });

  it('refuses settled appointments with their own reason', () => {
    expect(decideCancel(held('cancelled', '10:15', '10:30'), at('09:00'))).toEqual({
      ok: false,
      reason: 'already_cancelled',
    });
    expect(decideCancel(held('connected', '10:15', '10:30'), at('10:20'))).toEqual({
      ok: false,
      reason: 'already_connected',
    });
    expect(decideCancel(held('given_up', '10:15', '10:30'), at('11:00'))).toEqual({
      ok: false,
      reason: 'already_given_up',
    });
  });
});

describe('openSlots', () => {
  it('offers bookable slots that still have places, with the places left', () => {
    const booked = (slot: { start: Date; regionCode: string }) =>
      slot.regionCode === CITY && slot.start.getTime() === at('10:30').getTime() ? 2 : 1;
    const open = openSlots(
      slots.filter((s) => s.regionCode === CITY),
      booked,
      at('10:10'),
    );
    expect(open.map((s) => [s.start, s.remaining])).toEqual([
      [at('10:15'), 1],
      [at('10:45'), 1],
    ]);
  });

  it('applies the lead time like decideBooking', () => {
    expect(isBookableStart(at('10:15'), at('10:05'), 10)).toBe(true);
    expect(isBookableStart(at('10:15'), at('10:06'), 10)).toBe(false);
    expect(isBookableStart(at('10:15'), at('10:15'))).toBe(false);
    const open = openSlots(slots, () => 0, at('10:05'), 15);
    expect(open.map((s) => [s.regionCode, s.start, s.remaining])).toEqual([
      [CITY, at('10:30'), 2],
      [CITY, at('10:45'), 2],
    ]);
  });
});
