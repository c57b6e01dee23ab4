import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { CobrowseSessionView } from '@cloud-seat/contracts';
import { useCobrowseStore } from './cobrowse';

vi.mock('@/api/cobrowse', () => ({ cobrowseApi: {} }));

beforeEach(() => setActivePinia(createPinia()));

const session = (over: Partial<CobrowseSessionView> = {}): CobrowseSessionView => ({
  id: 's1',
  conversationId: 'c1',
  status: 'active',
  formTitle: '网上申报',
  startedAt: '2026-11-30T00:00:00.000Z',
  endedAt: null,
  endedBy: null,
  ...over,
});
const ev = (type: number, timestamp: number) => ({ type, timestamp, data: {} });

describe('cobrowse store', () => {
  it('keeps events from the latest full snapshot (with its meta event) on, for the mirror', () => {
    const store = useCobrowseStore();
    store.applySession(session());
    store.applyEvents('s1', [ev(4, 1), ev(2, 2), ev(3, 3)]);
    store.applyEvents('s1', [ev(3, 4)]);
    const held = store.byConversation.c1!;
    expect(held.events.map((e) => e.timestamp)).toEqual([1, 2, 3, 4]);
    expect([held.generation, held.version]).toEqual([1, 2]);
    // Resumed after a pause: a new snapshot starts a new mirror.
    store.applyEvents('s1', [ev(3, 5), ev(4, 6), ev(2, 7)]);
    expect(held.events.map((e) => e.timestamp)).toEqual([6, 7]);
    expect(held.generation).toBe(2);
    store.applyEvents('other', [ev(3, 8)]);
    expect(held.version).toBe(3);
  });

  it('follows the session and the citizen’s answers; a new session starts afresh', () => {
    const store = useCobrowseStore();
    store.applySession(session());
    store.applyAnswer('s1', 'a1', true);
    store.applySession(session({ status: 'ended', endedBy: 'citizen' }));
    expect(store.byConversation.c1).toMatchObject({ session: { status: 'ended' }, answers: { a1: true } });
    store.applySession(session({ id: 's2' }));
    expect(store.byConversation.c1).toMatchObject({ session: { id: 's2' }, answers: {}, events: [] });
  });
});
