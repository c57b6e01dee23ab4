/** Views of the matter catalog for the workbench's tests (contracts/testing has none yet). */
import type {
  CatalogEntryView,
  CatalogSyncRunView,
  MatterGuideView,
  MatterSummaryView,
} from '@cloud-seat/contracts';

export const MATTER_ID = '11111111-1111-4111-8111-111111111111';
export const OTHER_MATTER_ID = '22222222-2222-4222-8222-222222222222';

export function matterSummary(patch: Partial<MatterSummaryView> = {}): MatterSummaryView {
  return {
    id: MATTER_ID,
    regionCode: '150602',
    code: '11150602MB1234567X0001',
    basicCode: '000129001000',
    name: '内地居民结婚登记',
    category: '婚姻登记',
    summary: '男女双方自愿结婚的登记',
    type: '07',
    serviceObjects: ['person'],
    themes: ['p-marriage'],
    visits: 1,
    promisedLimitDays: 0,
    assistedFiling: false,
    active: true,
    ...patch,
  };
}

export function matterGuide(patch: Partial<MatterGuideView> = {}): MatterGuideView {
  return {
    ...matterSummary(),
    implementingBody: '东胜区民政局',
    conditions: '双方均无配偶；达到法定婚龄。',
    steps: [
      { title: '申请', detail: '双方共同到场' },
      { title: '审查', detail: '' },
      { title: '登记发证', detail: '' },
    ],
    materials: [
      { name: '结婚登记声明书', required: false, form: 'paper', copies: '原件1份', note: '', blankFormUrl: '', sampleUrl: '' },
      { name: '居民身份证', required: true, form: 'paper', copies: '原件1份', note: '', blankFormUrl: '', sampleUrl: '' },
    ],
    address: '东胜区政务服务中心二楼',
    hours: '工作日 9:00-17:00',
    phone: '0477-8581234',
    complaintPhone: '12345',
    legalLimitDays: 0,
    charged: false,
    feeDetail: '',
    legalBasis: '《婚姻登记条例》',
    onlineUrl: 'https://zwfw.example.gov.cn/jhdj',
    mapUrl: '',
    updatedAt: '2026-11-20T08:00:00.000Z',
    ...patch,
  };
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
