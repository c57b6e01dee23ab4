/**
 * Matter search and detection over one region's catalog. Pure: built from the matters' names,
 * aliases and summaries, no I/O. Chinese has no spaces, so text is compared by character bigrams
 * (BM25 over name, aliases and summary) with strong boosts for a whole name or alias in the query;
 * a Latin query is also matched against the names' pinyin initials (jhdj → 结婚登记). A synonym
 * table maps colloquial words to catalog words (领证 → 结婚登记) before matching.
 */
import { bigramsOf, normalizeText } from '@cloud-seat/contracts';
import { pinyin } from 'pinyin-pro';

export interface SearchableMatter {
  id: string;
  name: string;
  aliases: readonly string[];
  summary: string;
  themes: readonly string[];
  serviceObjects: readonly string[];
}

export interface SearchFilter {
  theme?: string;
  serviceObject?: string;
  limit: number;
}

export interface SearchHit {
  id: string;
  score: number;
}

/** A matter named in a citizen's words: its own name or alias (after synonyms) appears in them. */
export interface Detection {
  id: string;
  /** The catalog phrase found in the text. */
  phrase: string;
}

const FIELD_WEIGHTS = { name: 3, aliases: 2, summary: 1 } as const;
type Field = keyof typeof FIELD_WEIGHTS;
const BM25_K1 = 1.2;
const BM25_B = 0.75;
/** A whole name or alias in the query outranks any bigram overlap. */
const PHRASE_BOOST = 100;
/** Words too short to name a matter on their own when detecting (e.g. 证, 办). */
const MIN_DETECT_PHRASE = 2;

/** Pinyin initials of a name: 结婚登记 → jhdj (letters and digits kept as they are). */
export function pinyinInitials(name: string): string {
  return pinyin(normalizeText(name), { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'consecutive' })
    .join('')
    .replace(/[^a-z0-9]/g, '');
}

interface Doc {
  matter: SearchableMatter;
  /** Normalised name and aliases: phrases that name the matter. */
  phrases: string[];
  initials: string;
  /** Bigram → weighted count over the fields (name ×3, aliases ×2, summary ×1). */
  terms: Map<string, number>;
  /** Weighted number of bigrams. */
  length: number;
}

export class MatterIndex {
  private readonly docs: Doc[];
  private readonly postings = new Map<string, Doc[]>();
  private readonly avgLength: number;
  private readonly synonyms: Array<[string, string]>;

  constructor(matters: readonly SearchableMatter[], synonyms: Readonly<Record<string, string>> = {}) {
    this.synonyms = Object.entries(synonyms)
      .map(([word, canonical]) => [normalizeText(word), normalizeText(canonical)] as [string, string])
      .filter(([word]) => word.length > 0)
      // longest first, so 身份证丢了 wins over 身份证
      .sort((a, b) => b[0].length - a[0].length);
    this.docs = matters.map((matter) => {
      const texts: Record<Field, readonly string[]> = {
        name: [matter.name],
        aliases: matter.aliases,
        summary: [matter.summary],
      };
      const terms = new Map<string, number>();
      let length = 0;
      for (const field of Object.keys(FIELD_WEIGHTS) as Field[]) {
        const weight = FIELD_WEIGHTS[field];
        for (const text of texts[field]) {
          for (const gram of bigramsOf(normalizeText(text))) {
            terms.set(gram, (terms.get(gram) ?? 0) + weight);
            length += weight;
          }
        }
      }
      const phrases = [matter.name, ...matter.aliases].map(normalizeText).filter((p) => p.length > 0);
      return { matter, phrases, initials: pinyinInitials(matter.name), terms, length };
    });
    for (const doc of this.docs) {
      for (const gram of doc.terms.keys()) {
        const list = this.postings.get(gram);
        if (list) list.push(doc);
        else this.postings.set(gram, [doc]);
      }
    }
    this.avgLength = this.docs.reduce((sum, d) => sum + d.length, 0) / Math.max(1, this.docs.length) || 1;
  }

  get size(): number {
    return this.docs.length;
  }

  /** The text with every synonym's canonical word appended (领证了 → 领证了结婚登记). */
  expand(text: string): string {
    const normalized = normalizeText(text);
    let expanded = normalized;
    for (const [word, canonical] of this.synonyms) {
      if (normalized.includes(word) && !expanded.includes(canonical)) expanded += canonical;
    }
    return expanded;
  }

  /** Best matches first; an empty query lists the filtered matters in catalog order. */
  search(query: string, filter: SearchFilter): SearchHit[] {
    const candidates = this.docs.filter((d) => passes(d.matter, filter));
    const q = normalizeText(query);
    if (q.length === 0) return candidates.slice(0, filter.limit).map((d) => ({ id: d.matter.id, score: 0 }));
    const allowed = new Set(candidates);
    const scores = new Map<Doc, number>();
    const add = (doc: Doc, score: number) => {
      if (allowed.has(doc) && score > 0) scores.set(doc, (scores.get(doc) ?? 0) + score);
    };

    if (/^[a-z0-9]+$/.test(q)) {
      for (const doc of candidates) {
        if (doc.initials.startsWith(q)) add(doc, PHRASE_BOOST / 2 + q.length);
        else if (q.length >= 2 && doc.initials.includes(q)) add(doc, PHRASE_BOOST / 4 + q.length);
      }
    }

    const expanded = this.expand(q);
    const grams = [...new Set(bigramsOf(expanded))];
    // A phrase inside the query, or the query inside a phrase, shares the query's bigrams: only
    // the matters holding one need the phrase check (all of them for a one-character query).
    const holders = q.length < 2 ? candidates : [...new Set(grams.flatMap((g) => this.postings.get(g) ?? []))];
    for (const doc of holders) {
      let best = 0;
      for (const phrase of doc.phrases) {
        // the whole phrase said, or the query is part of a phrase (身份证 → 居民身份证补领)
        if (expanded.includes(phrase)) best = Math.max(best, PHRASE_BOOST + phrase.length * 2);
        else if (phrase.includes(q)) best = Math.max(best, PHRASE_BOOST / 2 + (q.length / phrase.length) * 10);
      }
      add(doc, best);
    }

    const n = this.docs.length;
    for (const gram of grams) {
      const list = this.postings.get(gram);
      if (!list) continue;
      const idf = Math.log(1 + (n - list.length + 0.5) / (list.length + 0.5));
      for (const doc of list) {
        const tf = doc.terms.get(gram)!;
        const norm = 1 - BM25_B + (BM25_B * doc.length) / this.avgLength;
        add(doc, idf * ((tf * (BM25_K1 + 1)) / (tf + BM25_K1 * norm)));
      }
    }

    return [...scores.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].matter.name.length - b[0].matter.name.length)
      .slice(0, filter.limit)
      .map(([doc, score]) => ({ id: doc.matter.id, score }));
  }

  /**
   * The matter a citizen's words name, when exactly one is named: the longest name or alias found
   * in the text (after synonyms). Two different matters with an equally long phrase: none.
   */
  detect(text: string): Detection | null {
    const expanded = this.expand(text);
    if (expanded.length < MIN_DETECT_PHRASE) return null;
    let best: Detection | null = null;
    let tied = false;
    const holders = new Set(bigramsOf(expanded).flatMap((g) => this.postings.get(g) ?? []));
    for (const doc of holders) {
      for (const phrase of doc.phrases) {
        if ([...phrase].length < MIN_DETECT_PHRASE || !expanded.includes(phrase)) continue;
        if (!best || phrase.length > best.phrase.length) {
          best = { id: doc.matter.id, phrase };
          tied = false;
        } else if (phrase.length === best.phrase.length && doc.matter.id !== best.id) {
          tied = true;
        }
      }
    }
    return best && !tied ? best : null;
  }
}

function passes(matter: SearchableMatter, filter: SearchFilter): boolean {
  if (filter.theme && !matter.themes.includes(filter.theme)) return false;
  if (filter.serviceObject && !matter.serviceObjects.includes(filter.serviceObject)) return false;
  return true;
}
