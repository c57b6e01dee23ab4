/**
 * Pure message-list logic shared by the citizen app and the agent workbench: stored messages
 * ordered by `seq`, this side's own not-yet-stored messages (pending or failed) after them, each
 * message exactly once.
 *
 * The same message can reach the client three ways — the POST answer, a `message.new` push and a
 * catch-up fetch after a reconnect or a poll — in any order, so merging must be idempotent.
 */
import type { MessageSenderType } from './enums.js';
import type { AttachmentView, MessageChoice, MessageMatterLink, MessageView } from './http.js';

export type Delivery = 'sent' | 'pending' | 'failed';

export interface ChatMessage {
  /** Stable key for rendering: the clientId when there is one, else the server id. */
  key: string;
  id: string | null;
  seq: number | null;
  clientId: string | null;
  senderType: MessageSenderType;
  senderName: string;
  body: string;
  kind: MessageView['kind'];
  /** Stored attachment; null while an upload is pending (its name is the body). */
  attachment: AttachmentView | null;
  createdAt: string;
  delivery: Delivery;
  /** An assistant answer's guide card and buttons. */
  matter: MessageMatterLink | null;
  choices: MessageChoice[];
}

export function fromView(view: MessageView): ChatMessage {
  return {
    key: view.clientId ?? view.id,
    id: view.id,
    seq: view.seq,
    clientId: view.clientId,
    senderType: view.senderType,
    senderName: view.senderName,
    body: view.body,
    kind: view.kind,
    attachment: view.attachment,
    createdAt: view.createdAt,
    delivery: 'sent',
    matter: view.matter ?? null,
    choices: view.choices ?? [],
  };
}

export function pendingMessage(
  clientId: string,
  body: string,
  senderName: string,
  now = new Date(),
  senderType: MessageSenderType = 'citizen',
  kind: MessageView['kind'] = 'text',
): ChatMessage {
  return {
    key: clientId,
    id: null,
    seq: null,
    clientId,
    senderType,
    senderName,
    body,
    kind,
    attachment: null,
    createdAt: now.toISOString(),
    delivery: 'pending',
    matter: null,
    choices: [],
  };
}

/**
 * Merges stored messages into the list: a seq already held is ignored, a local message with the
 * same clientId is replaced by its stored version, the rest are inserted in seq order.
 */
export function mergeMessages(current: readonly ChatMessage[], incoming: readonly MessageView[]): ChatMessage[] {
  const stored = new Map<number, ChatMessage>();
  const storedClientIds = new Set<string>();
  const local: ChatMessage[] = [];
  for (const message of current) {
    if (message.seq === null) local.push(message);
    else {
      stored.set(message.seq, message);
      if (message.clientId) storedClientIds.add(message.clientId);
    }
  }

  let changed = false;
  for (const view of incoming) {
    if (stored.has(view.seq)) continue;
    if (view.clientId && storedClientIds.has(view.clientId)) continue;
    stored.set(view.seq, fromView(view));
    if (view.clientId) storedClientIds.add(view.clientId);
    changed = true;
  }
  const stillLocal = local.filter((m) => !m.clientId || !storedClientIds.has(m.clientId));
  if (!changed && stillLocal.length === local.length) return current as ChatMessage[];

  const ordered = [...stored.values()].sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
  return [...ordered, ...stillLocal];
}

/**
 * The `afterSeq` of the next catch-up: the highest seq up to which every stored message is held
 * (a conversation's seqs run 1, 2, 3… without holes), 0 when none. Not simply the highest seq
 * held: a client can hold a later one (the answer to its own post, a push that overtook another)
 * while the push of an earlier one never came — the engine died between its commit and its
 * push — and a catch-up after the highest would skip that message for good.
 */
export function lastSeqOf(messages: readonly ChatMessage[]): number {
  const held = new Set<number>();
  for (const m of messages) if (m.seq !== null) held.add(m.seq);
  let last = 0;
  while (held.has(last + 1)) last += 1;
  return last;
}

/** Marks a local message as pending or failed (stored messages are left alone). */
export function setDelivery(messages: readonly ChatMessage[], clientId: string, delivery: Delivery): ChatMessage[] {
  return messages.map((m) => (m.seq === null && m.clientId === clientId ? { ...m, delivery } : m));
}
