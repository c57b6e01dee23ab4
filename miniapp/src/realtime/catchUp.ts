import { MESSAGE_PAGE_SIZE } from '../config';
import type { FeedApi, FeedStore } from './types';

/**
 * Fetches the conversation and every message after `afterSeq` (default: the last seq the store
 * holds), page by page, and merges them. Merging is by seq, so running it twice or racing a push
 * never duplicates a message.
 */
export async function catchUp(
  api: FeedApi,
  store: FeedStore,
  conversationId: string,
  afterSeq: number = store.lastSeq,
): Promise<void> {
  const [conversation] = await Promise.all([
    api.get(conversationId),
    fetchMessagesAfter(api, store, conversationId, afterSeq),
  ]);
  if (store.conversationId === conversationId) store.applyConversation(conversation);
}

async function fetchMessagesAfter(api: FeedApi, store: FeedStore, conversationId: string, afterSeq: number) {
  for (let after = afterSeq; ;) {
    const page = await api.messages(conversationId, after, MESSAGE_PAGE_SIZE);
    if (store.conversationId !== conversationId) return;
    store.applyMessages(page);
    const last = page[page.length - 1];
    if (page.length < MESSAGE_PAGE_SIZE || !last || last.seq <= after) return;
    after = last.seq;
  }
}
