/**
 * The compact authoring shape of the demo catalog: one `MatterDef` per matter (事项), written once
 * and expanded to one `CatalogMatterInput` row per implementing region by `expandCatalog`.
 */
import type { MatterTypeCode, RegionCode, ServiceObject } from '@cloud-seat/contracts';
import type { DeptKey } from './regions.js';

/** Business categories the seats serve (a team or a skill), so a matter's contacts route. */
export const SEAT_SERVED_CATEGORIES = [
  '婚姻登记',
  '生育收养',
  '户籍办理',
  '社保',
  '医保',
  '退休',
  '社会保障',
  '设立变更',
  '准营准办',
  '营业执照',
  '税务登记',
  '企业开办',
  '政策解读',
  '综合咨询',
] as const;
export type SeatServedCategory = (typeof SEAT_SERVED_CATEGORIES)[number];

/** 办理流程 step: title and what happens in it. */
export type StepDef = readonly [title: string, detail: string];

/**
 * 申请材料: name, 份数, note, and flags: `o` optional (非必要), `e` electronic only, `b` paper or
 * electronic (电子证照 accepted). Without flags: required, paper.
 */
export type MaterialDef = readonly [name: string, copies: string, note?: string, flags?: 'o' | 'e' | 'b' | 'oe' | 'ob'];

/** Where the matter is implemented: every region, 市本级 only, the nine 旗区, or a list. */
export type Scope = 'all' | 'city' | 'districts' | readonly RegionCode[];

/** Where it is filed online: 内蒙古政务服务网, 电子税务局, 交管12123, 公积金网厅, or nowhere. */
export type OnlineKind = 'zwfw' | 'etax' | 'traffic' | 'fund' | 'none';

export interface MatterDef {
  /** 基本编码 (12 alphanumerics, stable). */
  code: string;
  name: string;
  type: MatterTypeCode;
  /** The department that implements it in every region (see `DEPARTMENTS`). */
  dept: DeptKey;
  /** Defaults to 自然人. */
  objects?: ServiceObject[];
  category: SeatServedCategory;
  summary: string;
  aliases: string[];
  conditions: string;
  steps: StepDef[];
  materials: MaterialDef[];
  /** 法定办结时限 and 承诺办结时限 in working days (0 = 即办). */
  days: readonly [legal: number | null, promised: number | null];
  /** The fee text when it is charged; omitted = 不收费. */
  fee?: string;
  /** 设定依据. */
  basis: string;
  /** 到现场次数. */
  visits: 0 | 1 | 2;
  /** Defaults to `zwfw`. */
  online?: OnlineKind;
  /** Defaults to `all`. */
  scope?: Scope;
}
