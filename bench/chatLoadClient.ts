/**
 * Load generator of bench/chatLoad.ts, one OS process of several (forked with `--import tsx`), so
 * the client side does not share the engine's event loop or file descriptors. It holds the
 * socket.io connections of its share of the conversations (citizen and seat, authenticated as the
 * apps are: citizen bearer token in `auth`, staff cookie), posts messages over HTTP at the rate it
 * is given, and times each post → the recipient's `message.new`.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { io, type Socket } from 'socket.io-client';

export interface LoadChat {
  conversationId: string;
  citizenToken: string;
  seatToken: string;
}
export type ToClient =
  | {
      type: 'connect';
      /** Where citizens connect and post; seats use `seatUrl` (another engine node) when given. */
      url: string;
      seatUrl?: string;
      chats: LoadChat[];
      seatTokens: string[];
      concurrency: number;
    }
  | { type: 'run'; rate: number; seconds: number; graceMs: number }
  | { type: 'quit' };
export type FromClient =
  | { type: 'connected'; sockets: number; failed: number; ms: number }
  | {
      type: 'result';
      /** Post → recipient's message.new, ms. */
      delivery: number[];
      /** When each of those was posted, ms into the run. */
      postedAt: number[];
      /** Post → HTTP answer, ms. */
      answer: number[];
      sent: number;
      refused: number;
      undelivered: number;
      /** Sends the generator could not start in time (its own backlog cap). */
      skipped: number;
      elapsedMs: number;
      /** CPU of this process while it sent (not while it waited for late deliveries). */
      cpuMs: number;
    };

const MAX_IN_FLIGHT = 3000;
let url: URL;
let seatUrl: URL;
let agent: http.Agent;
let chats: LoadChat[] = [];
const sockets: Socket[] = [];
/** clientId → post start, until the recipient's socket has it. */
const pending = new Map<string, number>();
const delivery: number[] = [];
const postedAt: number[] = [];
let runStart = 0;
const answer: number[] = [];
let refused = 0;
let measuring = false;

const send = (m: FromClient) => process.send!(m);

function open(
  auth: { auth: { token: string } } | { extraHeaders: { cookie: string } },
  expectFrom: 'citizen' | 'seat',
) {
  // A seat's socket (it expects the citizen's messages) goes to the seats' node.
  const socket = io((expectFrom === 'citizen' ? seatUrl : url).origin, {
    path: '/socket.io',
    transports: ['websocket'],
    forceNew: true,
    reconnectionDelay: 1000,
    ...auth,
  });
  socket.on('message.new', ({ message }: { message: { clientId: string | null; senderType: string } }) => {
    if (!measuring || message.senderType !== expectFrom || !message.clientId) return;
    const started = pending.get(message.clientId);
    if (started === undefined) return;
    pending.delete(message.clientId);
    delivery.push(performance.now() - started);
    postedAt.push(started - runStart);
  });
  sockets.push(socket);
  return new Promise<boolean>((resolve) => {
    socket.once('connect', () => resolve(true));
    socket.once('connect_error', () => resolve(false));
  });
}

async function connectAll(m: Extract<ToClient, { type: 'connect' }>): Promise<void> {
  url = new URL(m.url);
  seatUrl = new URL(m.seatUrl ?? m.url);
  agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  chats = m.chats;
  const t0 = performance.now();
  const opens: Array<() => Promise<boolean>> = [
    ...m.seatTokens.map((token) => () => open({ extraHeaders: { cookie: `cs_staff=${token}` } }, 'citizen')),
    ...m.chats.map((c) => () => open({ auth: { token: c.citizenToken } }, 'seat')),
  ];
  let failed = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: m.concurrency }, async () => {
      while (next < opens.length) if (!(await opens[next++]!())) failed += 1;
    }),
  );
  send({ type: 'connected', sockets: sockets.length - failed, failed, ms: performance.now() - t0 });
}

function post(chat: LoadChat, from: 'citizen' | 'seat'): void {
  const clientId = randomUUID();
  const body = JSON.stringify({ clientId, body: `压测消息 ${clientId.slice(0, 8)}` });
  const started = performance.now();
  pending.set(clientId, started);
  const node = from === 'citizen' ? url : seatUrl;
  const req = http.request(
    {
      agent,
      host: node.hostname,
      port: node.port,
      path: `/api/conversations/${chat.conversationId}/messages`,
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        ...(from === 'citizen'
          ? { authorization: `Bearer ${chat.citizenToken}` }
          : { cookie: `cs_staff=${chat.seatToken}`, origin: node.origin }),
      },
    },
    (res) => {
      res.resume();
      res.on('end', () => {
        answer.push(performance.now() - started);
        if (res.statusCode !== 201) {
          refused += 1;
          pending.delete(clientId);
        }
      });
    },
  );
  req.on('error', () => {
    refused += 1;
    pending.delete(clientId);
  });
  req.end(body);
}

async function run(m: Extract<ToClient, { type: 'run' }>): Promise<void> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  runStart = t0;
  measuring = true;
  let sent = 0;
  let skipped = 0;
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      const elapsed = performance.now() - t0;
      const due = Math.min(Math.floor((elapsed / 1000) * m.rate), Math.floor(m.seconds * m.rate)) - sent - skipped;
      for (let i = 0; i < due; i++) {
        if (pending.size >= MAX_IN_FLIGHT) {
          skipped += 1;
          continue;
        }
        const n = sent + skipped;
        // Round robin over the conversations; each one's turns alternate citizen and seat.
        post(chats[n % chats.length]!, Math.floor(n / chats.length) % 2 === 0 ? 'citizen' : 'seat');
        sent += 1;
      }
      if (elapsed >= m.seconds * 1000) {
        clearInterval(tick);
        resolve();
      }
    }, 2);
  });
  const elapsedMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const settleBy = performance.now() + m.graceMs;
  while (pending.size > 0 && performance.now() < settleBy) await new Promise((r) => setTimeout(r, 50));
  measuring = false;
  send({
    type: 'result',
    delivery,
    postedAt,
    answer,
    sent,
    refused,
    undelivered: pending.size,
    skipped,
    elapsedMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
  });
}

process.on('message', (m: ToClient) => {
  if (m.type === 'connect') void connectAll(m);
  else if (m.type === 'run') void run(m);
  else {
    for (const s of sockets) s.disconnect();
    agent?.destroy();
    process.exit(0);
  }
});
