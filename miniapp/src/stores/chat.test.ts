import type { MessageView } from '@cloud-seat/contracts';
import { messageView } from '@cloud-seat/contracts/testing';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client';
import { chatApi, conversation } from '../realtime/testing';
import { createChatStore } from './chat';

function stored(clientId: string, body: string, seq = 1): MessageView {
  return messageView(seq, { conversationId: 'c1', clientId, body, senderName: '访客' });
}

describe('chat store', () => {
  it('shows a sent message at once as pending, then replaces it with the stored one', async () => {
    let answer!: (m: MessageView) => void;
    const send = vi.fn((_id: string, req: { clientId: string; body: string }) => {
      return new Promise<MessageView>((resolve) => (answer = (m) => resolve({ ...m, clientId: req.clientId })));
    });
    const store = createChatStore(chatApi({ send }));
    store.open('c1');

    const done = store.send('  我想咨询社保转移  ');
    expect(store.state.messages).toHaveLength(1);
    expect(store.state.messages[0]).toMatchObject({ body: '我想咨询社保转移', delivery: 'pending', seq: null });
    const { clientId } = send.mock.calls[0]![1];
    expect(clientId).toMatch(/^[0-9a-f-]{36}$/);

    answer(stored(clientId, '我想咨询社保转移', 1));
    await done;
    expect(store.state.messages).toHaveLength(1);
    expect(store.state.messages[0]).toMatchObject({ seq: 1, delivery: 'sent', key: clientId });
  });

  it('marks a failed message, and resends it with the same clientId', async () => {
    const send = vi
      .fn()
      .mockRejectedValueOnce(new ApiError(0, 'NETWORK_ERROR', '网络连接失败'))
      .mockImplementationOnce(async (_id: string, req: { clientId: string; body: string }) =>
        stored(req.clientId, req.body, 5),
      );
    const store = createChatStore(chatApi({ send }));
    store.open('c1');

    await store.send('你好');
    expect(store.state.messages[0]?.delivery).toBe('failed');

    await store.resend(store.state.messages[0]!.clientId!);
    expect(send).toHaveBeenCalledTimes(2);
    expect(send.mock.calls[1]![1].clientId).toBe(send.mock.calls[0]![1].clientId);
    expect(store.state.messages).toHaveLength(1);
    expect(store.state.messages[0]).toMatchObject({ seq: 5, delivery: 'sent' });
  });

  it('ignores empty input', async () => {
    const send = vi.fn();
    const store = createChatStore(chatApi({ send }));
    store.open('c1');
    await store.send('   ');
    expect(send).not.toHaveBeenCalled();
    expect(store.state.messages).toHaveLength(0);
  });

  it('never moves a conversation back to an earlier status (late push)', () => {
    const store = createChatStore(chatApi());
    store.open('c1');
    store.applyConversation(conversation('c1', { status: 'ended' }));
    store.applyConversation(conversation('c1', { status: 'active' }));
    expect(store.state.conversation?.status).toBe('ended');
  });

  it('submits one evaluation tap and keeps the answer', async () => {
    const evaluation = {
      rating: 5,
      label: 'very_satisfied' as const,
      comment: null,
      createdAt: '2026-11-01T09:30:00.000Z',
    };
    const evaluate = vi.fn(async () => conversation('c1', { status: 'ended', evaluation }));
    const store = createChatStore(chatApi({ evaluate }));
    store.open('c1');
    store.applyConversation(conversation('c1', { status: 'ended' }));

    await store.evaluate({ label: 'very_satisfied' });
    await store.evaluate({ rating: 1 }); // a second tap does nothing
    expect(evaluate).toHaveBeenCalledTimes(1);
    expect(evaluate).toHaveBeenCalledWith('c1', { label: 'very_satisfied' });
    expect(store.state.conversation?.evaluation?.label).toBe('very_satisfied');

    store.applyConversation(conversation('c1', { status: 'ended', evaluation: null }));
    expect(store.state.conversation?.evaluation?.rating).toBe(5);
  });
});

describe('sending a file', () => {
  it('shows the file as pending at once, then the stored message with its attachment', async () => {
    const saved = messageView(3, {
      conversationId: 'c1',
      senderType: 'citizen',
      body: '材料.pdf',
      kind: 'file',
      attachment: {
        id: 'a1',
        kind: 'file',
        name: '材料.pdf',
        size: 10,
        mime: 'application/pdf',
        url: '/api/attachments/a1/k',
      },
    });
    let release: (m: typeof saved) => void = () => {};
    const sendFile = vi.fn(
      (_id: string, clientId: string) => new Promise<typeof saved>((r) => (release = (m) => r({ ...m, clientId }))),
    );
    const store = createChatStore(chatApi({ sendFile }));
    store.open('c1');
    const sending = store.sendFile('file', { path: 'blob:x', name: '材料.pdf' });
    expect(store.state.messages.map((m) => [m.body, m.kind, m.delivery])).toEqual([['材料.pdf', 'file', 'pending']]);
    release(saved);
    await sending;
    expect(store.state.messages).toHaveLength(1);
    expect(store.state.messages[0]).toMatchObject({ delivery: 'sent', attachment: { name: '材料.pdf' } });
  });

  it('drops a refused file and says why', async () => {
    const sendFile = vi.fn().mockRejectedValue(new ApiError(415, 'UNSUPPORTED_FILE_TYPE', '不支持该文件类型'));
    const store = createChatStore(chatApi({ sendFile }));
    store.open('c1');
    await store.sendFile('image', { path: 'blob:y', name: 'a.exe' });
    expect(store.state.messages).toEqual([]);
    expect(store.state.sendError).toBe('不支持该文件类型');
  });

  it('marks what is on screen read once and shows 已读 only after the seat read it', async () => {
    const read = vi.fn().mockResolvedValue({ seq: 2 });
    const store = createChatStore(chatApi({ read }));
    store.open('c1');
    store.applyConversation(conversation('c1', { status: 'active', read: { citizen: 0, seat: 0 } }));
    store.applyMessages([
      messageView(1, { conversationId: 'c1', senderType: 'citizen' }),
      messageView(2, { conversationId: 'c1', senderType: 'seat' }),
    ]);
    await store.markRead();
    await store.markRead();
    expect(read).toHaveBeenCalledTimes(1);
    expect(read).toHaveBeenCalledWith('c1', 2);
    expect(store.state.conversation!.read.citizen).toBe(2);

    store.applyRead('seat', 1);
    store.applyRead('seat', 0); // never back
    expect(store.state.conversation!.read.seat).toBe(1);
  });

  it('shows the seat typing until its message arrives', () => {
    const store = createChatStore(chatApi());
    store.open('c1');
    store.applyTyping(1000);
    expect(store.state.seatTypingUntil).toBeGreaterThan(1000);
    store.applyMessages([messageView(3, { conversationId: 'c1', senderType: 'seat' })]);
    expect(store.state.seatTypingUntil).toBe(0);
  });
});
