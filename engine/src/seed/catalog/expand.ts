/**
 * Expands the authored matters to catalog rows: one `CatalogMatterInput` per matter and region
 * that implements it, with the region's body, place, hours, phones and 实施编码.
 */
import type { CatalogMatterInput, Material, RegionCode, ThemeCode } from '@cloud-seat/contracts';
import {
  REGION_CODES_IN_ORDER,
  complaintPhone,
  consultPhone,
  creditCode,
  implementingBody,
  officeAddress,
  REGION_OFFICES,
} from './regions.js';
import type { MatterDef, MaterialDef, OnlineKind, Scope } from './types.js';

/** When the demo source last changed every matter. */
export const DEMO_SOURCE_UPDATED_AT = '2026-03-02T09:00:00+08:00';

const CITY: RegionCode = '150600';

export function regionsOf(scope: Scope = 'all'): RegionCode[] {
  if (scope === 'all') return [...REGION_CODES_IN_ORDER];
  if (scope === 'city') return [CITY];
  if (scope === 'districts') return REGION_CODES_IN_ORDER.filter((c) => c !== CITY);
  return REGION_CODES_IN_ORDER.filter((c) => scope.includes(c));
}

function material([name, copies, note = '', flags]: MaterialDef): Material {
  const f: string = flags ?? '';
  return {
    name,
    copies,
    note,
    required: !f.includes('o'),
    form: f.includes('e') ? 'electronic' : f.includes('b') ? 'both' : 'paper',
    blankFormUrl: '',
    sampleUrl: '',
  };
}

function onlineUrl(kind: OnlineKind, implCode: string, region: RegionCode): string {
  switch (kind) {
    case 'zwfw':
      return `https://zwfw.nmg.gov.cn/bszn/detail.html?implCode=${implCode}&areaCode=${region}000000`;
    case 'etax':
      return 'https://etax.neimenggu.chinatax.gov.cn/';
    case 'traffic':
      return 'https://nm.122.gov.cn/';
    case 'fund':
      return `https://zwfw.nmg.gov.cn/ordos/gjj/wt/index.html?areaCode=${region}`;
    case 'none':
      return '';
  }
}

/** The 实施编码 of a matter in a region: the body's credit code, the 基本编码, a 业务办理项 suffix. */
export function implCodeOf(def: Pick<MatterDef, 'code' | 'dept'>, region: RegionCode): string {
  return `${creditCode(def.dept, region)}${def.code}00`;
}

export function expandMatter(def: MatterDef, themes: ThemeCode[]): CatalogMatterInput[] {
  return regionsOf(def.scope).map((region) => {
    const implCode = implCodeOf(def, region);
    return {
      regionCode: region,
      basicCode: def.code,
      implCode,
      name: def.name,
      type: def.type,
      implementingBody: implementingBody(def.dept, region),
      serviceObjects: def.objects ?? ['person'],
      themes,
      category: def.category,
      summary: def.summary,
      aliases: def.aliases,
      conditions: def.conditions,
      steps: def.steps.map(([title, detail]) => ({ title, detail })),
      materials: def.materials.map(material),
      address: officeAddress(def.dept, region),
      hours: REGION_OFFICES[region].hours,
      phone: consultPhone(def.dept, region),
      complaintPhone: complaintPhone(region),
      legalLimitDays: def.days[0],
      promisedLimitDays: def.days[1],
      charged: def.fee !== undefined,
      feeDetail: def.fee ?? '不收费',
      legalBasis: def.basis,
      onlineUrl: onlineUrl(def.online ?? 'zwfw', implCode, region),
      visits: def.visits,
      withdrawn: false,
      sourceUpdatedAt: DEMO_SOURCE_UPDATED_AT,
    };
  });
}
