/**
 * H5 realtime: one socket.io connection per followed conversation, authenticated with the guest
 * token (`auth: {token}`). Pushes are merged into the store as they come; on every (re)connect the
 * feed catches up over HTTP from the last seq it holds, so nothing missed while offline is lost
 * and nothing is shown twice.
 */
import {
  SERVER_EVENTS,
  type ConversationSide,
  type ConversationView,
  type MessageView,
  type QueueStanding,
} from '@cloud-seat/contracts';
import { catchUp } from './catchUp';
import type { ConversationFeed, FeedApi, FeedStore } from './types';

/** The part of a socket.io-client Socket the feed uses (a fake in tests). */
export interface SocketLike {
  on(event: string, listener: (...args: never[]) => void): unknown;
  connect(): unknown;
  disconnect(): unknown;
  /** false when the server refused the connection (socket.io then stops retrying by itself). */
  readonly active: boolean;
}

export interface SocketFeedOptions {
  api: FeedApi;
  store: FeedStore;
  /** Opens a socket (not yet connected or connecting); called once per follow(). */
  openSocket: () => SocketLike;
  /** Before reconnecting after the server refused the socket (e.g. to renew the token). */
  beforeRetry?: () => Promise<unknown>;
  retryDelayMs?: number;
  onError?: (error: unknown) => void;
}

export function createSocketFeed(options: SocketFeedOptions): ConversationFeed {
  const { api, store, openSocket, beforeRetry, retryDelayMs = 3000, onError = () => {} } = options;
  let socket: SocketLike | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;

  function stop() {
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = null;
    const old = socket;
    socket = null;
    old?.disconnect();
  }

  function follow(conversationId: string) {
    stop();
    const s = openSocket();
    socket = s;
    const current = () => socket === s && store.conversationId === conversationId;
    /** Set when a gap was seen: the next catch-up starts there until one succeeds. */
    let gapAfter: number | null = null;
    const resync = () => {
      if (!current()) return;
      const from = gapAfter ?? store.lastSeq;
      catchUp(api, store, conversationId, from)
        .then(() => {
          if (gapAfter === from) gapAfter = null;
        })
        .catch(onError);
    };

    /** socket.io gives up when the server refused or closed the socket: renew what needs renewing, retry. */
    const retryLater = () => {
      if (retryTimer) return;
      retryTimer = setTimeout(() => {
        retryTimer = null;
        if (!current()) return;
        Promise.resolve(beforeRetry?.())
          .catch(onError)
          .finally(() => {
            if (current()) s.connect();
          });
      }, retryDelayMs);
    };

    s.on('connect', () => {
      if (!current()) return;
      store.setLink('online');
      resync();
    });
    s.on('disconnect', (reason: string) => {
      if (!current()) return;
      store.setLink('offline');
      if (reason === 'io server disconnect') retryLater();
    });
    s.on('connect_error', (error: unknown) => {
      if (!current()) return;
      store.setLink('offline');
      onError(error);
      if (!s.active) retryLater(); // otherwise socket.io keeps retrying on its own
    });
    s.on(SERVER_EVENTS.messageNew, (payload: { message: MessageView }) => {
      if (!current() || payload.message.conversationId !== conversationId) return;
      const before = store.lastSeq;
      store.applyMessages([payload.message]);
      // A gap in seq means a push was missed: fetch what lies between.
      if (payload.message.seq > before + 1) {
        gapAfter = Math.min(gapAfter ?? before, before);
        resync();
      }
    });
    s.on(SERVER_EVENTS.queuePosition, (payload: { conversationId: string; queue: QueueStanding }) => {
      const held = store.conversation;
      if (!current() || payload.conversationId !== conversationId || !held || held.status !== 'queued') return;
      store.applyConversation({ ...held, queue: payload.queue });
    });
    s.on(SERVER_EVENTS.conversationUpdated, (payload: { conversation: ConversationView }) => {
      if (!current() || payload.conversation.id !== conversationId) return;
      store.applyConversation(payload.conversation);
      if (payload.conversation.lastSeq > store.lastSeq) resync();
    });

    s.on(SERVER_EVENTS.conversationRead, (payload: { conversationId: string; by: ConversationSide; seq: number }) => {
      if (current() && payload.conversationId === conversationId) store.applyRead(payload.by, payload.seq);
    });
    s.on(SERVER_EVENTS.conversationTyping, (payload: { conversationId: string; by: ConversationSide }) => {
      if (current() && payload.conversationId === conversationId && payload.by === 'seat') store.applyTyping();
    });
    s.on(SERVER_EVENTS.cobrowseRequest, (payload: { conversationId: string }) => {
      if (current() && payload.conversationId === conversationId) store.applyCobrowseInvite?.(true);
    });

    // Show what is stored right away, without waiting for the socket.
    resync();
    s.connect();
  }

  return { follow, stop };
}
