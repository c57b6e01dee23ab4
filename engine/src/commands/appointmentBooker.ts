/**
 * 在线预约: a citizen books a free slot of a region, or cancels. Bookings of one slot are
 * serialized by a transaction-scoped advisory lock on (region, slot start), and a citizen's own
 * bookings by their row lock, so capacity and one-appointment-per-citizen hold across nodes.
 */
import { randomUUID } from 'node:crypto';
import type { AppointmentView, BookAppointmentRequest } from '@cloud-seat/contracts';
import { Op } from 'sequelize';
import type { CitizenPrincipal } from '../domain/auth/permissions.js';
import { beijingDate } from '../domain/schedule/beijingTime.js';
import {
  BOOKING_REFUSAL_MESSAGES,
  CANCEL_REFUSAL_MESSAGES,
  decideBooking,
  decideCancel,
  type BookingRefusal,
} from '../domain/schedule/booking.js';
import { errors, type AppError } from '../errors.js';
import { Appointment, Citizen, Matter } from '../models/index.js';
import { regionSlots } from '../models/appointmentSlots.js';
import { presentAppointment } from '../presenters/views.js';
import { inTransaction, type CommandContext } from './context.js';

const REFUSAL_ERRORS: Record<BookingRefusal, (message: string) => AppError> = {
  past: errors.slotInPast,
  outside_schedule: errors.slotOutsideSchedule,
  full: errors.slotFull,
  double_booked: errors.alreadyBooked,
};

export async function bookAppointment(
  ctx: CommandContext,
  principal: CitizenPrincipal,
  request: BookAppointmentRequest,
): Promise<AppointmentView> {
  const start = new Date(request.start);
  const id = await inTransaction(ctx, async (after) => {
    const citizen = await Citizen.findByPk(principal.citizenId, { lock: true });
    if (!citizen) throw errors.unauthenticated();
    if (request.matterId) {
      const matter = await Matter.findByPk(request.matterId);
      if (!matter || matter.regionCode !== request.regionCode) throw errors.notFound('该区域的事项');
    }
    await ctx.sequelize.query('SELECT pg_advisory_xact_lock(hashtext(:key))', {
      replacements: { key: `slot:${request.regionCode}:${start.toISOString()}` },
    });
    const now = ctx.now();
    const date = beijingDate(start);
    const [slots, bookingsInSlot, mine] = await Promise.all([
      regionSlots(request.regionCode, date, date, ctx.settings.slotMinutes),
      Appointment.count({
        where: { regionCode: request.regionCode, slotStart: start, status: { [Op.in]: ['booked', 'reminded'] } },
      }),
      Appointment.findAll({ where: { citizenId: citizen.id, status: { [Op.in]: ['booked', 'reminded'] } } }),
    ]);
    const decision = decideBooking(
      { start, regionCode: request.regionCode, citizenId: citizen.id },
      {
        slots,
        bookingsInSlot,
        citizenActiveAppointments: mine.map((a) => ({ status: a.status, start: a.slotStart, end: a.slotEnd })),
        now,
        graceMinutes: ctx.settings.appointmentGraceMinutes,
      },
    );
    if (!decision.ok) throw REFUSAL_ERRORS[decision.reason](BOOKING_REFUSAL_MESSAGES[decision.reason]);
    const created = await Appointment.create({
      id: randomUUID(),
      citizenId: citizen.id,
      regionCode: request.regionCode,
      matterId: request.matterId ?? null,
      slotStart: decision.slot.start,
      slotEnd: decision.slot.end,
      status: 'booked',
      note: request.note || null,
    });
    after.add(() => ctx.logger.info({ appointmentId: created.id, start: created.slotStart }, 'appointment booked'));
    return created.id;
  });
  return loadAppointmentView(ctx, id);
}

export async function cancelAppointment(
  ctx: CommandContext,
  principal: CitizenPrincipal,
  appointmentId: string,
): Promise<AppointmentView> {
  await inTransaction(ctx, async (after) => {
    const appointment = await Appointment.findByPk(appointmentId, { lock: true });
    if (!appointment || appointment.citizenId !== principal.citizenId) throw errors.notFound('预约');
    const decision = decideCancel(
      { status: appointment.status, start: appointment.slotStart, end: appointment.slotEnd },
      ctx.now(),
    );
    if (!decision.ok) throw errors.appointmentSettled(CANCEL_REFUSAL_MESSAGES[decision.reason]);
    await appointment.update({ status: 'cancelled', settledAt: ctx.now() });
    after.add(async () => {
      const view = await loadAppointmentView(ctx, appointmentId);
      ctx.publisher.toCitizen(principal.citizenId, 'appointment.updated', { appointment: view });
    });
  });
  return loadAppointmentView(ctx, appointmentId);
}

export async function loadAppointmentView(ctx: CommandContext, id: string): Promise<AppointmentView> {
  const appointment = await Appointment.findByPk(id, { include: [{ model: Matter, as: 'matter' }] });
  if (!appointment) throw errors.notFound('预约');
  return presentAppointment(appointment, ctx.settings.appointmentGraceMinutes);
}
