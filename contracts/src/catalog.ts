/**
 * The matter catalog (政务服务事项目录): the national matter elements (GB/T 39046 family) as one
 * region implements them, life-event scenarios, guide views, catalog sync runs and the requests
 * that change them. Every catalog source (the platform's HTTP API, a JSON or XLSX file, the demo
 * seed) is turned into `CatalogMatterInput` rows, validated by `catalogMatterInputSchema`.
 */
import { z } from 'zod';
import { REGION_CODES } from './enums.js';
import type { MatterView } from './http.js';

const regionCode = z.enum(REGION_CODES);
const uuid = z.uuid();

/** 事项类型 codes of the national standard (01 许可 … 20 公共服务). */
export const MATTER_TYPES = {
  '01': '行政许可',
  '02': '行政处罚',
  '03': '行政强制',
  '04': '行政征收',
  '05': '行政给付',
  '06': '行政检查',
  '07': '行政确认',
  '08': '行政奖励',
  '09': '行政裁决',
  '10': '其他行政权力',
  '20': '公共服务',
} as const;
export type MatterTypeCode = keyof typeof MATTER_TYPES;
export const MATTER_TYPE_CODES = Object.keys(MATTER_TYPES) as [MatterTypeCode, ...MatterTypeCode[]];

/** 服务对象: 自然人 (person) or 法人 (legal person, incl. other organisations). */
export const SERVICE_OBJECTS = ['person', 'legal'] as const;
export type ServiceObject = (typeof SERVICE_OBJECTS)[number];
export const SERVICE_OBJECT_LABELS: Record<ServiceObject, string> = { person: '自然人', legal: '法人' };

/**
 * Life-event themes of the two scenario columns, in the order a life (or a company's life) runs.
 * Names are those of the national 主题分类 lists (个人 / 法人); codes are our stable slugs.
 */
export const PERSON_THEMES = [
  { code: 'p-birth', name: '生育收养' },
  { code: 'p-household', name: '户籍办理' },
  { code: 'p-education', name: '教育科研' },
  { code: 'p-employment', name: '就业创业' },
  { code: 'p-marriage', name: '婚姻登记' },
  { code: 'p-housing', name: '住房保障' },
  { code: 'p-social-security', name: '社会保障' },
  { code: 'p-assistance', name: '社会救助' },
  { code: 'p-documents', name: '证件办理' },
  { code: 'p-transport', name: '交通出行' },
  { code: 'p-health', name: '医疗卫生' },
  { code: 'p-retirement', name: '离职退休' },
  { code: 'p-death', name: '死亡殡葬' },
] as const;
export const LEGAL_THEMES = [
  { code: 'l-establish', name: '设立变更' },
  { code: 'l-permits', name: '准营准办' },
  { code: 'l-qualification', name: '资质认证' },
  { code: 'l-inspection', name: '年检年审' },
  { code: 'l-tax', name: '税收财务' },
  { code: 'l-hr', name: '人力资源' },
  { code: 'l-social-security', name: '社会保障' },
  { code: 'l-investment', name: '投资审批' },
  { code: 'l-property', name: '不动产登记' },
  { code: 'l-deregister', name: '法人注销' },
] as const;
export const SCENARIO_KINDS = ['person', 'legal'] as const;
export type ScenarioKind = (typeof SCENARIO_KINDS)[number];
export const SCENARIO_KIND_LABELS: Record<ScenarioKind, string> = {
  person: '个人全生命周期',
  legal: '法人全生命周期',
};
export type ThemeCode = (typeof PERSON_THEMES)[number]['code'] | (typeof LEGAL_THEMES)[number]['code'];
/** Every theme with its column, person's first, each in life order. */
export const THEMES: ReadonlyArray<{ code: ThemeCode; name: string; kind: ScenarioKind }> = [
  ...PERSON_THEMES.map((t) => ({ ...t, kind: 'person' as const })),
  ...LEGAL_THEMES.map((t) => ({ ...t, kind: 'legal' as const })),
];
export const THEME_CODES = [...PERSON_THEMES, ...LEGAL_THEMES].map((t) => t.code) as [ThemeCode, ...ThemeCode[]];

const text = (max: number) => z.string().trim().max(max);
const phone = z
  .string()
  .trim()
  .max(40)
  .regex(/^[0-9+\-() 、,，转]*$/, '电话只能包含数字和分隔符');
const httpUrl = z
  .string()
  .trim()
  .max(500)
  .refine((v) => v === '' || /^https?:\/\/[^\s]+$/.test(v), '必须是 http(s) 地址');

/** 申请材料: one item of what the citizen brings. */
export const materialSchema = z.object({
  name: text(200).min(1),
  required: z.boolean().default(true),
  /** 材料形式. */
  form: z.enum(['paper', 'electronic', 'both']).default('paper'),
  /** 份数 (originals and copies as the guide says it, e.g. 原件1份). */
  copies: text(60).default('原件1份'),
  note: text(500).default(''),
  /** 空白表格 / 示例样表 download addresses, when the platform has them. */
  blankFormUrl: httpUrl.default(''),
  sampleUrl: httpUrl.default(''),
});
export type Material = z.infer<typeof materialSchema>;

/** 办理流程: one step. */
export const processStepSchema = z.object({
  title: text(60).min(1),
  detail: text(1000).default(''),
});
export type ProcessStep = z.infer<typeof processStepSchema>;

/**
 * One matter as one region implements it: what every catalog source is normalised to. The same
 * 基本编码 (basic code) is implemented by 市本级 and each 旗区 under its own 实施编码.
 */
export const catalogMatterInputSchema = z.object({
  regionCode: regionCode,
  /** 基本编码: the matter across regions. */
  basicCode: text(40)
    .regex(/^[0-9A-Za-z-]+$/, '基本编码只能包含字母数字')
    .min(4),
  /** 实施编码: this region's implementation; unique. */
  implCode: text(64)
    .regex(/^[0-9A-Za-z-]+$/, '实施编码只能包含字母数字')
    .min(4),
  name: text(120).min(1),
  type: z.enum(MATTER_TYPE_CODES),
  /** 实施主体. */
  implementingBody: text(120).min(1),
  serviceObjects: z.array(z.enum(SERVICE_OBJECTS)).min(1).max(2),
  themes: z.array(z.enum(THEME_CODES)).max(6).default([]),
  /** Business category the contact queues under (a team or skill of the seats), e.g. 婚姻登记. */
  category: text(32).min(1),
  summary: text(500).default(''),
  /** Other words citizens use for it (领证 for 结婚登记), used by search and detection. */
  aliases: z.array(text(40).min(1)).max(20).default([]),
  /** 受理条件. */
  conditions: text(4000).default(''),
  steps: z.array(processStepSchema).max(30).default([]),
  materials: z.array(materialSchema).max(60).default([]),
  /** 办理地点. */
  address: text(300).default(''),
  /** 办理时间. */
  hours: text(300).default(''),
  /** 咨询电话. */
  phone: phone.default(''),
  /** 监督投诉电话. */
  complaintPhone: phone.default(''),
  /** 法定办结时限 / 承诺办结时限 in working days; null when not set (e.g. 即办 is 0). */
  legalLimitDays: z.number().int().min(0).max(3650).nullable().default(null),
  promisedLimitDays: z.number().int().min(0).max(3650).nullable().default(null),
  /** 是否收费 and the fee text. */
  charged: z.boolean().default(false),
  feeDetail: text(1000).default(''),
  /** 设定依据. */
  legalBasis: text(4000).default(''),
  /** 网办地址. */
  onlineUrl: httpUrl.default(''),
  /** 到现场次数 (0 = 全程网办). */
  visits: z.number().int().min(0).max(10).default(1),
  /** The source marks it withdrawn (已取消/停用): hidden from citizens, kept on old tickets. */
  withdrawn: z.boolean().default(false),
  /** When the source last changed it (ISO); sync keeps the newest. */
  sourceUpdatedAt: z.iso.datetime({ offset: true }).optional(),
});
export type CatalogMatterInput = z.input<typeof catalogMatterInputSchema>;
export type CatalogMatter = z.infer<typeof catalogMatterInputSchema>;

// ---- views ----------------------------------------------------------------------------------

/** A matter in lists and search results (`code` is the 实施编码). */
export interface MatterSummaryView extends MatterView {
  basicCode: string;
  type: MatterTypeCode;
  serviceObjects: ServiceObject[];
  themes: ThemeCode[];
  visits: number;
  promisedLimitDays: number | null;
  /** 可云坐席辅助申报. */
  assistedFiling: boolean;
  /** false once the platform withdrew it (kept on old tickets, hidden from citizens). */
  active: boolean;
}

/** Admin: one matter across regions (by 基本编码). */
export interface CatalogEntryView {
  basicCode: string;
  name: string;
  type: MatterTypeCode;
  category: string;
  themes: ThemeCode[];
  /** How many regions implement it (active). */
  regions: number;
  assistedFiling: boolean;
}

/** The full guide of one matter (办事指南). */
export interface MatterGuideView extends MatterSummaryView {
  implementingBody: string;
  conditions: string;
  steps: ProcessStep[];
  materials: Material[];
  address: string;
  hours: string;
  phone: string;
  complaintPhone: string;
  legalLimitDays: number | null;
  charged: boolean;
  feeDetail: string;
  legalBasis: string;
  onlineUrl: string;
  /** A map search link for the address (opens the phone's map). */
  mapUrl: string;
  updatedAt: string;
}

export interface ScenarioView {
  code: ThemeCode;
  kind: ScenarioKind;
  name: string;
  /** Matters of the asking region in the curated order. */
  matterCount: number;
}

export interface ScenarioDetailView extends ScenarioView {
  matters: MatterSummaryView[];
}

export const CATALOG_SYNC_STATUSES = ['running', 'succeeded', 'failed'] as const;
export type CatalogSyncStatus = (typeof CATALOG_SYNC_STATUSES)[number];
export const CATALOG_SOURCES = ['platform', 'file', 'seed'] as const;
export type CatalogSource = (typeof CATALOG_SOURCES)[number];

/** A rejected source row and why, so the admin can fix it at the source. */
export interface CatalogRejectedRow {
  /** Where it was: page/row number or file row. */
  at: string;
  implCode: string | null;
  name: string | null;
  reason: string;
}

export interface CatalogRegionProgress {
  regionCode: string;
  done: number;
  total: number;
}

export interface CatalogSyncReport {
  added: number;
  changed: number;
  unchanged: number;
  withdrawn: number;
  rejected: CatalogRejectedRow[];
}

export interface CatalogSyncRunView {
  id: string;
  source: CatalogSource;
  /** File name or platform address. */
  origin: string;
  status: CatalogSyncStatus;
  startedBy: string | null;
  startedAt: string;
  finishedAt: string | null;
  /** x of y in all, and per region. */
  done: number;
  total: number;
  regions: CatalogRegionProgress[];
  report: CatalogSyncReport;
  /** What went wrong and what to do next (failed runs). */
  error: string | null;
}

/** What a curation change did (catalog_changes.action) and the words users see. */
export const CATALOG_CHANGE_ACTION_LABELS: Record<string, string> = {
  scenario_order: '场景编排',
  assisted_on: '设为可辅助申报',
  assisted_off: '取消可辅助申报',
};

/** The label of a change; an unknown (newer) action shows as itself. */
export function catalogChangeActionLabel(action: string): string {
  return CATALOG_CHANGE_ACTION_LABELS[action] ?? action;
}

/** One change of the curated catalog (scenario order, 可辅助申报) and who made it. */
export interface CatalogChangeView {
  id: string;
  at: string;
  actor: string;
  action: string;
  detail: string;
}

// ---- requests -------------------------------------------------------------------------------

/** How a conversation came to concern its matter. */
export const MATTER_SOURCES = ['carried', 'detected', 'seat'] as const;
export type MatterSource = (typeof MATTER_SOURCES)[number];
export const MATTER_SOURCE_LABELS: Record<MatterSource, string> = {
  carried: '市民从办事指南咨询',
  detected: '系统根据市民描述识别',
  seat: '坐席推送',
};

export const matterSearchQuerySchema = z.object({
  q: z.string().trim().max(60).optional(),
  theme: z.enum(THEME_CODES).optional(),
  serviceObject: z.enum(SERVICE_OBJECTS).optional(),
  /** Default: 20 best matches for a query; the whole list (up to 500) without one. */
  limit: z.coerce.number().int().min(1).max(500).optional(),
});
export type MatterSearchQuery = z.infer<typeof matterSearchQuerySchema>;

/** Admin: the ordered matters (by 基本编码) of one scenario; applies to every region. */
export const scenarioMattersRequestSchema = z.object({
  basicCodes: z.array(text(40).min(1)).max(200),
});
export type ScenarioMattersRequest = z.infer<typeof scenarioMattersRequestSchema>;

/** Admin: mark a matter (by 基本编码, every region) as 可云坐席辅助申报 or not. */
export const assistedFilingRequestSchema = z.object({
  basicCode: text(40).min(1),
  assisted: z.boolean(),
});
export type AssistedFilingRequest = z.infer<typeof assistedFilingRequestSchema>;

/** Seat: the matter a conversation concerns (pushed from the search box). */
export const conversationMatterRequestSchema = z.object({
  matterId: uuid,
});
export type ConversationMatterRequest = z.infer<typeof conversationMatterRequestSchema>;

/** Admin: start a sync from the configured platform. */
export const catalogSyncRequestSchema = z.object({
  /** Only matters the platform changed after the last successful sync. */
  incremental: z.boolean().default(false),
});
export type CatalogSyncRequest = z.infer<typeof catalogSyncRequestSchema>;
