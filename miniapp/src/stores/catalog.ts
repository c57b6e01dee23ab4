/**
 * Matter catalog store (事项目录): the life-event scenarios of the hall's region, one theme's matters,
 * matter search (debounced), the guides (办事指南) already read, and the citizen's 带什么 checklists,
 * kept per matter in uni storage.
 */
import { reactive, readonly } from 'vue';
import type {
  IdentityType,
  MatterGuideView,
  MatterSummaryView,
  MeView,
  ScenarioDetailView,
  ScenarioKind,
  ScenarioView,
} from '@cloud-seat/contracts';
import { authApi } from '../api/auth';
import { catalogApi, type CatalogApi } from '../api/catalog';
import { userMessage } from './appointments';
import { checklistKey, readString, writeString } from '../utils/storage';

/** Quiet time after the last keystroke before a search goes out. */
export const SEARCH_DEBOUNCE_MS = 300;

/** 法人 see the 法人全生命周期 column first, everyone else 个人全生命周期. */
export function scenarioKindFor(identityType: IdentityType | null): ScenarioKind {
  return identityType === 'legal' ? 'legal' : 'person';
}

interface CatalogState {
  /** The scenario column shown; null until the citizen's identity type has chosen it. */
  kind: ScenarioKind | null;
  scenarios: ScenarioView[];
  scenariosLoading: boolean;
  scenariosError: string;
  theme: ScenarioDetailView | null;
  themeLoading: boolean;
  themeError: string;
  /** What the citizen typed, and the query the results answer ('' before any search). */
  query: string;
  searchedQuery: string;
  results: MatterSummaryView[];
  searching: boolean;
  searchError: string;
  guides: Record<string, MatterGuideView>;
  guideErrors: Record<string, string>;
  /** Ticked material names per matter, once changed here (before that, read from storage). */
  checklists: Record<string, string[]>;
}

interface CatalogDeps {
  /** Who the citizen is (for the default scenario column). */
  me: () => Promise<MeView>;
  debounceMs?: number;
}

type StoreApi = Pick<CatalogApi, 'scenarios' | 'scenario' | 'search' | 'matter'>;

export function createCatalogStore(api: StoreApi, deps: CatalogDeps) {
  const debounceMs = deps.debounceMs ?? SEARCH_DEBOUNCE_MS;
  const state = reactive<CatalogState>({
    kind: null,
    scenarios: [],
    scenariosLoading: false,
    scenariosError: '',
    theme: null,
    themeLoading: false,
    themeError: '',
    query: '',
    searchedQuery: '',
    results: [],
    searching: false,
    searchError: '',
    guides: {},
    guideErrors: {},
    checklists: {},
  });

  let scenariosRequest = 0;
  let themeRequest = 0;
  let searchRequest = 0;
  let searchTimer: ReturnType<typeof setTimeout> | null = null;
  const guideRequests = new Map<string, Promise<MatterGuideView | null>>();

  async function identityKind(): Promise<ScenarioKind> {
    try {
      const me = await deps.me();
      return scenarioKindFor(me.kind === 'citizen' ? me.citizen.identityType : null);
    } catch {
      return 'person';
    }
  }

  async function runSearch(regionCode: string, q: string) {
    const request = ++searchRequest;
    state.searching = true;
    state.searchError = '';
    try {
      const matters = await api.search(regionCode, q);
      if (request !== searchRequest) return;
      state.results = matters;
      state.searchedQuery = q;
    } catch (error) {
      if (request !== searchRequest) return;
      state.results = [];
      state.searchedQuery = q;
      state.searchError = userMessage(error, '搜索失败，请检查网络后重试');
    } finally {
      if (request === searchRequest) state.searching = false;
    }
  }

  const store = {
    state: readonly(state),

    /** The scenario column: the one chosen before, else the citizen's identity type decides. */
    async openScenarios(regionCode: string) {
      const kind = state.kind ?? (await identityKind());
      await store.loadScenarios(regionCode, state.kind ?? kind);
    },

    async loadScenarios(regionCode: string, kind: ScenarioKind) {
      const request = ++scenariosRequest;
      if (state.kind !== kind) state.scenarios = [];
      state.kind = kind;
      state.scenariosLoading = true;
      state.scenariosError = '';
      try {
        const scenarios = await api.scenarios(regionCode, kind);
        if (request === scenariosRequest) state.scenarios = scenarios;
      } catch (error) {
        if (request === scenariosRequest) state.scenariosError = userMessage(error, '主题加载失败，请检查网络后重试');
      } finally {
        if (request === scenariosRequest) state.scenariosLoading = false;
      }
    },

    async loadTheme(themeCode: string, regionCode: string) {
      const request = ++themeRequest;
      if (state.theme?.code !== themeCode) state.theme = null;
      state.themeLoading = true;
      state.themeError = '';
      try {
        const theme = await api.scenario(themeCode, regionCode);
        if (request === themeRequest) state.theme = theme;
      } catch (error) {
        if (request === themeRequest) state.themeError = userMessage(error, '事项加载失败，请检查网络后重试');
      } finally {
        if (request === themeRequest) state.themeLoading = false;
      }
    },

    /**
     * The citizen typed: search after a quiet moment. An empty box clears the results at once; an
     * answer to an older query never replaces a newer one.
     */
    setQuery(regionCode: string, text: string) {
      state.query = text;
      if (searchTimer) clearTimeout(searchTimer);
      searchTimer = null;
      const q = text.trim();
      if (!q) {
        searchRequest++;
        state.results = [];
        state.searchedQuery = '';
        state.searching = false;
        state.searchError = '';
        return;
      }
      searchTimer = setTimeout(() => {
        searchTimer = null;
        void runSearch(regionCode, q);
      }, debounceMs);
    },

    /** Search now (the keyboard's 搜索 key, or a query the page was opened with). */
    async searchNow(regionCode: string, text: string) {
      if (searchTimer) clearTimeout(searchTimer);
      searchTimer = null;
      state.query = text;
      const q = text.trim();
      if (q) await runSearch(regionCode, q);
    },

    /** The guide of one matter, once per matter (`force` reads it again); null when it cannot be read. */
    loadGuide(id: string, options: { force?: boolean } = {}): Promise<MatterGuideView | null> {
      const held = state.guides[id];
      if (held && !options.force) return Promise.resolve(held);
      const pending = guideRequests.get(id);
      if (pending) return pending;
      delete state.guideErrors[id];
      const request = api
        .matter(id)
        .then((guide) => {
          state.guides[id] = guide;
          return guide;
        })
        .catch((error: unknown) => {
          state.guideErrors[id] = userMessage(error, '办事指南加载失败，请检查网络后重试');
          return null;
        })
        .finally(() => guideRequests.delete(id));
      guideRequests.set(id, request);
      return request;
    },

    /** The material names ticked for a matter. */
    ticked(matterId: string): readonly string[] {
      return state.checklists[matterId] ?? readChecklist(matterId);
    },

    toggleTick(matterId: string, name: string) {
      const ticked = store.ticked(matterId);
      const next = ticked.includes(name) ? ticked.filter((n) => n !== name) : [...ticked, name];
      state.checklists[matterId] = next;
      writeString(checklistKey(matterId), JSON.stringify(next));
    },
  };
  return store;
}

function readChecklist(matterId: string): string[] {
  const raw = readString(checklistKey(matterId));
  if (!raw) return [];
  try {
    const names: unknown = JSON.parse(raw);
    return Array.isArray(names) ? names.filter((n): n is string => typeof n === 'string') : [];
  } catch {
    return [];
  }
}

export type CatalogStore = ReturnType<typeof createCatalogStore>;

export const catalogStore = createCatalogStore(catalogApi, { me: () => authApi.me() });
