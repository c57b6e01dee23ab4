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
import type { ClientToServerEvents, ServerToClientEvents } from '@cloud-seat/contracts';
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
}

export function createRealtimeServer(options: RealtimeOptions): RealtimeServer {
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

  io.on('connection', (socket) => {
    const p = socket.data.principal;
    if (!socket.recovered) {
      if (p.kind === 'citizen') void socket.join(rooms.citizen(p.citizenId));
      else if (p.seatId) void socket.join(rooms.seat(p.seatId));
    }
    socket.on('conversation.typing', () => {
      // Typing indicators arrive with the conversations issue; accepted and ignored for now.
    });
  });

  return io;
}
