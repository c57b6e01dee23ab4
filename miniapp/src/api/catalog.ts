/** The matter catalog (事项目录), public reads: life-event scenarios, search and the 办事指南 of one matter. */
import type {
  MatterGuideView,
  MatterSummaryView,
  ScenarioDetailView,
  ScenarioKind,
  ScenarioView,
  ThemeCode,
} from '@cloud-seat/contracts';
import { http } from './http';

export const catalogApi = {
  /** The themes of one column in life order, with the region's matter count. */
  async scenarios(regionCode: string, kind: ScenarioKind): Promise<ScenarioView[]> {
    const { scenarios } = await http.get<{ scenarios: ScenarioView[] }>('/api/scenarios', {
      auth: false,
      query: { regionCode, kind },
    });
    return scenarios;
  },

  /** One theme: the region's active matters in the curated order. */
  scenario(themeCode: string, regionCode: string): Promise<ScenarioDetailView> {
    return http.get<ScenarioDetailView>(`/api/scenarios/${encodeURIComponent(themeCode)}`, {
      auth: false,
      query: { regionCode },
    });
  },

  /** Active matters of a region by name, alias, pinyin initials (jhdj) or summary words. */
  async search(regionCode: string, q: string, options: { theme?: ThemeCode; limit?: number } = {}) {
    const { matters } = await http.get<{ matters: MatterSummaryView[] }>(
      `/api/regions/${encodeURIComponent(regionCode)}/matters`,
      { auth: false, query: { q, theme: options.theme, limit: options.limit } },
    );
    return matters;
  },

  /** The guide of one matter (also a withdrawn one: `active: false`). */
  matter(id: string): Promise<MatterGuideView> {
    return http.get<MatterGuideView>(`/api/matters/${encodeURIComponent(id)}`, { auth: false });
  },
};

export type CatalogApi = typeof catalogApi;
