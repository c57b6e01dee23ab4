/**
 * The configurable field mapping from a platform record (UPPER_SNAKE fields, see
 * docs/catalog.md "Sync and import") to the `CatalogMatterInput` shape. A mapping names, for each
 * matter field, the record path it comes from and the transforms to apply in order:
 *
 *   "legalLimitDays": { "path": "ANTICIPATE_DAY", "transform": "int" }
 *   "serviceObjects": { "path": "SERVE_TYPE", "transform": ["split", { "op": "map", "values": { "1": "person" } }] }
 *   "materials": { "path": "MATERIALS", "each": { "name": { "path": "MATERIAL_NAME" } } }
 *
 * A list of specs concatenates their values (themes from PERSON_THEME and LEGAL_THEME). The
 * default mapping ships here; CATALOG_FIELD_MAP names a JSON file that replaces it, validated
 * when the engine (or the CLI) starts. The mapping only reshapes: validation is the importer's.
 */
import fs from 'node:fs';
import { catalogMatterInputSchema, LEGAL_THEMES, PERSON_THEMES } from '@cloud-seat/contracts';
import { z } from 'zod';

const SIMPLE_STEPS = ['string', 'int', 'bool', 'split', 'date', 'region'] as const;

const stepSchema = z.union([
  z.enum(SIMPLE_STEPS),
  z.strictObject({ op: z.literal('split'), separator: z.string().min(1) }),
  z.strictObject({ op: z.literal('map'), values: z.record(z.string(), z.json()) }),
]);
export type TransformStep = z.infer<typeof stepSchema>;

export interface FieldSpec {
  /** Dotted path in the record: `TASK_NAME`, `extra.contact.0.tel`. */
  path: string;
  transform?: TransformStep | TransformStep[];
  /** Used when the record has no value (missing, null or empty text). */
  default?: z.infer<ReturnType<typeof z.json>>;
  /** For a list of objects (materials, steps): how to map each item's fields. */
  each?: Record<string, FieldSpec | FieldSpec[]>;
}

const fieldSpecSchema: z.ZodType<FieldSpec> = z.lazy(() =>
  z.strictObject({
    path: z.string().min(1),
    transform: z.union([stepSchema, z.array(stepSchema)]).optional(),
    default: z.json().optional(),
    each: z.record(z.string(), z.union([fieldSpecSchema, z.array(fieldSpecSchema).min(1)])).optional(),
  }),
);

const matterFields = z.enum(Object.keys(catalogMatterInputSchema.shape) as [string, ...string[]]);

export const fieldMappingSchema = z.strictObject({
  /** Where the platform's answer keeps its parts. */
  response: z
    .strictObject({
      code: z.string().min(1).default('code'),
      okCodes: z
        .array(z.union([z.number(), z.string()]))
        .min(1)
        .default([200, 0, '200', '0']),
      message: z.string().min(1).default('msg'),
      records: z.string().min(1).default('data.records'),
      total: z.string().min(1).default('data.total'),
    })
    .prefault({}),
  fields: z.partialRecord(matterFields, z.union([fieldSpecSchema, z.array(fieldSpecSchema).min(1)])),
});
export type FieldMapping = z.infer<typeof fieldMappingSchema>;

const themeMap = (themes: ReadonlyArray<{ code: string; name: string }>) =>
  Object.fromEntries(themes.flatMap((t) => [[t.name, t.code] as const, [t.code, t.code] as const]));

/** The mapping for the platform record shape documented in docs/catalog.md. */
export const DEFAULT_FIELD_MAPPING: FieldMapping = fieldMappingSchema.parse({
  fields: {
    regionCode: { path: 'AREA_CODE', transform: 'region' },
    basicCode: { path: 'CATALOG_CODE' },
    implCode: { path: 'TASK_CODE' },
    name: { path: 'TASK_NAME' },
    type: { path: 'TASK_TYPE' },
    implementingBody: { path: 'DEPT_NAME' },
    serviceObjects: {
      path: 'SERVE_TYPE',
      transform: ['split', { op: 'map', values: { '1': 'person', '2': 'legal' } }],
    },
    themes: [
      { path: 'PERSON_THEME', transform: ['split', { op: 'map', values: themeMap(PERSON_THEMES) }] },
      { path: 'LEGAL_THEME', transform: ['split', { op: 'map', values: themeMap(LEGAL_THEMES) }] },
    ],
    category: { path: 'BUSINESS_TYPE', default: '综合咨询' },
    summary: { path: 'TASK_DESC' },
    aliases: { path: 'ALIAS', transform: 'split' },
    conditions: { path: 'ACCEPT_CONDITION' },
    steps: { path: 'PROCESS', each: { title: { path: 'STEP_NAME' }, detail: { path: 'STEP_DESC' } } },
    materials: {
      path: 'MATERIALS',
      each: {
        name: { path: 'MATERIAL_NAME' },
        required: { path: 'IS_NEED', transform: 'bool' },
        form: {
          path: 'MATERIAL_FORM',
          transform: { op: 'map', values: { '1': 'paper', '2': 'electronic', '3': 'both' } },
        },
        copies: { path: 'PAGE_FORMAT' },
        note: { path: 'REMARK' },
        blankFormUrl: { path: 'BLANK_FORM_URL' },
        sampleUrl: { path: 'SAMPLE_URL' },
      },
    },
    address: { path: 'TRANSACT_ADDR' },
    hours: { path: 'TRANSACT_TIME' },
    phone: { path: 'LINK_TEL' },
    complaintPhone: { path: 'SUPERVISE_TEL' },
    legalLimitDays: { path: 'ANTICIPATE_DAY', transform: 'int' },
    promisedLimitDays: { path: 'PROMISE_DAY', transform: 'int' },
    charged: { path: 'IS_CHARGE', transform: 'bool' },
    feeDetail: { path: 'CHARGE_DESC' },
    legalBasis: { path: 'BY_LAW' },
    onlineUrl: { path: 'WEB_APPLY_URL' },
    visits: { path: 'LIMIT_SCENE_NUM', transform: 'int' },
    withdrawn: { path: 'TASK_STATE', transform: { op: 'map', values: { '1': false, '2': true } }, default: false },
    sourceUpdatedAt: { path: 'UPDATE_DATE', transform: 'date' },
  },
});

/** The mapping to use: the file CATALOG_FIELD_MAP names, or the default. Throws a readable error. */
export function loadFieldMapping(file: string | null): FieldMapping {
  if (!file) return DEFAULT_FIELD_MAPPING;
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`CATALOG_FIELD_MAP: cannot read ${file} as JSON (${(err as Error).message})`);
  }
  const parsed = fieldMappingSchema.safeParse(json);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`CATALOG_FIELD_MAP: ${file} is not a valid field mapping:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

export function valueAtPath(record: unknown, path: string): unknown {
  let value = record;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

const isBlank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

const TRUE_WORDS = new Set(['1', 'true', 'y', 'yes', '是', '收费', '必要', '必须']);
const FALSE_WORDS = new Set(['0', 'false', 'n', 'no', '否', '不收费', '非必要', '非必须']);

/** One scalar through a simple step; a value the step cannot read is kept, for validation to name. */
function scalarStep(step: Exclude<TransformStep, 'split' | { op: 'split' }>, v: unknown): unknown {
  if (typeof step === 'object') {
    const key = typeof v === 'string' ? v.trim() : String(v);
    return Object.hasOwn(step.values, key) ? step.values[key] : v;
  }
  switch (step) {
    case 'string':
      return typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : v;
    case 'int':
      return toInt(v);
    case 'bool': {
      if (typeof v === 'boolean') return v;
      const word = String(v).trim().toLowerCase();
      return TRUE_WORDS.has(word) ? true : FALSE_WORDS.has(word) ? false : v;
    }
    case 'date':
      return toIsoDate(v);
    case 'region':
      return typeof v === 'string' || typeof v === 'number' ? String(v).trim().slice(0, 6) : v;
  }
}

/** 20, "20", "20个工作日" → 20; "即办" → 0; blank → null. */
export function toInt(v: unknown): unknown {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return v;
  const text = v.trim();
  if (text === '') return null;
  if (text === '即办') return 0;
  const m = /^(\d{1,6})(?:\D|$)/.exec(text);
  return m ? Number(m[1]) : v;
}

const BEIJING = '+08:00';

/**
 * A platform time as ISO with offset: "2025-03-01 10:20:30" and "2025-03-01" (Beijing time),
 * ISO text, epoch milliseconds, or an Excel date serial (days since 1899-12-30, Beijing time).
 */
export function toIsoDate(v: unknown): unknown {
  if (typeof v === 'number') {
    if (v > 1e11) return new Date(v).toISOString();
    if (v > 0 && v < 100_000) {
      const ms = Math.round((v - 25569) * 86400_000) - 8 * 3600_000;
      return new Date(ms).toISOString();
    }
    return v;
  }
  if (typeof v !== 'string') return v;
  const text = v.trim();
  const local = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
  if (local) {
    const [, y, mo, d, h = '0', mi = '0', s = '0'] = local;
    const pad = (x: string) => x.padStart(2, '0');
    return `${y}-${pad(mo!)}-${pad(d!)}T${pad(h)}:${pad(mi)}:${pad(s)}${BEIJING}`;
  }
  return text;
}

function applySteps(value: unknown, steps: TransformStep[]): unknown {
  let v = value;
  for (const step of steps) {
    if (step === 'split' || (typeof step === 'object' && 'op' in step && step.op === 'split')) {
      const separator = typeof step === 'object' ? new RegExp(step.separator) : /[,，;；、\n|｜]/;
      const parts = (Array.isArray(v) ? v : [v]).flatMap((x) =>
        typeof x === 'string' ? x.split(separator) : isBlank(x) ? [] : [x],
      );
      v = parts.map((x) => (typeof x === 'string' ? x.trim() : x)).filter((x) => !isBlank(x));
    } else {
      const simple = step as Exclude<TransformStep, 'split' | { op: 'split' }>;
      v = Array.isArray(v) ? v.map((x) => scalarStep(simple, x)) : scalarStep(simple, v);
    }
  }
  return v;
}

function mapSpec(spec: FieldSpec, record: unknown): unknown {
  const raw = valueAtPath(record, spec.path);
  if (isBlank(raw)) return spec.default ?? undefined;
  if (spec.each) {
    const items = Array.isArray(raw) ? raw : [raw];
    return items.map((item) => mapFields(spec.each!, item));
  }
  const steps = spec.transform === undefined ? [] : Array.isArray(spec.transform) ? spec.transform : [spec.transform];
  const value = applySteps(raw, steps.length === 0 ? ['string'] : steps);
  return value === null && spec.default !== undefined ? spec.default : value;
}

function mapField(spec: FieldSpec | FieldSpec[], record: unknown): unknown {
  if (!Array.isArray(spec)) return mapSpec(spec, record);
  const values = spec.map((s) => mapSpec(s, record)).filter((v) => v !== undefined);
  if (values.length === 0) return undefined;
  return [...new Set(values.flat())];
}

function mapFields(fields: Record<string, FieldSpec | FieldSpec[]>, record: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, spec] of Object.entries(fields)) {
    const value = mapField(spec, record);
    if (value !== undefined) out[field] = value;
  }
  return out;
}

/** A platform record in the CatalogMatterInput shape (not validated). */
export function mapRecord(mapping: FieldMapping, record: unknown): Record<string, unknown> {
  return mapFields(mapping.fields as Record<string, FieldSpec | FieldSpec[]>, record);
}
