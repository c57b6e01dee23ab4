/**
 * 在线预约 store: open slots of the chosen region and date, the citizen's appointments and their
 * in-app notifications (预约提醒). The page polls notifications while it is shown.
 */
import { reactive, readonly } from 'vue';
import type { AppointmentView, NotificationView, SlotView } from '@cloud-seat/contracts';
import { ApiError } from '../api/client';
import { appointmentsApi } from '../api/appointments';

interface AppointmentsState {
  regionCode: string;
  date: string;
  slots: SlotView[];
  slotsLoading: boolean;
  selectedStart: string | null;
  booking: boolean;
  error: string;
  mine: AppointmentView[];
  notifications: NotificationView[];
}

const state = reactive<AppointmentsState>({
  regionCode: '',
  date: '',
  slots: [],
  slotsLoading: false,
  selectedStart: null,
  booking: false,
  error: '',
  mine: [],
  notifications: [],
});

export function userMessage(error: unknown, fallback: string): string {
  return error instanceof ApiError && error.status !== 0 && error.status < 500 ? error.message : fallback;
}

/** Booked or reminded, and the connect window is open now. */
export function canConnectNow(appointment: AppointmentView, now: Date): boolean {
  const t = now.getTime();
  return (
    (appointment.status === 'booked' || appointment.status === 'reminded') &&
    t >= new Date(appointment.connectFrom).getTime() &&
    t < new Date(appointment.connectUntil).getTime()
  );
}

export function canCancel(appointment: AppointmentView, now: Date): boolean {
  return (
    (appointment.status === 'booked' || appointment.status === 'reminded') &&
    now.getTime() < new Date(appointment.end).getTime()
  );
}

let slotsRequest = 0;

export const appointmentsStore = {
  state: readonly(state),

  async loadSlots(regionCode: string, date: string) {
    const request = ++slotsRequest;
    state.regionCode = regionCode;
    state.date = date;
    state.selectedStart = null;
    state.slotsLoading = true;
    try {
      const slots = await appointmentsApi.slots(regionCode, date);
      if (request === slotsRequest) state.slots = slots;
    } catch (error) {
      if (request === slotsRequest) {
        state.slots = [];
        state.error = userMessage(error, '可预约时段加载失败，请检查网络后重试');
      }
    } finally {
      if (request === slotsRequest) state.slotsLoading = false;
    }
  },

  select(start: string) {
    state.selectedStart = start;
    state.error = '';
  },

  /** Books the selected slot; on a refusal shows the engine's message and reloads the slots. */
  async book(): Promise<AppointmentView | null> {
    if (!state.selectedStart || state.booking) return null;
    state.booking = true;
    state.error = '';
    try {
      const appointment = await appointmentsApi.book({
        regionCode: state.regionCode as never,
        start: state.selectedStart,
      });
      state.mine = [appointment, ...state.mine.filter((a) => a.id !== appointment.id)];
      await appointmentsStore.loadSlots(state.regionCode, state.date);
      return appointment;
    } catch (error) {
      state.error = userMessage(error, '预约失败，请检查网络后重试');
      await appointmentsStore.loadSlots(state.regionCode, state.date);
      return null;
    } finally {
      state.booking = false;
    }
  },

  async cancel(id: string) {
    state.error = '';
    try {
      appointmentsStore.apply(await appointmentsApi.cancel(id));
      await appointmentsStore.loadSlots(state.regionCode, state.date);
    } catch (error) {
      state.error = userMessage(error, '取消失败，请稍后重试');
    }
  },

  apply(appointment: AppointmentView) {
    const i = state.mine.findIndex((a) => a.id === appointment.id);
    if (i >= 0) state.mine[i] = appointment;
    else state.mine.unshift(appointment);
  },

  async loadMine() {
    try {
      state.mine = await appointmentsApi.mine();
    } catch {
      // Keep what is shown; the next refresh tries again.
    }
  },

  async loadNotifications() {
    try {
      state.notifications = await appointmentsApi.notifications();
    } catch {
      // Same: a missed poll is retried by the next one.
    }
  },

  /** A pushed notification (notification.new). */
  addNotification(notification: NotificationView) {
    state.notifications = [notification, ...state.notifications.filter((n) => n.id !== notification.id)];
  },

  /** The region of the appointment a notification is about (to connect from it). */
  regionOf(notification: Pick<NotificationView, 'appointmentId'>): string | null {
    return state.mine.find((a) => a.id === notification.appointmentId)?.regionCode ?? null;
  },

  async dismiss(id: string) {
    const n = state.notifications.find((x) => x.id === id);
    if (n) n.readAt = new Date().toISOString();
    await appointmentsApi.markRead(id).catch(() => undefined);
  },
};
