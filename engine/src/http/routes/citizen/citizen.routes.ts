/** The citizen's own records and preferences. */
import {
  bookAppointmentRequestSchema,
  citizenPreferencesRequestSchema,
  citizenProfileRequestSchema,
} from '@cloud-seat/contracts';
import { Router } from 'express';
import { bookAppointment, cancelAppointment } from '../../../commands/appointmentBooker.js';
import { errors } from '../../../errors.js';
import { Appointment, Citizen, Matter, Notification } from '../../../models/index.js';
import { presentAppointment, presentNotification } from '../../../presenters/views.js';
import { findConversationViews } from '../../../models/conversationViews.js';
import type { HttpDeps } from '../../deps.js';
import { requireCitizen } from '../../middlewares/guards.js';
import { parse } from '../../middlewares/validate.js';
import { idParamSchema } from '../schema.js';

export function citizenRoutes(deps: HttpDeps): Router {
  const router = Router();
  router.put('/citizen/preferences', async (req, res) => {
    const principal = requireCitizen(res);
    const body = parse(citizenPreferencesRequestSchema, req.body);
    await Citizen.update({ elderMode: body.elderMode }, { where: { id: principal.citizenId } });
    res.json(await deps.sessions.me(principal));
  });

  /** The citizen fills in or corrects their own profile; null clears a field. */
  router.put('/citizen/profile', async (req, res) => {
    const principal = requireCitizen(res);
    const body = parse(citizenProfileRequestSchema, req.body);
    await Citizen.update(body, { where: { id: principal.citizenId } });
    // The name on this citizen's requests changes now, not when the session cache lets go.
    deps.sessions.forget((p) => p.kind === 'citizen' && p.citizenId === principal.citizenId);
    res.json(await deps.sessions.me(principal));
  });

  router.get('/citizen/conversations', async (_req, res) => {
    const citizen = requireCitizen(res);
    const conversations = await findConversationViews({
      where: { citizenId: citizen.citizenId },
      order: [['createdAt', 'DESC']],
      limit: 50,
    });
    res.json({ conversations });
  });

  // 在线预约: book, list, cancel.
  router.post('/citizen/appointments', async (req, res) => {
    const citizen = requireCitizen(res);
    const body = parse(bookAppointmentRequestSchema, req.body);
    res.status(201).json({ appointment: await bookAppointment(deps.ctx, citizen, body) });
  });

  router.get('/citizen/appointments', async (_req, res) => {
    const citizen = requireCitizen(res);
    const appointments = await Appointment.findAll({
      where: { citizenId: citizen.citizenId },
      include: [{ model: Matter, as: 'matter' }],
      order: [['slotStart', 'DESC']],
      limit: 50,
    });
    res.json({
      appointments: appointments.map((a) => presentAppointment(a, deps.ctx.settings.appointmentGraceMinutes)),
    });
  });

  router.post('/citizen/appointments/:id/cancel', async (req, res) => {
    const citizen = requireCitizen(res);
    const { id } = parse(idParamSchema, req.params);
    res.json({ appointment: await cancelAppointment(deps.ctx, citizen, id) });
  });

  // In-app notifications (预约提醒, …).
  router.get('/citizen/notifications', async (_req, res) => {
    const citizen = requireCitizen(res);
    const notifications = await Notification.findAll({
      where: { citizenId: citizen.citizenId },
      order: [['createdAt', 'DESC']],
      limit: 50,
    });
    res.json({ notifications: notifications.map(presentNotification) });
  });

  router.post('/citizen/notifications/:id/read', async (req, res) => {
    const citizen = requireCitizen(res);
    const { id } = parse(idParamSchema, req.params);
    const notification = await Notification.findByPk(id);
    if (!notification || notification.citizenId !== citizen.citizenId) throw errors.notFound('通知');
    if (!notification.readAt) await notification.update({ readAt: deps.ctx.now() });
    res.json({ notification: presentNotification(notification) });
  });
  return router;
}
