/** Test doubles of the catalog: guide and summary views, and a catalog API answering from them. */
export { stubUniStorage } from '../utils/storage.testing';
import type { Material, MatterGuideView, MatterSummaryView } from '@cloud-seat/contracts';
import { vi } from 'vitest';
import type { CatalogApi } from '../api/catalog';

export function material(name: string, patch: Partial<Material> = {}): Material {
  return {
    name,
    required: true,
    form: 'paper',
    copies: '原件1份',
    note: '',
    blankFormUrl: '',
    sampleUrl: '',
    ...patch,
  };
}

export function matterSummary(id: string, patch: Partial<MatterSummaryView> = {}): MatterSummaryView {
  return {
    id,
    regionCode: '150602',
    code: `11150602MB${id}`,
    name: '内地居民结婚登记',
    category: '婚姻登记',
    summary: '',
    basicCode: '000107001000',
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

export function guideView(id: string, patch: Partial<MatterGuideView> = {}): MatterGuideView {
  return {
    ...matterSummary(id),
    implementingBody: '东胜区民政局',
    conditions: '双方均无配偶',
    steps: [
      { title: '申请', detail: '双方共同到场' },
      { title: '受理审查', detail: '' },
      { title: '发证', detail: '' },
    ],
    materials: [material('居民户口簿'), material('居民身份证'), material('近期半身免冠合影照片', { required: false })],
    address: '东胜区铁西街道民政服务中心一楼',
    hours: '周一至周五 9:00-12:00 14:30-17:30',
    phone: '0477-8581234',
    complaintPhone: '12345',
    legalLimitDays: 0,
    charged: false,
    feeDetail: '',
    legalBasis: '《婚姻登记条例》第四条',
    onlineUrl: 'https://zwfw.nmg.gov.cn/jhdj',
    mapUrl: 'https://map.example.cn/search?q=东胜区民政服务中心',
    updatedAt: '2026-11-01T00:00:00.000Z',
    ...patch,
  };
}

/** A catalog API over some guides; every method is a spy. */
export function catalogApiOf(guides: MatterGuideView[] = []): CatalogApi {
  return {
    scenarios: vi.fn(async () => []),
    scenario: vi.fn(
      async (code: string) => ({ code, kind: 'person', name: '婚姻登记', matterCount: 0, matters: [] }) as never,
    ),
    search: vi.fn(async () => []),
    matter: vi.fn(async (id: string) => {
      const guide = guides.find((g) => g.id === id);
      if (!guide) throw new Error(`no guide ${id}`);
      return guide;
    }),
  };
}
