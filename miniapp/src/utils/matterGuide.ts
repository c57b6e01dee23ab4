/**
 * What the 办事指南 (matter guide) shows, worked out from a MatterGuideView: the labels of its badges
 * and the content of its three parts 怎么办 / 在哪办 / 带什么. Pages and the chat's matter card render
 * these; nothing here touches uni.
 */
import {
  MATTER_TYPES,
  SERVICE_OBJECT_LABELS,
  type Material,
  type MatterGuideView,
  type MatterSummaryView,
  type ProcessStep,
} from '@cloud-seat/contracts';
import type { DeepReadonly } from 'vue';

/** A guide as stores hand it out (read-only). */
type Guide = DeepReadonly<MatterGuideView>;

const COUNTS = ['零', '一', '两', '三', '四', '五', '六', '七', '八', '九', '十'];

/** 到现场次数: 0 → 全程网办, 1 → 最多跑一次, 2 → 最多跑两次. */
export function visitsLabel(visits: number): string {
  if (visits <= 0) return '全程网办';
  return `最多跑${COUNTS[visits] ?? visits}次`;
}

/** 承诺时限: 0 → 即办, n → n个工作日; '' when the catalog does not say. */
export function limitLabel(days: number | null): string {
  if (days === null) return '';
  return days === 0 ? '即办' : `${days}个工作日`;
}

/** The numbers of a phone field ("0477-8581234、12345" → two), without an extension (转 …). */
export function phoneNumbers(text: string): string[] {
  return text
    .split(/[、,，;；]/)
    .map((part) => part.split('转')[0]!.replace(/[\s()]/g, ''))
    .filter((part) => /\d{3,}/.test(part));
}

export const MATERIAL_FORM_LABELS: Record<Material['form'], string> = {
  paper: '纸质',
  electronic: '电子',
  both: '纸质或电子',
};

export type GuideTab = 'how' | 'where' | 'bring';
export const GUIDE_TABS: ReadonlyArray<{ key: GuideTab; label: string }> = [
  { key: 'how', label: '怎么办' },
  { key: 'where', label: '在哪办' },
  { key: 'bring', label: '带什么' },
];

export function isGuideTab(value: unknown): value is GuideTab {
  return GUIDE_TABS.some((tab) => tab.key === value);
}

export interface MatterBadge {
  label: string;
  /** Styles `badge--<kind>` (App.vue). */
  kind: 'visits' | 'assist' | 'off';
}

/** Badges of a matter in lists and headers: 到现场次数, 可云坐席辅助申报, 已停止办理. */
export function matterBadges(matter: Pick<MatterSummaryView, 'visits' | 'assistedFiling' | 'active'>): MatterBadge[] {
  if (!matter.active) return [{ label: '已停止办理', kind: 'off' }];
  const badges: MatterBadge[] = [{ label: visitsLabel(matter.visits), kind: 'visits' }];
  if (matter.assistedFiling) badges.push({ label: '可云坐席辅助申报', kind: 'assist' });
  return badges;
}

/** The header lines: 实施主体, 事项类型, 服务对象. */
export function guideFacts(guide: Guide): Array<{ label: string; value: string }> {
  return [
    { label: '实施主体', value: guide.implementingBody },
    { label: '事项类型', value: MATTER_TYPES[guide.type] ?? guide.type },
    { label: '服务对象', value: guide.serviceObjects.map((s) => SERVICE_OBJECT_LABELS[s]).join('、') },
  ].filter((fact) => fact.value !== '');
}

export interface HowSection {
  steps: ReadonlyArray<Readonly<ProcessStep> & { n: number }>;
  conditions: string;
  /** 承诺时限 and 法定时限 as shown, '' when unknown. */
  promisedLimit: string;
  legalLimit: string;
  fee: string;
  onlineUrl: string;
  legalBasis: string;
}

export interface WhereSection {
  address: string;
  hours: string;
  mapUrl: string;
  phones: ReadonlyArray<{ label: string; numbers: string[] }>;
}

export interface BringSection {
  required: ReadonlyArray<Readonly<Material>>;
  optional: ReadonlyArray<Readonly<Material>>;
  total: number;
}

export function howSection(guide: Guide): HowSection {
  return {
    steps: guide.steps.map((step, i) => ({ ...step, n: i + 1 })),
    conditions: guide.conditions,
    promisedLimit: limitLabel(guide.promisedLimitDays),
    legalLimit: limitLabel(guide.legalLimitDays),
    fee: guide.charged ? guide.feeDetail || '收费（标准请咨询窗口）' : '不收费',
    onlineUrl: guide.onlineUrl,
    legalBasis: guide.legalBasis,
  };
}

export function whereSection(guide: Guide): WhereSection {
  const phones = [
    { label: '咨询电话', numbers: phoneNumbers(guide.phone) },
    { label: '监督投诉电话', numbers: phoneNumbers(guide.complaintPhone) },
  ];
  return {
    address: guide.address,
    hours: guide.hours,
    mapUrl: guide.mapUrl,
    phones: phones.filter((p) => p.numbers.length > 0),
  };
}

export function bringSection(guide: Pick<Guide, 'materials'>): BringSection {
  return {
    required: guide.materials.filter((m) => m.required),
    optional: guide.materials.filter((m) => !m.required),
    total: guide.materials.length,
  };
}

/** 已准备 x/y 项: ticks count only for materials the guide still lists. */
export function checklistProgress(
  materials: readonly Pick<Material, 'name' | 'required'>[],
  ticked: readonly string[],
): { done: number; total: number; requiredLeft: number } {
  const done = materials.filter((m) => ticked.includes(m.name)).length;
  const requiredLeft = materials.filter((m) => m.required && !ticked.includes(m.name)).length;
  return { done, total: materials.length, requiredLeft };
}
