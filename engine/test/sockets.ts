/** socket.io clients for tests: opened sockets are remembered and disconnected together. */
import { io as connect, type Socket } from 'socket.io-client';

export type SocketOptions = Parameters<typeof connect>[1];

export class TestSockets {
  private readonly open_: Socket[] = [];

  /** A websocket client of the engine at `url` (not yet awaited: see `nextEvent(socket, 'connect')`). */
  open(url: string, options: SocketOptions = {}): Socket {
    const socket = connect(url, { path: '/socket.io', transports: ['websocket'], reconnectionDelay: 300, ...options });
    this.open_.push(socket);
    return socket;
  }

  closeAll(): void {
    for (const s of this.open_.splice(0)) s.disconnect();
  }
}

/** The next `event` on the socket, or a rejection after `timeoutMs`. */
export function nextEvent<T>(socket: Socket, event: string, timeoutMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    socket.once(event, (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });
}
