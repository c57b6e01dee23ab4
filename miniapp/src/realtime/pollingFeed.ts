/**
 * Mini-program realtime fallback: socket.io-client cannot run in the WeChat runtime (no browser
 * WebSocket or XHR), so the feed polls GET /api/conversations/:id and
 * GET /api/conversations/:id/messages?afterSeq=N every ~2 s.
 *
 * Future work: an engine.io transport over uni.connectSocket, which would make the mini-program
 * realtime too; this feed would then only be the fallback.
 */
import { POLL_INTERVAL_MS } from '../config';
import { catchUp } from './catchUp';
import type { ConversationFeed, FeedApi, FeedStore } from './types';

export interface PollingFeedOptions {
  api: FeedApi;
  store: FeedStore;
  intervalMs?: number;
  onError?: (error: unknown) => void;
}

export function createPollingFeed(options: PollingFeedOptions): ConversationFeed {
  const { api, store, intervalMs = POLL_INTERVAL_MS, onError = () => {} } = options;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let generation = 0;

  function stop() {
    generation++;
    if (timer) clearTimeout(timer);
    timer = null;
  }

  function follow(conversationId: string) {
    stop();
    const mine = ++generation;
    const tick = async () => {
      timer = null;
      try {
        await catchUp(api, store, conversationId);
        if (mine === generation) store.setLink('online');
      } catch (error) {
        if (mine === generation) store.setLink('offline');
        onError(error);
      }
      if (mine !== generation) return;
      const status = store.conversation?.status;
      // Nothing more can arrive once the conversation is over (the evaluation answer comes back by POST).
      if (status === 'ended' || status === 'abandoned') return;
      timer = setTimeout(() => void tick(), intervalMs);
    };
    void tick();
  }

  return { follow, stop };
}
