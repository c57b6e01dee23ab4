/**
 * Chat store: the conversation the citizen has open, its messages and the link state.
 * Written by the page's actions (send, evaluate) and by the realtime connector (FeedStore).
 */
import { reactive, readonly } from 'vue';
import type { ConversationView, EvaluationRequest, MessageView } from '@cloud-seat/contracts';
import { ApiError } from '../api/client';
import { conversationsApi, type ConversationsApi } from '../api/conversations';
import type { FeedStore, LinkState } from '../realtime/types';
import { newClientId } from '../utils/clientId';
import {
  lastSeqOf,
  mergeMessages,
  pendingMessage,
  setDelivery,
  TYPING_SHOW_MS,
  type ChatMessage,
  type ConversationSide,
} from '@cloud-seat/contracts';

export type EvaluationChoice = Required<Pick<EvaluationRequest, 'label'>> | Required<Pick<EvaluationRequest, 'rating'>>;

interface ChatState {
  conversationId: string | null;
  conversation: ConversationView | null;
  messages: ChatMessage[];
  link: LinkState;
  loadError: string;
  sendError: string;
  evaluating: boolean;
  evaluationError: string;
  /** 坐席正在输入: until when (epoch ms). */
  seatTypingUntil: number;
  /** The serving seat invited the citizen to 同屏协助 (shown until opened or dismissed). */
  cobrowseInvited: boolean;
}

const STATUS_RANK: Record<ConversationView['status'], number> = {
  assistant: 0,
  queued: 1,
  offered: 2,
  active: 3,
  ended: 4,
  abandoned: 4,
};

type ChatApi = Pick<ConversationsApi, 'get' | 'send' | 'sendFile' | 'evaluate' | 'read' | 'typing'>;

export function createChatStore(api: ChatApi) {
  const state = reactive<ChatState>(initialState(null));

  function initialState(conversationId: string | null): ChatState {
    return {
      conversationId,
      conversation: null,
      messages: [],
      link: 'connecting',
      loadError: '',
      sendError: '',
      evaluating: false,
      evaluationError: '',
      seatTypingUntil: 0,
      cobrowseInvited: false,
    };
  }

  const store = {
    state: readonly(state),

    get conversationId() {
      return state.conversationId;
    },
    get conversation() {
      return state.conversation as ConversationView | null;
    },
    get lastSeq() {
      return lastSeqOf(state.messages);
    },

    /** Switches to a conversation; keeps what is held when it is the same one. */
    open(conversationId: string) {
      if (state.conversationId !== conversationId) Object.assign(state, initialState(conversationId));
    },

    /** Takes a newer view of the open conversation; an older one (a late push) never moves it back. */
    applyConversation(conversation: ConversationView) {
      if (conversation.id !== state.conversationId) return;
      const current = state.conversation;
      if (current && STATUS_RANK[conversation.status] < STATUS_RANK[current.status]) return;
      state.conversation = {
        ...conversation,
        evaluation: conversation.evaluation ?? current?.evaluation ?? null,
      };
      state.loadError = '';
    },

    applyMessages(messages: readonly MessageView[]) {
      const mine = messages.filter((m) => m.conversationId === state.conversationId);
      // The seat's reply arrived: it stopped typing it.
      if (mine.some((m) => m.senderType === 'seat')) state.seatTypingUntil = 0;
      if (mine.length) state.messages = mergeMessages(state.messages, mine);
    },

    /** A read mark moved (only forward): the seat read up to `seq`, or this citizen elsewhere. */
    applyRead(by: ConversationSide, seq: number) {
      const c = state.conversation;
      if (!c || c.read[by] >= seq) return;
      state.conversation = { ...c, read: { ...c.read, [by]: seq } };
    },

    applyTyping(now = Date.now()) {
      state.seatTypingUntil = now + TYPING_SHOW_MS;
    },

    /** 同屏协助: the seat's invitation (true), opened or dismissed (false). */
    applyCobrowseInvite(invited: boolean) {
      state.cobrowseInvited = invited;
    },

    /** The citizen has the chat on screen: everything held is read. */
    async markRead() {
      const c = state.conversation;
      const seq = lastSeqOf(state.messages);
      if (!c || c.id !== state.conversationId || seq <= c.read.citizen) return;
      store.applyRead('citizen', seq);
      await api.read(c.id, seq).catch(() => undefined);
    },

    /** The citizen is typing (the page calls this at most every few seconds). */
    async signalTyping() {
      const c = state.conversation;
      if (c?.status === 'active') await api.typing(c.id).catch(() => undefined);
    },

    setLink(link: LinkState) {
      state.link = link;
    },

    setLoadError(message: string) {
      state.loadError = message;
    },

    /** Shows the message at once as pending, then stores it; on failure it is marked failed (重发). */
    async send(text: string) {
      const body = text.trim();
      if (!body || !state.conversationId) return;
      const clientId = newClientId();
      state.messages = [...state.messages, pendingMessage(clientId, body, '我')];
      await deliver(state.conversationId, clientId, body);
    },

    /** An image or file: shown at once as pending under its name, then uploaded. */
    async sendFile(kind: 'image' | 'file', file: { path: string; name: string }) {
      if (!state.conversationId) return;
      const clientId = newClientId();
      state.messages = [...state.messages, pendingMessage(clientId, file.name, '我', new Date(), 'citizen', kind)];
      const conversationId = state.conversationId;
      try {
        store.applyMessages([await api.sendFile(conversationId, clientId, file)]);
        state.sendError = '';
      } catch (error) {
        if (state.conversationId !== conversationId) return;
        // A refused file (type, size) is not worth a retry: drop the bubble and say why.
        state.messages = state.messages.filter((m) => m.clientId !== clientId || m.seq !== null);
        state.sendError = errorText(error, '文件发送失败，请检查网络后重试');
      }
    },

    async resend(clientId: string) {
      const message = state.messages.find((m) => m.seq === null && m.clientId === clientId);
      if (!message || message.delivery !== 'failed' || !state.conversationId) return;
      state.messages = setDelivery(state.messages, clientId, 'pending');
      await deliver(state.conversationId, clientId, message.body);
    },

    /** One tap: a label or a star rating. */
    async evaluate(choice: EvaluationChoice) {
      const id = state.conversationId;
      if (!id || state.evaluating || state.conversation?.evaluation) return;
      state.evaluating = true;
      state.evaluationError = '';
      try {
        store.applyConversation(await api.evaluate(id, choice));
      } catch (error) {
        if (error instanceof ApiError && error.code === 'ALREADY_EVALUATED') {
          const fresh = await api.get(id).catch(() => null);
          if (fresh) store.applyConversation(fresh);
        } else {
          state.evaluationError = errorText(error, '评价提交失败，请再点一次');
        }
      } finally {
        state.evaluating = false;
      }
    },
  } satisfies FeedStore & Record<string, unknown>;

  async function deliver(conversationId: string, clientId: string, body: string) {
    try {
      const stored = await api.send(conversationId, { clientId, body });
      state.sendError = '';
      store.applyMessages([stored]);
    } catch (error) {
      if (state.conversationId !== conversationId) return;
      state.messages = setDelivery(state.messages, clientId, 'failed');
      // The bubble shows 发送失败 + 重发; only a refusal with a reason (e.g. 会话已结束) is worth more words.
      state.sendError = errorText(error, '');
    }
  }

  return store;
}

function errorText(error: unknown, fallback: string): string {
  return error instanceof ApiError && error.status !== 0 && error.status < 500 ? error.message : fallback;
}

export type ChatStore = ReturnType<typeof createChatStore>;

export const chatStore = createChatStore(conversationsApi);
