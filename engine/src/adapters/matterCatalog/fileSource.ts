/**
 * Catalog import from a file an administrator uploads (or the CLI reads): JSON, either platform
 * records (TASK_CODE…, through the field mapping) or rows already in the CatalogMatterInput
 * shape, told apart by their keys; or XLSX, the first sheet with a header row of the template's
 * Chinese column names (事项名称, 实施编码…; see `TEMPLATE_COLUMNS`). The type is told by the
 * content (ZIP magic bytes or JSON), not by the file name.
 */
import {
  LEGAL_THEMES,
  MATTER_TYPES,
  PERSON_THEMES,
  REGIONS,
  SERVICE_OBJECT_LABELS,
  type CatalogMatter,
  type ServiceObject,
} from '@cloud-seat/contracts';
import { MATTER_FIELD_LABELS } from '../../domain/catalog/sync.js';
import { mapRecord, toInt, toIsoDate, type FieldMapping } from './fieldMapping.js';
import { looksLikeZip, readXlsx, XlsxError, type XlsxCell } from './xlsxReader.js';
import { MemorySource, type SourceRow } from './source.js';

/** A file that is not a catalog we can read at all (as opposed to a file with some bad rows). */
export class CatalogFileError extends Error {}

type Field = keyof CatalogMatter;

/** The template's columns, in order; the header of each is the field's Chinese label. */
export const TEMPLATE_FIELDS: Field[] = [
  'name',
  'basicCode',
  'implCode',
  'regionCode',
  'type',
  'implementingBody',
  'serviceObjects',
  'themes',
  'category',
  'summary',
  'conditions',
  'steps',
  'materials',
  'address',
  'hours',
  'phone',
  'complaintPhone',
  'legalLimitDays',
  'promisedLimitDays',
  'charged',
  'feeDetail',
  'legalBasis',
  'onlineUrl',
  'visits',
  'aliases',
  'withdrawn',
  'sourceUpdatedAt',
];
export const TEMPLATE_COLUMNS = TEMPLATE_FIELDS.map((field) => MATTER_FIELD_LABELS[field]);

const text = (cell: XlsxCell): string => (cell === null ? '' : String(cell).trim());
const lines = (cell: XlsxCell): string[] =>
  text(cell)
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
const list = (cell: XlsxCell): string[] =>
  text(cell)
    .split(/[,，;；、\n]/)
    .map((x) => x.trim())
    .filter(Boolean);

const REGION_BY_NAME = new Map<string, string>(REGIONS.map((r) => [r.name, r.code]));
const TYPE_BY_NAME = new Map<string, string>(Object.entries(MATTER_TYPES).map(([code, name]) => [name, code]));
const OBJECT_BY_NAME = new Map<string, ServiceObject>(
  Object.entries(SERVICE_OBJECT_LABELS).map(([code, name]) => [name, code as ServiceObject]),
);
const YES = new Set(['是', '收费', 'Y', 'y', '1', 'true', '必要', '必须']);
const NO = new Set(['否', '不收费', 'N', 'n', '0', 'false', '非必要', '非必须', '']);
const WITHDRAWN = new Set(['已取消', '取消', '停用', '已停用', '废止', '已废止', '已撤销']);
const IN_USE = new Set(['在用', '正常', '有效', '启用', '']);
const FORMS: Record<string, string> = {
  纸质: 'paper',
  电子: 'electronic',
  纸质和电子: 'both',
  纸质或电子: 'both',
  均可: 'both',
};

function yesNo(cell: XlsxCell): unknown {
  if (typeof cell === 'boolean') return cell;
  const t = text(cell);
  return YES.has(t) ? true : NO.has(t) ? false : t;
}

/** Theme names or codes; a name in both columns (社会保障) is the person's when the matter serves persons. */
function themes(cell: XlsxCell, serviceObjects: unknown): string[] {
  const forPerson = !Array.isArray(serviceObjects) || serviceObjects.includes('person');
  return list(cell).map((word) => {
    const person = PERSON_THEMES.find((t) => t.name === word || t.code === word);
    const legal = LEGAL_THEMES.find((t) => t.name === word || t.code === word);
    return ((forPerson ? (person ?? legal) : (legal ?? person))?.code ?? word) as string;
  });
}

/** One line per step, "标题：说明". */
function steps(cell: XlsxCell) {
  return lines(cell).map((line) => {
    const m = /^([^：:]{1,60})[：:](.*)$/.exec(line);
    return m ? { title: m[1]!.trim(), detail: m[2]!.trim() } : { title: line, detail: '' };
  });
}

/** One line per material, "名称｜必要/非必要｜纸质/电子｜原件1份｜备注" (| or ｜; only the name is required). */
function materials(cell: XlsxCell) {
  return lines(cell).map((line) => {
    const [name = '', required, form, copies, note] = line.split(/[|｜]/).map((p) => p.trim());
    return {
      name,
      ...(required ? { required: yesNo(required) } : {}),
      ...(form ? { form: FORMS[form] ?? form } : {}),
      ...(copies ? { copies } : {}),
      ...(note ? { note } : {}),
    };
  });
}

/** A cell as the field's value (not validated: a value that cannot be read is kept, for the reason). */
function fieldValue(field: Field, cell: XlsxCell, row: Record<string, unknown>): unknown {
  switch (field) {
    case 'regionCode':
      return REGION_BY_NAME.get(text(cell)) ?? text(cell);
    case 'type': {
      const t = text(cell);
      return TYPE_BY_NAME.get(t) ?? (/^\d$/.test(t) ? `0${t}` : t);
    }
    case 'serviceObjects':
      return list(cell).map((w) => OBJECT_BY_NAME.get(w) ?? w);
    case 'themes':
      return themes(cell, row.serviceObjects);
    case 'aliases':
      return list(cell);
    case 'steps':
      return steps(cell);
    case 'materials':
      return materials(cell);
    case 'legalLimitDays':
    case 'promisedLimitDays':
    case 'visits':
      return toInt(cell);
    case 'charged':
      return yesNo(cell);
    case 'withdrawn': {
      const t = text(cell);
      return WITHDRAWN.has(t) ? true : IN_USE.has(t) ? false : t;
    }
    case 'sourceUpdatedAt':
      return toIsoDate(cell);
    default:
      return text(cell);
  }
}

const normaliseHeader = (h: XlsxCell) => text(h).replace(/[\s*＊]|（必填）|\(必填\)/g, '');
const FIELD_BY_HEADER = new Map<string, Field>(
  (Object.entries(MATTER_FIELD_LABELS) as Array<[Field, string]>).map(([field, label]) => [label, field]),
);
const REQUIRED_HEADERS: Field[] = ['name', 'implCode', 'regionCode'];

function xlsxRows(file: Buffer): SourceRow[] {
  let sheet;
  try {
    sheet = readXlsx(file);
  } catch (err) {
    if (err instanceof XlsxError)
      throw new CatalogFileError(`无法读取 Excel 文件（${err.message}），请用导入模板另存为 .xlsx 后重试`);
    throw err;
  }
  const [header, ...body] = sheet;
  const columns = (header?.cells ?? []).map((h) => FIELD_BY_HEADER.get(normaliseHeader(h)) ?? null);
  const missing = REQUIRED_HEADERS.filter((f) => !columns.includes(f)).map((f) => MATTER_FIELD_LABELS[f]);
  if (missing.length > 0) {
    throw new CatalogFileError(
      `Excel 第一行应为导入模板的列名，缺少：${missing.join('、')}。请下载导入模板（template.xlsx）按列填写`,
    );
  }
  // serviceObjects first: the theme column reads it.
  const order = columns
    .map((field, index) => ({ field, index }))
    .filter((c): c is { field: Field; index: number } => c.field !== null)
    .sort((a, b) => Number(b.field === 'serviceObjects') - Number(a.field === 'serviceObjects'));
  return body.map(({ number, cells }) => {
    const row: Record<string, unknown> = {};
    for (const { field, index } of order) {
      const cell = cells[index] ?? null;
      if (cell === null || text(cell) === '') continue;
      row[field] = fieldValue(field, cell, row);
    }
    return { at: `第${number}行`, row };
  });
}

function jsonItems(json: unknown): unknown[] | null {
  if (Array.isArray(json)) return json;
  if (json && typeof json === 'object') {
    const o = json as Record<string, unknown>;
    for (const candidate of [o.records, o.matters, (o.data as Record<string, unknown> | undefined)?.records, o.data]) {
      if (Array.isArray(candidate)) return candidate;
    }
  }
  return null;
}

function jsonRows(file: Buffer, mapping: FieldMapping): SourceRow[] {
  let json: unknown;
  try {
    json = JSON.parse(file.toString('utf8').replace(/^\uFEFF/, ''));
  } catch {
    throw new CatalogFileError('文件既不是 Excel（.xlsx）也不是有效的 JSON，请检查文件后重试');
  }
  const items = jsonItems(json);
  if (!items) throw new CatalogFileError('JSON 文件应为事项数组（或含 records 数组的对象），请检查文件结构');
  const first = items.find((x): x is Record<string, unknown> => !!x && typeof x === 'object');
  if (!first) throw new CatalogFileError('JSON 文件中没有事项');
  const inputShape = 'implCode' in first || 'regionCode' in first;
  const platformShape = Object.keys(first).some((k) => /^[A-Z][A-Z0-9_]+$/.test(k));
  if (!inputShape && !platformShape) {
    throw new CatalogFileError(
      'JSON 中的事项既不是事项库平台的格式（TASK_CODE、TASK_NAME…）也不是导入格式（implCode、regionCode…）',
    );
  }
  return items.map((item, i) => ({ at: `第${i + 1}条`, row: inputShape ? item : mapRecord(mapping, item) }));
}

/** A file as a catalog source; throws CatalogFileError when it cannot be read as one. */
export function fileSource(name: string, file: Buffer, mapping: FieldMapping): MemorySource {
  if (file.length === 0) throw new CatalogFileError('文件是空的，请重新选择');
  const rows = looksLikeZip(file) ? xlsxRows(file) : jsonRows(file, mapping);
  if (rows.length === 0) throw new CatalogFileError('文件中没有事项（只有表头或空数组）');
  return new MemorySource('file', name, rows);
}
