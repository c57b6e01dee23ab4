/** Test doubles for the realtime connector: an in-memory engine and a fake socket. */
import type { ConversationView, MessageView } from '@cloud-seat/contracts';
import { conversationView } from '@cloud-seat/contracts/testing';
import { vi } from 'vitest';
import type { ConversationsApi } from '../api/conversations';
import type { FeedApi } from './types';
import type { SocketLike } from './socketFeed';

export function conversation(id: string, patch: Partial<ConversationView> = {}): ConversationView {
  return conversationView({ id, ...patch });
}

/** Holds one conversation's messages like the engine does: seq assigned on append. */
export class FakeEngine implements FeedApi {
  readonly messagesStored: MessageView[] = [];
  state: ConversationView;
  readonly calls: string[] = [];

  constructor(readonly conversationId = 'c1') {
    this.state = conversation(conversationId);
  }

  append(body: string, senderType: MessageView['senderType'] = 'seat'): MessageView {
    const seq = this.messagesStored.length + 1;
    const message: MessageView = {
      id: `m${seq}`,
      conversationId: this.conversationId,
      seq,
      senderType,
      senderName: senderType === 'seat' ? '王芳' : '访客',
      body,
      kind: 'text',
      attachment: null,
      clientId: null,
      createdAt: new Date(Date.UTC(2026, 10, 1, 9, 1, seq)).toISOString(),
    };
    this.messagesStored.push(message);
    this.state = { ...this.state, lastSeq: seq };
    return message;
  }

  get = vi.fn(async (id: string) => {
    this.calls.push(`get ${id}`);
    return this.state;
  });

  messages = vi.fn(async (id: string, afterSeq: number, limit = 200) => {
    this.calls.push(`messages ${id} afterSeq=${afterSeq}`);
    return this.messagesStored.filter((m) => m.seq > afterSeq).slice(0, limit);
  });
}

/** Emits what a socket.io-client Socket would; `connect()` does not connect until the test says so. */
export class FakeSocket implements SocketLike {
  active = true;
  connectCalls = 0;
  disconnected = false;
  private readonly listeners = new Map<string, ((...args: never[]) => void)[]>();

  on(event: string, listener: (...args: never[]) => void) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }

  connect() {
    this.connectCalls++;
    return this;
  }

  disconnect() {
    this.disconnected = true;
    this.active = false;
    return this;
  }

  /** Server → client. */
  fire(event: string, ...args: unknown[]) {
    for (const listener of this.listeners.get(event) ?? []) (listener as (...a: unknown[]) => void)(...args);
  }
}

/** Lets pending promise callbacks (catch-ups) run. */
export const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

type ChatApi = Pick<ConversationsApi, 'get' | 'send' | 'sendFile' | 'evaluate' | 'read' | 'typing'>;

/** The chat store's API with every call a mock, some replaced by the test. */
export function chatApi(patch: Partial<ChatApi> = {}): ChatApi {
  return {
    get: vi.fn(),
    send: vi.fn(),
    sendFile: vi.fn(),
    evaluate: vi.fn(),
    read: vi.fn().mockResolvedValue({ seq: 0 }),
    typing: vi.fn().mockResolvedValue(undefined),
    ...patch,
  };
}
