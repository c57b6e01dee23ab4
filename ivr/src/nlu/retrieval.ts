/**
 * Retrieval over the knowledge: which matter or FAQ a question is about. Like the engine's
 * matter search: BM25 over character bigrams (and, weaker, single characters, which survive
 * typos) with a strong boost when a matter's whole name or alias is said, after the synonym table
 * appended the catalog words for colloquial ones (领证 → 结婚登记). Facet cue words and fillers
 * (请问, 我想 …) are dropped from the query first, so they neither match nor dilute it.
 *
 * The confidence is calibrated from how much of the query's information (IDF mass of its terms)
 * the best document explains, raised when a name or alias was said, so an off-topic question
 * (天气, 笑话) whose words the knowledge does not hold scores low however its few matches rank.
 */
import { bigramsOf, normalizeText } from '@cloud-seat/contracts';
import type { Knowledge, KnowledgeDoc } from '../knowledge/buildKnowledge.js';
import type { Facet } from '../knowledge/types.js';
import { detectFacet } from './facets.js';

const BM25_K1 = 1.2;
const BM25_B = 0.75;
/** Single characters count this much of a bigram. */
const UNIGRAM_WEIGHT = 0.3;
const PHRASE_BOOST = 20;

/** Words that carry no subject: dropped from the query before matching. */
const FILLERS = [
  '请问',
  '你好',
  '您好',
  '我想',
  '我要',
  '想问',
  '问一下',
  '问下',
  '一下',
  '咨询',
  '需要',
  '什么',
  '怎么',
  '哪些',
  '可以',
  '能不能',
  '是不是',
  '有没有',
  '麻烦',
  '帮我',
  '我们',
  '我家',
  '家里',
  '现在',
  '这个',
  '那个',
  '应该',
  '的话',
  '知道',
  '告诉',
  '打听',
  '办理',
  '办个',
  '去办',
  '要办',
  '想办',
  '得办',
  '办一',
  '一个',
  '我的',
  '你们',
  '还有',
];
/** Characters too common to mean anything alone (they still count inside bigrams). */
const STOP_CHARS = new Set([
  ...'的了吗呢啊吧呀嘛哦么我你您他她它是在有和与及或就都也还要想请问个这那些啥咋怎么办能可以去到',
]);

export interface Hit {
  doc: KnowledgeDoc;
  score: number;
  /** A name, alias or FAQ question was said in the query. */
  phrase: boolean;
}

export interface Retrieval {
  facet: Facet;
  /** The query after synonyms, without cues and fillers. */
  query: string;
  hits: Hit[];
  /** 0…1: how well the best hit explains the question. */
  confidence: number;
  /** 0…1: how far the best hit is ahead of the second ((s1 - s2) / s1). */
  margin: number;
}

/** The text with every synonym's catalog word appended (领证了 → 领证了结婚登记). */
export function expandSynonyms(knowledge: Knowledge, normalized: string): string {
  let expanded = normalized;
  for (const [word, canonical] of knowledge.synonyms) {
    if (normalized.includes(word) && !expanded.includes(canonical)) expanded += canonical;
  }
  return expanded;
}

function strip(text: string, words: readonly string[]): string {
  let out = text;
  for (const w of words) if (w.length > 0) out = out.split(w).join(' ');
  return out;
}

/** Query terms: bigrams within each kept piece, and the pieces' meaningful characters. */
function queryTerms(pieces: readonly string[]): Map<string, number> {
  const terms = new Map<string, number>();
  for (const piece of pieces) {
    if ([...piece].length > 1) for (const g of bigramsOf(piece)) terms.set(g, 1);
    for (const c of piece) if (!STOP_CHARS.has(c) && !terms.has(c)) terms.set(c, UNIGRAM_WEIGHT);
  }
  return terms;
}

const NORMALIZED_FILLERS = FILLERS.map(normalizeText).sort((a, b) => b.length - a.length);

export function retrieve(knowledge: Knowledge, question: string, limit = 5): Retrieval {
  const normalized = normalizeText(question);
  const { facet, cues } = detectFacet(normalized);
  const expanded = expandSynonyms(knowledge, normalized);
  const pieces = strip(strip(expanded, cues), NORMALIZED_FILLERS)
    .split(' ')
    .filter((p) => p.length > 0);
  const query = pieces.join('');
  const terms = queryTerms(pieces);
  const n = knowledge.docs.length;
  const idfOf = (df: number) => Math.log(1 + (n - df + 0.5) / (df + 0.5));

  const scores = new Map<number, number>();
  const explained = new Map<number, number>();
  let totalMass = 0;
  for (const [term, weight] of terms) {
    const list = knowledge.postings.get(term) ?? [];
    const idf = idfOf(list.length);
    totalMass += idf * weight;
    for (const i of list) {
      const d = knowledge.docs[i]!;
      const tf = d.terms.get(term)!;
      const norm = 1 - BM25_B + (BM25_B * d.length) / knowledge.avgLength;
      scores.set(i, (scores.get(i) ?? 0) + weight * idf * ((tf * (BM25_K1 + 1)) / (tf + BM25_K1 * norm)));
      explained.set(i, (explained.get(i) ?? 0) + idf * weight);
    }
  }

  const phraseOf = new Map<number, number>();
  for (const i of scores.keys()) {
    let best = 0;
    for (const phrase of knowledge.docs[i]!.doc.phrases) {
      if (phrase.length >= 2 && expanded.includes(phrase)) best = Math.max(best, phrase.length);
    }
    if (best > 0) {
      phraseOf.set(i, best);
      scores.set(i, scores.get(i)! + PHRASE_BOOST + best * 2);
    }
  }

  const ranked = [...scores.entries()].sort((a, b) => b[1] - a[1]).slice(0, limit);
  const hits: Hit[] = ranked.map(([i, score]) => ({ doc: knowledge.docs[i]!.doc, score, phrase: phraseOf.has(i) }));
  const top = ranked[0];
  if (!top || totalMass === 0) return { facet, query, hits, confidence: 0, margin: 0 };
  const coverage = Math.min(1, explained.get(top[0])! / totalMass);
  const phraseLen = phraseOf.get(top[0]) ?? 0;
  const confidence =
    phraseLen > 0 ? Math.max(coverage, Math.min(1, 0.55 + phraseLen * 0.05 + coverage * 0.3)) : coverage;
  const second = ranked[1]?.[1] ?? 0;
  return { facet, query, hits, confidence, margin: (top[1] - second) / top[1] };
}
