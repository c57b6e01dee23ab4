import { APPOINTMENT_STATUS_LABELS, APPOINTMENT_STATUSES, type AppointmentStatus } from '@cloud-seat/contracts';
import { describe, expect, it } from 'vitest';
import { PRIORITY_BONUS } from '../acd/priority.js';
import {
  APPOINTMENT_PRIORITY,
  canConnectWithPriority,
  giveUpAt,
  isAppointmentLive,
  nextActionAt,
  nextAppointmentAction,
  nextStatus,
  routingPriority,
  type AppointmentTiming,
} from './appointmentLifecycle.js';

const t = (hh: number, mm: number, ss = 0) => new Date(Date.UTC(2026, 2, 10, hh, mm, ss));
const ms = (date: Date, deltaMs: number) => new Date(date.getTime() + deltaMs);
// Slot 10:15–10:30 (UTC here; the lifecycle only compares instants).
const appt = (status: AppointmentStatus): AppointmentTiming => ({ status, start: t(10, 15), end: t(10, 30) });

describe('appointment statuses', () => {
  it('labels every status in Chinese', () => {
    expect(APPOINTMENT_STATUSES.map((s) => APPOINTMENT_STATUS_LABELS[s])).toEqual([
      '已预约',
      '已提醒',
      '已接通',
      '已放弃',
      '已取消',
    ]);
  });

  it('allows only the documented transitions', () => {
    expect(nextStatus('booked', 'remind')).toBe('reminded');
    expect(nextStatus('reminded', 'remind')).toBeNull();
    for (const from of ['booked', 'reminded'] as const) {
      expect(nextStatus(from, 'connect')).toBe('connected');
      expect(nextStatus(from, 'give_up')).toBe('given_up');
      expect(nextStatus(from, 'cancel')).toBe('cancelled');
    }
    for (const settled of ['connected', 'given_up', 'cancelled'] as const) {
      for (const event of ['remind', 'connect', 'give_up', 'cancel'] as const) {
        expect(nextStatus(settled, event)).toBeNull();
      }
    }
  });
});

describe('nextAppointmentAction', () => {
  it('reminds a booked appointment from the slot start, not a millisecond before', () => {
    expect(nextAppointmentAction(appt('booked'), ms(t(10, 15), -1))).toBeNull();
    expect(nextAppointmentAction(appt('booked'), t(10, 15))).toBe('remind');
    expect(nextAppointmentAction(appt('booked'), t(10, 34, 59))).toBe('remind');
  });

  it('does not remind twice', () => {
    expect(nextAppointmentAction(appt('reminded'), t(10, 20))).toBeNull();
  });

  it('gives up at exactly slot end + grace, booked or reminded', () => {
    expect(giveUpAt(appt('booked'))).toEqual(t(10, 35));
    expect(nextAppointmentAction(appt('reminded'), ms(t(10, 35), -1))).toBeNull();
    expect(nextAppointmentAction(appt('reminded'), t(10, 35))).toBe('give_up');
    expect(nextAppointmentAction(appt('booked'), t(10, 35))).toBe('give_up');
    expect(nextAppointmentAction(appt('booked'), t(12, 0))).toBe('give_up');
  });

  it('uses the grace period it is given', () => {
    expect(nextAppointmentAction(appt('reminded'), t(10, 30), 0)).toBe('give_up');
    expect(nextAppointmentAction(appt('reminded'), t(10, 35), 10)).toBeNull();
    expect(nextAppointmentAction(appt('reminded'), t(10, 40), 10)).toBe('give_up');
  });

  it('leaves settled appointments alone', () => {
    for (const s of ['connected', 'given_up', 'cancelled'] as const) {
      expect(nextAppointmentAction(appt(s), t(10, 20))).toBeNull();
      expect(nextAppointmentAction(appt(s), t(12, 0))).toBeNull();
      expect(nextActionAt(appt(s))).toBeNull();
    }
  });

  it('tells the job when to look next', () => {
    expect(nextActionAt(appt('booked'))).toEqual(t(10, 15));
    expect(nextActionAt(appt('reminded'))).toEqual(t(10, 35));
    expect(nextActionAt(appt('reminded'), 2)).toEqual(t(10, 32));
  });
});

describe('priority window', () => {
  it('opens 5 minutes before the start and closes at end + grace', () => {
    const a = appt('booked');
    expect(canConnectWithPriority(a, ms(t(10, 10), -1))).toBe(false);
    expect(canConnectWithPriority(a, t(10, 10))).toBe(true);
    expect(canConnectWithPriority(a, t(10, 30))).toBe(true);
    expect(canConnectWithPriority(a, ms(t(10, 35), -1))).toBe(true);
    expect(canConnectWithPriority(a, t(10, 35))).toBe(false);
    expect(canConnectWithPriority(a, t(10, 38), 10)).toBe(true);
  });

  it('holds for reminded appointments only while active', () => {
    expect(canConnectWithPriority(appt('reminded'), t(10, 20))).toBe(true);
    for (const s of ['connected', 'given_up', 'cancelled'] as const) {
      expect(canConnectWithPriority(appt(s), t(10, 20))).toBe(false);
    }
  });

  it('isAppointmentLive covers the time before the window too', () => {
    expect(isAppointmentLive(appt('booked'), t(8, 0))).toBe(true);
    expect(isAppointmentLive(appt('booked'), t(10, 35))).toBe(false);
    expect(isAppointmentLive(appt('cancelled'), t(8, 0))).toBe(false);
  });

  it('gives the ACD appointment bonus inside the window and nothing outside', () => {
    expect(APPOINTMENT_PRIORITY).toBe(PRIORITY_BONUS.appointment);
    expect(APPOINTMENT_PRIORITY).toBeGreaterThan(0);
    expect(routingPriority(appt('reminded'), t(10, 20))).toBe(APPOINTMENT_PRIORITY);
    expect(routingPriority(appt('reminded'), t(10, 0))).toBe(0);
    expect(routingPriority(appt('given_up'), t(10, 20))).toBe(0);
    expect(routingPriority(null, t(10, 20))).toBe(0);
    expect(routingPriority(undefined, t(10, 20))).toBe(0);
  });
});
