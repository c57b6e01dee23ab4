/**
 * The demo matter catalog (演示事项目录): realistic, invented government service matters of Ordos
 * as 市本级 and the nine 旗区 implement them, the life-event scenarios, the matters a seat can help
 * file online, and a small synonym table. The seeder imports it like any other catalog source.
 */
import { THEME_CODES, type CatalogMatterInput, type ThemeCode } from '@cloud-seat/contracts';
import { expandMatter } from './expand.js';
import { BUSINESS_MATTERS } from './legal-business.js';
import { LAND_MATTERS } from './legal-land.js';
import { PERMIT_MATTERS } from './legal-permits.js';
import { TAX_HR_MATTERS } from './legal-tax-hr.js';
import { EMPLOYMENT_MATTERS } from './person-employment.js';
import { FAMILY_MATTERS } from './person-family.js';
import { HEALTH_MATTERS } from './person-health.js';
import { IDENTITY_MATTERS } from './person-identity.js';
import { LIVING_MATTERS } from './person-living.js';
import { WELFARE_MATTERS } from './person-welfare.js';
import { ASSISTED_FILING_NAMES, SCENARIO_MATTER_NAMES } from './scenarios.js';
import type { MatterDef } from './types.js';

export { DEMO_SOURCE_UPDATED_AT } from './expand.js';

/** Every authored matter, once. */
export const DEMO_MATTER_DEFS: MatterDef[] = [
  ...IDENTITY_MATTERS,
  ...FAMILY_MATTERS,
  ...EMPLOYMENT_MATTERS,
  ...HEALTH_MATTERS,
  ...WELFARE_MATTERS,
  ...LIVING_MATTERS,
  ...BUSINESS_MATTERS,
  ...PERMIT_MATTERS,
  ...TAX_HR_MATTERS,
  ...LAND_MATTERS,
];

const defByName = new Map<string, MatterDef>();
const codes = new Set<string>();
for (const def of DEMO_MATTER_DEFS) {
  if (defByName.has(def.name)) throw new Error(`demo catalog: duplicate matter name ${def.name}`);
  if (codes.has(def.code)) throw new Error(`demo catalog: duplicate basic code ${def.code} (${def.name})`);
  defByName.set(def.name, def);
  codes.add(def.code);
}

function codeOf(name: string): string {
  const def = defByName.get(name);
  if (!def) throw new Error(`demo catalog: no matter named ${name}`);
  return def.code;
}

/** For every theme, the 基本编码 of its matters in the order a life (or a company's life) runs. */
export const DEMO_SCENARIOS: Record<ThemeCode, string[]> = Object.fromEntries(
  THEME_CODES.map((theme) => [theme, SCENARIO_MATTER_NAMES[theme].map(codeOf)]),
) as Record<ThemeCode, string[]>;

/** 基本编码 of the matters a seat can help file online (可云坐席辅助申报). */
export const DEMO_ASSISTED_FILING: string[] = ASSISTED_FILING_NAMES.map(codeOf);

/** The themes of a matter: the scenarios that list it. */
function themesOf(code: string): ThemeCode[] {
  return THEME_CODES.filter((theme) => DEMO_SCENARIOS[theme].includes(code));
}

/** Every (matter × implementing region) row of the demo catalog. */
export function demoCatalog(): CatalogMatterInput[] {
  return DEMO_MATTER_DEFS.flatMap((def) => expandMatter(def, themesOf(def.code)));
}
