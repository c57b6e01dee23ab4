/**
 * 事项 beside the conversation (SPEC 16): the guides (办事指南) of the matters on screen, the
 * seat's search of a region's matters, and the push of a matter to the conversation. The guide
 * shown follows `conversation.matter`, which moves live with `conversation.updated`.
 */
import type { MatterGuideView, MatterSummaryView } from '@cloud-seat/contracts';
import { defineStore } from 'pinia';
import { catalogApi } from '@/api/catalog';
import { messageOf } from '@/composables/labels';
import { useConversationsStore } from './conversations';

export const useCatalogStore = defineStore('catalog', {
  state: () => ({
    /** Guides by matter id; a reload keeps the one held on screen until the answer comes. */
    guides: {} as Record<string, MatterGuideView>,
    guideErrors: {} as Record<string, string>,
    guidesLoading: {} as Record<string, boolean>,
    /** The search: what was asked, in which region, and its answer. */
    query: '',
    regionCode: '',
    results: [] as MatterSummaryView[],
    searching: false,
    searchError: '',
    /** Answers to an older search are dropped. */
    searchNo: 0,
    /** The matter being pushed. */
    pushingId: null as string | null,
  }),
  actions: {
    async loadGuide(id: string) {
      this.guidesLoading = { ...this.guidesLoading, [id]: true };
      const { [id]: _old, ...errors } = this.guideErrors;
      this.guideErrors = errors;
      try {
        this.guides = { ...this.guides, [id]: await catalogApi.guide(id) };
      } catch (e) {
        this.guideErrors = { ...this.guideErrors, [id]: messageOf(e, '办事指南加载失败') };
      } finally {
        this.guidesLoading = { ...this.guidesLoading, [id]: false };
      }
    },
    /** Searches a region's active matters; an empty query clears the results. */
    async search(regionCode: string, q: string) {
      const no = ++this.searchNo;
      this.query = q.trim();
      this.regionCode = regionCode;
      this.searchError = '';
      if (!this.query) {
        this.results = [];
        this.searching = false;
        return;
      }
      this.searching = true;
      try {
        const { matters } = await catalogApi.search(regionCode, this.query);
        if (no === this.searchNo) this.results = matters;
      } catch (e) {
        if (no !== this.searchNo) return;
        this.results = [];
        this.searchError = messageOf(e, '事项搜索失败，请稍后再试');
      } finally {
        if (no === this.searchNo) this.searching = false;
      }
    },
    clearSearch() {
      this.searchNo++;
      Object.assign(this, { query: '', results: [], searching: false, searchError: '' });
    },
    /**
     * The serving seat sets the conversation's matter: the answer (the conversation with it) goes
     * into the conversations store at once, before `conversation.updated` arrives. Throws the
     * engine's refusal.
     */
    async push(conversationId: string, matterId: string) {
      this.pushingId = matterId;
      try {
        const view = await catalogApi.setConversationMatter(conversationId, { matterId });
        if (view?.id) useConversationsStore().upsert(view);
        this.clearSearch();
        return view;
      } finally {
        this.pushingId = null;
      }
    },
  },
});
