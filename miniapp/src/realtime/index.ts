/**
 * The app's realtime connector: socket.io in H5, polling in the mini-program (chosen at build
 * time by uni's conditional compilation, so the mini-program bundle carries no socket.io-client).
 */
// #ifdef H5
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@cloud-seat/contracts';
import { createSocketFeed } from './socketFeed';
// #endif
// #ifndef H5
import { createPollingFeed } from './pollingFeed';
// #endif
import { API_BASE } from '../config';
import { ApiError } from '../api/client';
import { http } from '../api/http';
import { conversationsApi } from '../api/conversations';
import { chatStore } from '../stores/chat';
import type { ConversationFeed } from './types';

export type { ConversationFeed } from './types';

/** Network trouble shows as the link state; a conversation the engine refuses to show is a page error. */
function onError(error: unknown) {
  if (error instanceof ApiError && [403, 404].includes(error.status)) chatStore.setLoadError(error.message);
  else console.warn('[realtime]', error);
}

export function createConversationFeed(): ConversationFeed {
  // #ifdef H5
  return createSocketFeed({
    api: conversationsApi,
    store: chatStore,
    openSocket: () => {
      const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(API_BASE || undefined, {
        path: '/socket.io',
        autoConnect: false,
        // A function, so every reconnect sends the current token (the HTTP client may have renewed it).
        auth: (send) => send({ token: http.currentToken() ?? '' }),
      });
      return socket;
    },
    beforeRetry: () => http.ensureToken(),
    onError,
  });
  // #endif
  // #ifndef H5
  return createPollingFeed({ api: conversationsApi, store: chatStore, onError });
  // #endif
}
