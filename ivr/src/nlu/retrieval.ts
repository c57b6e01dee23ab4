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
/**
 * Words that carry no subject of their own in a citizen's story: people and family (老爷子, 俺妈),
 * time (今年, 上个月), politeness and talk (谢谢, 听说). They still match where the knowledge holds
 * them (老人投靠子女), but where it does not they are no information the knowledge fails to
 * explain: their terms count neither in the confidence nor in the coverage. Numbers likewise
 * (九十岁, 15年: `isNumberWord`).
 */
const NON_CONTENT = new Set([
  ...['我', '俺', '咱', '你', '他', '她', '我们', '俺们', '咱们', '他们', '她们', '人家', '自己', '本人', '大家'],
  ...['爸', '妈', '爸爸', '妈妈', '我爸', '我妈', '俺爸', '俺妈', '父亲', '母亲', '老爷子', '老太太', '老头', '老伴'],
  ...['爷爷', '奶奶', '姥姥', '姥爷', '外公', '外婆', '儿子', '女儿', '闺女', '媳妇', '儿媳妇', '老婆', '老公', '丈夫'],
  ...['妻子', '对象', '家人', '家里人', '亲戚', '朋友', '邻居', '同事', '两口子', '一家人', '老人家', '娃娃'],
  ...['今年', '去年', '明年', '前年', '今天', '明天', '昨天', '后天', '上个月', '下个月', '这个月', '最近', '刚才'],
  ...['刚刚', '以前', '之前', '以后', '马上', '已经', '早就', '前几天', '这几天', '上周', '下周', '周末', '平时'],
  ...['谢谢', '听说', '就是', '然后', '其实', '真的', '非常', '特别', '比较', '有点', '突然', '一直', '还是', '但是'],
  ...['因为', '所以', '如果', '不过', '反正', '说', '问问', '一点', '好几', '好多', '一些', '那边', '这边', '那里'],
]);
const NUMBER_CHARS = new Set([...'0123456789零一二三四五六七八九十百千万两几半多']);
const NUMBER_UNITS = new Set([...'岁年月天个周次号']);

/** A number, alone or with its unit (九十岁, 15年, 三个). */
function isNumberWord(word: string): boolean {
  let digits = 0;
  for (let i = 0; i < word.length; i++) {
    const c = word[i]!;
    if (NUMBER_CHARS.has(c)) digits++;
    else if (!(i > 0 && NUMBER_UNITS.has(c))) return false;
  }
  return digits > 0;
}

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

/**
 * The text with every synonym word replaced by its catalog word (as its own piece): what the
 * citizen said, in the knowledge's words, for the coverage (the expanded text keeps both).
 */
function substituteSynonyms(knowledge: Knowledge, normalized: string): string {
  let rest = normalized;
  const canonicals: string[] = [];
  for (const [word, canonical] of knowledge.synonyms) {
    if (!rest.includes(word)) continue;
    canonicals.push(canonical);
    rest = rest.split(word).join(' ');
  }
  return [rest, ...canonicals].join(' ');
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
      const soft = !vocabulary.has(word) && (NON_CONTENT.has(word) || isNumberWord(word));
      const known = (term: string) => !soft || knowledge.postings.has(term);
      if (word.length > 1) for (const g of bigramsOf(word)) if (known(g)) terms.set(g, 1);
      if (previous) {
        const across = previous[previous.length - 1]! + word[0]!;
        if (knowledge.postings.has(across)) terms.set(across, 1);
      }
      for (const c of word) {
        if (!STOP_CHARS.has(c) && !terms.has(c) && !isLatin(c.charCodeAt(0)) && known(c)) terms.set(c, UNIGRAM_WEIGHT);
      }
      previous = word;
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
  /** The fillers no FAQ question holds: dropped from the whole question FAQ entries are matched on. */
  faqFillers: readonly string[];
  /** Per FAQ document (by index): its question's terms with their IDF weight, and their sum. */
  faqQuestions: ReadonlyMap<number, { terms: ReadonlyMap<string, number>; mass: number }>;
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
    const faqQuestions = knowledge.docs.flatMap((d) => (d.doc.kind === 'faq' ? d.doc.phrases : []));
    const idfOf = (term: string) => {
      const df = knowledge.postings.get(term)?.length ?? 0;
      return Math.log(1 + (n - df + 0.5) / (df + 0.5));
    };
    const questionTerms = new Map<number, { terms: Map<string, number>; mass: number }>();
    knowledge.docs.forEach((d, i) => {
      if (d.doc.kind !== 'faq') return;
      const terms = new Map<string, number>();
      let mass = 0;
      // its own fillers (怎么, 需要) are no part of what it asks: a citizen need not say them
      const pieces = d.doc.phrases.flatMap((q) => strip(q, NORMALIZED_FILLERS).split(' '));
      for (const [term, weight] of queryTerms(
        pieces.filter((p) => p.length > 0),
        knowledge,
        vocabulary,
      )) {
        terms.set(term, idfOf(term) * weight);
        mass += idfOf(term) * weight;
      }
      questionTerms.set(i, { terms, mass });
    });
    s = {
      vocabulary,
      faqQuestions: questionTerms,
      faqFillers: NORMALIZED_FILLERS.filter((f) => !faqQuestions.some((q) => q.includes(f))),
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

/** The shortest phrase a one-character typo is forgiven in. */
const FUZZY_MIN = 4;

/** `phrase` occurs in `text` with exactly one inner character different. */
function saidWithOneTypo(text: string, phrase: string): boolean {
  const len = phrase.length;
  if (!text.includes(phrase[0]!) || !text.includes(phrase[len - 1]!)) return false;
  for (let at = 0; at + len <= text.length; at++) {
    // the ends must be right: a wrong first or last character is mostly another verb (有身份证 is
    // no 补身份证), a wrong inner one a typo
    if (text[at] !== phrase[0] || text[at + len - 1] !== phrase[len - 1]) continue;
    let diff = 0;
    for (let j = 1; j < len - 1 && diff < 2; j++) if (text.charCodeAt(at + j) !== phrase.charCodeAt(j)) diff++;
    if (diff === 1) return true;
  }
  return false;
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
  const { vocabulary, faqFillers, faqQuestions, norm, scores, explained, phraseLen, touched } = scratchOf(knowledge);
  const n = knowledge.docs.length;
  // matters are matched on the question without facet cues and fillers; FAQ entries on the whole
  // question (less the fillers no FAQ question holds): 几点上班 is what an FAQ entry asks
  const faqPieces = strip(expanded, faqFillers)
    .split(' ')
    .filter((p) => p.length > 0);
  // the coverage: over what the citizen said (synonyms replaced, not appended, which would count
  // the catalog word as explained on top of the citizen's own)
  const said = queryTerms(
    strip(strip(substituteSynonyms(knowledge, normalized), cues), NORMALIZED_FILLERS)
      .split(' ')
      .filter((p) => p.length > 0),
    knowledge,
    vocabulary,
  );
  const masses = [
    { terms: queryTerms(pieces, knowledge, vocabulary), faq: false, total: 0, known: 0 },
    { terms: queryTerms(faqPieces, knowledge, vocabulary), faq: true, total: 0, known: 0 },
  ];
  // the scratch arrays are shared per knowledge: retrieve is synchronous, so no other query
  // interleaves; only the touched entries are reset at the end
  let touchedCount = 0;
  for (const m of masses) {
    for (const [term, weight] of m.terms) {
      const list = knowledge.postings.get(term) ?? NO_POSTINGS;
      const idf = Math.log(1 + (n - list.length + 0.5) / (list.length + 0.5));
      m.total += idf * weight;
      if (list.length > 0) m.known += idf * weight;
      for (const i of list) {
        if (i >= knowledge.matterCount !== m.faq) continue;
        const tf = knowledge.docs[i]!.terms.get(term)!;
        if (explained[i] === 0 && scores[i] === 0) touched[touchedCount++] = i;
        scores[i] = scores[i]! + weight * idf * ((tf * (BM25_K1 + 1)) / (tf + BM25_K1 * norm[i]!));
        explained[i] = explained[i]! + idf * weight;
      }
    }
  }
  const massOf = (i: number) => masses[i >= knowledge.matterCount ? 1 : 0]!;
  // an FAQ entry must match both ways: the share of its own question the citizen said scales its
  // score (its square: 什么 alone is not 结婚登记需要带什么材料？), and its confidence is the
  // geometric mean of both shares
  const faqTerms = masses[1]!.terms;
  const questionShare = (i: number) => {
    const q = faqQuestions.get(i);
    if (!q || q.mass === 0) return 0;
    let said = 0;
    for (const [term, w] of q.terms) if (faqTerms.has(term)) said += w;
    return said / q.mass;
  };
  for (let t = 0; t < touchedCount; t++) {
    const i = touched[t]!;
    if (i >= knowledge.matterCount) {
      const share = questionShare(i);
      scores[i] = scores[i]! * share * share;
      explained[i] = Math.sqrt(explained[i]! * share * massOf(i).total);
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
    // a typo or homophone (结昏登记, 身份正过期): a phrase of 4+ characters said with one inner
    // character wrong counts as a phrase one character shorter
    if (best === 0) {
      for (const phrase of knowledge.docs[i]!.doc.phrases) {
        if (phrase.length >= FUZZY_MIN && phrase.length - 1 > best && saidWithOneTypo(normalized, phrase)) {
          best = phrase.length - 1;
        }
      }
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
  let coverage = 0;
  const top = topIdx[0];
  if (top !== undefined && massOf(top).total > 0) {
    const mass = massOf(top);
    const explains = Math.min(1, explained[top]! / mass.total);
    const len = phraseLen[top]!;
    confidence = len > 0 ? Math.max(explains, Math.min(1, 0.55 + len * 0.05 + explains * 0.3)) : explains;
    const second = hits[1]?.score ?? 0;
    margin = (hits[0]!.score - second) / hits[0]!.score;
    if (mass.faq) coverage = mass.known / mass.total;
  }
  if (top === undefined || top < knowledge.matterCount) {
    let total = 0;
    let known = 0;
    for (const [term, weight] of said) {
      const df = knowledge.postings.get(term)?.length ?? 0;
      const w = Math.log(1 + (n - df + 0.5) / (df + 0.5)) * weight;
      total += w;
      if (df > 0) known += w;
    }
    coverage = total > 0 ? known / total : 0;
  }
  for (let t = 0; t < touchedCount; t++) {
    const i = touched[t]!;
    scores[i] = 0;
    explained[i] = 0;
    phraseLen[i] = 0;
  }
  return { facet, query, hits, confidence, margin, coverage };
}
