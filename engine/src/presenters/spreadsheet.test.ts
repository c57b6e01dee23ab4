import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { csvLine, csvStream, xlsxStream, type Cell } from './spreadsheet.js';

async function* batches(...list: Cell[][][]) {
  yield* list;
}

async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const chunk of stream) out.push(chunk);
  return out;
}

describe('csv', () => {
  it('quotes what needs quoting and defuses formulas', () => {
    expect(csvLine(['a', 'b,c', 'say "hi"', 'two\nlines', null, 3])).toBe('a,"b,c","say ""hi""","two\nlines",,3\r\n');
    expect(csvLine(['=1+1', '+86', '-x', '@me', '张三'])).toBe("'=1+1,'+86,'-x,'@me,张三\r\n");
  });

  it('starts with a BOM and the header', async () => {
    const text = (await collect(csvStream(['工单号', '群众'], batches([['GD1', '张三']], [['GD2', '李四']])))).join('');
    expect(text).toBe('\uFEFF工单号,群众\r\nGD1,张三\r\nGD2,李四\r\n');
  });
});

describe('xlsx', () => {
  it('writes a zip whose entries inflate to the workbook parts, rows in order', async () => {
    const zip = Buffer.concat(
      await collect(xlsxStream('工单', ['工单号', '满意度'], batches([['GD1', 5]], [['a<b&"c"\u0001', null]]))),
    );
    // End of central directory: six entries; the sheet is the last one written.
    const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    expect(zip.readUInt16LE(eocd + 10)).toBe(6);
    const sheetHeader = zip.lastIndexOf(Buffer.from('xl/worksheets/sheet1.xml'), zip.readUInt32LE(eocd + 16));
    const dataStart = sheetHeader + 'xl/worksheets/sheet1.xml'.length;
    const descriptor = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x07, 0x08]), zip.readUInt32LE(eocd + 16));
    const xml = zlib.inflateRawSync(zip.subarray(dataStart, descriptor)).toString('utf8');
    expect(zlib.crc32(Buffer.from(xml, 'utf8'))).toBe(zip.readUInt32LE(descriptor + 4));
    expect(xml).toContain('<row r="1"><c t="inlineStr"><is><t xml:space="preserve">工单号</t></is></c>');
    expect(xml).toContain(
      '<row r="2"><c t="inlineStr"><is><t xml:space="preserve">GD1</t></is></c><c><v>5</v></c></row>',
    );
    expect(xml).toContain(
      '<row r="3"><c t="inlineStr"><is><t xml:space="preserve">a&lt;b&amp;&quot;c&quot;</t></is></c><c/></row>',
    );
    expect(xml.endsWith('</sheetData></worksheet>')).toBe(true);
  });
});
