/**
 * Streaming spreadsheet files from batches of rows, with no dependency: CSV (UTF-8 with a BOM so
 * that Excel reads Chinese) and a minimal XLSX (one sheet of inline strings and numbers in a ZIP
 * written as it goes: each batch is deflated with a sync flush, sizes and CRC follow in a data
 * descriptor). Pure apart from zlib; no ZIP64, so keep a file under 4 GB (exports are capped far
 * below that).
 */
import zlib from 'node:zlib';

export type Cell = string | number | null;

/** Excel reads a file starting with this as UTF-8. */
export const UTF8_BOM = '\uFEFF';

/**
 * One CSV line (RFC 4180 quoting, CRLF). A text cell that a spreadsheet would run as a formula
 * (= + - @ or a control character first) is prefixed with an apostrophe: names come from citizens.
 */
export function csvLine(cells: Cell[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

function csvCell(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return String(cell);
  const text = /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export async function* csvStream(header: string[], batches: AsyncIterable<Cell[][]>): AsyncGenerator<string> {
  yield UTF8_BOM + csvLine(header);
  for await (const rows of batches) yield rows.map(csvLine).join('');
}

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';

/** Characters XML 1.0 cannot carry at all, not even escaped. */
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function xmlText(text: string): string {
  return text
    .replace(NOT_XML, '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

function xlsxRow(index: number, cells: Cell[]): string {
  const xml = cells
    .map((cell) => {
      if (cell === null || cell === '') return '<c/>';
      if (typeof cell === 'number') return `<c><v>${cell}</v></c>`;
      return `<c t="inlineStr"><is><t xml:space="preserve">${xmlText(cell)}</t></is></c>`;
    })
    .join('');
  return `<row r="${index}">${xml}</row>`;
}

function staticParts(sheetName: string): Array<[string, string]> {
  return [
    [
      '[Content_Types].xml',
      `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
        '</Types>',
    ],
    [
      '_rels/.rels',
      `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">` +
        `<Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ],
    [
      'xl/workbook.xml',
      `${XML_HEAD}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheets>` +
        `<sheet name="${xmlText(sheetName)}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ],
    [
      'xl/_rels/workbook.xml.rels',
      `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">` +
        `<Relationship Id="rId1" Type="${REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>` +
        `<Relationship Id="rId2" Type="${REL_NS}/styles" Target="styles.xml"/></Relationships>`,
    ],
    [
      'xl/styles.xml',
      `${XML_HEAD}<styleSheet xmlns="${MAIN_NS}">` +
        '<fonts count="1"><font><sz val="11"/><name val="等线"/></font></fonts>' +
        '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
        '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>' +
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
        '</styleSheet>',
    ],
  ];
}

/** A ZIP archive written front to back: entries are deflated, sizes follow each entry. */
class ZipWriter {
  private offset = 0;
  private readonly entries: Array<{ name: Buffer; crc: number; csize: number; usize: number; offset: number }> = [];
  private current: { name: Buffer; crc: number; csize: number; usize: number; offset: number } | null = null;

  /** Starts an entry; returns its local header. */
  begin(name: string): Buffer {
    const nameBytes = Buffer.from(name, 'utf8');
    this.current = { name: nameBytes, crc: 0, csize: 0, usize: 0, offset: this.offset };
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4); // version needed
    header.writeUInt16LE(0x0808, 6); // data descriptor follows; UTF-8 names
    header.writeUInt16LE(8, 8); // deflate
    header.writeUInt32LE(DOS_TIME, 10);
    header.writeUInt16LE(nameBytes.length, 26);
    return this.count(Buffer.concat([header, nameBytes]));
  }

  /** Deflates the next piece of the current entry (sync flush: a valid stream so far). */
  write(data: string | Buffer, final = false): Buffer {
    const entry = this.current!;
    const raw = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    entry.crc = zlib.crc32(raw, entry.crc);
    entry.usize += raw.length;
    const out = zlib.deflateRawSync(raw, final ? {} : { finishFlush: zlib.constants.Z_SYNC_FLUSH });
    entry.csize += out.length;
    return this.count(out);
  }

  /** Ends the current entry: the final deflate block and the data descriptor. */
  end(): Buffer {
    const tail = this.write(Buffer.alloc(0), true);
    const entry = this.current!;
    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(0x08074b50, 0);
    descriptor.writeUInt32LE(entry.crc >>> 0, 4);
    descriptor.writeUInt32LE(entry.csize, 8);
    descriptor.writeUInt32LE(entry.usize, 12);
    this.entries.push(entry);
    this.current = null;
    return Buffer.concat([tail, this.count(descriptor)]);
  }

  /** The central directory and its end record. */
  finish(): Buffer {
    const start = this.offset;
    const records = this.entries.map((e) => {
      const r = Buffer.alloc(46);
      r.writeUInt32LE(0x02014b50, 0);
      r.writeUInt16LE(20, 4); // made by
      r.writeUInt16LE(20, 6); // needed
      r.writeUInt16LE(0x0808, 8);
      r.writeUInt16LE(8, 10);
      r.writeUInt32LE(DOS_TIME, 12);
      r.writeUInt32LE(e.crc >>> 0, 16);
      r.writeUInt32LE(e.csize, 20);
      r.writeUInt32LE(e.usize, 24);
      r.writeUInt16LE(e.name.length, 28);
      r.writeUInt32LE(e.offset, 42);
      return Buffer.concat([r, e.name]);
    });
    const directory = Buffer.concat(records);
    const eocd = Buffer.alloc(22);
    eocd.writeUInt32LE(0x06054b50, 0);
    eocd.writeUInt16LE(this.entries.length, 8);
    eocd.writeUInt16LE(this.entries.length, 10);
    eocd.writeUInt32LE(directory.length, 12);
    eocd.writeUInt32LE(start, 16);
    return this.count(Buffer.concat([directory, eocd]));
  }

  private count(b: Buffer): Buffer {
    this.offset += b.length;
    return b;
  }
}

/** 2026-01-01 00:00 in MS-DOS date/time (entries carry a fixed stamp; the content has its own). */
const DOS_TIME = (((2026 - 1980) << 9) | (1 << 5) | 1) << 16;

/** An XLSX workbook of one sheet: a header row, then the rows of each batch as they come. */
export async function* xlsxStream(
  sheetName: string,
  header: string[],
  batches: AsyncIterable<Cell[][]>,
): AsyncGenerator<Buffer> {
  const zip = new ZipWriter();
  for (const [name, xml] of staticParts(sheetName)) {
    yield Buffer.concat([zip.begin(name), zip.write(xml), zip.end()]);
  }
  yield zip.begin('xl/worksheets/sheet1.xml');
  yield zip.write(`${XML_HEAD}<worksheet xmlns="${MAIN_NS}"><sheetData>${xlsxRow(1, header)}`);
  let index = 1;
  for await (const rows of batches) {
    yield zip.write(rows.map((cells) => xlsxRow(++index, cells)).join(''));
  }
  yield zip.write('</sheetData></worksheet>');
  yield Buffer.concat([zip.end(), zip.finish()]);
}
