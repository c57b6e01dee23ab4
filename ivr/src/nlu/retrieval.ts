/**
 * Retrieval over the knowledge: which matter or FAQ a question is about. Like the engine's
 * matter search: BM25 over character bigrams (and, weaker, single characters, which survive
 * typos) with a strong boost when a matter's whole name or alias is said, after the synonym table
 * appended the catalog words for colloquial ones (领证 → 结婚登记). Facet cue words and fillers
 * (请问, 我想 …) are dropped from the query first, so they neither match nor dilute it.
 *
 * The query is cut into words first (`segment.ts`): bigrams inside a word count, bigrams across
 * two words only when the knowledge holds them, so cutting artefacts (房想, 想把) are not taken for
 * information nobody can explain.
 *
 * The confidence is calibrated from how much of the query's information (IDF mass of its terms)
 * the best document explains, raised when a name or alias was said, so an off-topic question
 * (天气, 笑话) whose words the knowledge does not hold scores low however its few matches rank.
 * The coverage is the share of that information the knowledge holds at all (any document):
 * low for off-topic questions, high for in-domain ones that mix several matters' words.
 */
import { bigramsOf, normalizeText } from '@cloud-seat/contracts';
import type { Knowledge, KnowledgeDoc } from '../knowledge/buildKnowledge.js';
import { COLLOQUIAL_REWRITES } from '../knowledge/colloquial.js';
import type { Facet } from '../knowledge/types.js';
import { detectFacet } from './facets.js';
import { isLatin, segment } from './segment.js';

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
  /** 0…1: the share of the query's information (IDF mass) some document holds. */
  coverage: number;
}

/** Everyday variants rewritten to the aliases' form (找不着了 → 丢了). */
export function rewriteColloquial(normalized: string): string {
  let out = normalized;
  for (const [variant, canonical] of COLLOQUIAL_REWRITES) {
    if (out.includes(variant)) out = out.split(variant).join(canonical);
  }
  return out;
}

/**
 * The text with every synonym's catalog word appended (领证了 → 领证了结婚登记). The table is longest
 * word first, and a word found hides the shorter ones inside it (社保卡 → 社会保障卡, not also
 * 社保 → 社会保险).
 */
export function expandSynonyms(knowledge: Knowledge, normalized: string): string {
  let expanded = normalized;
  let rest = normalized;
  for (const [word, canonical] of knowledge.synonyms) {
    if (!rest.includes(word)) continue;
    if (!expanded.includes(canonical)) expanded += canonical;
    rest = rest.split(word).join(' ');
  }
  return expanded;
}

function strip(text: string, words: readonly string[]): string {
  let out = text;
  for (const w of words) if (w.length > 0 && out.includes(w)) out = out.split(w).join(' ');
  return out;
}

/**
 * Query terms: the bigrams inside each word of a kept piece, those across two words that the
 * knowledge holds, and the pieces' meaningful characters.
 */
function queryTerms(
  pieces: readonly string[],
  knowledge: Knowledge,
  vocabulary: ReadonlySet<string>,
): Map<string, number> {
  const terms = new Map<string, number>();
  for (const piece of pieces) {
    const words = segment(piece, vocabulary);
    let previous = '';
    for (const word of words) {
      if (word.length > 1) for (const g of bigramsOf(word)) terms.set(g, 1);
      if (previous) {
        const across = previous[previous.length - 1]! + word[0]!;
        if (knowledge.postings.has(across)) terms.set(across, 1);
      }
      previous = word;
    }
    for (const c of piece) {
      if (!STOP_CHARS.has(c) && !terms.has(c) && !isLatin(c.charCodeAt(0))) terms.set(c, UNIGRAM_WEIGHT);
    }
  }
  return terms;
}

const NORMALIZED_FILLERS = FILLERS.map(normalizeText).sort((a, b) => b.length - a.length);

/**
 * Per-knowledge work done once, not per query: each document's BM25 length norm, the words the
 * segmenter must keep whole, and scratch.
 */
interface Scratch {
  vocabulary: ReadonlySet<string>;
  norm: Float64Array;
  scores: Float64Array;
  explained: Float64Array;
  phraseLen: Int32Array;
  touched: Int32Array;
}
const SCRATCH = new WeakMap<Knowledge, Scratch>();

function scratchOf(knowledge: Knowledge): Scratch {
  let s = SCRATCH.get(knowledge);
  if (!s) {
    const n = knowledge.docs.length;
    const norm = new Float64Array(n);
    knowledge.docs.forEach((d, i) => {
      norm[i] = 1 - BM25_B + (BM25_B * d.length) / knowledge.avgLength;
    });
    const vocabulary = new Set<string>();
    for (const d of knowledge.docs) if (d.doc.kind === 'matter') for (const p of d.doc.phrases) vocabulary.add(p);
    for (const [word, canonical] of knowledge.synonyms) vocabulary.add(word).add(canonical);
    s = {
      vocabulary,
      norm,
      scores: new Float64Array(n),
      explained: new Float64Array(n),
      phraseLen: new Int32Array(n),
      touched: new Int32Array(n),
    };
    SCRATCH.set(knowledge, s);
  }
  return s;
}

const NO_POSTINGS: readonly number[] = [];

export function retrieve(knowledge: Knowledge, question: string, limit = 5): Retrieval {
  const normalized = rewriteColloquial(normalizeText(question));
  const { facet, cues } = detectFacet(normalized);
  const expanded = expandSynonyms(knowledge, normalized);
  const pieces = strip(strip(expanded, cues), NORMALIZED_FILLERS)
    .split(' ')
    .filter((p) => p.length > 0);
  const query = pieces.join('');
  const { vocabulary, norm, scores, explained, phraseLen, touched } = scratchOf(knowledge);
  const terms = queryTerms(pieces, knowledge, vocabulary);
  const n = knowledge.docs.length;
  // the scratch arrays are shared per knowledge: retrieve is synchronous, so no other query
  // interleaves; only the touched entries are reset at the end
  let touchedCount = 0;
  let totalMass = 0;
  let knownMass = 0;
  for (const [term, weight] of terms) {
    const list = knowledge.postings.get(term) ?? NO_POSTINGS;
    const idf = Math.log(1 + (n - list.length + 0.5) / (list.length + 0.5));
    totalMass += idf * weight;
    if (list.length > 0) knownMass += idf * weight;
    for (const i of list) {
      const tf = knowledge.docs[i]!.terms.get(term)!;
      if (explained[i] === 0 && scores[i] === 0) touched[touchedCount++] = i;
      scores[i] = scores[i]! + weight * idf * ((tf * (BM25_K1 + 1)) / (tf + BM25_K1 * norm[i]!));
      explained[i] = explained[i]! + idf * weight;
    }
  }

  // the best `limit` documents, by insertion (limit is small): no sort of every match
  const topIdx: number[] = [];
  for (let t = 0; t < touchedCount; t++) {
    const i = touched[t]!;
    let best = 0;
    for (const phrase of knowledge.docs[i]!.doc.phrases) {
      if (phrase.length >= 2 && phrase.length > best && expanded.includes(phrase)) best = phrase.length;
    }
    if (best > 0) {
      phraseLen[i] = best;
      scores[i] = scores[i]! + PHRASE_BOOST + best * 2;
    }
    const score = scores[i]!;
    if (topIdx.length === limit && score <= scores[topIdx[limit - 1]!]!) continue;
    let at = topIdx.length;
    while (at > 0 && scores[topIdx[at - 1]!]! < score) at--;
    topIdx.splice(at, 0, i);
    if (topIdx.length > limit) topIdx.pop();
  }

  const hits: Hit[] = topIdx.map((i) => ({
    doc: knowledge.docs[i]!.doc,
    score: scores[i]!,
    phrase: phraseLen[i]! > 0,
  }));
  let confidence = 0;
  let margin = 0;
  const top = topIdx[0];
  if (top !== undefined && totalMass > 0) {
    const coverage = Math.min(1, explained[top]! / totalMass);
    const len = phraseLen[top]!;
    confidence = len > 0 ? Math.max(coverage, Math.min(1, 0.55 + len * 0.05 + coverage * 0.3)) : coverage;
    const second = hits[1]?.score ?? 0;
    margin = (hits[0]!.score - second) / hits[0]!.score;
  }
  for (let t = 0; t < touchedCount; t++) {
    const i = touched[t]!;
    scores[i] = 0;
    explained[i] = 0;
    phraseLen[i] = 0;
  }
  const coverage = totalMass > 0 ? knownMass / totalMass : 0;
  return { facet, query, hits, confidence, margin, coverage };
}
