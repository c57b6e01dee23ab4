/**
 * The catalog as curated: one entry per 基本编码 across the regions implementing it, the scenarios
 * (their matters of a region in curated order, counts), and the change record.
 */
import type { CatalogChangeView, CatalogEntryView, MatterTypeCode, ThemeCode } from '@cloud-seat/contracts';
import { QueryTypes, type Sequelize } from 'sequelize';

interface EntryRow {
  basic_code: string;
  name: string;
  type: MatterTypeCode;
  category: string;
  themes: ThemeCode[];
  regions: number;
  assisted: boolean;
}

export interface EntryCriteria {
  q?: string;
  theme?: string;
  basicCodes?: readonly string[];
}

/**
 * Entries by name; the name and fields of 市本级's implementation where there is one. Their themes
 * are the scenarios they are curated into (scenario_matters), the same the citizens browse.
 */
export async function findCatalogEntries(sequelize: Sequelize, criteria: EntryCriteria): Promise<CatalogEntryView[]> {
  const where: string[] = [];
  const replacements: Record<string, unknown> = {};
  if (criteria.q) {
    where.push(`(m.name ILIKE :like OR m.basic_code ILIKE :like OR :q = ANY(m.aliases))`);
    replacements.like = `%${criteria.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    replacements.q = criteria.q;
  }
  if (criteria.theme) {
    where.push('EXISTS (SELECT 1 FROM scenario_matters s WHERE s.basic_code = m.basic_code AND s.theme_code = :theme)');
    replacements.theme = criteria.theme;
  }
  if (criteria.basicCodes) {
    if (criteria.basicCodes.length === 0) return [];
    where.push('m.basic_code IN (:basicCodes)');
    replacements.basicCodes = criteria.basicCodes;
  }
  const rows = await sequelize.query<EntryRow>(
    `SELECT DISTINCT ON (m.basic_code) m.basic_code, m.name, m.type, m.category,
       ARRAY(SELECT s.theme_code FROM scenario_matters s WHERE s.basic_code = m.basic_code ORDER BY s.theme_code) AS themes,
       (SELECT count(*) FROM matters x WHERE x.basic_code = m.basic_code AND x.withdrawn_at IS NULL)::int AS regions,
       EXISTS (SELECT 1 FROM assisted_filing_matters a WHERE a.basic_code = m.basic_code) AS assisted
     FROM matters m ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY m.basic_code, (m.withdrawn_at IS NULL) DESC, (m.region_code = '150600') DESC`,
    { type: QueryTypes.SELECT, replacements },
  );
  return rows
    .map((r) => ({
      basicCode: r.basic_code,
      name: r.name,
      type: r.type,
      category: r.category,
      themes: r.themes,
      regions: r.regions,
      assistedFiling: r.assisted,
    }))
    .sort((a, b) => a.name.localeCompare(b.name, 'zh-Hans-CN'));
}

/** How many active matters of the region each scenario holds. */
export async function scenarioCounts(sequelize: Sequelize, regionCode: string): Promise<Map<string, number>> {
  const rows = await sequelize.query<{ theme_code: string; count: number }>(
    `SELECT sm.theme_code, count(*)::int AS count FROM scenario_matters sm
     JOIN matters m ON m.basic_code = sm.basic_code AND m.region_code = :regionCode AND m.withdrawn_at IS NULL
     GROUP BY sm.theme_code`,
    { type: QueryTypes.SELECT, replacements: { regionCode } },
  );
  return new Map(rows.map((r) => [r.theme_code, r.count]));
}

/** The ids of the region's active matters of a scenario, in curated order. */
export async function scenarioMatterIds(
  sequelize: Sequelize,
  regionCode: string,
  themeCode: string,
): Promise<string[]> {
  const rows = await sequelize.query<{ id: string }>(
    `SELECT m.id FROM scenario_matters sm
     JOIN matters m ON m.basic_code = sm.basic_code AND m.region_code = :regionCode AND m.withdrawn_at IS NULL
     WHERE sm.theme_code = :themeCode ORDER BY sm.position, m.name`,
    { type: QueryTypes.SELECT, replacements: { regionCode, themeCode } },
  );
  return rows.map((r) => r.id);
}

/** The basic codes of a scenario in curated order. */
/** The curated scenarios of each 基本编码 (all, or these). */
export async function scenarioThemes(
  sequelize: Sequelize,
  basicCodes?: readonly string[],
): Promise<Map<string, ThemeCode[]>> {
  if (basicCodes && basicCodes.length === 0) return new Map();
  const rows = await sequelize.query<{ basic_code: string; themes: ThemeCode[] }>(
    `SELECT basic_code, array_agg(theme_code ORDER BY theme_code) AS themes FROM scenario_matters
     ${basicCodes ? 'WHERE basic_code IN (:basicCodes)' : ''} GROUP BY basic_code`,
    { type: QueryTypes.SELECT, replacements: { basicCodes: basicCodes ?? [] } },
  );
  return new Map(rows.map((r) => [r.basic_code, r.themes]));
}

export async function scenarioBasicCodes(sequelize: Sequelize, themeCode: string): Promise<string[]> {
  const rows = await sequelize.query<{ basic_code: string }>(
    'SELECT basic_code FROM scenario_matters WHERE theme_code = :themeCode ORDER BY position, basic_code',
    { type: QueryTypes.SELECT, replacements: { themeCode } },
  );
  return rows.map((r) => r.basic_code);
}

export async function recentCatalogChanges(sequelize: Sequelize, limit: number): Promise<CatalogChangeView[]> {
  const rows = await sequelize.query<{
    id: string;
    at: Date;
    actor_name: string;
    action: string;
    subject: string;
    detail: { text?: string };
  }>(
    'SELECT id::text, at, actor_name, action, subject, detail FROM catalog_changes ORDER BY at DESC, id DESC LIMIT :limit',
    {
      type: QueryTypes.SELECT,
      replacements: { limit },
    },
  );
  return rows.map((r) => ({
    id: r.id,
    at: new Date(r.at).toISOString(),
    actor: r.actor_name,
    action: r.action,
    detail: r.detail.text ?? r.subject,
  }));
}
