/**
 * Live seat cards of the region the hall shows: in H5 a socket.io connection that watches the
 * region (`region.watch`, pushes `region.seat` within a second of any change); in the
 * mini-program a reload every second while the hall is shown.
 */
// #ifdef H5
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@cloud-seat/contracts';
import { API_BASE } from '../config';
import { http } from '../api/http';
// #endif
import type { SeatView } from '@cloud-seat/contracts';

export interface RegionFeed {
  watch(regionCode: string): void;
  stop(): void;
}

export function createRegionFeed(onSeat: (seat: SeatView) => void, reload: () => Promise<unknown>): RegionFeed {
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
  return {
    watch(code) {
      regionCode = code;
      timer ??= setInterval(() => {
        if (regionCode) void reload().catch(() => undefined);
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
