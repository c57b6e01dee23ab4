/**
 * The active matters of each region as search and lists read them, kept in memory per engine
 * process and rebuilt when the region's `catalog_version` moves (every catalog write bumps it), so
 * a sync or a curation change (assisted-filing list, scenario order) on any process shows
 * everywhere without a restart. One indexed
 * primary-key read per request checks the version.
 */
import type { MatterSummaryView } from '@cloud-seat/contracts';
import { Op, QueryTypes, type Sequelize } from 'sequelize';
import { MatterIndex, type SearchFilter } from '../domain/catalog/matterSearch.js';
import { presentMatterSummary } from '../presenters/matters.js';
import { scenarioThemes } from './catalogEntries.js';
import { Matter } from './matter.js';

/** What lists and the index read: not the guide's long texts. */
const SUMMARY_ATTRIBUTES = [
  'id',
  'regionCode',
  'code',
  'basicCode',
  'name',
  'category',
  'summary',
  'aliases',
  'type',
  'serviceObjects',
  'themes',
  'visits',
  'promisedLimitDays',
  'withdrawnAt',
] as const satisfies ReadonlyArray<keyof Matter>;

/** Detection runs in every citizen message of a conversation without a matter. */
const DETECT_MAX_AGE_MS = 2000;

export interface RegionCatalog {
  version: string;
  index: MatterIndex;
  /** Active matters in catalog order (by name, pinyin order). */
  matters: MatterSummaryView[];
  byId: Map<string, MatterSummaryView>;
}

export class MatterCatalog {
  private readonly regions = new Map<string, RegionCatalog>();
  private readonly building = new Map<string, Promise<RegionCatalog>>();
  private readonly checkedAt = new Map<string, number>();

  constructor(
    private readonly sequelize: Sequelize,
    private readonly synonyms: Readonly<Record<string, string>> = {},
  ) {}

  /**
   * The region's catalog, current as of now, or as of `maxAgeMs` ago for callers on a hot path
   * that can live with a change showing a moment later (detection in every citizen message).
   */
  async region(regionCode: string, maxAgeMs = 0): Promise<RegionCatalog> {
    const cached = this.regions.get(regionCode);
    const now = Date.now();
    if (cached && maxAgeMs > 0 && now - (this.checkedAt.get(regionCode) ?? 0) < maxAgeMs) return cached;
    const version = await this.versionOf(regionCode);
    this.checkedAt.set(regionCode, now);
    if (cached && cached.version === version) return cached;
    const key = `${regionCode}:${version}`;
    let pending = this.building.get(key);
    if (!pending) {
      pending = this.build(regionCode, version).finally(() => this.building.delete(key));
      this.building.set(key, pending);
    }
    return pending;
  }

  async search(regionCode: string, query: string, filter: SearchFilter): Promise<MatterSummaryView[]> {
    const catalog = await this.region(regionCode);
    return catalog.index.search(query, filter).map((hit) => catalog.byId.get(hit.id)!);
  }

  /** The matter the citizen's words name in this region, if exactly one. */
  async detect(regionCode: string, text: string): Promise<MatterSummaryView | null> {
    const catalog = await this.region(regionCode, DETECT_MAX_AGE_MS);
    const found = catalog.index.detect(text);
    return found ? catalog.byId.get(found.id)! : null;
  }

  /** Marks the regions' catalogs changed (inside the caller's transaction when there is one). */
  static async bumpVersions(sequelize: Sequelize, regionCodes?: readonly string[]): Promise<void> {
    await sequelize.query(
      regionCodes
        ? 'UPDATE regions SET catalog_version = catalog_version + 1 WHERE code IN (:regionCodes)'
        : 'UPDATE regions SET catalog_version = catalog_version + 1',
      { replacements: regionCodes ? { regionCodes } : {} },
    );
  }

  private async versionOf(regionCode: string): Promise<string> {
    const rows = await this.sequelize.query<{ version: string }>(
      'SELECT catalog_version::text AS version FROM regions WHERE code = :regionCode',
      { type: QueryTypes.SELECT, replacements: { regionCode } },
    );
    return rows[0]?.version ?? 'none';
  }

  private async build(regionCode: string, version: string): Promise<RegionCatalog> {
    const [rows, assisted, themes] = await Promise.all([
      Matter.findAll({ attributes: [...SUMMARY_ATTRIBUTES], where: { regionCode, withdrawnAt: { [Op.is]: null } } }),
      assistedBasicCodes(this.sequelize),
      scenarioThemes(this.sequelize),
    ]);
    rows.sort((a, b) => a.name.localeCompare(b.name, 'zh-Hans-CN') || a.code.localeCompare(b.code));
    const matters = rows.map((m) =>
      presentMatterSummary(m, { assistedFiling: assisted.has(m.basicCode), themes: themes.get(m.basicCode) ?? [] }),
    );
    const index = new MatterIndex(
      rows.map((r, i) => ({
        id: r.id,
        name: r.name,
        aliases: r.aliases,
        summary: r.summary,
        themes: matters[i]!.themes,
        serviceObjects: r.serviceObjects,
      })),
      this.synonyms,
    );
    const catalog: RegionCatalog = { version, index, matters, byId: new Map(matters.map((m) => [m.id, m])) };
    this.regions.set(regionCode, catalog);
    return catalog;
  }
}

/** The 基本编码 marked 可云坐席辅助申报. */
export async function assistedBasicCodes(sequelize: Sequelize): Promise<Set<string>> {
  const rows = await sequelize.query<{ basic_code: string }>('SELECT basic_code FROM assisted_filing_matters', {
    type: QueryTypes.SELECT,
  });
  return new Set(rows.map((r) => r.basic_code));
}
