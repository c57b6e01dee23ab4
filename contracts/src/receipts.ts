/**
 * Read receipts as both apps show them under one's own messages: 已送达 once stored (it has a
 * seq), 已读 once the other side has read up to it. Typing shows for a few seconds per signal.
 */
import type { ConversationSide } from './events.js';
import type { ChatMessage } from './messageMerge.js';

/** How long a typing signal shows; clients send one at most every TYPING_SEND_INTERVAL_MS while typing. */
export const TYPING_SHOW_MS = 5000;
export const TYPING_SEND_INTERVAL_MS = 3000;

export type ReceiptState = 'read' | 'delivered';

export const RECEIPT_LABELS: Record<ReceiptState, string> = { read: '已读', delivered: '已送达' };

/** The receipt under a message of `ownSide`, or null (someone else's, or not stored yet). */
export function receiptOf(message: ChatMessage, ownSide: ConversationSide, otherReadSeq: number): ReceiptState | null {
  if (message.senderType !== ownSide || message.seq === null) return null;
  return message.seq <= otherReadSeq ? 'read' : 'delivered';
}
