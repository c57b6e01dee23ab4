/**
 * 快捷回复 in the composer: the phrases found for the current query (rendered for the open
 * conversation by the engine), the highlighted one, and the seat's own phrases to manage.
 */
import type { QuickReplyRequest, QuickReplyView } from '@cloud-seat/contracts';
import { defineStore } from 'pinia';
import { quickRepliesApi } from '@/api/quickReplies';

/** "/hy" typed at the start of an otherwise empty reply opens the picker with the query "hy". */
export function slashQuery(draft: string): string | null {
  const match = /^\/([^\s/]{0,16})$/.exec(draft);
  return match ? match[1]! : null;
}

/**
 * The reply after choosing a phrase: it replaces a "/query" draft, else goes in at the cursor
 * (the end when unknown). Returns the new text and where the cursor goes.
 */
export function insertPhrase(draft: string, text: string, cursor: number | null): { value: string; cursor: number } {
  if (slashQuery(draft) !== null) return { value: text, cursor: text.length };
  const at = cursor === null ? draft.length : Math.max(0, Math.min(cursor, draft.length));
  const value = draft.slice(0, at) + text + draft.slice(at);
  return { value, cursor: at + text.length };
}

export const useQuickRepliesStore = defineStore('quickReplies', {
  state: () => ({
    items: [] as QuickReplyView[],
    /** Every phrase the seat sees, unsearched and unrendered (the manage view). */
    library: [] as QuickReplyView[],
    query: '',
    conversationId: null as string | null,
    highlighted: 0,
    loading: false,
    error: '',
    /** Answers to older searches that arrive late are dropped. */
    requestNo: 0,
  }),
  getters: {
    current(state): QuickReplyView | null {
      return state.items[state.highlighted] ?? null;
    },
    personal(state): QuickReplyView[] {
      return state.library.filter((p) => p.scope === 'personal');
    },
  },
  actions: {
    async search(query: string, conversationId: string | null) {
      const no = ++this.requestNo;
      this.query = query;
      this.conversationId = conversationId;
      this.loading = true;
      try {
        const { quickReplies } = await quickRepliesApi.search(query, conversationId);
        if (no !== this.requestNo) return;
        this.items = quickReplies;
        this.highlighted = 0;
        this.error = '';
      } catch (e) {
        if (no !== this.requestNo) return;
        this.error = e instanceof Error ? e.message : '快捷回复加载失败';
      } finally {
        if (no === this.requestNo) this.loading = false;
      }
    },
    /** Moves the highlight, wrapping around (arrow keys in the composer). */
    move(delta: number) {
      const n = this.items.length;
      if (n) this.highlighted = (this.highlighted + delta + n) % n;
    },
    async loadLibrary() {
      this.library = (await quickRepliesApi.search('', null)).quickReplies;
    },
    /** Creates (id null) or updates an own phrase; the engine's refusal (e.g. an unknown variable) is thrown. */
    async save(id: string | null, body: QuickReplyRequest) {
      if (id) await quickRepliesApi.update(id, body);
      else await quickRepliesApi.create(body);
      await Promise.all([this.loadLibrary(), this.search(this.query, this.conversationId)]);
    },
    async remove(id: string) {
      await quickRepliesApi.remove(id);
      await Promise.all([this.loadLibrary(), this.search(this.query, this.conversationId)]);
    },
  },
});
