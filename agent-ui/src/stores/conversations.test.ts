import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { conversationsApi } from '@/api/conversations';
import { ApiError } from '@/api/client';
import { useConversationsStore } from './conversations';
import { conversationView, messageView } from '@cloud-seat/contracts/testing';

vi.mock('@/api/conversations', () => ({
  conversationsApi: {
    get: vi.fn(),
    messages: vi.fn(),
    send: vi.fn(),
    sendFile: vi.fn(),
    end: vi.fn(),
    transfer: vi.fn(),
    read: vi.fn(),
    typing: vi.fn(),
  },
}));
vi.mock('@/api/seat', () => ({ seatApi: { conversations: vi.fn() } }));

beforeEach(() => {
  setActivePinia(createPinia());
  vi.resetAllMocks();
});

describe('conversations store', () => {
  it('shows a sent message at once and replaces it by the stored one (no duplicate when the push came first)', async () => {
    const store = useConversationsStore();
    store.upsert(conversationView());
    let resolveSend: (v: ReturnType<typeof messageView>) => void = () => {};
    vi.mocked(conversationsApi.send).mockReturnValue(new Promise((r) => (resolveSend = r)));

    const sending = store.send('conv-1', '  您好  ', '刘敏', 'client-1');
    expect(store.messages['conv-1']).toMatchObject([{ body: '您好', delivery: 'pending', senderType: 'seat' }]);

    const stored = messageView(3, { senderType: 'seat', clientId: 'client-1', body: '您好' });
    store.applyMessages('conv-1', [stored]); // the realtime push wins the race
    resolveSend(stored);
    await sending;
    expect(store.messages['conv-1']).toHaveLength(1);
    expect(store.messages['conv-1']![0]).toMatchObject({ seq: 3, delivery: 'sent' });
  });

  it('marks a failed send so it can be resent with the same clientId', async () => {
    const store = useConversationsStore();
    vi.mocked(conversationsApi.send).mockRejectedValueOnce(new ApiError(0, 'NETWORK', '网络连接失败'));
    await expect(store.send('conv-1', '材料清单', '刘敏', 'client-9')).rejects.toThrow('网络连接失败');
    const failed = store.messages['conv-1']![0]!;
    expect(failed.delivery).toBe('failed');

    vi.mocked(conversationsApi.send).mockResolvedValueOnce(messageView(4, { clientId: 'client-9', body: '材料清单' }));
    await store.resend('conv-1', failed, '刘敏');
    expect(vi.mocked(conversationsApi.send).mock.calls[1]![1]).toEqual({ clientId: 'client-9', body: '材料清单' });
    expect(store.messages['conv-1']).toMatchObject([{ seq: 4, delivery: 'sent' }]);
  });

  it('catches up from the last seq it holds', async () => {
    const store = useConversationsStore();
    store.applyMessages('conv-1', [messageView(1), messageView(2)]);
    vi.mocked(conversationsApi.messages).mockResolvedValue({ messages: [messageView(3)] });
    await store.catchUp('conv-1');
    expect(conversationsApi.messages).toHaveBeenCalledWith('conv-1', 2);
    expect(store.messages['conv-1']!.map((m) => m.seq)).toEqual([1, 2, 3]);
  });

  it('lists active conversations before ended ones and ignores blank sends', async () => {
    const store = useConversationsStore();
    store.upsert(conversationView({ id: 'a', status: 'ended' }));
    store.upsert(conversationView({ id: 'b', status: 'active' }));
    expect(store.list.map((c) => c.id)).toEqual(['b', 'a']);
    await store.send('b', '   ', '刘敏');
    expect(conversationsApi.send).not.toHaveBeenCalled();
  });

  it('sends a file: pending image under its name, then the stored message; a refused file is dropped', async () => {
    const store = useConversationsStore();
    store.upsert(conversationView());
    const file = new File([new Uint8Array([0x89, 0x50])], '截图.png', { type: 'image/png' });
    vi.mocked(conversationsApi.sendFile).mockImplementation(async (_id, clientId) =>
      messageView(4, {
        senderType: 'seat',
        clientId,
        body: '截图.png',
        kind: 'image',
        attachment: {
          id: 'a1',
          kind: 'image',
          name: '截图.png',
          size: 2,
          mime: 'image/png',
          url: '/api/attachments/a1/k',
        },
      }),
    );
    const sending = store.sendFile('conv-1', file, '刘敏');
    expect(store.messages['conv-1']).toMatchObject([{ body: '截图.png', kind: 'image', delivery: 'pending' }]);
    await sending;
    expect(store.messages['conv-1']).toMatchObject([{ kind: 'image', delivery: 'sent', attachment: { id: 'a1' } }]);

    vi.mocked(conversationsApi.sendFile).mockRejectedValue(
      new ApiError(415, 'UNSUPPORTED_FILE_TYPE', '不支持该文件类型'),
    );
    await expect(store.sendFile('conv-1', new File(['MZ'], 'a.exe'), '刘敏')).rejects.toThrow('不支持该文件类型');
    expect(store.messages['conv-1']).toHaveLength(1);
  });

  it('hands a conversation to a team queue at once: read-only, no longer counted as served', async () => {
    const store = useConversationsStore();
    store.upsert(conversationView({ id: 'a' }));
    store.upsert(conversationView({ id: 'b', acceptedAt: '2026-11-25T08:01:00.000Z' }));
    vi.mocked(conversationsApi.transfer).mockResolvedValue({
      kind: 'queued',
      conversation: conversationView({ id: 'a', status: 'queued', seat: null }),
    });
    await store.transfer('a', { toCategory: '社会保障' }, '东胜区「社会保障」');
    expect(conversationsApi.transfer).toHaveBeenCalledWith('a', { toCategory: '社会保障' });
    expect(store.handedOver['a']).toEqual({ to: '东胜区「社会保障」' });
    expect(store.activeCount).toBe(1);
    expect(store.list.map((c) => c.id)).toEqual(['b', 'a']);
    store.dismiss('a');
    expect(store.handedOver['a']).toBeUndefined();
  });

  it('waits for the receiving seat, then hands over on accept or keeps serving on decline', async () => {
    const store = useConversationsStore();
    store.upsert(conversationView({ id: 'a' }));
    vi.mocked(conversationsApi.transfer).mockResolvedValue({
      kind: 'offered',
      offerId: 'o1',
      conversation: conversationView({ id: 'a' }),
    });
    await store.transfer('a', { toSeatId: 'seat-2' }, '坐席 张伟（DS002）');
    expect(store.transferring['a']).toBe('坐席 张伟（DS002）');
    expect(store.activeCount).toBe(1);

    const toSeat = { id: 'seat-2', name: '张伟', jobNumber: 'DS002' };
    const declined = store.applyTransferResult({ conversationId: 'a', offerId: 'o1', result: 'declined', toSeat });
    expect(declined).toContain('拒绝');
    expect(store.transferring['a']).toBeUndefined();
    expect(store.handedOver['a']).toBeUndefined();

    const accepted = store.applyTransferResult({ conversationId: 'a', offerId: 'o2', result: 'accepted', toSeat });
    expect(accepted).toBe('坐席 张伟（DS002）已接受转接，会话已转出');
    expect(store.handedOver['a']).toEqual({ to: '坐席 张伟（DS002）' });
    expect(store.activeCount).toBe(0);
  });

  it('marks what is held as read once, moving forward only, and shows the citizen typing until their message', async () => {
    const store = useConversationsStore();
    store.upsert(conversationView({ id: 'a' }));
    store.applyMessages('a', [messageView(1, { conversationId: 'a' }), messageView(2, { conversationId: 'a' })]);
    vi.mocked(conversationsApi.read).mockResolvedValue({ seq: 2 });
    await store.markRead('a');
    await store.markRead('a');
    expect(conversationsApi.read).toHaveBeenCalledTimes(1);
    expect(conversationsApi.read).toHaveBeenCalledWith('a', 2);
    expect(store.byId['a']!.read.seat).toBe(2);

    store.applyRead('a', 'citizen', 5);
    store.applyRead('a', 'citizen', 3); // a late push never moves it back
    expect(store.byId['a']!.read.citizen).toBe(5);

    store.applyTyping('a', 1000);
    expect(store.typingUntil['a']).toBeGreaterThan(1000);
    store.applyMessages('a', [messageView(3, { conversationId: 'a', senderType: 'citizen' })]);
    expect(store.typingUntil['a']).toBeUndefined();
  });
});
