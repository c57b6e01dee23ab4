/**
 * What the assistant answers from in one region, read from the database: the active guides of the
 * region and of 市本级 (the city's answer when the region has none of its own) and the region's
 * 常见问题, with a version that moves whenever any of them changes (the catalog versions of both
 * regions and the FAQ rows' count and last change), so an engine process rebuilds its knowledge
 * without a restart.
 */
import type { FaqRow, GuideRow } from '@cloud-seat/ivr';
import { Op, QueryTypes, type Sequelize } from 'sequelize';
import { CITY_REGION_CODE } from '@cloud-seat/contracts';
import { Faq } from './faq.js';
import { Matter } from './matter.js';

export interface RegionKnowledgeRows {
  guides: GuideRow[];
  faqs: FaqRow[];
}

/** Changes whenever the rows `loadKnowledgeRows` reads change. */
export async function knowledgeVersion(sequelize: Sequelize, regionCode: string): Promise<string> {
  const [row] = await sequelize.query<{ version: string }>(
    `SELECT (SELECT string_agg(code || ':' || catalog_version, ',' ORDER BY code) FROM regions WHERE code IN (:regionCode, :city))
            || '|' || (SELECT count(*) || ':' || coalesce(max(updated_at)::text, '') FROM faqs WHERE region_code = :regionCode)
            AS version`,
    { type: QueryTypes.SELECT, replacements: { regionCode, city: CITY_REGION_CODE } },
  );
  return row?.version ?? 'none';
}

export async function loadKnowledgeRows(regionCode: string): Promise<RegionKnowledgeRows> {
  const [matters, faqs] = await Promise.all([
    Matter.findAll({
      where: { regionCode: [...new Set([regionCode, CITY_REGION_CODE])], withdrawnAt: { [Op.is]: null } },
    }),
    Faq.findAll({ where: { regionCode }, order: [['sort', 'ASC']] }),
  ]);
  const basicCodeOf = new Map(matters.map((m) => [m.id, m.basicCode]));
  return {
    guides: matters.map((m) => ({
      id: m.id,
      regionCode: m.regionCode,
      basicCode: m.basicCode || m.code,
      name: m.name,
      category: m.category,
      summary: m.summary ?? '',
      aliases: m.aliases ?? [],
      conditions: m.conditions ?? '',
      steps: m.steps ?? [],
      materials: m.materials ?? [],
      address: m.address ?? '',
      hours: m.hours ?? '',
      phone: m.phone ?? '',
      legalLimitDays: m.legalLimitDays ?? null,
      promisedLimitDays: m.promisedLimitDays ?? null,
      charged: m.charged ?? false,
      feeDetail: m.feeDetail ?? '',
      onlineUrl: m.onlineUrl ?? '',
      visits: m.visits ?? 1,
    })),
    faqs: faqs.map((f) => ({
      id: f.id,
      question: f.question,
      answer: f.answer,
      basicCode: f.matterId ? (basicCodeOf.get(f.matterId) ?? null) : null,
    })),
  };
}
