import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { conversationsApi } from '@/api/conversations';
import { seatApi } from '@/api/seat';
import { useConversationsStore } from '@/stores/conversations';
import { conversationView, messageView, offerView, seatView } from '@cloud-seat/contracts/testing';
import { useOffersStore } from '@/stores/offers';
import { useSeatStore } from '@/stores/seat';
import { connectRealtime, type RealtimeSocket } from './connector';

vi.mock('@/api/seat', () => ({
  seatApi: { get: vi.fn(), offers: vi.fn(), conversations: vi.fn(), setState: vi.fn() },
}));
vi.mock('@/api/conversations', () => ({
  conversationsApi: { messages: vi.fn(), send: vi.fn(), end: vi.fn(), get: vi.fn() },
}));
vi.mock('@/api/offers', () => ({ offersApi: { accept: vi.fn(), decline: vi.fn() } }));

class FakeSocket implements RealtimeSocket {
  handlers = new Map<string, (payload?: unknown) => void>();
  disconnected = false;
  on(event: string, handler: (payload?: never) => void) {
    this.handlers.set(event, handler as (payload?: unknown) => void);
    return this;
  }
  emit(event: string, payload?: unknown) {
    this.handlers.get(event)?.(payload);
  }
  disconnect() {
    this.disconnected = true;
  }
}

const flush = () => new Promise((r) => setTimeout(r, 0));

beforeEach(() => {
  setActivePinia(createPinia());
  vi.resetAllMocks();
  vi.mocked(seatApi.get).mockResolvedValue(seatView());
  vi.mocked(seatApi.offers).mockResolvedValue({ offers: [] });
  vi.mocked(seatApi.conversations).mockResolvedValue({ conversations: [] });
  vi.mocked(conversationsApi.messages).mockResolvedValue({ messages: [] });
});

describe('realtime connector', () => {
  it('dispatches offers, seat state and conversation updates to the stores', () => {
    const socket = new FakeSocket();
    connectRealtime(() => socket);
    const offers = useOffersStore();
    const seat = useSeatStore();
    const conversations = useConversationsStore();

    socket.emit('seat.state', { seat: seatView({ state: 'handling', stateSince: '2026-11-25T08:05:00.000Z' }) });
    expect(seat.seat?.state).toBe('handling');
    socket.emit('offer.new', { offer: offerView('o2', '2026-11-25T08:00:02.000Z') });
    socket.emit('offer.new', { offer: offerView('o1', '2026-11-25T08:00:01.000Z') });
    socket.emit('offer.new', { offer: offerView('o1', '2026-11-25T08:00:01.000Z') });
    expect(offers.offers.map((o) => o.id)).toEqual(['o1', 'o2']);
    socket.emit('offer.closed', { offerId: 'o1', reason: 'expired' });
    expect(offers.offers.map((o) => o.id)).toEqual(['o2']);

    socket.emit('conversation.updated', { conversation: conversationView({ status: 'ended' }) });
    expect(conversations.byId['conv-1']?.status).toBe('ended');
    socket.emit('conversation.updated', {
      conversation: conversationView({
        id: 'not-mine',
        seat: { id: 'other', name: 'x', jobNumber: 'X', photoUrl: null },
      }),
    });
    expect(conversations.byId['not-mine']).toBeUndefined();
  });

  it('re-reads everything on (re)connect and catches up each open conversation', async () => {
    const socket = new FakeSocket();
    vi.mocked(seatApi.offers).mockResolvedValue({ offers: [offerView('o9')] });
    vi.mocked(seatApi.conversations).mockResolvedValue({ conversations: [conversationView()] });
    vi.mocked(conversationsApi.messages).mockResolvedValue({ messages: [messageView(1), messageView(2)] });
    connectRealtime(() => socket);
    socket.emit('connect');
    await flush();
    await flush();
    expect(useOffersStore().offers.map((o) => o.id)).toEqual(['o9']);
    expect(useConversationsStore().messages['conv-1']!.map((m) => m.seq)).toEqual([1, 2]);

    // reconnect after missing seq 3: only what is after seq 2 is asked for
    vi.mocked(conversationsApi.messages).mockResolvedValue({ messages: [messageView(3)] });
    socket.emit('disconnect');
    socket.emit('connect');
    await flush();
    await flush();
    expect(conversationsApi.messages).toHaveBeenLastCalledWith('conv-1', 2);
    expect(useConversationsStore().messages['conv-1']!.map((m) => m.seq)).toEqual([1, 2, 3]);
  });

  it('fetches the gap when a pushed message skips a seq', async () => {
    const socket = new FakeSocket();
    connectRealtime(() => socket);
    const conversations = useConversationsStore();
    conversations.upsert(conversationView());
    conversations.applyMessages('conv-1', [messageView(1)]);
    // the engine answers everything after seq 1: the missed 2 and the pushed 3
    vi.mocked(conversationsApi.messages).mockResolvedValue({ messages: [messageView(2), messageView(3)] });
    socket.emit('message.new', { message: messageView(3) });
    await flush();
    expect(conversationsApi.messages).toHaveBeenCalledWith('conv-1', 1);
    expect(conversations.messages['conv-1']!.map((m) => m.seq)).toEqual([1, 2, 3]);
  });

  it('closes the socket', () => {
    const socket = new FakeSocket();
    connectRealtime(() => socket).close();
    expect(socket.disconnected).toBe(true);
  });
});
