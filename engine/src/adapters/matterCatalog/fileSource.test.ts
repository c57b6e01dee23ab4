import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { catalogMatterInputSchema } from '@cloud-seat/contracts';
import { describe, expect, it } from 'vitest';
import { RowChecker } from '../../domain/catalog/sync.js';
import { xlsxStream } from '../../presenters/spreadsheet.js';
import { DEFAULT_FIELD_MAPPING, loadFieldMapping, mapRecord, toIsoDate } from './fieldMapping.js';
import { CatalogFileError, fileSource, TEMPLATE_COLUMNS } from './fileSource.js';
import { sharedStringsGrid } from './fixtures/workbooks.js';
import { platformRecord } from './platformStandIn.js';
import type { SourceRow } from './source.js';

async function rowsOf(name: string, file: Buffer): Promise<SourceRow[]> {
  const rows: SourceRow[] = [];
  for await (const batch of fileSource(name, file, DEFAULT_FIELD_MAPPING).read()) rows.push(...batch.rows);
  return rows;
}

function check(rows: SourceRow[]) {
  const checker = new RowChecker();
  return rows.map(({ at, row }) => checker.check(at, row));
}

const templateRow: Record<string, string | number> = {
  事项名称: '结婚登记',
  基本编码: '000123456000',
  实施编码: '11150602MB0001-01',
  区域编码: '东胜区',
  事项类型: '行政确认',
  实施主体: '东胜区民政局',
  服务对象: '自然人',
  主题: '婚姻登记、社会保障',
  业务分类: '婚姻登记',
  办理流程: '申请：双方共同到场\n受理：审查\n发证',
  申请材料: '居民身份证｜必要｜纸质｜原件1份\n户口簿|非必要|纸质和电子|复印件1份|如有',
  法定时限: '即办',
  承诺时限: 1,
  是否收费: '否',
  到现场次数: 1,
  别名: '领证,结婚证',
  状态: '在用',
};

describe('field mapping', () => {
  it('maps a platform record to a valid matter', () => {
    const row = mapRecord(
      DEFAULT_FIELD_MAPPING,
      platformRecord('150602', 7, { LEGAL_THEME: '社会保障', SERVE_TYPE: '1,2' }),
    );
    const matter = catalogMatterInputSchema.parse(row);
    expect(matter).toMatchObject({
      regionCode: '150602',
      implCode: '11150600MB1007-150602-7',
      type: '20',
      serviceObjects: ['person', 'legal'],
      themes: ['p-household', 'l-social-security'],
      aliases: ['测试', '样例'],
      legalLimitDays: 20,
      promisedLimitDays: 5,
      charged: false,
      withdrawn: false,
      sourceUpdatedAt: '2025-01-02T03:04:05+08:00',
    });
    expect(matter.materials[1]).toMatchObject({ name: '户口簿', required: false, form: 'both', note: '如有' });
    expect(matter.steps[0]).toEqual({ title: '申请', detail: '申请人提交材料' });
    expect(mapRecord(DEFAULT_FIELD_MAPPING, platformRecord('150602', 1, { TASK_STATE: '2' })).withdrawn).toBe(true);
  });

  it('loads a mapping file and refuses an invalid one with the path of the problem', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-map-'));
    const good = path.join(dir, 'good.json');
    fs.writeFileSync(
      good,
      JSON.stringify({ fields: { name: { path: 'matter.title' }, visits: { path: 'n', transform: 'int' } } }),
    );
    const mapping = loadFieldMapping(good);
    expect(mapRecord(mapping, { matter: { title: ' 结婚登记 ' }, n: '2次' })).toEqual({ name: '结婚登记', visits: 2 });
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(
      bad,
      JSON.stringify({ fields: { nmae: { path: 'x' }, visits: { path: 'n', transform: 'number' } } }),
    );
    expect(() => loadFieldMapping(bad)).toThrow(/not a valid field mapping[\s\S]*fields/);
    fs.writeFileSync(bad, '{ not json');
    expect(() => loadFieldMapping(bad)).toThrow(/cannot read .* as JSON/);
    expect(loadFieldMapping(null)).toBe(DEFAULT_FIELD_MAPPING);
  });

  it('reads platform times, epoch milliseconds and Excel date serials', () => {
    expect(toIsoDate('2025-3-1 8:05')).toBe('2025-03-01T08:05:00+08:00');
    expect(toIsoDate(Date.UTC(2025, 0, 1))).toBe('2025-01-01T00:00:00.000Z');
    expect(toIsoDate(45658)).toBe('2024-12-31T16:00:00.000Z'); // 2025-01-01 00:00 Beijing
  });
});

describe('file import: XLSX', () => {
  it('reads the template written by our writer', async () => {
    const cells = TEMPLATE_COLUMNS.map((h) => templateRow[h] ?? null);
    const chunks: Buffer[] = [];
    for await (const c of xlsxStream(
      '事项',
      TEMPLATE_COLUMNS,
      (async function* () {
        yield [cells];
      })(),
    )) {
      chunks.push(c);
    }
    const [result] = check(await rowsOf('事项.xlsx', Buffer.concat(chunks)));
    expect(result).toMatchObject({ ok: true });
    if (!result?.ok) return;
    expect(result.matter).toMatchObject({
      regionCode: '150602',
      type: '07',
      themes: ['p-marriage', 'p-social-security'],
      legalLimitDays: 0,
      promisedLimitDays: 1,
      aliases: ['领证', '结婚证'],
      steps: [
        { title: '申请', detail: '双方共同到场' },
        { title: '受理', detail: '审查' },
        { title: '发证', detail: '' },
      ],
    });
    expect(result.matter.materials).toEqual([
      expect.objectContaining({ name: '居民身份证', required: true, form: 'paper', copies: '原件1份' }),
      expect.objectContaining({ name: '户口簿', required: false, form: 'both', copies: '复印件1份', note: '如有' }),
    ]);
  });

  it('reads a shared-strings workbook, with 必填 marks in the header, and names the row of a bad one', async () => {
    const header = [
      '事项名称*',
      '实施编码（必填）',
      '基本编码',
      '区域编码',
      '事项类型',
      '实施主体',
      '服务对象',
      '主题',
      '业务分类',
      '状态',
      '备注列',
    ];
    const file = sharedStringsGrid([
      header,
      ['企业社保登记', 'LEGAL-0001', 'B0001', 150602, 20, '人社局', '法人', '社会保障', '社会保障', '已取消', '无关'],
      ['坏事项', 'BAD-0001', 'B0002', '火星', '许可', '某局', '外星人', null, null, null, null],
    ]);
    const results = check(await rowsOf('社保.xlsx', file));
    expect(results[0]).toMatchObject({
      ok: true,
      matter: {
        regionCode: '150602',
        type: '20',
        serviceObjects: ['legal'],
        themes: ['l-social-security'],
        withdrawn: true,
      },
    });
    expect(results[1]).toMatchObject({ ok: false, rejected: { at: '第3行', implCode: 'BAD-0001', name: '坏事项' } });
    const reason = !results[1]!.ok ? results[1]!.rejected.reason : '';
    expect(reason).toContain('区域编码的值“火星”无效');
    expect(reason).toContain('事项类型的值“许可”无效');
  });

  it('reads the LibreOffice workbook: two good rows, one withdrawn, one rejected with reasons', async () => {
    const file = fs.readFileSync(new URL('./fixtures/libreoffice-catalog.xlsx', import.meta.url));
    const results = check(await rowsOf('libreoffice.xlsx', file));
    expect(results.map((r) => r.ok)).toEqual([true, true, false]);
    expect(results[1]).toMatchObject({
      ok: true,
      matter: { withdrawn: true, charged: true, legalLimitDays: 20, visits: 0 },
    });
    expect(!results[2]!.ok && results[2]!.rejected).toMatchObject({ at: '第4行', implCode: '11150602MB0003-01' });
  });

  it('refuses a workbook without the template columns, and a broken one', async () => {
    const noHeader = sharedStringsGrid([
      ['名称', '编码'],
      ['a', 'b'],
    ]);
    await expect(rowsOf('x.xlsx', noHeader)).rejects.toThrow(/缺少：事项名称、实施编码、区域编码/);
    const broken = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100, 1)]);
    await expect(rowsOf('x.xlsx', broken)).rejects.toThrow(CatalogFileError);
  });
});

describe('file import: JSON', () => {
  it('maps platform records and passes rows already in the import shape, each with its position', async () => {
    const platform = Buffer.from(
      JSON.stringify({ code: 200, data: { records: [platformRecord('150603', 1), { TASK_CODE: 'X' }] } }),
    );
    const results = check(await rowsOf('platform.json', platform));
    expect(results[0]).toMatchObject({ ok: true, matter: { regionCode: '150603' } });
    expect(results[1]).toMatchObject({
      ok: false,
      rejected: { at: '第2条', reason: expect.stringContaining('缺少区域编码') },
    });

    const input = Buffer.from(
      `\uFEFF${JSON.stringify([{ regionCode: '150602', basicCode: 'B0001', implCode: 'I0001', name: '结婚登记', type: '07', implementingBody: '民政局', serviceObjects: ['person'], category: '婚姻登记' }])}`,
    );
    expect(check(await rowsOf('input.json', input))).toMatchObject([{ ok: true, matter: { implCode: 'I0001' } }]);
  });

  it('refuses what is not a catalog with a Chinese reason', async () => {
    for (const [content, reason] of [
      ['', /文件是空的/],
      ['hello', /既不是 Excel（.xlsx）也不是有效的 JSON/],
      ['{"a":1}', /应为事项数组/],
      ['[]', /没有事项/],
      ['[{"foo":1}]', /既不是事项库平台的格式/],
    ] as const) {
      await expect(rowsOf('f.json', Buffer.from(content))).rejects.toThrow(reason);
    }
  });
});
