/**
 * Live seat cards of the region the hall shows: in H5 a socket.io connection that watches the
 * region (`region.watch`, pushes `region.seat` within a second of any change) and also brings
 * the citizen's notifications (预约提醒) and appointment changes; in the mini-program a reload
 * every second while the hall is shown (notifications every 10 s).
 */
// #ifdef H5
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@cloud-seat/contracts';
import { API_BASE } from '../config';
import { http } from '../api/http';
// #endif
import type { AppointmentView, NotificationView, SeatView } from '@cloud-seat/contracts';

export interface RegionFeed {
  watch(regionCode: string): void;
  stop(): void;
}

export interface RegionFeedHandlers {
  onSeat(seat: SeatView): void;
  /** Read the cards again (after a reconnect; the mini-program's poll). */
  reload(): Promise<unknown>;
  onNotification(notification: NotificationView): void;
  onAppointment(appointment: AppointmentView): void;
  /** The mini-program's slower poll for notifications. */
  reloadNotifications(): Promise<unknown>;
}

export function createRegionFeed(handlers: RegionFeedHandlers): RegionFeed {
  const { onSeat, reload } = handlers;
  let regionCode: string | null = null;
  // #ifdef H5
  let socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null;
  async function open() {
    await http.ensureToken().catch(() => undefined);
    if (socket || regionCode === null) return;
    const s: Socket<ServerToClientEvents, ClientToServerEvents> = io(API_BASE || undefined, {
      path: '/socket.io',
      auth: (send) => send({ token: http.currentToken() ?? '' }),
    });
    socket = s;
    s.on('connect', () => {
      if (regionCode) s.emit('region.watch', { regionCode });
      // Anything missed while disconnected: read the cards again.
      void reload();
    });
    s.on('region.seat', ({ seat }) => {
      if (seat.regionCode === regionCode) onSeat(seat);
    });
    s.on('notification.new', ({ notification }) => handlers.onNotification(notification));
    s.on('appointment.updated', ({ appointment }) => handlers.onAppointment(appointment));
  }
  return {
    watch(code) {
      regionCode = code;
      if (socket?.connected) socket.emit('region.watch', { regionCode: code });
      else void open();
    },
    stop() {
      regionCode = null;
      socket?.disconnect();
      socket = null;
    },
  };
  // #endif
  // #ifndef H5
  let timer: ReturnType<typeof setInterval> | null = null;
  let ticks = 0;
  return {
    watch(code) {
      regionCode = code;
      timer ??= setInterval(() => {
        if (regionCode) void reload().catch(() => undefined);
        if (++ticks % 10 === 0) void handlers.reloadNotifications().catch(() => undefined);
      }, 1000);
    },
    stop() {
      regionCode = null;
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
  // #endif
}
