/**
 * The seat's conversations and their messages. Messages are merged by seq (one implementation,
 * shared with the citizen app in contracts), so a push, a POST answer and a catch-up fetch after
 * a reconnect can arrive in any order without duplicates.
 */
import {
  lastSeqOf,
  mergeMessages,
  pendingMessage,
  setDelivery,
  TYPING_SHOW_MS,
  type ChatMessage,
  type ConversationSide,
  type ConversationView,
  type MessageView,
  type ServerToClientEvents,
  type TransferRequest,
} from '@cloud-seat/contracts';
import { defineStore } from 'pinia';
import { conversationsApi } from '@/api/conversations';
import { seatApi } from '@/api/seat';

function newClientId(): string {
  return crypto.randomUUID();
}

export type TransferResult = Parameters<ServerToClientEvents['transfer.result']>[0];

/** Whom a conversation went to (工单流转): a seat that accepted it, or a team's queue. */
export interface HandOver {
  to: string;
}

export const useConversationsStore = defineStore('conversations', {
  state: () => ({
    byId: {} as Record<string, ConversationView>,
    messages: {} as Record<string, ChatMessage[]>,
    selectedId: null as string | null,
    /** Conversations this seat handed over: still open on screen, read-only. */
    handedOver: {} as Record<string, HandOver>,
    /** Transfers asked for and not yet answered: conversation id → the receiver's label. */
    transferring: {} as Record<string, string>,
    /** 对方正在输入: until when (epoch ms) per conversation. */
    typingUntil: {} as Record<string, number>,
  }),
  getters: {
    /** Active first (oldest accepted first), then ended ones still open on screen. */
    list(state): ConversationView[] {
      const rank = (c: ConversationView) => (c.status === 'active' && !state.handedOver[c.id] ? 0 : 1);
      return Object.values(state.byId).sort(
        (a, b) => rank(a) - rank(b) || (a.acceptedAt ?? a.queuedAt).localeCompare(b.acceptedAt ?? b.queuedAt),
      );
    },
    selected(state): ConversationView | null {
      return state.selectedId ? (state.byId[state.selectedId] ?? null) : null;
    },
    /** This seat serves the selected conversation now (it may write, push a matter, end it). */
    selectedServing(state): boolean {
      const c = state.selectedId ? state.byId[state.selectedId] : undefined;
      return c?.status === 'active' && !state.handedOver[c.id];
    },
    /** Conversations this seat serves now. */
    activeCount(state): number {
      return Object.values(state.byId).filter((c) => c.status === 'active' && !state.handedOver[c.id]).length;
    },
    selectedMessages(state): ChatMessage[] {
      return state.selectedId ? (state.messages[state.selectedId] ?? []) : [];
    },
  },
  actions: {
    upsert(conversation: ConversationView) {
      this.byId = { ...this.byId, [conversation.id]: conversation };
    },
    select(id: string | null) {
      this.selectedId = id;
    },
    /** Closes an ended conversation's tab. */
    dismiss(id: string) {
      const rest = { ...this.byId };
      delete rest[id];
      this.byId = rest;
      const { [id]: _handedOver, ...others } = this.handedOver;
      this.handedOver = others;
      if (this.selectedId === id) this.selectedId = this.list[0]?.id ?? null;
    },
    applyMessages(conversationId: string, views: MessageView[]) {
      // The citizen's message arrived: they stopped typing it.
      if (this.typingUntil[conversationId] && views.some((v) => v.senderType === 'citizen')) {
        const { [conversationId]: _stopped, ...rest } = this.typingUntil;
        this.typingUntil = rest;
      }
      const current = this.messages[conversationId] ?? [];
      const merged = mergeMessages(current, views);
      if (merged !== current) this.messages = { ...this.messages, [conversationId]: merged };
    },
    /** A read mark moved (only forward). */
    applyRead(conversationId: string, by: ConversationSide, seq: number) {
      const c = this.byId[conversationId];
      if (!c || c.read[by] >= seq) return;
      this.byId = { ...this.byId, [conversationId]: { ...c, read: { ...c.read, [by]: seq } } };
    },
    applyTyping(conversationId: string, now = Date.now()) {
      this.typingUntil = { ...this.typingUntil, [conversationId]: now + TYPING_SHOW_MS };
    },
    /** The seat has the conversation on screen: everything held is read. */
    async markRead(conversationId: string) {
      const c = this.byId[conversationId];
      const seq = lastSeqOf(this.messages[conversationId] ?? []);
      if (!c || c.status !== 'active' || this.handedOver[conversationId] || seq <= c.read.seat) return;
      this.applyRead(conversationId, 'seat', seq);
      await conversationsApi.read(conversationId, seq);
    },
    /** The seat is typing a reply (sent at most every few seconds by the composer). */
    async signalTyping(conversationId: string) {
      await conversationsApi.typing(conversationId);
    },
    /** Fetches what this client does not hold yet (after the last seq it has). */
    async catchUp(conversationId: string) {
      const after = lastSeqOf(this.messages[conversationId] ?? []);
      const { messages } = await conversationsApi.messages(conversationId, after);
      this.applyMessages(conversationId, messages);
    },
    /** Reloads the active conversations and catches up each one (after login or a reconnect). */
    async refresh() {
      const { conversations } = await seatApi.conversations();
      for (const c of conversations) this.upsert(c);
      if (!this.selectedId && conversations[0]) this.selectedId = conversations[0].id;
      await Promise.all(Object.keys(this.byId).map((id) => this.catchUp(id)));
    },
    async send(conversationId: string, body: string, senderName: string, clientId = newClientId()) {
      const text = body.trim();
      if (!text) return;
      const pending = pendingMessage(clientId, text, senderName, new Date(), 'seat');
      this.messages = { ...this.messages, [conversationId]: [...(this.messages[conversationId] ?? []), pending] };
      try {
        const stored = await conversationsApi.send(conversationId, { clientId, body: text });
        this.applyMessages(conversationId, [stored]);
      } catch (e) {
        this.messages = {
          ...this.messages,
          [conversationId]: setDelivery(this.messages[conversationId] ?? [], clientId, 'failed'),
        };
        throw e;
      }
    },
    /** An image or file: pending under its name at once, then uploaded; a refused one is dropped. */
    async sendFile(conversationId: string, file: File, senderName: string) {
      const clientId = newClientId();
      const kind = file.type.startsWith('image/') ? 'image' : 'file';
      const pending = pendingMessage(clientId, file.name, senderName, new Date(), 'seat', kind);
      this.messages = { ...this.messages, [conversationId]: [...(this.messages[conversationId] ?? []), pending] };
      try {
        this.applyMessages(conversationId, [await conversationsApi.sendFile(conversationId, clientId, file)]);
      } catch (e) {
        this.messages = {
          ...this.messages,
          [conversationId]: (this.messages[conversationId] ?? []).filter((m) => m.key !== clientId),
        };
        throw e;
      }
    },
    async resend(conversationId: string, message: ChatMessage, senderName: string) {
      if (!message.clientId) return;
      this.messages = {
        ...this.messages,
        [conversationId]: (this.messages[conversationId] ?? []).filter((m) => m.key !== message.key),
      };
      await this.send(conversationId, message.body, senderName, message.clientId);
    },
    /**
     * 工单流转. To a seat: waits for the receiver's answer (transfer.result). To a team: the
     * conversation is queued there at once and leaves this seat.
     */
    async transfer(conversationId: string, request: TransferRequest, receiver: string) {
      const outcome = await conversationsApi.transfer(conversationId, request);
      this.upsert(outcome.conversation);
      if (outcome.kind === 'queued') {
        this.handedOver = { ...this.handedOver, [conversationId]: { to: receiver } };
      } else {
        this.transferring = { ...this.transferring, [conversationId]: receiver };
      }
      return outcome;
    },
    /** The receiver answered; returns the line to show the seat. */
    applyTransferResult(result: TransferResult): string {
      const { [result.conversationId]: _asked, ...rest } = this.transferring;
      this.transferring = rest;
      const receiver = `坐席 ${result.toSeat.name}（${result.toSeat.jobNumber}）`;
      if (result.result === 'accepted') {
        this.handedOver = { ...this.handedOver, [result.conversationId]: { to: receiver } };
        return `${receiver}已接受转接，会话已转出`;
      }
      return result.result === 'declined'
        ? `${receiver}拒绝了转接，请继续服务或转给其他坐席`
        : `${receiver}未及时接受转接，会话仍由您服务`;
    },
    async end(conversationId: string) {
      this.upsert(await conversationsApi.end(conversationId));
      await this.catchUp(conversationId);
    },
  },
});
