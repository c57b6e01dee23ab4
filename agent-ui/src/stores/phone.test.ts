import type { SipCredentialsView } from '@cloud-seat/contracts';
import { conversationView, offerView } from '@cloud-seat/contracts/testing';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { conversationsApi } from '@/api/conversations';
import { FakeCall, FakePhone } from '@/softphone/fakePhone';
import { credentialsRefreshDelay, sipSocketUrl } from '@/softphone/types';
import { useConversationsStore } from './conversations';
import { useOffersStore } from './offers';
import { usePhoneStore } from './phone';

vi.mock('@/api/conversations', () => ({
  conversationsApi: { get: vi.fn(), messages: vi.fn(), holdCall: vi.fn().mockResolvedValue({ held: true }) },
}));
vi.mock('@/api/seat', () => ({ seatApi: { sip: vi.fn() } }));

const T0 = Date.parse('2026-11-29T21:00:00.000Z');
const credentials = (password: string, expiresInMs = 10 * 60_000, from = T0): SipCredentialsView => ({
  uri: 'sip:seat-1@cloud-seat.local',
  authorizationUser: 'seat-1',
  password,
  displayName: '刘敏',
  realm: 'cloud-seat.local',
  wsPath: '/sip',
  expiresAt: new Date(from + expiresInMs).toISOString(),
});

beforeEach(() => {
  setActivePinia(createPinia());
  vi.resetAllMocks();
  vi.useFakeTimers();
  vi.setSystemTime(T0);
});
afterEach(() => vi.useRealTimers());

async function started() {
  const store = usePhoneStore();
  const phone = new FakePhone();
  const fetchCredentials = vi.fn().mockResolvedValue(credentials('p1'));
  await store.start(phone, { fetchCredentials });
  phone.registration('registered');
  return { store, phone, fetchCredentials };
}

describe('softphone addresses and timing', () => {
  it('dials the switch on the page origin, wss behind https', () => {
    expect(sipSocketUrl('/sip', { protocol: 'https:', host: 'rx.ordos.gov.cn' })).toBe('wss://rx.ordos.gov.cn/sip');
    expect(sipSocketUrl('/sip', { protocol: 'http:', host: '127.0.0.1:8080' })).toBe('ws://127.0.0.1:8080/sip');
  });

  it('refreshes a minute before expiry, half-way for short lives, never sooner than 5 s', () => {
    expect(credentialsRefreshDelay(new Date(T0 + 600_000).toISOString(), T0)).toBe(540_000);
    expect(credentialsRefreshDelay(new Date(T0 + 60_000).toISOString(), T0)).toBe(30_000);
    expect(credentialsRefreshDelay(new Date(T0 - 1_000).toISOString(), T0)).toBe(5_000);
  });
});

describe('phone store', () => {
  it('registers, then re-fetches credentials before they expire and after a reconnect', async () => {
    const { store, phone, fetchCredentials } = await started();
    expect(phone.registeredWith.map((c) => c.password)).toEqual(['p1']);
    expect(store.status).toBe('registered');

    fetchCredentials.mockResolvedValueOnce(credentials('p2', 10 * 60_000, T0 + 540_000));
    await vi.advanceTimersByTimeAsync(539_000);
    expect(phone.updatedWith).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(phone.updatedWith.map((c) => c.password)).toEqual(['p2']);

    fetchCredentials.mockResolvedValueOnce(credentials('p3', 10 * 60_000, T0 + 600_000));
    phone.registration('unregistered');
    expect(store.status).toBe('unregistered');
    phone.reconnected();
    await vi.advanceTimersByTimeAsync(0);
    expect(phone.updatedWith.map((c) => c.password)).toEqual(['p2', 'p3']);
  });

  it('retries quietly when credentials cannot be fetched', async () => {
    const store = usePhoneStore();
    const phone = new FakePhone();
    const onError = vi.fn();
    const fetchCredentials = vi.fn().mockRejectedValueOnce(new Error('down')).mockResolvedValue(credentials('p1'));
    await store.start(phone, { fetchCredentials, onError });
    expect(onError).not.toHaveBeenCalled();
    expect(phone.registeredWith).toHaveLength(0);
    expect(store.status).toBe('unregistered');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(phone.registeredWith).toHaveLength(1);
  });

  it('rings, answers with the offer’s media, controls the call, and goes idle when the citizen hangs up', async () => {
    const { store, phone } = await started();
    const offers = useOffersStore();
    const offer = offerView('o1');
    offer.conversation.channel = 'video';
    offers.add(offer);
    vi.mocked(conversationsApi.get).mockResolvedValue(conversationView({ id: 'conv-o1', channel: 'video' }));
    vi.mocked(conversationsApi.messages).mockResolvedValue({ messages: [] });

    const call = new FakeCall('王先生', false);
    phone.ring(call, 'conv-o1');
    expect(store.status).toBe('ringing');
    expect(store.call).toMatchObject({ conversationId: 'conv-o1', remoteName: '王先生', answeredAt: null });

    await store.answer();
    expect(call.answeredWith).toBe('video');
    expect(store.status).toBe('ringing');
    call.confirm();
    expect(store.status).toBe('in_call');
    expect(store.call?.answeredAt).toBe(T0);
    await vi.advanceTimersByTimeAsync(0);
    // Answering accepted the contact: the offer card goes, the conversation opens.
    expect(offers.offers).toHaveLength(0);
    expect(useConversationsStore().selectedId).toBe('conv-o1');

    store.toggleMute();
    await store.toggleHold();
    expect(conversationsApi.holdCall).toHaveBeenLastCalledWith('conv-o1', true);
    store.toggleCamera();
    store.dtmf('5');
    store.dtmf('x');
    expect(call).toMatchObject({ muted: true, held: true, cameraOff: true, tones: ['5'] });
    expect(store.status).toBe('held');
    await store.toggleHold();
    expect(conversationsApi.holdCall).toHaveBeenLastCalledWith('conv-o1', false);
    expect(store.status).toBe('in_call');

    call.end('BYE');
    expect(store.call).toBeNull();
    expect(store.status).toBe('registered');
  });

  it('answers by itself a call contact already taken on the workbench, but lets a chat’s call ring', async () => {
    const { store, phone } = await started();
    const conversations = useConversationsStore();
    conversations.upsert(conversationView({ id: 'conv-a', channel: 'audio', status: 'active' }));
    conversations.upsert(conversationView({ id: 'conv-c', channel: 'chat', status: 'active' }));
    vi.mocked(conversationsApi.get).mockResolvedValue(conversationView({ id: 'conv-a', channel: 'audio' }));
    vi.mocked(conversationsApi.messages).mockResolvedValue({ messages: [] });

    const chatCall = new FakeCall('赵女士');
    phone.ring(chatCall, 'conv-c');
    await vi.advanceTimersByTimeAsync(0);
    expect(chatCall.answeredWith).toBeNull();
    store.reject();

    const taken = new FakeCall('王先生');
    phone.ring(taken, 'conv-a');
    await vi.advanceTimersByTimeAsync(0);
    expect(taken.answeredWith).toBe('audio');
  });

  it('rejects with 486, and is busy for a second call while one rings', async () => {
    const { store, phone } = await started();
    const first = new FakeCall();
    const second = new FakeCall('李女士');
    phone.ring(first, 'conv-1');
    phone.ring(second, 'conv-2');
    expect(second.terminatedWith).toBe(486);
    expect(store.call?.conversationId).toBe('conv-1');

    store.reject();
    expect(first.terminatedWith).toBe(486);
    expect(store.status).toBe('registered');
  });

  it('ignores in-call controls while ringing, and hangs up from the seat side', async () => {
    const { store, phone } = await started();
    const call = new FakeCall('王先生', true);
    phone.ring(call, 'conv-1');
    store.toggleMute();
    store.dtmf('1');
    expect(call).toMatchObject({ muted: false, tones: [] });
    expect(store.call?.media).toBe('video');

    await store.answer();
    call.confirm();
    store.hangup();
    expect(call.terminatedWith).toBeNull();
    expect(store.status).toBe('registered');
  });

  it('a citizen who gives up while it rings leaves the phone idle', async () => {
    const { store, phone } = await started();
    const call = new FakeCall();
    phone.ring(call, 'conv-1');
    call.end('Canceled');
    expect(store.status).toBe('registered');
  });

  it('stop hangs up, unregisters and stops refreshing', async () => {
    const { store, phone, fetchCredentials } = await started();
    const call = new FakeCall();
    phone.ring(call, 'conv-1');
    store.stop();
    expect(call.terminatedWith).toBeNull();
    expect(phone.unregistered).toBe(1);
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(fetchCredentials).toHaveBeenCalledOnce();
    expect(store.status).toBe('unregistered');
  });
});
