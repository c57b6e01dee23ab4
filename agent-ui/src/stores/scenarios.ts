/**
 * 场景编排 (matter.manage, SPEC 6): the curated order of matters (by 基本编码) in one life-event
 * theme, edited here — moved, removed, added — and saved as a whole; it applies to every region
 * (a region shows the ones it implements).
 */
import type { CatalogEntryView, ThemeCode } from '@cloud-seat/contracts';
import { defineStore } from 'pinia';
import { catalogAdminApi } from '@/api/catalog';
import { messageOf } from '@/composables/labels';

const codesOf = (entries: CatalogEntryView[]) => entries.map((e) => e.basicCode);

export const useScenariosStore = defineStore('scenarios', {
  state: () => ({
    themeCode: null as ThemeCode | null,
    /** The order the engine holds. */
    saved: [] as CatalogEntryView[],
    /** The order being edited. */
    entries: [] as CatalogEntryView[],
    loading: false,
    loaded: false,
    error: '',
    saving: false,
    requestNo: 0,
  }),
  getters: {
    dirty: (s) => codesOf(s.entries).join('\n') !== codesOf(s.saved).join('\n'),
  },
  actions: {
    async load(themeCode: ThemeCode) {
      const no = ++this.requestNo;
      Object.assign(this, { themeCode, saved: [], entries: [], loading: true, loaded: false, error: '' });
      try {
        const { entries } = await catalogAdminApi.scenario(themeCode);
        if (no !== this.requestNo) return;
        this.saved = entries;
        this.entries = [...entries];
        this.loaded = true;
      } catch (e) {
        if (no === this.requestNo) this.error = messageOf(e, '场景事项加载失败');
      } finally {
        if (no === this.requestNo) this.loading = false;
      }
    },
    /** Moves the matter at `index` one place up (-1) or down (+1). */
    move(index: number, by: -1 | 1) {
      const to = index + by;
      if (index < 0 || to < 0 || index >= this.entries.length || to >= this.entries.length) return;
      const next = [...this.entries];
      [next[index], next[to]] = [next[to]!, next[index]!];
      this.entries = next;
    },
    remove(index: number) {
      this.entries = this.entries.filter((_, i) => i !== index);
    },
    /** Adds a matter at the end; false when the theme has it already. */
    add(entry: CatalogEntryView): boolean {
      if (this.entries.some((e) => e.basicCode === entry.basicCode)) return false;
      this.entries = [...this.entries, entry];
      return true;
    },
    reset() {
      this.entries = [...this.saved];
    },
    /** Saves the order; throws the engine's refusal. */
    async save() {
      const themeCode = this.themeCode;
      if (!themeCode) return;
      this.saving = true;
      try {
        const answer = await catalogAdminApi.saveScenario(themeCode, { basicCodes: codesOf(this.entries) });
        if (themeCode !== this.themeCode) return;
        this.saved = Array.isArray(answer?.entries) ? answer.entries : [...this.entries];
        this.entries = [...this.saved];
      } finally {
        this.saving = false;
      }
    },
  },
});
