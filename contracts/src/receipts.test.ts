import { describe, expect, it } from 'vitest';
import { fromView, pendingMessage } from './messageMerge.js';
import { receiptOf } from './receipts.js';
import { messageView } from './testing.js';

describe('read receipts', () => {
  it('shows delivered once stored and read once the other side read up to it', () => {
    const mine = fromView(messageView(4, { senderType: 'seat' }));
    expect(receiptOf(mine, 'seat', 3)).toBe('delivered');
    expect(receiptOf(mine, 'seat', 4)).toBe('read');
    expect(receiptOf(mine, 'seat', 9)).toBe('read');
  });

  it('shows nothing under the other side’s messages or a message not stored yet', () => {
    expect(receiptOf(fromView(messageView(4, { senderType: 'citizen' })), 'seat', 9)).toBeNull();
    expect(receiptOf(pendingMessage('c1', '在吗', '刘敏', new Date(), 'seat'), 'seat', 9)).toBeNull();
  });
});
