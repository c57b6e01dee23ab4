/**
 * The socket.io gateway: authenticates each socket with the same sessions as HTTP, puts it in
 * its principal's room, and shares rooms across engine processes through Redis Streams (with
 * connection-state recovery, so a client that reconnects to another node gets what it missed).
 * Without Redis (the embedded default) it uses socket.io's in-memory adapter.
 *
 * Attach it to the HTTP server (`io.attach(server)`) only after the HTTP app is registered as
 * the server's 'request' listener: engine.io wraps the listeners present when it attaches, and a
 * listener added later would answer socket.io's polling requests a second time.
 */
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { REGION_CODES, type ClientToServerEvents, type ServerToClientEvents } from '@cloud-seat/contracts';
import { Server } from 'socket.io';
import type { SessionService } from '../auth/sessions.js';
import type { Principal } from '../domain/auth/permissions.js';
import { tokenFromRequest } from '../http/middlewares/authenticate.js';
import type { Logger } from '../logger.js';
import type { Redis } from '../adapters/redis/redis.js';
import { rooms } from './publisher.js';

export type RealtimeServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  { principal: Principal }
>;

export interface RealtimeOptions {
  redis: Redis | null;
  sessions: SessionService;
  logger: Logger;
  /** Told which seats have a live workbench on this node: on connect and every `heartbeatMs`. */
  onSeatsSeen?: (seatIds: string[]) => Promise<void>;
  heartbeatMs?: number;
}

export interface Realtime {
  io: RealtimeServer;
  /** Stops the presence heartbeat (call before closing io). */
  stopHeartbeat(): void;
}

export function createRealtimeServer(options: RealtimeOptions): Realtime {
  const io: RealtimeServer = new Server({
    path: '/socket.io',
    serveClient: false,
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
    ...(options.redis ? { adapter: createAdapter(options.redis, { streamName: 'cloud-seat:socket.io' }) } : {}),
  });

  io.use(async (socket, next) => {
    const authToken = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    const found =
      typeof authToken === 'string' && authToken
        ? { token: authToken }
        : tokenFromRequest({ cookie: socket.handshake.headers.cookie });
    const principal = found ? await options.sessions.resolve(found.token).catch(() => null) : null;
    if (!principal)
      return next(
        Object.assign(new Error('UNAUTHENTICATED'), { data: { code: 'UNAUTHENTICATED', message: '请先登录' } }),
      );
    socket.data.principal = principal;
    next();
  });

  const seen = (seatIds: string[]) => {
    if (seatIds.length === 0 || !options.onSeatsSeen) return;
    options.onSeatsSeen(seatIds).catch((err: unknown) => options.logger.warn({ err }, 'seat presence update failed'));
  };

  io.on('connection', (socket) => {
    const p = socket.data.principal;
    if (!socket.recovered) {
      if (p.kind === 'citizen') void socket.join(rooms.citizen(p.citizenId));
      else if (p.seatId) void socket.join(rooms.seat(p.seatId));
    }
    if (p.kind === 'staff' && p.seatId) seen([p.seatId]);
    // The public seat cards of one region at a time, live.
    socket.on('region.watch', (payload) => {
      const code = typeof payload?.regionCode === 'string' ? payload.regionCode : '';
      if (!(REGION_CODES as readonly string[]).includes(code)) return;
      leaveRegionRooms(socket.rooms, (room) => void socket.leave(room));
      void socket.join(rooms.region(code));
    });
    socket.on('region.unwatch', () => leaveRegionRooms(socket.rooms, (room) => void socket.leave(room)));
  });

  const heartbeat = setInterval(() => {
    const seatIds = new Set<string>();
    for (const socket of io.of('/').sockets.values()) {
      const p = socket.data.principal;
      if (p?.kind === 'staff' && p.seatId) seatIds.add(p.seatId);
    }
    seen([...seatIds]);
  }, options.heartbeatMs ?? 10_000);
  heartbeat.unref();

  return { io, stopHeartbeat: () => clearInterval(heartbeat) };
}

function leaveRegionRooms(joined: ReadonlySet<string>, leave: (room: string) => void): void {
  for (const room of joined) if (room.startsWith(rooms.region(''))) leave(room);
}
