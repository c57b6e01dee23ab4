/**
 * 话术与常见问题 (staff with quick_reply.manage): one region's team phrases (团队快捷回复) and
 * preset questions (常见问题), with the region's teams and matters to choose from. Loading keeps
 * the server's Chinese message in `error`; saving and deleting throw it for the form to show.
 */
import {
  GENERAL_CATEGORY,
  type FaqRequest,
  type FaqView,
  type MatterView,
  type QuickReplyView,
  type TeamQuickReplyRequest,
} from '@cloud-seat/contracts';
import { defineStore } from 'pinia';
import { regionsApi } from '@/api/regions';
import { faqsApi, teamQuickRepliesApi } from '@/api/teamLibrary';

export type LibraryPart = 'phrases' | 'faqs';

export const useTeamLibraryStore = defineStore('teamLibrary', {
  state: () => ({
    regionCode: '',
    phrases: [] as QuickReplyView[],
    faqs: [] as FaqView[],
    matters: [] as MatterView[],
    /** Business categories of the region's seats (its teams). */
    seatTeams: [] as string[],
    loading: false,
    loaded: false,
    error: '',
    /** Answers for a region left meanwhile are dropped. */
    requestNo: 0,
  }),
  getters: {
    /** Teams a phrase may be for: 综合咨询, the seats' teams, the matters' categories, those in use. */
    teams(state): string[] {
      return [
        ...new Set([
          GENERAL_CATEGORY,
          ...[...state.seatTeams, ...state.matters.map((m) => m.category)].sort(),
          ...state.phrases.map((p) => p.category ?? GENERAL_CATEGORY),
        ]),
      ];
    },
    matterName(state): (id: string | null) => string {
      return (id) => (id ? (state.matters.find((m) => m.id === id)?.name ?? '（已删除的事项）') : '');
    },
  },
  actions: {
    /** Reads one part of a region's library, with its teams and matters. */
    async load(regionCode: string, part: LibraryPart) {
      const no = ++this.requestNo;
      if (regionCode !== this.regionCode) {
        Object.assign(this, { phrases: [], faqs: [], matters: [], seatTeams: [], loaded: false });
        this.regionCode = regionCode;
      }
      this.loading = true;
      this.error = '';
      try {
        const [items, matters, roster] = await Promise.all([
          part === 'phrases' ? teamQuickRepliesApi.list(regionCode) : faqsApi.list(regionCode),
          regionsApi.matters(regionCode),
          part === 'phrases' ? regionsApi.roster(regionCode).catch(() => ({ seats: [] })) : null,
        ]);
        if (no !== this.requestNo) return;
        if ('quickReplies' in items) this.phrases = items.quickReplies;
        else this.faqs = items.faqs;
        this.matters = matters.matters;
        if (roster) this.seatTeams = [...new Set(roster.seats.map((s) => s.category))];
        this.loaded = true;
      } catch (e) {
        if (no !== this.requestNo) return;
        this.error = e instanceof Error ? e.message : '加载失败，请稍后再试';
      } finally {
        if (no === this.requestNo) this.loading = false;
      }
    },
    async savePhrase(id: string | null, body: TeamQuickReplyRequest) {
      const { quickReply } = id ? await teamQuickRepliesApi.update(id, body) : await teamQuickRepliesApi.create(body);
      this.phrases = sortPhrases([...this.phrases.filter((p) => p.id !== quickReply.id), quickReply]);
      return quickReply;
    },
    async removePhrase(id: string) {
      await teamQuickRepliesApi.remove(id);
      this.phrases = this.phrases.filter((p) => p.id !== id);
    },
    async saveFaq(id: string | null, body: FaqRequest) {
      const { faq } = id ? await faqsApi.update(id, body) : await faqsApi.create(body);
      this.faqs = sortFaqs([...this.faqs.filter((f) => f.id !== faq.id), faq]);
      return faq;
    },
    async removeFaq(id: string) {
      await faqsApi.remove(id);
      this.faqs = this.faqs.filter((f) => f.id !== id);
    },
  },
});

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The engine's order: by team, then shortcut. */
function sortPhrases(phrases: QuickReplyView[]): QuickReplyView[] {
  return phrases.sort((a, b) => compare(a.category ?? '', b.category ?? '') || compare(a.shortcut, b.shortcut));
}

/** The engine's order: by sort, then question. */
function sortFaqs(faqs: FaqView[]): FaqView[] {
  return faqs.sort((a, b) => a.sort - b.sort || compare(a.question, b.question));
}
