import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { xlsxStream, type Cell } from '../../presenters/spreadsheet.js';
import { sharedStringsWorkbook, zipOf } from './fixtures/workbooks.js';
import { looksLikeZip, readXlsx, XlsxError, xmlUnescape } from './xlsxReader.js';

async function ourXlsx(header: string[], rows: Cell[][]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of xlsxStream(
    '事项',
    header,
    (async function* () {
      yield rows;
    })(),
  )) {
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

describe('readXlsx', () => {
  it('reads what our own spreadsheet writer writes (inline strings, numbers, empty cells without references)', async () => {
    const file = await ourXlsx(
      ['事项名称', '承诺时限', '别名'],
      [
        ['结婚登记', 5, '领证'],
        ['a<b&"c"', null, '第一行\n第二行'],
      ],
    );
    expect(looksLikeZip(file)).toBe(true);
    expect(readXlsx(file)).toEqual([
      { number: 1, cells: ['事项名称', '承诺时限', '别名'] },
      { number: 2, cells: ['结婚登记', 5, '领证'] },
      { number: 3, cells: ['a<b&"c"', null, '第一行\n第二行'] },
    ]);
  });

  it('reads an XLSX written by LibreOffice (shared strings, numbers, multi-line cells)', () => {
    // fixtures/libreoffice-catalog.xlsx: `soffice --headless --infilter="CSV:44,34,76,1,2/2/3/2" --convert-to xlsx libreoffice-catalog.csv`
    const rows = readXlsx(fs.readFileSync(new URL('./fixtures/libreoffice-catalog.xlsx', import.meta.url)));
    expect(rows).toHaveLength(4);
    expect(rows[0]!.cells.slice(0, 4)).toEqual(['事项名称', '基本编码', '实施编码', '区域编码']);
    expect(rows[1]!.cells.slice(0, 4)).toEqual(['结婚登记', '000123456000', '11150602MB0001-01', '东胜区']);
    expect(rows[1]!.cells[10]).toBe('申请：双方共同到场提交材料\n受理：登记员审查\n发证：当场颁发结婚证');
    expect(rows[2]!.cells[3]).toBe(150602);
    expect(rows[2]!.cells[4]).toBe(20);
  });

  it('reads shared strings with rich text runs, skips phonetic guides, follows the first sheet in tab order', () => {
    const file = sharedStringsWorkbook(
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c></row>' +
        '<row r="3"><c r="A3" t="s"><v>2</v></c><c r="B3" t="b"><v>1</v></c><c r="C3"><v>20.5</v></c><c r="D3" t="str"><v>公式&amp;文本</v></c><c r="E3" t="e"><v>#N/A</v></c></row>' +
        '<row r="4"/>',
      [
        '<t>事项名称</t>',
        '<r><rPr><b/></rPr><t>别</t></r><r><t xml:space="preserve">名</t></r>',
        '<t>结婚_x000D_登记</t><rPh sb="0" eb="2"><t>ケッコン</t></rPh>',
      ],
    );
    expect(readXlsx(file)).toEqual([
      { number: 1, cells: ['事项名称', null, '别名'] },
      { number: 3, cells: ['结婚\r登记', true, 20.5, '公式&文本', null] },
    ]);
  });

  it('refuses what is not an XLSX', () => {
    expect(() => readXlsx(Buffer.from('not a zip at all, just some text that is long enough'))).toThrow(XlsxError);
    expect(() => readXlsx(zipOf({ 'hello.txt': 'hi' }))).toThrow('no worksheet');
  });

  it('unescapes XML entities and character references', () => {
    expect(xmlUnescape('&lt;a&gt; &amp;&quot;&apos; &#20013;&#x6587;')).toBe('<a> &"\' 中文');
  });
});
