import { describe, expect, it } from 'vitest';
import { limitsText, limitText, materialsInOrder, progressOf, reportText, themeName, visitsText } from './catalogText';

describe('catalog words', () => {
  it('names themes, telling apart the 社会保障 of both columns', () => {
    expect(themeName('p-marriage')).toBe('婚姻登记');
    expect(themeName('p-social-security')).toBe('社会保障（个人）');
    expect(themeName('l-social-security')).toBe('社会保障（法人）');
  });

  it('says limits, visits, progress and a report as the guide and the admin read them', () => {
    expect([limitText(0), limitText(20), limitText(null)]).toEqual(['即办', '20 个工作日', '未规定']);
    expect([limitsText(0, 0), limitsText(5, 20), limitsText(null, 20), limitsText(3, null)]).toEqual([
      '即办',
      '承诺 5 个工作日（法定 20 个工作日）',
      '法定 20 个工作日',
      '3 个工作日',
    ]);
    expect([visitsText(0), visitsText(1)]).toEqual(['全程网办', '最多跑 1 次']);
    expect(progressOf(3, 10)).toEqual({ text: '3 / 10', percent: 30 });
    expect(progressOf(0, 0)).toEqual({ text: '0 / 0', percent: 0 });
    expect(
      reportText({
        added: 1,
        changed: 2,
        unchanged: 3,
        withdrawn: 0,
        rejected: [{ at: '第 3 行', implCode: null, name: null, reason: '缺少名称' }],
      }),
    ).toBe('新增 1 · 变更 2 · 未变 3 · 撤销 0 · 未通过 1');
  });

  it('puts required materials first, each group in its own order', () => {
    const m = (name: string, required: boolean) => ({
      name,
      required,
      form: 'paper' as const,
      copies: '原件1份',
      note: '',
      blankFormUrl: '',
      sampleUrl: '',
    });
    expect(materialsInOrder([m('a', false), m('b', true), m('c', false), m('d', true)]).map((x) => x.name)).toEqual([
      'b',
      'd',
      'a',
      'c',
    ]);
  });
});
