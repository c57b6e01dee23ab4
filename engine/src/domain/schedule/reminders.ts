/**
 * Appointment reminders (预约提醒): the text citizens read and the port a delivery channel
 * implements. In-app notification is the first channel; a WeChat subscribe-message
 * (订阅消息) adapter implements the same interface in src/adapters/. Pure: no channel lives here.
 */
import { REGIONS, type RegionCode } from '@cloud-seat/contracts';
import { DEFAULT_GRACE_MINUTES, giveUpAt } from './appointmentLifecycle.js';
import { beijingTime } from './beijingTime.js';

export interface Reminder {
  appointmentId: string;
  citizenId: string;
  start: Date;
  end: Date;
  regionCode: RegionCode;
  /** Ready-to-show Chinese text (buildReminderText). */
  text: string;
}

/** One way of reaching the citizen. `send` rejects when delivery fails; the job records it. */
export interface ReminderChannel {
  readonly name: string;
  send(reminder: Reminder): Promise<void>;
}

export interface RemindedAppointment {
  id: string;
  citizenId: string;
  regionCode: RegionCode;
  start: Date;
  end: Date;
}

/** How a region is named to citizens: 鄂尔多斯市本级, 鄂尔多斯市东胜区, … */
export function regionDisplayName(regionCode: RegionCode): string {
  const region = REGIONS.find((r) => r.code === regionCode);
  if (!region) return '鄂尔多斯市';
  return region.level === 'city' ? `鄂尔多斯${region.name}` : `鄂尔多斯市${region.name}`;
}

/**
 * '您预约的 10:15–10:30 鄂尔多斯市本级云坐席服务已开始，请于 10:35 前进入连线，超时将视为放弃。'
 * Times are Beijing time. The deadline is an absolute time (slot end + grace), so the text stays
 * true however late a channel delivers it.
 */
export function buildReminderText(
  appointment: Pick<RemindedAppointment, 'regionCode' | 'start' | 'end'>,
  graceMinutes = DEFAULT_GRACE_MINUTES,
): string {
  const span = `${beijingTime(appointment.start)}–${beijingTime(appointment.end)}`;
  const deadline = beijingTime(giveUpAt(appointment, graceMinutes));
  return `您预约的 ${span} ${regionDisplayName(appointment.regionCode)}云坐席服务已开始，请于 ${deadline} 前进入连线，超时将视为放弃。`;
}

export function buildReminder(appointment: RemindedAppointment, graceMinutes = DEFAULT_GRACE_MINUTES): Reminder {
  return {
    appointmentId: appointment.id,
    citizenId: appointment.citizenId,
    start: appointment.start,
    end: appointment.end,
    regionCode: appointment.regionCode,
    text: buildReminderText(appointment, graceMinutes),
  };
}
