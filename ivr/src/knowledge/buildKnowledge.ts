/**
 * Builds the assistant's knowledge (知识库) from guide rows, FAQ rows and the synonym table: one
 * searchable document per matter (by 基本编码, its regions' guides kept for the answer) and per
 * FAQ entry, indexed by character bigrams and single characters for BM25. Pure and immutable;
 * when the catalog or the FAQ changes the caller builds it again and swaps the reference.
 */
import { bigramsOf, normalizeText } from '@cloud-seat/contracts';
import { COLLOQUIAL_SYNONYMS } from './colloquial.js';
import type { FaqRow, GuideRow } from './types.js';

/** A matter across regions, as retrieval sees it. */
export interface MatterDoc {
  kind: 'matter';
  basicCode: string;
  name: string;
  category: string;
  /** Normalised name and aliases: phrases that name the matter. */
  phrases: readonly string[];
  /** The matter's guide per region code. */
  guides: ReadonlyMap<string, GuideRow>;
}

/** An FAQ entry, as retrieval sees it. */
export interface FaqDoc {
  kind: 'faq';
  faq: FaqRow;
  /** The normalised question. */
  phrases: readonly string[];
}

export type KnowledgeDoc = MatterDoc | FaqDoc;

export interface IndexedDoc {
  doc: KnowledgeDoc;
  /** Term (bigram or single character) → weighted count over the fields. */
  terms: ReadonlyMap<string, number>;
  /** Weighted number of terms. */
  length: number;
}

export interface Knowledge {
  readonly docs: readonly IndexedDoc[];
  /** Term → the documents holding it (indexes into `docs`). */
  readonly postings: ReadonlyMap<string, readonly number[]>;
  readonly avgLength: number;
  /**
   * [colloquial, catalog word], normalised, longest colloquial word first: the given table over
   * the assistant's own general one (`COLLOQUIAL_SYNONYMS`).
   */
  readonly synonyms: readonly (readonly [string, string])[];
  /** Matter documents by 基本编码 (an FAQ entry's link, clarify buttons). */
  readonly matters: ReadonlyMap<string, MatterDoc>;
  readonly matterCount: number;
  readonly faqCount: number;
}

/** Field weights: a matter's name counts most, then its aliases, then the summary. */
const MATTER_FIELDS = { name: 3, aliases: 2, summary: 1 } as const;
const FAQ_FIELDS = { question: 3, answer: 0.5 } as const;

/** The terms of a normalised text: its character bigrams and its characters. */
export function termsOf(normalized: string): string[] {
  const grams = bigramsOf(normalized);
  const chars = [...normalized];
  return chars.length > 1 ? [...grams, ...chars] : grams;
}

function weigh(fields: readonly (readonly [readonly string[], number])[]): Pick<IndexedDoc, 'terms' | 'length'> {
  const terms = new Map<string, number>();
  let length = 0;
  for (const [texts, weight] of fields) {
    for (const text of texts) {
      for (const term of termsOf(normalizeText(text))) {
        terms.set(term, (terms.get(term) ?? 0) + weight);
        length += weight;
      }
    }
  }
  return { terms, length };
}

/**
 * The action words that end many matter names (高龄津贴申领, 无犯罪记录证明开具): citizens name the
 * thing without them (高龄津贴咋领), so the rest of the name is a phrase of its own when it is long
 * enough to mean something (3+ characters) and is no part of another matter's name or a phrase of it.
 */
const NAME_ACTIONS = ['申领', '申请', '办理', '开具', '签发', '核发', '认定', '登记'];

// not 补领/换领/补发: there the action is what tells the matter from the first issue (房产证 alone is no 补发)
function nameCore(name: string): string | null {
  const n = normalizeText(name);
  for (const a of NAME_ACTIONS) if (n.endsWith(a) && n.length - a.length >= 3) return n.slice(0, -a.length);
  return null;
}

/** The region whose guide answers when the asking region does not implement the matter. */
export const CITY_REGION = '150600';

export function buildKnowledge(
  guides: readonly GuideRow[],
  faqs: readonly FaqRow[],
  synonyms: Readonly<Record<string, string>> = {},
): Knowledge {
  const byCode = new Map<string, GuideRow[]>();
  for (const row of guides) {
    const list = byCode.get(row.basicCode);
    if (list) list.push(row);
    else byCode.set(row.basicCode, [row]);
  }
  const docs: IndexedDoc[] = [];
  for (const [basicCode, rows] of byCode) {
    // every region's row of a matter shares name, aliases and summary; prefer the city's
    const head = rows.find((r) => r.regionCode === CITY_REGION) ?? rows[0]!;
    const phrases = [...new Set([head.name, ...head.aliases].map(normalizeText).filter((p) => p.length > 0))];
    const doc: MatterDoc = {
      kind: 'matter',
      basicCode,
      name: head.name,
      category: head.category,
      phrases,
      guides: new Map(rows.map((r) => [r.regionCode, r])),
    };
    docs.push({
      doc,
      ...weigh([
        [[head.name], MATTER_FIELDS.name],
        [head.aliases, MATTER_FIELDS.aliases],
        [[head.summary], MATTER_FIELDS.summary],
      ]),
    });
  }
  const matterCount = docs.length;
  // name cores that belong to one matter only become phrases of it
  const cores = new Map<string, MatterDoc[]>();
  for (const d of docs) {
    const doc = d.doc as MatterDoc;
    const core = nameCore(doc.name);
    if (core) cores.set(core, [...(cores.get(core) ?? []), doc]);
  }
  for (const [core, owners] of cores) {
    const [doc] = owners;
    const taken = docs.some(
      (d) =>
        d.doc !== doc &&
        (normalizeText((d.doc as MatterDoc).name).includes(core) || (d.doc as MatterDoc).phrases.includes(core)),
    );
    if (owners.length === 1 && !taken && !doc!.phrases.includes(core)) {
      (doc as { phrases: readonly string[] }).phrases = [...doc!.phrases, core];
    }
  }
  for (const faq of faqs) {
    const question = normalizeText(faq.question);
    if (question.length === 0) continue;
    docs.push({
      doc: { kind: 'faq', faq, phrases: [question] },
      ...weigh([
        [[faq.question], FAQ_FIELDS.question],
        [[faq.answer], FAQ_FIELDS.answer],
      ]),
    });
  }
  const postings = new Map<string, number[]>();
  docs.forEach((d, i) => {
    for (const term of d.terms.keys()) {
      const list = postings.get(term);
      if (list) list.push(i);
      else postings.set(term, [i]);
    }
  });
  const synonymPairs = Object.entries({ ...COLLOQUIAL_SYNONYMS, ...synonyms })
    .map(([word, canonical]) => [normalizeText(word), normalizeText(canonical)] as const)
    .filter(([word, canonical]) => word.length > 0 && canonical.length > 0)
    .sort((a, b) => b[0].length - a[0].length);
  return Object.freeze({
    docs: Object.freeze(docs),
    postings,
    avgLength: docs.reduce((sum, d) => sum + d.length, 0) / Math.max(1, docs.length) || 1,
    synonyms: Object.freeze(synonymPairs),
    matters: new Map(docs.flatMap((d) => (d.doc.kind === 'matter' ? [[d.doc.basicCode, d.doc] as const] : []))),
    matterCount,
    faqCount: docs.length - matterCount,
  });
}

/** A matter's guide for the asking region: its own, else the city's, else any region's. */
export function guideFor(doc: MatterDoc, regionCode: string | undefined): GuideRow {
  return (
    (regionCode ? doc.guides.get(regionCode) : undefined) ??
    doc.guides.get(CITY_REGION) ??
    doc.guides.values().next().value!
  );
}
