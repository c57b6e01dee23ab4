/**
 * Reads the first sheet of an XLSX workbook into rows of cells, with no dependency: the ZIP
 * central directory, entries inflated with node:zlib, and the few SpreadsheetML parts a sheet of
 * values needs (workbook, its relationships, shared strings, the sheet). Cells are text (shared
 * strings, inline strings, formula text), numbers or booleans; styles, formulas and other sheets
 * are ignored. Reads what Excel, WPS and LibreOffice write (shared strings, `r` references) and
 * what presenters/spreadsheet.ts writes (inline strings, data descriptors, no `r` on cells).
 */
import zlib from 'node:zlib';

export type XlsxCell = string | number | boolean | null;

export interface XlsxRow {
  /** 1-based row number in the sheet (what Excel shows). */
  number: number;
  cells: XlsxCell[];
}

export class XlsxError extends Error {}

/** The unpacked parts may not exceed this (a small upload must not inflate into gigabytes). */
const MAX_UNPACKED_BYTES = 256 * 1024 * 1024;

interface ZipEntry {
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

function readCentralDirectory(zip: Buffer): Map<string, ZipEntry> {
  // The end record is in the last 22 + 65535 (comment) bytes.
  const from = Math.max(0, zip.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = zip.length - 22; i >= from; i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new XlsxError('not a ZIP archive');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const entries = new Map<string, ZipEntry>();
  for (let n = 0; n < count; n++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== 0x02014b50) throw new XlsxError('broken ZIP directory');
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    entries.set(name, {
      method: zip.readUInt16LE(at + 10),
      compressedSize: zip.readUInt32LE(at + 20),
      size: zip.readUInt32LE(at + 24),
      localOffset: zip.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

class ZipArchive {
  private readonly entries: Map<string, ZipEntry>;
  private unpacked = 0;

  constructor(private readonly zip: Buffer) {
    this.entries = readCentralDirectory(zip);
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  text(name: string): string | null {
    const entry = this.entries.get(name);
    if (!entry) return null;
    const at = entry.localOffset;
    if (at + 30 > this.zip.length || this.zip.readUInt32LE(at) !== 0x04034b50)
      throw new XlsxError(`broken entry ${name}`);
    const start = at + 30 + this.zip.readUInt16LE(at + 26) + this.zip.readUInt16LE(at + 28);
    const data = this.zip.subarray(start, start + entry.compressedSize);
    const budget = MAX_UNPACKED_BYTES - this.unpacked;
    let raw: Buffer;
    if (entry.method === 0) raw = data;
    else if (entry.method === 8) {
      try {
        raw = zlib.inflateRawSync(data, { maxOutputLength: Math.max(1, budget) });
      } catch (err) {
        throw new XlsxError(`cannot inflate ${name}: ${(err as Error).message}`);
      }
    } else throw new XlsxError(`unsupported compression ${entry.method} in ${name}`);
    this.unpacked += raw.length;
    if (this.unpacked > MAX_UNPACKED_BYTES) throw new XlsxError('workbook too large when unpacked');
    return raw.toString('utf8');
  }
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** XML text to a string: entities, character references, and OOXML's `_x000D_` escapes. */
export function xmlUnescape(text: string): string {
  return text
    .replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/g, (_, ref: string) =>
      ref.startsWith('#x')
        ? String.fromCodePoint(parseInt(ref.slice(2), 16))
        : ref.startsWith('#')
          ? String.fromCodePoint(Number(ref.slice(1)))
          : ENTITIES[ref]!,
    )
    .replace(/_x([0-9a-fA-F]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function attribute(tag: string, name: string): string | null {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? xmlUnescape(m[1]!) : null;
}

/** The text of a string item (`<si>` or `<is>`): its `<t>` runs, without phonetic guides (`<rPh>`). */
function itemText(xml: string): string {
  const withoutPhonetics = xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '');
  let out = '';
  for (const m of withoutPhonetics.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)) out += m[1];
  return xmlUnescape(out);
}

function sharedStrings(xml: string | null): string[] {
  if (!xml) return [];
  return [...xml.matchAll(/<si>([\s\S]*?)<\/si>|<si\/>/g)].map((m) => (m[1] === undefined ? '' : itemText(m[1])));
}

/** Column index (0-based) of a cell reference such as "AB12". */
function columnOf(ref: string): number | null {
  const m = /^([A-Z]{1,3})\d*$/.exec(ref);
  if (!m) return null;
  let n = 0;
  for (const ch of m[1]!) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

function resolveTarget(target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = `xl/${target}`.split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.') out.push(p);
  }
  return out.join('/');
}

/** The path of the workbook's first sheet (in tab order). */
function firstSheetPath(archive: ZipArchive): string {
  const workbook = archive.text('xl/workbook.xml');
  const rels = archive.text('xl/_rels/workbook.xml.rels');
  const sheet = workbook ? /<sheet\b[^>]*>/.exec(workbook)?.[0] : undefined;
  const id = sheet ? attribute(sheet, 'r:id') : null;
  if (id && rels) {
    for (const m of rels.matchAll(/<Relationship\b[^>]*>/g)) {
      if (attribute(m[0], 'Id') === id) {
        const target = attribute(m[0], 'Target');
        if (target) return resolveTarget(target);
      }
    }
  }
  if (archive.has('xl/worksheets/sheet1.xml')) return 'xl/worksheets/sheet1.xml';
  throw new XlsxError('no worksheet');
}

function cellValue(attrs: string, inner: string, strings: string[]): XlsxCell {
  const type = attribute(attrs, 't') ?? 'n';
  if (type === 'inlineStr') {
    const is = /<is>([\s\S]*?)<\/is>/.exec(inner);
    return is ? itemText(is[1]!) : '';
  }
  const v = /<v>([\s\S]*?)<\/v>/.exec(inner)?.[1];
  if (v === undefined) return null;
  switch (type) {
    case 's':
      return strings[Number(v)] ?? null;
    case 'str':
      return xmlUnescape(v);
    case 'b':
      return v === '1';
    case 'e':
      return null;
    default: {
      const n = Number(v);
      return Number.isFinite(n) ? n : xmlUnescape(v);
    }
  }
}

/** The first sheet's rows that have any cell, in order. */
export function readXlsx(file: Buffer): XlsxRow[] {
  const archive = new ZipArchive(file);
  const strings = sharedStrings(archive.text('xl/sharedStrings.xml'));
  const sheet = archive.text(firstSheetPath(archive));
  if (!sheet) throw new XlsxError('no worksheet');
  const rows: XlsxRow[] = [];
  let rowNumber = 0;
  for (const r of sheet.matchAll(/<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g)) {
    rowNumber = Number(attribute(r[1]!, 'r') ?? rowNumber + 1);
    const cells: XlsxCell[] = [];
    let column = 0;
    for (const c of (r[2] ?? '').matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const ref = attribute(c[1]!, 'r');
      column = (ref ? columnOf(ref) : null) ?? column;
      cells[column] = cellValue(c[1]!, c[2] ?? '', strings);
      column++;
    }
    for (let i = 0; i < cells.length; i++) cells[i] ??= null;
    if (cells.some((cell) => cell !== null && cell !== '')) rows.push({ number: rowNumber, cells });
  }
  return rows;
}

/** Does the buffer start like a ZIP archive (an XLSX)? */
export function looksLikeZip(file: Buffer): boolean {
  return file.length >= 4 && file.readUInt32LE(0) === 0x04034b50;
}
