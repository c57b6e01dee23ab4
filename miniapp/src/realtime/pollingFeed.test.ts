import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createChatStore } from '../stores/chat';
import { createPollingFeed } from './pollingFeed';
import { FakeEngine, chatApi } from './testing';

describe('polling feed (mini-program)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setup() {
    const engine = new FakeEngine('c1');
    const store = createChatStore(chatApi({ get: engine.get }));
    store.open('c1');
    const feed = createPollingFeed({ api: engine, store, intervalMs: 2000 });
    return { engine, store, feed };
  }

  it('polls every interval from the last seq held and stops once the conversation ended', async () => {
    const { engine, store, feed } = setup();
    engine.append('一');
    feed.follow('c1');
    await vi.advanceTimersByTimeAsync(0);
    expect(store.state.messages.map((m) => m.seq)).toEqual([1]);

    engine.append('二');
    engine.append('三');
    engine.calls.length = 0;
    await vi.advanceTimersByTimeAsync(2000);
    expect(engine.calls).toContain('messages c1 afterSeq=1');
    expect(store.state.messages.map((m) => m.seq)).toEqual([1, 2, 3]);

    engine.state = { ...engine.state, status: 'ended' };
    await vi.advanceTimersByTimeAsync(2000);
    expect(store.state.conversation?.status).toBe('ended');
    engine.calls.length = 0;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(engine.calls).toEqual([]);
  });

  it('keeps polling through errors and marks the link offline meanwhile', async () => {
    const { engine, store, feed } = setup();
    engine.messages.mockRejectedValueOnce(new Error('network'));
    feed.follow('c1');
    await vi.advanceTimersByTimeAsync(0);
    expect(store.state.link).toBe('offline');
    engine.append('一');
    await vi.advanceTimersByTimeAsync(2000);
    expect(store.state.link).toBe('online');
    expect(store.state.messages).toHaveLength(1);
    feed.stop();
  });
});
