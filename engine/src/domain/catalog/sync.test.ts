import type { CatalogMatterInput } from '@cloud-seat/contracts';
import { describe, expect, it } from 'vitest';
import {
  contentHash,
  MAX_REPORTED_REJECTIONS,
  planRegion,
  regionChanged,
  ReportTally,
  RowChecker,
  type CheckedRow,
  type StoredMatter,
} from './sync.js';

const matter = (implCode: string, overrides: Partial<CatalogMatterInput> = {}): CatalogMatterInput => ({
  regionCode: '150602',
  basicCode: '000123456000',
  implCode,
  name: '结婚登记',
  type: '07',
  implementingBody: '东胜区民政局',
  serviceObjects: ['person'],
  category: '婚姻登记',
  ...overrides,
});

function checked(checker: RowChecker, at: string, row: CatalogMatterInput): CheckedRow {
  const result = checker.check(at, row);
  if (!result.ok) throw new Error(result.rejected.reason);
  return { at, matter: result.matter, hash: result.hash };
}

const stored = (code: string, hash: string, withdrawn = false): StoredMatter => ({
  code,
  name: code,
  contentHash: hash,
  withdrawn,
});

describe('RowChecker', () => {
  it('accepts a valid row with defaults and a content hash', () => {
    const result = new RowChecker().check('第1条', matter('IMPL-0001'));
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.matter).toMatchObject({ visits: 1, withdrawn: false, materials: [], steps: [] });
      expect(result.hash).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('rejects a bad row with its position and Chinese reasons naming the fields', () => {
    const checker = new RowChecker();
    const result = checker.check('第3页第17条', {
      ...matter('IMPL-0002'),
      name: '',
      type: '99',
      phone: 'abc',
      materials: [{ name: '' }],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.rejected).toMatchObject({ at: '第3页第17条', implCode: 'IMPL-0002', name: null });
    expect(result.rejected.reason).toContain('事项名称不能为空');
    expect(result.rejected.reason).toContain('事项类型的值“99”无效，可选：01、02、03、04、05、06、07、08、09、10、20');
    expect(result.rejected.reason).toContain('申请材料第1项的名称不能为空');
    expect(result.rejected.reason).toMatch(/等 4 处问题$/);
    // The malformed row still counts as mentioned: a full sync does not withdraw its matter.
    expect(checker.mentioned.get('150602')?.has('IMPL-0002')).toBe(true);
  });

  it('names missing fields and nested items', () => {
    const checker = new RowChecker();
    const { implCode: _, ...noCode } = matter('x');
    const missing = checker.check('第2行', noCode);
    expect(!missing.ok && missing.rejected.reason).toContain('缺少实施编码');
    const nested = checker.check('第3行', { ...matter('IMPL-0003'), steps: [{ title: 'ok' }, { title: '' }] });
    expect(!nested.ok && nested.rejected.reason).toBe('办理流程第2项的步骤名称不能为空');
    const typed = checker.check('第4行', { ...matter('IMPL-0004'), visits: '两次' as unknown as number });
    expect(!typed.ok && typed.rejected.reason).toBe('到现场次数格式不正确（应为数字，实际为“两次”）');
    const phone = checker.check('第5行', { ...matter('IMPL-0005'), phone: 'abc' });
    expect(!phone.ok && phone.rejected.reason).toBe('咨询电话：电话只能包含数字和分隔符');
  });

  it('rejects the later row of a duplicate 实施编码 in the same region, with the first position', () => {
    const checker = new RowChecker();
    expect(checker.check('第1条', matter('IMPL-0005')).ok).toBe(true);
    // Same code in another region is another implementation.
    expect(checker.check('第2条', matter('IMPL-0005', { regionCode: '150603' })).ok).toBe(true);
    const dup = checker.check('第3条', matter('IMPL-0005', { name: '离婚登记' }));
    expect(dup.ok).toBe(false);
    expect(!dup.ok && dup.rejected).toMatchObject({
      at: '第3条',
      implCode: 'IMPL-0005',
      name: '离婚登记',
      reason: '实施编码 IMPL-0005 在本次数据中重复（首次出现在第1条），此行未导入',
    });
  });
});

describe('contentHash', () => {
  it('is stable across key order and ignores withdrawal and the source time', () => {
    const checker = new RowChecker();
    const a = checked(checker, '1', matter('IMPL-0010', { aliases: ['领证'] }));
    const reordered = Object.fromEntries(Object.entries(a.matter).reverse()) as typeof a.matter;
    expect(contentHash(reordered)).toBe(a.hash);
    expect(contentHash({ ...a.matter, withdrawn: true, sourceUpdatedAt: '2025-01-01T00:00:00+08:00' })).toBe(a.hash);
    expect(contentHash({ ...a.matter, hours: '周一至周五' })).not.toBe(a.hash);
  });
});

describe('planRegion', () => {
  const checker = new RowChecker();
  const fresh = checked(checker, '1', matter('NEW-0001'));
  const same = checked(checker, '2', matter('SAME-0001'));
  const edited = checked(checker, '3', matter('EDIT-0001', { hours: '新时间' }));
  const cancelled = checked(checker, '4', matter('GONE-0001', { withdrawn: true }));
  const back = checked(checker, '5', matter('BACK-0001'));
  const neverHad = checked(checker, '6', matter('NEVER-0001', { withdrawn: true }));
  const rows = [fresh, same, edited, cancelled, back, neverHad];
  const storedRows = [
    stored('SAME-0001', same.hash),
    stored('EDIT-0001', 'old'),
    stored('GONE-0001', cancelled.hash),
    stored('BACK-0001', back.hash, true),
    stored('MISSING-0001', 'x'),
    stored('OLDGONE-0001', 'y', true),
    stored('MENTIONED-0001', 'z'),
  ];
  const mentioned = new Set([...rows.map((r) => r.matter.implCode), 'MENTIONED-0001']);

  it('sorts rows into added, changed, withdrawn and unchanged', () => {
    const plan = planRegion({ regionCode: '150602', rows, stored: storedRows, full: false, mentioned });
    expect(plan.added.map((r) => r.matter.implCode)).toEqual(['NEW-0001']);
    expect(plan.changed.map((r) => r.matter.implCode)).toEqual(['EDIT-0001', 'BACK-0001']);
    expect(plan.withdrawnRows.map((r) => r.matter.implCode)).toEqual(['GONE-0001']);
    expect(plan.withdrawnMissing).toEqual([]);
    expect(plan.unchanged).toBe(2);
    expect(regionChanged(plan)).toBe(true);
  });

  it('withdraws active matters a full sync no longer mentions (not those in rejected rows)', () => {
    const plan = planRegion({ regionCode: '150602', rows, stored: storedRows, full: true, mentioned });
    expect(plan.withdrawnMissing.map((m) => m.code)).toEqual(['MISSING-0001']);
  });

  it('withdraws nothing for missing rows when the full source named no matter of the region', () => {
    const plan = planRegion({ regionCode: '150602', rows: [], stored: storedRows, full: true, mentioned: new Set() });
    expect(plan.withdrawnMissing).toEqual([]);
    expect(regionChanged(plan)).toBe(false);
  });

  it('leaves an already withdrawn matter alone when the source still withdraws it', () => {
    const plan = planRegion({
      regionCode: '150602',
      rows: [cancelled],
      stored: [stored('GONE-0001', cancelled.hash, true)],
      full: false,
      mentioned,
    });
    expect(plan.unchanged).toBe(1);
    expect(regionChanged(plan)).toBe(false);
  });
});

describe('ReportTally', () => {
  it('lists at most 500 rejected rows and counts the rest in one line', () => {
    const tally = new ReportTally();
    for (let i = 0; i < MAX_REPORTED_REJECTIONS + 7; i++) {
      tally.reject({ at: `第${i + 1}条`, implCode: null, name: null, reason: '缺少实施编码' });
    }
    const report = tally.report();
    expect(tally.rejectedCount).toBe(507);
    expect(report.rejected).toHaveLength(501);
    expect(report.rejected.at(-1)).toMatchObject({ at: '其余', reason: expect.stringContaining('另有 7 行被拒绝') });
  });
});
