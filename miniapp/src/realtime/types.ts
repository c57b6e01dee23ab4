/**
 * The realtime connector keeps the chat store in step with the engine. Two implementations sit
 * behind the same interface: socket.io in H5 (socketFeed.ts) and HTTP polling in the
 * mini-program (pollingFeed.ts). Pages only call follow() and stop().
 */
import type { ConversationSide, ConversationView, MessageView } from '@cloud-seat/contracts';

export type LinkState = 'connecting' | 'online' | 'offline';

/** What the connector writes to (the chat store implements it). */
export interface FeedStore {
  readonly conversationId: string | null;
  readonly conversation: ConversationView | null;
  /** Highest message seq held: the afterSeq of a catch-up. */
  readonly lastSeq: number;
  applyConversation(conversation: ConversationView): void;
  applyMessages(messages: readonly MessageView[]): void;
  /** Read receipts and typing, pushed by the socket feed (the polling feed reads `read` off the view). */
  applyRead(by: ConversationSide, seq: number): void;
  applyTyping(): void;
  /** The serving seat invites the citizen to 同屏协助 (socket feed only). */
  applyCobrowseInvite?(invited: boolean): void;
  setLink(link: LinkState): void;
}

/** The HTTP reads a catch-up needs. */
export interface FeedApi {
  get(conversationId: string): Promise<ConversationView>;
  messages(conversationId: string, afterSeq: number, limit?: number): Promise<MessageView[]>;
}

export interface ConversationFeed {
  /** Start following one conversation (stops following any previous one). */
  follow(conversationId: string): void;
  stop(): void;
}
