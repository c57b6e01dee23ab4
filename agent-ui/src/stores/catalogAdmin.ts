/**
 * 事项目录 for staff with matter.manage (SPEC 5, 6): the matters across regions with their
 * 可云坐席辅助申报 mark, the sync and import runs (the current one followed every second while it
 * runs, then its report), and the change log. Loading keeps the engine's Chinese message in an
 * error field; actions the admin starts throw it for the page to show.
 */
import type { CatalogChangeView, CatalogEntryView, CatalogSyncRunView, ThemeCode } from '@cloud-seat/contracts';
import { defineStore } from 'pinia';
import { catalogAdminApi } from '@/api/catalog';
import { messageOf } from '@/composables/labels';

/** How often a running sync's progress is asked for. */
export const RUN_POLL_MS = 1000;

export interface EntryFilter {
  q: string;
  theme: ThemeCode | '';
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const useCatalogAdminStore = defineStore('catalogAdmin', {
  state: () => ({
    filter: { q: '', theme: '' } as EntryFilter,
    entries: [] as CatalogEntryView[],
    entriesLoading: false,
    entriesLoaded: false,
    entriesError: '',
    entriesNo: 0,
    /** 基本编码 whose 可辅助申报 mark is being saved. */
    savingAssisted: [] as string[],
    runs: [] as CatalogSyncRunView[],
    runsError: '',
    /** The run on screen: the one just started, or the newest. */
    run: null as CatalogSyncRunView | null,
    /** Set while that run is followed (polled); clearing it stops the polling. */
    followingId: null as string | null,
    /** A progress request failed; the next one is tried anyway. */
    pollError: '',
    starting: false,
    changes: [] as CatalogChangeView[],
    changesLoading: false,
    changesLoaded: false,
    changesError: '',
  }),
  actions: {
    /** Reads the matters of a filter (the current one when none is given). */
    async loadEntries(next?: EntryFilter) {
      const no = ++this.entriesNo;
      const filter = { ...(next ?? this.filter) };
      this.filter = filter;
      this.entriesLoading = true;
      this.entriesError = '';
      try {
        const { entries } = await catalogAdminApi.entries({ q: filter.q.trim(), theme: filter.theme });
        if (no !== this.entriesNo) return;
        this.entries = entries;
        this.entriesLoaded = true;
      } catch (e) {
        if (no === this.entriesNo) this.entriesError = messageOf(e, '事项目录加载失败');
      } finally {
        if (no === this.entriesNo) this.entriesLoading = false;
      }
    },
    async setAssisted(basicCode: string, assisted: boolean) {
      this.savingAssisted = [...this.savingAssisted, basicCode];
      try {
        const entry = await catalogAdminApi.setAssistedFiling({ basicCode, assisted });
        this.entries = this.entries.map((e) => (e.basicCode === entry.basicCode ? entry : e));
        return entry;
      } finally {
        this.savingAssisted = this.savingAssisted.filter((c) => c !== basicCode);
      }
    },
    /** The run history; the newest run is shown when none is, and followed while it runs. */
    async loadRuns() {
      this.runsError = '';
      try {
        const { runs } = await catalogAdminApi.runs();
        this.runs = runs;
        const newest = runs[0];
        if (newest && (!this.run || this.run.id === newest.id || newest.status === 'running')) {
          if (this.followingId !== newest.id) this.show(newest);
        }
      } catch (e) {
        this.runsError = messageOf(e, '同步记录加载失败');
      }
    },
    /** 从事项库平台同步 (all, or only what changed since the last successful sync). */
    async startSync(incremental: boolean) {
      await this.start(() => catalogAdminApi.sync({ incremental }));
    },
    /** 导入文件: a .json or .xlsx file in the template's columns. */
    async importFile(file: File) {
      await this.start(() => catalogAdminApi.importFile(file));
    },
    async start(work: () => Promise<CatalogSyncRunView>) {
      this.starting = true;
      try {
        const run = await work();
        this.runs = [run, ...this.runs.filter((r) => r.id !== run.id)];
        this.show(run);
      } finally {
        this.starting = false;
      }
    },
    /** Shows a run; a running one is asked for every second until it ends. */
    show(run: CatalogSyncRunView) {
      this.run = run;
      this.pollError = '';
      this.followingId = null;
      if (run.status === 'running') void this.follow(run.id);
    },
    async follow(id: string) {
      this.followingId = id;
      while (this.followingId === id) {
        await delay(RUN_POLL_MS);
        if (this.followingId !== id) return;
        try {
          const run = await catalogAdminApi.run(id);
          if (this.followingId !== id) return;
          this.run = run;
          this.pollError = '';
          this.runs = this.runs.map((r) => (r.id === run.id ? run : r));
          if (run.status !== 'running') {
            this.followingId = null;
            await Promise.all([this.loadRuns(), this.loadEntries()]);
          }
        } catch (e) {
          if (this.followingId === id) this.pollError = messageOf(e, '同步进度获取失败，正在重试');
        }
      }
    },
    /** The page is left: no more polling (the run goes on in the engine). */
    stopFollowing() {
      this.followingId = null;
    },
    async loadChanges() {
      this.changesLoading = true;
      this.changesError = '';
      try {
        this.changes = (await catalogAdminApi.changes()).changes;
        this.changesLoaded = true;
      } catch (e) {
        this.changesError = messageOf(e, '变更记录加载失败');
      } finally {
        this.changesLoading = false;
      }
    },
  },
});
