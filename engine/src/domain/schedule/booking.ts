/**
 * Booking and cancelling an appointment (在线预约). Pure: the caller loads the region's slots,
 * the bookings already in the requested slot and the citizen's appointments, and passes the
 * current time; the decision says yes with the slot, or no with a reason and a message users
 * can read. The caller must serialize bookings per slot (and per citizen) so the counts hold.
 */
import type { RegionCode } from '@cloud-seat/contracts';
import { DEFAULT_GRACE_MINUTES, isAppointmentLive, type AppointmentTiming } from './appointmentLifecycle.js';
import { MINUTE_MS } from './beijingTime.js';
import { findSlot, type Slot } from './slots.js';

export const BOOKING_REFUSALS = ['past', 'outside_schedule', 'full', 'double_booked'] as const;
export type BookingRefusal = (typeof BOOKING_REFUSALS)[number];
export const BOOKING_REFUSAL_MESSAGES: Record<BookingRefusal, string> = {
  past: '该时段已开始或即将开始，无法预约，请选择稍晚的时段',
  outside_schedule: '该时段没有坐席值班，无法预约，请选择其他时段',
  full: '该时段已约满，请选择其他时段',
  double_booked: '您已有一个未完成的预约，请按时连线或取消后再预约',
};

export const CANCEL_REFUSALS = ['already_cancelled', 'already_connected', 'already_given_up', 'slot_ended'] as const;
export type CancelRefusal = (typeof CANCEL_REFUSALS)[number];
export const CANCEL_REFUSAL_MESSAGES: Record<CancelRefusal, string> = {
  already_cancelled: '该预约已取消',
  already_connected: '该预约已接通，无需取消',
  already_given_up: '该预约已过时，视为放弃',
  slot_ended: '预约时段已结束，无法取消',
};

export interface BookingRequest {
  /** Start of the requested slot. */
  start: Date;
  regionCode: RegionCode;
  citizenId: string;
}

export interface BookingContext {
  /** The region's slots around the requested start (from buildSlots). */
  slots: readonly Slot[];
  /** Active (booked or reminded) appointments already holding the requested slot. */
  bookingsInSlot: number;
  /** The citizen's appointments in an active status; settled ones may be included, they are ignored. */
  citizenActiveAppointments: readonly AppointmentTiming[];
  now: Date;
  /** A slot must start at least this many minutes from now; default 0 (any slot not yet started). */
  minLeadMinutes?: number;
  /** Grace after a slot end while an earlier appointment still counts; default 5. */
  graceMinutes?: number;
}

export type BookingDecision = { ok: true; slot: Slot } | { ok: false; reason: BookingRefusal };
export type CancelDecision = { ok: true } | { ok: false; reason: CancelRefusal };

/** A slot starting at `start` can still be booked at `now`: not started and at least the lead time away. */
export function isBookableStart(start: Date, now: Date, minLeadMinutes = 0): boolean {
  const ahead = start.getTime() - now.getTime();
  return ahead > 0 && ahead >= minLeadMinutes * MINUTE_MS;
}

/**
 * Checks in the order that tells the citizen the most useful thing: a past time, then a time no
 * seat is scheduled, then an appointment they already hold (another slot would not help), then
 * a full slot.
 */
export function decideBooking(request: BookingRequest, context: BookingContext): BookingDecision {
  if (!isBookableStart(request.start, context.now, context.minLeadMinutes)) return { ok: false, reason: 'past' };
  const slot = findSlot(context.slots, request.regionCode, request.start);
  if (!slot) return { ok: false, reason: 'outside_schedule' };
  const grace = context.graceMinutes ?? DEFAULT_GRACE_MINUTES;
  if (context.citizenActiveAppointments.some((a) => isAppointmentLive(a, context.now, grace))) {
    return { ok: false, reason: 'double_booked' };
  }
  if (context.bookingsInSlot >= slot.capacity) return { ok: false, reason: 'full' };
  return { ok: true, slot };
}

/** The citizen may cancel while the appointment is booked or reminded and its slot has not ended. */
export function decideCancel(appointment: AppointmentTiming, now: Date): CancelDecision {
  switch (appointment.status) {
    case 'cancelled':
      return { ok: false, reason: 'already_cancelled' };
    case 'connected':
      return { ok: false, reason: 'already_connected' };
    case 'given_up':
      return { ok: false, reason: 'already_given_up' };
    case 'booked':
    case 'reminded':
      return now.getTime() < appointment.end.getTime() ? { ok: true } : { ok: false, reason: 'slot_ended' };
  }
}

export type OpenSlot = Slot & { remaining: number };

/**
 * The slots to offer a citizen: bookable now and not full, with the places left.
 * `booked(slot)` returns the active appointments already holding that slot.
 */
export function openSlots(
  slots: readonly Slot[],
  booked: (slot: Slot) => number,
  now: Date,
  minLeadMinutes = 0,
): OpenSlot[] {
  return slots
    .filter((slot) => isBookableStart(slot.start, now, minLeadMinutes))
    .map((slot) => ({ ...slot, remaining: slot.capacity - booked(slot) }))
    .filter((slot) => slot.remaining > 0);
}
