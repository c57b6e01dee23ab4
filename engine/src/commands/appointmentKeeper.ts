/**
 * The appointments job: at a slot's start the citizen is reminded (in-app notification, plus any
 * external channel such as WeChat subscribe messages); a citizen who has not connected by the
 * slot's end plus the grace gives the appointment up (过时则视为放弃). Each appointment is
 * settled in its own transaction under its row lock, and a unique index sends each
 * notification once, however many workers run the job.
 */
import { randomUUID } from 'node:crypto';
import type { NotificationKind, RegionCode } from '@cloud-seat/contracts';
import { Op } from 'sequelize';
import { nextAppointmentAction, nextStatus } from '../domain/schedule/appointmentLifecycle.js';
import { beijingTime } from '../domain/schedule/beijingTime.js';
import { buildReminder, regionDisplayName, type ReminderChannel } from '../domain/schedule/reminders.js';
import { Appointment, Notification } from '../models/index.js';
import { presentNotification } from '../presenters/views.js';
import { loadAppointmentView } from './appointmentBooker.js';
import { inTransaction, type CommandContext } from './context.js';

const TITLES: Record<NotificationKind, string> = {
  appointment_reminder: '预约提醒',
  appointment_given_up: '预约已过时',
};

export async function keepAppointments(
  ctx: CommandContext,
  channels: readonly ReminderChannel[] = [],
): Promise<{ reminded: number; givenUp: number }> {
  const due = await Appointment.findAll({
    attributes: ['id'],
    where: { status: { [Op.in]: ['booked', 'reminded'] }, slotStart: { [Op.lte]: ctx.now() } },
    order: [['slotStart', 'ASC']],
    limit: 200,
  });
  const tally = { reminded: 0, givenUp: 0 };
  for (const { id } of due) {
    const action = await settle(ctx, id, channels);
    if (action === 'remind') tally.reminded += 1;
    if (action === 'give_up') tally.givenUp += 1;
  }
  return tally;
}

async function settle(ctx: CommandContext, id: string, channels: readonly ReminderChannel[]) {
  return inTransaction(ctx, async (after) => {
    const appointment = await Appointment.findByPk(id, { lock: true, skipLocked: true });
    if (!appointment) return null;
    const now = ctx.now();
    const timing = { status: appointment.status, start: appointment.slotStart, end: appointment.slotEnd };
    const action = nextAppointmentAction(timing, now, ctx.settings.appointmentGraceMinutes);
    if (!action) return null;

    const regionCode = appointment.regionCode as RegionCode;
    const reminder = buildReminder(
      { id, citizenId: appointment.citizenId, regionCode, start: appointment.slotStart, end: appointment.slotEnd },
      ctx.settings.appointmentGraceMinutes,
    );
    let kind: NotificationKind;
    let body: string;
    if (action === 'remind') {
      await appointment.update({ status: nextStatus(appointment.status, 'remind')!, remindedAt: now });
      kind = 'appointment_reminder';
      body = reminder.text;
    } else {
      await appointment.update({ status: nextStatus(appointment.status, 'give_up')!, settledAt: now });
      kind = 'appointment_given_up';
      const span = `${beijingTime(appointment.slotStart)}–${beijingTime(appointment.slotEnd)}`;
      body = `您预约的 ${span} ${regionDisplayName(regionCode)}云坐席服务未在规定时间内连线，已视为放弃。如仍需咨询，请重新预约或快速连线。`;
    }
    const notification = await Notification.create({
      id: randomUUID(),
      citizenId: appointment.citizenId,
      kind,
      title: TITLES[kind],
      body,
      appointmentId: id,
    });
    after.add(async () => {
      ctx.publisher.toCitizen(appointment.citizenId, 'notification.new', {
        notification: presentNotification(notification),
      });
      ctx.publisher.toCitizen(appointment.citizenId, 'appointment.updated', {
        appointment: await loadAppointmentView(ctx, id),
      });
      if (action !== 'remind') return;
      for (const channel of channels) {
        // An external channel failing must not undo the reminder the citizen already has in the app.
        await channel
          .send(reminder)
          .catch((err: unknown) =>
            ctx.logger.warn(
              { err, channel: channel.name, appointmentId: id },
              'reminder channel failed; in-app notification stands',
            ),
          );
      }
    });
    return action;
  });
}
