import type {
  AssistedFilingRequest,
  CatalogChangeView,
  CatalogEntryView,
  CatalogSyncRequest,
  CatalogSyncRunView,
  ConversationMatterRequest,
  ConversationView,
  MatterGuideView,
  MatterSummaryView,
  ScenarioMattersRequest,
  ThemeCode,
} from '@cloud-seat/contracts';
import { api } from './client';

function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') q.set(key, String(value));
  const text = q.toString();
  return text ? `?${text}` : '';
}

/** 事项 beside the conversation: a region's matters by words, one matter's guide, the matter pushed. */
export const catalogApi = {
  search: (regionCode: string, q: string, limit = 20) =>
    api.get<{ matters: MatterSummaryView[] }>(`/regions/${regionCode}/matters${query({ q, limit })}`),
  /** 办事指南 (also of a withdrawn matter: `active: false`). */
  guide: (id: string) => api.get<MatterGuideView>(`/matters/${encodeURIComponent(id)}`),
  /** The serving seat sets the conversation's matter; both sides get `conversation.updated`. */
  setConversationMatter: (conversationId: string, body: ConversationMatterRequest) =>
    api.put<ConversationView>(`/conversations/${conversationId}/matter`, body),
};
export type CatalogApi = typeof catalogApi;

/** 事项管理 (matter.manage): matters across regions, sync and import runs, scenarios, the change log. */
export const catalogAdminApi = {
  entries: (params: { q?: string; theme?: ThemeCode | '' } = {}) =>
    api.get<{ entries: CatalogEntryView[] }>(`/admin/catalog/entries${query(params)}`),
  setAssistedFiling: (body: AssistedFilingRequest) => api.put<CatalogEntryView>('/admin/assisted-filing', body),
  sync: (body: CatalogSyncRequest) => api.post<CatalogSyncRunView>('/admin/catalog/sync', body),
  importFile: (file: File) => api.upload<CatalogSyncRunView>('/admin/catalog/import', file),
  runs: () => api.get<{ runs: CatalogSyncRunView[] }>('/admin/catalog/runs'),
  run: (id: string) => api.get<CatalogSyncRunView>(`/admin/catalog/runs/${encodeURIComponent(id)}`),
  /** A plain download link: the session cookie authenticates it. */
  templateUrl: '/api/admin/catalog/template.xlsx',
  scenario: (themeCode: ThemeCode) => api.get<{ entries: CatalogEntryView[] }>(`/admin/scenarios/${themeCode}`),
  saveScenario: (themeCode: ThemeCode, body: ScenarioMattersRequest) =>
    api.put<{ entries?: CatalogEntryView[] }>(`/admin/scenarios/${themeCode}/matters`, body),
  changes: () => api.get<{ changes: CatalogChangeView[] }>('/admin/catalog/changes'),
};
export type CatalogAdminApi = typeof catalogAdminApi;
