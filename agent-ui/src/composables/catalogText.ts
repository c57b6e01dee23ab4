/**
 * Words for the matter catalog (事项目录): theme names and their two columns, time limits, fees,
 * visits and the forms of a material, as the guide page says them. Pure, so it is tested alone.
 */
import {
  LEGAL_THEMES,
  PERSON_THEMES,
  SCENARIO_KIND_LABELS,
  type CatalogSource,
  type CatalogSyncReport,
  type CatalogSyncStatus,
  type Material,
  type MatterSource,
  type ThemeCode,
} from '@cloud-seat/contracts';

/** The two scenario columns with their themes in life order. */
export const THEME_GROUPS = [
  { kind: 'person', label: SCENARIO_KIND_LABELS.person, themes: PERSON_THEMES },
  { kind: 'legal', label: SCENARIO_KIND_LABELS.legal, themes: LEGAL_THEMES },
] as const;

const THEME_NAMES: Record<string, string> = Object.fromEntries(
  [...PERSON_THEMES, ...LEGAL_THEMES].map((t) => [t.code, t.name]),
);

/** "婚姻登记"; a theme of both columns is told apart by its column ("社会保障（法人）"). */
export function themeName(code: ThemeCode | string): string {
  const name = THEME_NAMES[code] ?? code;
  const shared = PERSON_THEMES.some((t) => t.name === name) && LEGAL_THEMES.some((t) => t.name === name);
  return shared ? `${name}（${code.startsWith('l-') ? '法人' : '个人'}）` : name;
}

/** 即办, 20 个工作日, 未规定. */
export function limitText(days: number | null): string {
  if (days === null) return '未规定';
  return days === 0 ? '即办' : `${days} 个工作日`;
}

/** The promised limit, with the legal one when it says more: 承诺 5 个工作日（法定 20 个工作日）. */
export function limitsText(promised: number | null, legal: number | null): string {
  if (legal === null || legal === promised) return limitText(promised);
  if (promised === null) return `法定 ${limitText(legal)}`;
  return `承诺 ${limitText(promised)}（法定 ${limitText(legal)}）`;
}

/** 全程网办 or 最多跑 1 次. */
export function visitsText(visits: number): string {
  return visits === 0 ? '全程网办' : `最多跑 ${visits} 次`;
}

export const MATERIAL_FORM_LABELS: Record<Material['form'], string> = {
  paper: '纸质',
  electronic: '电子',
  both: '纸质或电子',
};

/** Required materials first, each group in the guide's own order. */
export function materialsInOrder(materials: readonly Material[]): Material[] {
  return [...materials.filter((m) => m.required), ...materials.filter((m) => !m.required)];
}

/** A matter the engine detected from the citizen's words is a guess the seat should check. */
export const MATTER_SOURCE_TAG: Record<MatterSource, 'warning' | 'success' | 'primary'> = {
  carried: 'success',
  detected: 'warning',
  seat: 'primary',
};

export const CATALOG_SOURCE_LABELS: Record<CatalogSource, string> = {
  platform: '事项库平台',
  file: '文件导入',
  seed: '演示数据',
};

export const CATALOG_SYNC_STATUS_LABELS: Record<CatalogSyncStatus, string> = {
  running: '进行中',
  succeeded: '已完成',
  failed: '失败',
};

export const CATALOG_SYNC_STATUS_TAG: Record<CatalogSyncStatus, 'primary' | 'success' | 'danger'> = {
  running: 'primary',
  succeeded: 'success',
  failed: 'danger',
};

/** x / y and the share done, for a progress bar (0 while the total is not known yet). */
export function progressOf(done: number, total: number): { text: string; percent: number } {
  const percent = total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 0;
  return { text: `${done} / ${total}`, percent };
}

/** 新增 3 · 变更 1 · 未变 120 · 撤销 0 · 未通过 2 */
export function reportText(report: CatalogSyncReport): string {
  const parts = [
    `新增 ${report.added}`,
    `变更 ${report.changed}`,
    `未变 ${report.unchanged}`,
    `撤销 ${report.withdrawn}`,
  ];
  if (report.rejected.length) parts.push(`未通过 ${report.rejected.length}`);
  return parts.join(' · ');
}
