/**
 * Catalog sync and import decisions (事项库同步与导入). Pure: rows come in as data, decisions go
 * out; no database, no HTTP, no files. The importer (commands/catalogImporter.ts) reads a source,
 * runs every row through a `RowChecker`, plans each region with `planRegion` and writes the plan.
 */
import { createHash } from 'node:crypto';
import {
  catalogMatterInputSchema,
  type CatalogMatter,
  type CatalogRejectedRow,
  type CatalogSyncReport,
} from '@cloud-seat/contracts';
import type { z } from 'zod';

/** The Chinese name of each matter field: rejection reasons name it, and it heads the XLSX column. */
export const MATTER_FIELD_LABELS: Record<keyof CatalogMatter, string> = {
  regionCode: '区域编码',
  basicCode: '基本编码',
  implCode: '实施编码',
  name: '事项名称',
  type: '事项类型',
  implementingBody: '实施主体',
  serviceObjects: '服务对象',
  themes: '主题',
  category: '业务分类',
  summary: '事项简介',
  aliases: '别名',
  conditions: '受理条件',
  steps: '办理流程',
  materials: '申请材料',
  address: '办理地点',
  hours: '办理时间',
  phone: '咨询电话',
  complaintPhone: '监督投诉电话',
  legalLimitDays: '法定时限',
  promisedLimitDays: '承诺时限',
  charged: '是否收费',
  feeDetail: '收费说明',
  legalBasis: '设定依据',
  onlineUrl: '网办地址',
  visits: '到现场次数',
  withdrawn: '状态',
  sourceUpdatedAt: '更新时间',
};

const ITEM_LABELS: Record<string, string> = {
  name: '名称',
  required: '是否必要',
  form: '材料形式',
  copies: '份数',
  note: '备注',
  blankFormUrl: '空白表格地址',
  sampleUrl: '示例样表地址',
  title: '步骤名称',
  detail: '步骤说明',
};

/** Where an issue is, in words: 申请材料第2项的名称. */
function fieldName(path: readonly PropertyKey[]): string {
  const [field, index, sub] = path;
  const label = MATTER_FIELD_LABELS[field as keyof CatalogMatter] ?? String(field ?? '数据');
  if (typeof index !== 'number') return label;
  return `${label}第${index + 1}项${sub !== undefined ? `的${ITEM_LABELS[String(sub)] ?? String(sub)}` : ''}`;
}

const HAS_CHINESE = /[\u4e00-\u9fa5]/;

function valueAt(row: unknown, path: readonly PropertyKey[]): unknown {
  let value = row;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function shown(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return text.length > 30 ? `${text.slice(0, 30)}…` : text;
}

/** One zod issue as a sentence a catalog administrator can act on. */
export function describeIssue(issue: z.core.$ZodIssue, row: unknown): string {
  const name = fieldName(issue.path);
  const value = valueAt(row, issue.path);
  if (HAS_CHINESE.test(issue.message)) return `${name}：${issue.message}`;
  if ((value === undefined || value === null) && (issue.code === 'invalid_type' || issue.code === 'invalid_value')) {
    return `缺少${name}`;
  }
  switch (issue.code) {
    case 'invalid_type':
      return `${name}格式不正确（应为${EXPECTED[issue.expected] ?? issue.expected}，实际为“${shown(value)}”）`;
    case 'too_small':
      if (issue.origin === 'string') {
        return Number(issue.minimum) <= 1 ? `${name}不能为空` : `${name}至少 ${issue.minimum} 个字符`;
      }
      if (issue.origin === 'array') return `${name}至少需要 ${issue.minimum} 项`;
      return `${name}不能小于 ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'string') return `${name}不能超过 ${issue.maximum} 个字符`;
      if (issue.origin === 'array') return `${name}不能超过 ${issue.maximum} 项`;
      return `${name}不能大于 ${issue.maximum}`;
    case 'invalid_value':
      return `${name}的值“${shown(value)}”无效，可选：${issue.values.map(String).sort().join('、')}`;
    case 'invalid_format':
      return `${name}格式不正确：“${shown(value)}”`;
    default:
      return `${name}不正确：“${shown(value)}”`;
  }
}

const EXPECTED: Record<string, string> = {
  string: '文本',
  number: '数字',
  int: '整数',
  boolean: '是/否',
  array: '列表',
  object: '对象',
};

export type RowCheck =
  | { ok: true; matter: CatalogMatter; hash: string }
  | { ok: false; rejected: CatalogRejectedRow; regionCode: string | null };

/** The text of a field of a row that failed validation, for naming the row in the report. */
function looseText(row: unknown, key: string): string | null {
  const value = valueAt(row, [key]);
  if (typeof value === 'string' && value.trim()) return value.trim().slice(0, 120);
  if (typeof value === 'number') return String(value);
  return null;
}

/**
 * Checks the rows of one run in source order: validation (reasons name the fields) and
 * duplicates (a 实施编码 seen before in the same region: the later row is rejected).
 */
export class RowChecker {
  private readonly seen = new Map<string, string>();
  /** Every (region, 实施编码) the source mentioned, valid or not: a full sync withdraws none of them. */
  readonly mentioned = new Map<string, Set<string>>();

  check(at: string, row: unknown): RowCheck {
    const parsed = catalogMatterInputSchema.safeParse(row);
    const implCode = parsed.success ? parsed.data.implCode : looseText(row, 'implCode');
    const regionCode = parsed.success ? parsed.data.regionCode : looseText(row, 'regionCode');
    const name = parsed.success ? parsed.data.name : looseText(row, 'name');
    if (implCode && regionCode) this.mention(regionCode, implCode);
    const reject = (reason: string): RowCheck => ({
      ok: false,
      rejected: { at, implCode, name, reason },
      regionCode,
    });
    if (!parsed.success) {
      const reasons = parsed.error.issues.slice(0, 3).map((issue) => describeIssue(issue, row));
      const more = parsed.error.issues.length > 3 ? `等 ${parsed.error.issues.length} 处问题` : '';
      return reject(`${reasons.join('；')}${more}`);
    }
    const key = `${parsed.data.regionCode}/${parsed.data.implCode}`;
    const first = this.seen.get(key);
    if (first) return reject(`实施编码 ${parsed.data.implCode} 在本次数据中重复（首次出现在${first}），此行未导入`);
    this.seen.set(key, at);
    return { ok: true, matter: parsed.data, hash: contentHash(parsed.data) };
  }

  private mention(regionCode: string, implCode: string): void {
    let codes = this.mentioned.get(regionCode);
    if (!codes) this.mentioned.set(regionCode, (codes = new Set()));
    codes.add(implCode);
  }
}

/** JSON with keys in a stable order, so equal content always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The content hash of a normalised matter: what the citizen sees. The withdrawn flag and the
 * source's update time are left out (withdrawal is its own decision; a touched but equal row is
 * unchanged).
 */
export function contentHash(matter: CatalogMatter): string {
  const { withdrawn: _withdrawn, sourceUpdatedAt: _updated, ...content } = matter;
  return createHash('sha256').update(canonical(content)).digest('hex');
}

/** A matter of the region as stored. */
export interface StoredMatter {
  code: string;
  name: string;
  contentHash: string;
  withdrawn: boolean;
}

/** A checked row with where it came from. */
export interface CheckedRow {
  at: string;
  matter: CatalogMatter;
  hash: string;
}

export interface RegionPlan {
  regionCode: string;
  /** New matters (inserted). */
  added: CheckedRow[];
  /** Stored matters whose content changed, or that return after a withdrawal (rewritten, withdrawal cleared). */
  changed: CheckedRow[];
  /** Stored matters the source withdrew (TASK_STATE 已取消): content rewritten and withdrawn. */
  withdrawnRows: CheckedRow[];
  /** Stored matters a full sync no longer found in the source: only withdrawn. */
  withdrawnMissing: StoredMatter[];
  unchanged: number;
}

/**
 * What to write for one region. `full`: the source listed every matter of the region, so an
 * active stored matter it did not mention is withdrawn. `mentioned` holds every 实施编码 the
 * source named for the region, also in rejected rows (a malformed row does not withdraw its matter).
 * A full source that named no matter at all for the region withdraws nothing (an empty answer is
 * more likely an outage than a region without matters).
 */
export function planRegion(input: {
  regionCode: string;
  rows: readonly CheckedRow[];
  stored: readonly StoredMatter[];
  full: boolean;
  mentioned: ReadonlySet<string>;
}): RegionPlan {
  const plan: RegionPlan = {
    regionCode: input.regionCode,
    added: [],
    changed: [],
    withdrawnRows: [],
    withdrawnMissing: [],
    unchanged: 0,
  };
  const stored = new Map(input.stored.map((m) => [m.code, m]));
  for (const row of input.rows) {
    const current = stored.get(row.matter.implCode);
    if (!current) {
      // A matter withdrawn before we ever had it has nothing to change.
      if (row.matter.withdrawn) plan.unchanged++;
      else plan.added.push(row);
    } else if (row.matter.withdrawn) {
      if (current.withdrawn && current.contentHash === row.hash) plan.unchanged++;
      else if (current.withdrawn) plan.changed.push(row);
      else plan.withdrawnRows.push(row);
    } else if (current.withdrawn || current.contentHash !== row.hash) {
      plan.changed.push(row);
    } else {
      plan.unchanged++;
    }
  }
  if (input.full && input.mentioned.size > 0) {
    for (const m of input.stored) {
      if (!m.withdrawn && !input.mentioned.has(m.code)) plan.withdrawnMissing.push(m);
    }
  }
  return plan;
}

/** Does the plan write anything (and so move the region's catalog version)? */
export function regionChanged(plan: RegionPlan): boolean {
  return plan.added.length + plan.changed.length + plan.withdrawnRows.length + plan.withdrawnMissing.length > 0;
}

/** At most this many rejected rows are listed in a report; the rest are counted in one line. */
export const MAX_REPORTED_REJECTIONS = 500;

/** The report of one run as it grows. */
export class ReportTally {
  added = 0;
  changed = 0;
  unchanged = 0;
  withdrawn = 0;
  private readonly rejected: CatalogRejectedRow[] = [];
  private rejectedBeyond = 0;

  reject(row: CatalogRejectedRow): void {
    if (this.rejected.length < MAX_REPORTED_REJECTIONS) this.rejected.push(row);
    else this.rejectedBeyond++;
  }

  count(plan: RegionPlan): void {
    this.added += plan.added.length;
    this.changed += plan.changed.length;
    this.unchanged += plan.unchanged;
    this.withdrawn += plan.withdrawnRows.length + plan.withdrawnMissing.length;
  }

  get rejectedCount(): number {
    return this.rejected.length + this.rejectedBeyond;
  }

  report(): CatalogSyncReport {
    const rejected = [...this.rejected];
    if (this.rejectedBeyond > 0) {
      rejected.push({
        at: '其余',
        implCode: null,
        name: null,
        reason: `另有 ${this.rejectedBeyond} 行被拒绝，未逐条列出（共 ${this.rejectedCount} 行）；请修正上面的问题后重新导入`,
      });
    }
    return { added: this.added, changed: this.changed, unchanged: this.unchanged, withdrawn: this.withdrawn, rejected };
  }
}
