import { describe, expect, it } from 'vitest';
import { guideView, material, matterSummary } from '../stores/catalog.testing';
import {
  bringSection,
  guideFacts,
  howSection,
  isGuideTab,
  limitLabel,
  matterBadges,
  phoneNumbers,
  visitsLabel,
  whereSection,
} from './matterGuide';

describe('matter badges', () => {
  it('names 到现场次数 the way the hall does', () => {
    expect([0, 1, 2, 3, 12].map(visitsLabel)).toEqual([
      '全程网办',
      '最多跑一次',
      '最多跑两次',
      '最多跑三次',
      '最多跑12次',
    ]);
    expect([null, 0, 5].map(limitLabel)).toEqual(['', '即办', '5个工作日']);
  });

  it('adds 可云坐席辅助申报, and a withdrawn matter shows only 已停止办理', () => {
    expect(matterBadges(matterSummary('m1', { visits: 0, assistedFiling: true })).map((b) => b.label)).toEqual([
      '全程网办',
      '可云坐席辅助申报',
    ]);
    expect(matterBadges(matterSummary('m1', { active: false, assistedFiling: true }))).toEqual([
      { label: '已停止办理', kind: 'off' },
    ]);
  });
});

describe('guide sections', () => {
  it('header: 实施主体, 事项类型, 服务对象', () => {
    expect(guideFacts(guideView('m1', { serviceObjects: ['person', 'legal'] }))).toEqual([
      { label: '实施主体', value: '东胜区民政局' },
      { label: '事项类型', value: '行政确认' },
      { label: '服务对象', value: '自然人、法人' },
    ]);
  });

  it('怎么办: numbered steps, 时限, 收费, 网办地址, 设定依据', () => {
    const how = howSection(guideView('m1', { promisedLimitDays: 3, legalLimitDays: 20 }));
    expect(how.steps.map((s) => `${s.n}.${s.title}`)).toEqual(['1.申请', '2.受理审查', '3.发证']);
    expect(how).toMatchObject({
      promisedLimit: '3个工作日',
      legalLimit: '20个工作日',
      fee: '不收费',
      onlineUrl: 'https://zwfw.nmg.gov.cn/jhdj',
      legalBasis: '《婚姻登记条例》第四条',
    });
    expect(howSection(guideView('m1', { charged: true, feeDetail: '工本费9元' })).fee).toBe('工本费9元');
    expect(howSection(guideView('m1', { charged: true })).fee).toBe('收费（标准请咨询窗口）');
  });

  it('在哪办: address, hours, and the phones to call (extensions and separators dropped)', () => {
    expect(phoneNumbers('0477-8581234、12345，0477-8590000转801')).toEqual(['0477-8581234', '12345', '0477-8590000']);
    const where = whereSection(guideView('m1', { complaintPhone: '' }));
    expect(where).toMatchObject({
      address: '东胜区铁西街道民政服务中心一楼',
      hours: '周一至周五 9:00-12:00 14:30-17:30',
    });
    expect(where.phones).toEqual([{ label: '咨询电话', numbers: ['0477-8581234'] }]);
  });

  it('带什么: required and optional materials apart', () => {
    const bring = bringSection(
      guideView('m1', { materials: [material('申请书'), material('委托书', { required: false })] }),
    );
    expect(bring.required.map((m) => m.name)).toEqual(['申请书']);
    expect(bring.optional.map((m) => m.name)).toEqual(['委托书']);
    expect(bring.total).toBe(2);
  });

  it('knows its three tabs', () => {
    expect(['how', 'where', 'bring', 'other', undefined].map(isGuideTab)).toEqual([true, true, true, false, false]);
  });
});
