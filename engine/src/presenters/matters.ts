/**
 * Matters as citizens and staff see them: list and search items, and the full guide (办事指南).
 * `themes` are the scenarios the matter is curated into (models/catalogEntries.ts scenarioThemes),
 * `assistedFiling` whether its 基本编码 is on the 可云坐席辅助申报 list.
 */
export interface Curation {
  assistedFiling: boolean;
  themes: ThemeCode[];
}

import type { MatterGuideView, MatterSummaryView, ThemeCode } from '@cloud-seat/contracts';
import type { Matter } from '../models/matter.js';

export function presentMatterSummary(m: Matter, curation: Curation): MatterSummaryView {
  return {
    id: m.id,
    regionCode: m.regionCode,
    code: m.code,
    basicCode: m.basicCode,
    name: m.name,
    category: m.category,
    summary: m.summary,
    type: m.type,
    serviceObjects: m.serviceObjects,
    themes: curation.themes,
    visits: m.visits,
    promisedLimitDays: m.promisedLimitDays,
    assistedFiling: curation.assistedFiling,
    active: m.withdrawnAt === null,
  };
}

export function presentMatterGuide(m: Matter, curation: Curation): MatterGuideView {
  return {
    ...presentMatterSummary(m, curation),
    implementingBody: m.implementingBody,
    conditions: m.conditions,
    steps: m.steps,
    materials: m.materials,
    address: m.address,
    hours: m.hours,
    phone: m.phone,
    complaintPhone: m.complaintPhone,
    legalLimitDays: m.legalLimitDays,
    charged: m.charged,
    feeDetail: m.feeDetail,
    legalBasis: m.legalBasis,
    onlineUrl: m.onlineUrl,
    mapUrl: mapUrlOf(m.address),
    updatedAt: (m.sourceUpdatedAt ?? m.updatedAt).toISOString(),
  };
}

/** A map search for the address that phones open in their map app or browser (高德 URI API). */
export function mapUrlOf(address: string): string {
  return address ? `https://uri.amap.com/search?keyword=${encodeURIComponent(address)}` : '';
}
