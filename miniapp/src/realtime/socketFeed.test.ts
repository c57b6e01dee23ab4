import { SERVER_EVENTS } from '@cloud-seat/contracts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createChatStore } from '../stores/chat';
import { createSocketFeed } from './socketFeed';
import { FakeEngine, FakeSocket, chatApi, conversation, settle } from './testing';

function setup() {
  const engine = new FakeEngine('c1');
  const store = createChatStore(chatApi({ get: engine.get }));
  const socket = new FakeSocket();
  const feed = createSocketFeed({ api: engine, store, openSocket: () => socket, retryDelayMs: 10 });
  store.open('c1');
  return { engine, store, socket, feed };
}

const seqs = (store: ReturnType<typeof setup>['store']) => store.state.messages.map((m) => m.seq);

describe('socket feed (H5)', () => {
  afterEach(() => vi.useRealTimers());

  it('loads what is stored at once, then merges pushes', async () => {
    const { engine, store, socket, feed } = setup();
    engine.append('您好，请问有什么可以帮您？');
    feed.follow('c1');
    await settle();
    expect(socket.connectCalls).toBe(1);
    expect(seqs(store)).toEqual([1]);
    expect(store.state.conversation?.seat?.name).toBe('刘敏');

    socket.fire('connect');
    await settle();
    expect(store.state.link).toBe('online');

    socket.fire(SERVER_EVENTS.messageNew, { message: engine.append('请提供身份证号') });
    expect(seqs(store)).toEqual([1, 2]);
  });

  it('shows the seat’s 同屏协助 invitation for this conversation only', async () => {
    const { store, socket, feed } = setup();
    feed.follow('c1');
    socket.fire('connect');
    await settle();
    socket.fire(SERVER_EVENTS.cobrowseRequest, { conversationId: 'other' });
    expect(store.state.cobrowseInvited).toBe(false);
    socket.fire(SERVER_EVENTS.cobrowseRequest, { conversationId: 'c1' });
    expect(store.state.cobrowseInvited).toBe(true);
    store.applyCobrowseInvite(false);
    expect(store.state.cobrowseInvited).toBe(false);
  });

  it('moves the waiting citizen up the queue as positions are pushed', async () => {
    const { engine, store, socket, feed } = setup();
    engine.state = conversation('c1', {
      status: 'queued',
      seat: null,
      queue: { position: 3, estimatedWaitSeconds: 540 },
    });
    feed.follow('c1');
    socket.fire('connect');
    await settle();
    expect(store.state.conversation?.queue?.position).toBe(3);
    socket.fire(SERVER_EVENTS.queuePosition, {
      conversationId: 'c1',
      queue: { position: 1, estimatedWaitSeconds: 180 },
    });
    expect(store.state.conversation?.queue).toEqual({ position: 1, estimatedWaitSeconds: 180 });
    socket.fire(SERVER_EVENTS.queuePosition, {
      conversationId: 'other',
      queue: { position: 9, estimatedWaitSeconds: null },
    });
    expect(store.state.conversation?.queue?.position).toBe(1);
  });

  it('after a reconnect fetches only what came after the last seq held, without duplicates', async () => {
    const { engine, store, socket, feed } = setup();
    feed.follow('c1');
    socket.fire('connect');
    await settle();
    socket.fire(SERVER_EVENTS.messageNew, { message: engine.append('一') });
    socket.fire(SERVER_EVENTS.messageNew, { message: engine.append('二') });
    expect(seqs(store)).toEqual([1, 2]);

    socket.fire('disconnect', 'transport close');
    expect(store.state.link).toBe('offline');
    const missed3 = engine.append('三');
    engine.append('四');

    engine.calls.length = 0;
    socket.fire('connect');
    // A late duplicate push racing the catch-up must not show twice either.
    socket.fire(SERVER_EVENTS.messageNew, { message: missed3 });
    await settle();

    expect(engine.calls).toContain('messages c1 afterSeq=2');
    expect(seqs(store)).toEqual([1, 2, 3, 4]);
    expect(store.state.messages.map((m) => m.body)).toEqual(['一', '二', '三', '四']);
    expect(store.state.link).toBe('online');
  });

  it('fills a gap when a push skips seqs', async () => {
    const { engine, store, socket, feed } = setup();
    feed.follow('c1');
    socket.fire('connect');
    await settle();
    engine.append('一');
    engine.append('二');
    socket.fire(SERVER_EVENTS.messageNew, { message: engine.append('三') });
    await settle();
    expect(seqs(store)).toEqual([1, 2, 3]);
  });

  it('applies conversation updates (ended) and ignores other conversations', async () => {
    const { engine, store, socket, feed } = setup();
    feed.follow('c1');
    socket.fire('connect');
    await settle();
    socket.fire(SERVER_EVENTS.conversationUpdated, { conversation: conversation('other', { status: 'ended' }) });
    socket.fire(SERVER_EVENTS.messageNew, { message: { ...engine.append('x'), conversationId: 'other' } });
    expect(store.state.conversation?.status).toBe('active');
    expect(store.state.messages).toHaveLength(0);

    socket.fire(SERVER_EVENTS.conversationUpdated, {
      conversation: conversation('c1', { status: 'ended', lastSeq: 0 }),
    });
    expect(store.state.conversation?.status).toBe('ended');
  });

  it('reconnects by itself after the server refused the socket', async () => {
    vi.useFakeTimers();
    const { socket, feed } = setup();
    feed.follow('c1');
    socket.active = false;
    socket.fire('connect_error', new Error('UNAUTHENTICATED'));
    expect(socket.connectCalls).toBe(1);
    await vi.advanceTimersByTimeAsync(20);
    expect(socket.connectCalls).toBe(2);
  });

  it('reconnects by itself after the server closed the socket, then catches up', async () => {
    vi.useFakeTimers();
    const { engine, store, socket, feed } = setup();
    feed.follow('c1');
    socket.fire('connect');
    await vi.advanceTimersByTimeAsync(0);
    socket.fire('disconnect', 'io server disconnect');
    engine.append('断线期间的消息');
    expect(socket.connectCalls).toBe(1);
    await vi.advanceTimersByTimeAsync(20);
    expect(socket.connectCalls).toBe(2);
    socket.fire('connect');
    await vi.advanceTimersByTimeAsync(0);
    expect(store.state.messages.map((m) => m.body)).toEqual(['断线期间的消息']);
  });

  it('leaves reconnecting to socket.io after a transport drop', async () => {
    vi.useFakeTimers();
    const { socket, feed } = setup();
    feed.follow('c1');
    socket.fire('disconnect', 'transport close');
    await vi.advanceTimersByTimeAsync(100);
    expect(socket.connectCalls).toBe(1);
  });

  it('stop() disconnects and later events change nothing', async () => {
    const { engine, store, socket, feed } = setup();
    feed.follow('c1');
    await settle();
    feed.stop();
    expect(socket.disconnected).toBe(true);
    socket.fire(SERVER_EVENTS.messageNew, { message: engine.append('晚到的消息') });
    expect(store.state.messages).toHaveLength(0);
  });
});
