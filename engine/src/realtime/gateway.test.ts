import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { ApiClient } from '../../test/apiClient.js';
import { nextEvent, TestSockets, type SocketOptions } from '../../test/sockets.js';
import { createSeat } from '../../test/factories.js';
import { startTestEngine, type TestEngine } from '../../test/testEngine.js';
import { connectRedis } from '../adapters/redis/redis.js';
import { createLogger } from '../logger.js';
import { createRealtimeServer, type RealtimeServer } from './gateway.js';
import { SocketIoPublisher } from './publisher.js';
import { Seat } from '../models/index.js';

const sockets = new TestSockets();
afterEach(() => sockets.closeAll());
const open = (url: string, options: SocketOptions = {}): Socket => sockets.open(url, options);
const next = nextEvent;

describe('realtime gateway (single node)', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startTestEngine();
  });
  afterAll(async () => engine?.stop());

  /** A seat of the region gone 空闲 and a guest citizen, each with a connected socket. */
  async function idleSeatAndCitizenOnSockets(regionCode: string) {
    const s = await createSeat({ regionCode });
    const seatApi = await new ApiClient(engine.url).login(s.username, s.password);
    const seatSocket = open(engine.url, { extraHeaders: { cookie: `cs_staff=${seatApi.sessionToken}` } });
    await next(seatSocket, 'connect');
    await seatApi.put('/seat/state', { state: 'idle' });
    const citizen = await new ApiClient(engine.url).asGuest();
    const citizenSocket = open(engine.url, { auth: { token: citizen.sessionToken } });
    await next(citizenSocket, 'connect');
    return { seatApi, seatSocket, citizen, citizenSocket };
  }

  it('refuses a socket without a valid session', async () => {
    const socket = open(engine.url, { auth: { token: 'forged' }, reconnection: false });
    const err = await next<Error & { data?: { code: string } }>(socket, 'connect_error');
    expect(err.message).toBe('UNAUTHENTICATED');
    expect(err.data?.code).toBe('UNAUTHENTICATED');
  });

  it('works over HTTP long-polling too (the default first transport) and the engine keeps serving', async () => {
    const citizen = await new ApiClient(engine.url).asGuest();
    const socket = open(engine.url, { auth: { token: citizen.sessionToken }, transports: ['polling'] });
    await next(socket, 'connect');
    expect(socket.io.engine.transport.name).toBe('polling');
    const me = (await citizen.get('/auth/me')).body.citizen.id as string;
    const received = next<{ message: { body: string } }>(socket, 'message.new');
    engine.ctx.publisher.toCitizen(me, 'message.new', { message: fakeMessage('轮询送达') });
    expect((await received).message.body).toBe('轮询送达');
    expect((await fetch(`${engine.url}/api/health`)).status).toBe(200);
  });

  it('pushes the new queue position to a waiting citizen when someone ahead leaves', async () => {
    const first = await new ApiClient(engine.url).asGuest();
    const second = await new ApiClient(engine.url).asGuest();
    const { body: a } = await first.post('/conversations', { regionCode: '150626' });
    const { body: b } = await second.post('/conversations', { regionCode: '150626' });
    expect(b.queue.position).toBe(2);
    const socket = open(engine.url, { auth: { token: second.sessionToken } });
    await next(socket, 'connect');
    const moved = next<{ conversationId: string; queue: { position: number } }>(socket, 'queue.position');
    await first.post(`/conversations/${a.id}/end`);
    expect(await moved).toEqual({ conversationId: b.id, queue: { position: 1, estimatedWaitSeconds: null } });
    await second.post(`/conversations/${b.id}/end`);
  });

  it('pushes offers to the seat (cookie) and messages to both sides (token)', async () => {
    const { seatApi, seatSocket, citizen, citizenSocket } = await idleSeatAndCitizenOnSockets('150603');

    const offerPromise = next<{ offer: { id: string; conversation: { id: string } } }>(seatSocket, 'offer.new');
    const { body: conv } = await citizen.post('/conversations', { regionCode: '150603' });
    const { offer } = await offerPromise;
    expect(offer.conversation.id).toBe(conv.id);

    const activePromise = next<{ conversation: { status: string } }>(citizenSocket, 'conversation.updated');
    await seatApi.post(`/offers/${offer.id}/accept`);
    expect((await activePromise).conversation.status).toBe('active');

    const atSeat = next<{ message: { body: string; senderType: string } }>(seatSocket, 'message.new');
    await citizen.post(`/conversations/${conv.id}/messages`, { clientId: randomUUID(), body: '请问需要带什么材料？' });
    expect((await atSeat).message).toMatchObject({ body: '请问需要带什么材料？', senderType: 'citizen' });

    const endedAtCitizen = next<{ conversation: { status: string } }>(citizenSocket, 'conversation.updated');
    await seatApi.post(`/conversations/${conv.id}/end`);
    expect((await endedAtCitizen).conversation.status).toBe('ended');
    await seatApi.put('/seat/state', { state: 'offline' });
  });

  it('tells the other side of typing and of reads, moving read marks forward only', async () => {
    const { seatApi, seatSocket, citizen, citizenSocket } = await idleSeatAndCitizenOnSockets('150625');
    const { body: conv } = await citizen.post('/conversations', { regionCode: '150625' });
    const [offer] = (await seatApi.get('/seat/offers')).body.offers;
    await seatApi.post(`/offers/${offer.id}/accept`);

    const typing = next<{ conversationId: string; by: string }>(seatSocket, 'conversation.typing');
    expect((await citizen.post(`/conversations/${conv.id}/typing`)).status).toBe(204);
    expect(await typing).toEqual({ conversationId: conv.id, by: 'citizen' });

    const sent = await citizen.post(`/conversations/${conv.id}/messages`, { clientId: randomUUID(), body: '在吗' });
    const readAtCitizen = next<{ by: string; seq: number }>(citizenSocket, 'conversation.read');
    const read = await seatApi.post(`/conversations/${conv.id}/read`, { seq: 9999 });
    expect(read.body).toEqual({ seq: sent.body.seq }); // capped at the last message
    expect(await readAtCitizen).toEqual({ conversationId: conv.id, by: 'seat', seq: sent.body.seq });
    expect((await seatApi.post(`/conversations/${conv.id}/read`, { seq: 1 })).body).toEqual({ seq: sent.body.seq });
    expect((await citizen.get(`/conversations/${conv.id}`)).body.read).toEqual({ citizen: 0, seat: sent.body.seq });

    expect((await seatApi.post(`/conversations/${conv.id}/read`, { seq: -1 })).status).toBe(400);
    expect((await seatApi.post(`/conversations/${randomUUID()}/read`, { seq: 1 })).status).toBe(404);
    const stranger = await new ApiClient(engine.url).asGuest();
    expect((await stranger.post(`/conversations/${conv.id}/typing`)).status).toBe(404);
    const other = await createSeat({ regionCode: '150625' });
    const otherApi = await new ApiClient(engine.url).login(other.username, other.password);
    expect((await otherApi.post(`/conversations/${conv.id}/read`, { seq: 1 })).status).toBe(403);
    await seatApi.post(`/conversations/${conv.id}/end`);
    await seatApi.put('/seat/state', { state: 'offline' });
  });

  it('pushes seat card changes to citizens watching the region, and only that region', async () => {
    const citizen = await new ApiClient(engine.url).asGuest();
    const socket = open(engine.url, { auth: { token: citizen.sessionToken } });
    await next(socket, 'connect');
    socket.emit('region.watch', { regionCode: '150627' });
    const here = await createSeat({ regionCode: '150627' });
    const elsewhere = await createSeat({ regionCode: '150626' });
    const hereApi = await new ApiClient(engine.url).login(here.username, here.password);
    const elsewhereApi = await new ApiClient(engine.url).login(elsewhere.username, elsewhere.password);
    const seen: Array<{ id: string; state: string }> = [];
    socket.on('region.seat', ({ seat }: { seat: { id: string; state: string } }) => seen.push(seat));
    await new Promise((r) => setTimeout(r, 50)); // the watch reaches the server first
    const started = Date.now();
    await elsewhereApi.put('/seat/state', { state: 'idle' });
    await hereApi.put('/seat/state', { state: 'idle' });
    while (!seen.some((s) => s.id === here.seat.id) && Date.now() - started < 1000) {
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(seen).toEqual([expect.objectContaining({ id: here.seat.id, state: 'idle' })]);
    expect(Date.now() - started).toBeLessThan(1000);

    socket.emit('region.unwatch');
    await new Promise((r) => setTimeout(r, 50));
    await hereApi.put('/seat/state', { state: 'offline' });
    await new Promise((r) => setTimeout(r, 100));
    expect(seen).toHaveLength(1);
    await elsewhereApi.put('/seat/state', { state: 'offline' });
  });

  it('marks a seat seen when its workbench connects (presence for the disconnect grace)', async () => {
    const s = await createSeat({ regionCode: '150625' });
    const api = await new ApiClient(engine.url).login(s.username, s.password);
    expect(s.seat.lastSeenAt ?? null).toBeNull();
    const socket = open(engine.url, { auth: { token: api.sessionToken } });
    await next(socket, 'connect');
    let seenAt: Date | null = null;
    for (let i = 0; i < 50 && !seenAt; i++) {
      await new Promise((r) => setTimeout(r, 20));
      seenAt = (await Seat.findByPk(s.seat.id))!.lastSeenAt;
    }
    expect(seenAt).toBeInstanceOf(Date);
  });
});

/** A TCP relay whose target can be switched, standing in for a load balancer failing over. */
function relay(targetPort: number) {
  let target = targetPort;
  const live = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target, '127.0.0.1');
    live.add(client).add(upstream);
    client.pipe(upstream).pipe(client);
    const drop = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
  });
  return {
    listen: () =>
      new Promise<number>((resolve) =>
        server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
      ),
    failOverTo(port: number) {
      target = port;
      for (const s of live) s.destroy();
      live.clear();
    },
    close() {
      for (const s of live) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe.skipIf(!inject('redisUrl'))('realtime across two engine nodes (Redis streams)', () => {
  let engine: TestEngine;
  let nodeB: RealtimeServer;
  let httpB: http.Server;
  let portB: number;
  const redisB = inject('redisUrl') ? connectRedis(inject('redisUrl')!, 'test-node-b') : null;

  beforeAll(async () => {
    engine = await startTestEngine({ redis: true });
    httpB = http.createServer();
    nodeB = createRealtimeServer({ redis: redisB, sessions: engine.sessions, logger: createLogger('silent') }).io;
    nodeB.attach(httpB);
    await new Promise<void>((resolve) => httpB.listen(0, '127.0.0.1', () => resolve()));
    portB = (httpB.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => nodeB.close(() => resolve()));
    redisB?.disconnect();
    await engine?.stop();
  });

  it('delivers an event published on node A to a client connected to node B', async () => {
    const citizen = await new ApiClient(engine.url).asGuest();
    const socket = open(`http://127.0.0.1:${portB}`, { auth: { token: citizen.sessionToken } });
    await next(socket, 'connect');
    const me = (await citizen.get('/auth/me')).body.citizen.id as string;
    const received = next<{ message: { body: string } }>(socket, 'message.new');
    // wait until B's adapter has read the stream once, then publish from A
    await new Promise((r) => setTimeout(r, 100));
    engine.ctx.publisher.toCitizen(me, 'message.new', { message: fakeMessage('从 A 节点发出') });
    expect((await received).message.body).toBe('从 A 节点发出');
  });

  it('recovers a client that reconnects to the other node with the events it missed', async () => {
    const citizen = await new ApiClient(engine.url).asGuest();
    const me = (await citizen.get('/auth/me')).body.citizen.id as string;
    const portA = Number(new URL(engine.url).port);
    const lb = relay(portA);
    const lbPort = await lb.listen();
    try {
      const socket = open(`http://127.0.0.1:${lbPort}`, {
        auth: { token: citizen.sessionToken },
        reconnectionDelay: 800,
        reconnectionDelayMax: 800,
      });
      await next(socket, 'connect');
      const first = next<{ message: { body: string } }>(socket, 'message.new');
      engine.ctx.publisher.toCitizen(me, 'message.new', { message: fakeMessage('第一条') });
      expect((await first).message.body).toBe('第一条');

      const disconnected = next(socket, 'disconnect');
      lb.failOverTo(portB);
      await disconnected;
      await new Promise((r) => setTimeout(r, 100));
      const publisherB = new SocketIoPublisher(nodeB); // publish from the node the client is not on yet
      publisherB.toCitizen(me, 'message.new', { message: fakeMessage('断线期间的消息') });

      const missed = next<{ message: { body: string } }>(socket, 'message.new', 8000);
      await next(socket, 'connect', 8000);
      expect(socket.recovered).toBe(true);
      expect((await missed).message.body).toBe('断线期间的消息');
    } finally {
      await lb.close();
    }
  });
});

function fakeMessage(body: string) {
  return {
    id: randomUUID(),
    conversationId: randomUUID(),
    seq: 1,
    senderType: 'system' as const,
    senderName: '系统',
    body,
    kind: 'text' as const,
    attachment: null,
    clientId: null,
    createdAt: new Date().toISOString(),
  };
}
