import type { MessageView } from './http.js';
import { describe, expect, it } from 'vitest';
import { messageView } from './testing.js';
import { lastSeqOf, mergeMessages, pendingMessage, setDelivery, type ChatMessage } from './messageMerge.js';

const view = (seq: number, patch: Partial<MessageView> = {}): MessageView =>
  messageView(seq, { conversationId: 'c1', senderType: 'seat', senderName: '王芳', ...patch });

const seqs = (list: ChatMessage[]) => list.map((m) => m.seq);
const bodies = (list: ChatMessage[]) => list.map((m) => m.body);

describe('mergeMessages', () => {
  it('orders by seq whatever order messages arrive in', () => {
    const list = mergeMessages(mergeMessages([], [view(3), view(1)]), [view(2), view(5), view(4)]);
    expect(seqs(list)).toEqual([1, 2, 3, 4, 5]);
  });

  it('never duplicates a seq (push, then the same message again from a catch-up fetch)', () => {
    let list = mergeMessages([], [view(1), view(2)]);
    list = mergeMessages(list, [view(2)]);
    list = mergeMessages(list, [view(1), view(2), view(3)]);
    expect(seqs(list)).toEqual([1, 2, 3]);
  });

  it('replaces a pending message by its stored version, matched by clientId, keeping its key', () => {
    let list = mergeMessages([], [view(1)]);
    list = [...list, pendingMessage('cid-a', '我想办理营业执照', '我')];
    expect(list.at(-1)?.delivery).toBe('pending');

    list = mergeMessages(list, [view(2, { senderType: 'citizen', clientId: 'cid-a', body: '我想办理营业执照' })]);
    expect(list).toHaveLength(2);
    expect(list[1]).toMatchObject({ seq: 2, key: 'cid-a', delivery: 'sent', senderType: 'citizen' });
  });

  it('does not duplicate when the stored message comes twice (POST answer and push)', () => {
    const mine = view(2, { senderType: 'citizen', clientId: 'cid-a' });
    let list = [pendingMessage('cid-a', '第2条', '我')];
    list = mergeMessages(list, [mine]);
    list = mergeMessages(list, [mine]);
    list = mergeMessages(list, [view(1), mine]);
    expect(seqs(list)).toEqual([1, 2]);
  });

  it('keeps local messages after stored ones and in their own order', () => {
    let list: ChatMessage[] = [pendingMessage('a', '甲', '我'), pendingMessage('b', '乙', '我')];
    list = mergeMessages(list, [view(1), view(2)]);
    expect(bodies(list)).toEqual(['第1条', '第2条', '甲', '乙']);
    list = mergeMessages(list, [view(3, { clientId: 'b', body: '乙', senderType: 'citizen' })]);
    expect(bodies(list)).toEqual(['第1条', '第2条', '乙', '甲']);
    expect(list.map((m) => m.delivery)).toEqual(['sent', 'sent', 'sent', 'pending']);
  });

  it('returns the same array when nothing is new (no needless re-render)', () => {
    const list = mergeMessages([], [view(1)]);
    expect(mergeMessages(list, [view(1)])).toBe(list);
  });

  it('lastSeqOf ignores local messages', () => {
    const list = [...mergeMessages([], [view(1), view(2)]), pendingMessage('x', '…', '我')];
    expect(lastSeqOf(list)).toBe(2);
    expect(lastSeqOf([])).toBe(0);
  });

  it('lastSeqOf stops before the first missing seq, so a catch-up fetches what a lost push left out', () => {
    // 3 was stored but its push never came; 4 is this client's own post, merged from the answer.
    const list = mergeMessages([], [view(1), view(2), view(4), view(5)]);
    expect(lastSeqOf(list)).toBe(2);
    expect(lastSeqOf(mergeMessages(list, [view(3)]))).toBe(5);
    expect(lastSeqOf(mergeMessages([], [view(4), view(9)]))).toBe(0);
  });

  it('setDelivery only touches the local message with that clientId', () => {
    const list = [...mergeMessages([], [view(1, { clientId: 'same' })]), pendingMessage('same', 'x', '我')];
    const marked = setDelivery(list, 'same', 'failed');
    expect(marked.map((m) => m.delivery)).toEqual(['sent', 'failed']);
  });
});
