/**
 * 预约 — the appointment lifecycle. Pure: takes an appointment and the current time, returns
 * what should happen. A reminders job asks `nextAppointmentAction` for due appointments; the
 * contact router asks `routingPriority` when a citizen connects.
 *
 *   booked ──remind (at slot start)──▶ reminded
 *   booked | reminded ──connect (start − 5 min ≤ now < end + grace)──▶ connected
 *   booked | reminded ──give up (now ≥ end + grace, not connected)──▶ given_up   (过时则视为放弃)
 *   booked | reminded ──cancel (before slot end)──▶ cancelled
 */
import type { AppointmentStatus } from '@cloud-seat/contracts';
import { PRIORITY_BONUS } from '../acd/priority.js';
import { MINUTE_MS } from './beijingTime.js';

/** Statuses in which the appointment still holds its slot. */
export const ACTIVE_APPOINTMENT_STATUSES = ['booked', 'reminded'] as const satisfies readonly AppointmentStatus[];

/** Minutes after the slot end during which the citizen may still connect. */
export const DEFAULT_GRACE_MINUTES = 5;
/** Minutes before the slot start from which connecting already counts as keeping the appointment. */
export const EARLY_CONNECT_MINUTES = 5;

/**
 * Added to a contact's priority when its citizen connects within the appointment window. It is
 * the ACD's own appointment bonus (`PRIORITY_BONUS.appointment` in domain/acd/priority.ts, in
 * seconds of waiting), re-exported so the number has a single source; the contact router sets
 * the queue entry's `appointment` flag when `routingPriority(...) > 0`.
 */
export const APPOINTMENT_PRIORITY: number = PRIORITY_BONUS.appointment;

export interface AppointmentTiming {
  status: AppointmentStatus;
  start: Date;
  end: Date;
}

export type AppointmentAction = 'remind' | 'give_up';
export type AppointmentEvent = 'remind' | 'connect' | 'give_up' | 'cancel';

export function isActiveStatus(status: AppointmentStatus): status is 'booked' | 'reminded' {
  return status === 'booked' || status === 'reminded';
}

/** The instant after which an unconnected appointment counts as given up: slot end + grace. */
export function giveUpAt(appointment: Pick<AppointmentTiming, 'end'>, graceMinutes = DEFAULT_GRACE_MINUTES): Date {
  return new Date(appointment.end.getTime() + graceMinutes * MINUTE_MS);
}

/** Still holding its slot: active status and the give-up instant not reached. */
export function isAppointmentLive(
  appointment: AppointmentTiming,
  now: Date,
  graceMinutes = DEFAULT_GRACE_MINUTES,
): boolean {
  return isActiveStatus(appointment.status) && now.getTime() < giveUpAt(appointment, graceMinutes).getTime();
}

/** What the scheduled job should do now, if anything. Giving up wins over a reminder never sent. */
export function nextAppointmentAction(
  appointment: AppointmentTiming,
  now: Date,
  graceMinutes = DEFAULT_GRACE_MINUTES,
): AppointmentAction | null {
  if (!isActiveStatus(appointment.status)) return null;
  if (now.getTime() >= giveUpAt(appointment, graceMinutes).getTime()) return 'give_up';
  if (appointment.status === 'booked' && now.getTime() >= appointment.start.getTime()) return 'remind';
  return null;
}

/** When the job should look at the appointment next (slot start, then end + grace); null once settled. */
export function nextActionAt(appointment: AppointmentTiming, graceMinutes = DEFAULT_GRACE_MINUTES): Date | null {
  if (appointment.status === 'booked') return appointment.start;
  if (appointment.status === 'reminded') return giveUpAt(appointment, graceMinutes);
  return null;
}

/** The status an event leads to, or null when the event is not allowed from this status. */
export function nextStatus(status: AppointmentStatus, event: AppointmentEvent): AppointmentStatus | null {
  if (event === 'remind') return status === 'booked' ? 'reminded' : null;
  if (!isActiveStatus(status)) return null;
  switch (event) {
    case 'connect':
      return 'connected';
    case 'give_up':
      return 'given_up';
    case 'cancel':
      return 'cancelled';
  }
}

/** Connecting now keeps the appointment and earns priority: start − 5 min ≤ now < end + grace. */
export function canConnectWithPriority(
  appointment: AppointmentTiming,
  now: Date,
  graceMinutes = DEFAULT_GRACE_MINUTES,
): boolean {
  const opensAt = appointment.start.getTime() - EARLY_CONNECT_MINUTES * MINUTE_MS;
  return isAppointmentLive(appointment, now, graceMinutes) && now.getTime() >= opensAt;
}

/** Priority the ACD adds for the citizen's appointment: APPOINTMENT_PRIORITY inside the window, else 0. */
export function routingPriority(
  appointment: AppointmentTiming | null | undefined,
  now: Date,
  graceMinutes = DEFAULT_GRACE_MINUTES,
): number {
  return appointment && canConnectWithPriority(appointment, now, graceMinutes) ? APPOINTMENT_PRIORITY : 0;
}
