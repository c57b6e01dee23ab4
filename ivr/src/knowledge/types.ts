/**
 * What the assistant answers from (知识库): the matter catalog's guides (办事指南), one row per
 * matter and region, and the admin-editable FAQ (常见问题). Plain data, so the engine can feed it
 * from the database and the eval from the demo seed.
 */
import type { Material, ProcessStep } from '@cloud-seat/contracts';

/** One matter as one region implements it: the fields of `MatterGuideView` the assistant reads. */
export interface GuideRow {
  /** The guide's id (links the guide card). */
  id: string;
  regionCode: string;
  /** 基本编码: the matter across regions. */
  basicCode: string;
  name: string;
  category: string;
  summary: string;
  aliases: readonly string[];
  conditions: string;
  steps: readonly ProcessStep[];
  materials: readonly Material[];
  address: string;
  hours: string;
  phone: string;
  legalLimitDays: number | null;
  promisedLimitDays: number | null;
  charged: boolean;
  feeDetail: string;
  onlineUrl: string;
  /** 到现场次数 (0 = 全程网办). */
  visits: number;
}

/** One FAQ entry; `basicCode` links it to a matter's guide. */
export interface FaqRow {
  id: string;
  question: string;
  answer: string;
  basicCode?: string | null;
}

/** What a question asks about a matter. `overview` when it names no facet. */
export const FACETS = [
  'overview',
  'materials',
  'process',
  'place',
  'hours',
  'phone',
  'timeLimit',
  'fee',
  'online',
  'conditions',
] as const;
export type Facet = (typeof FACETS)[number];

/** 材料 / 流程 / … as citizens and the reply say it. */
export const FACET_LABELS: Record<Facet, string> = {
  overview: '概要',
  materials: '材料',
  process: '流程',
  place: '地点',
  hours: '时间',
  phone: '电话',
  timeLimit: '时限',
  fee: '收费',
  online: '网办',
  conditions: '条件',
};
