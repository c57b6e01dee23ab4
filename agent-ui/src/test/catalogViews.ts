/** Views of the matter catalog for the workbench's tests: contracts/testing's matters, and the admin's views. */
import type { CatalogEntryView, CatalogSyncRunView, MatterGuideView, MatterSummaryView } from '@cloud-seat/contracts';
import { material, matterGuideView, matterSummaryView } from '@cloud-seat/contracts/testing';

export const MATTER_ID = '11111111-1111-4111-8111-111111111111';
export const OTHER_MATTER_ID = '22222222-2222-4222-8222-222222222222';

/** The marriage matter of contracts/testing under MATTER_ID. */
export function matterSummary(patch: Partial<MatterSummaryView> = {}): MatterSummaryView {
  return matterSummaryView(MATTER_ID, patch);
}

/** Its guide, with an optional material listed before the required one (the pane puts required first). */
export function matterGuide(patch: Partial<MatterGuideView> = {}): MatterGuideView {
  return matterGuideView(MATTER_ID, {
    materials: [material('结婚登记声明书', { required: false }), material('居民身份证')],
    ...patch,
  });
}

export function catalogEntry(basicCode: string, name: string, patch: Partial<CatalogEntryView> = {}): CatalogEntryView {
  return {
    basicCode,
    name,
    type: '01',
    category: '综合',
    themes: [],
    regions: 10,
    assistedFiling: false,
    ...patch,
  };
}

export function syncRun(patch: Partial<CatalogSyncRunView> = {}): CatalogSyncRunView {
  return {
    id: 'run-1',
    source: 'platform',
    origin: 'https://zwfw.example.gov.cn/api/matters',
    status: 'running',
    startedBy: '管理员',
    startedAt: '2026-11-25T08:00:00.000Z',
    finishedAt: null,
    done: 0,
    total: 0,
    regions: [],
    report: { added: 0, changed: 0, unchanged: 0, withdrawn: 0, rejected: [] },
    error: null,
    ...patch,
  };
}
