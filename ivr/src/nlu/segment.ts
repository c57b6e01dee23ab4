/**
 * Word segmentation of a question: forward maximum matching over the CC-CEDICT dictionary that
 * `@nlpjs/lang-zh` already loads for the intent classifier, plus the knowledge's own phrases
 * (names, aliases, synonym words), so 社保卡丢了 stays one word. Retrieval keeps the character
 * bigrams inside words and drops those that straddle two words unless the knowledge holds them:
 * in 买了房想把户口迁过来, 房想 and 想把 are artefacts of cutting characters in pairs, not words
 * the citizen said, and would otherwise count as information the knowledge cannot explain.
 * 0.004 ms for a 12-character question.
 */
import { createRequire } from 'node:module';

interface CedictDictionary {
  search(word: string): unknown;
  simplified: Record<string, unknown>;
}

const MAX_WORD = 8;
const require = createRequire(import.meta.url);
/**
 * The words of lang-zh's dictionary (simplified, 2–8 characters) as a Set, built once per process
 * from its module instance (compiled on first use, ~0.9 s, which the intent classifier's training
 * does first; it prints "Compiling dictionary"). A Set lookup is ~2.5× faster than its own
 * search (two lookups in 120k-key objects) and allocates nothing.
 */
let words: ReadonlySet<string> | null = null;
function dictionary(): ReadonlySet<string> {
  if (!words) {
    const loaded = require('@nlpjs/lang-zh/src/dictionary.js') as CedictDictionary;
    const log = console.log;
    console.log = () => {};
    try {
      loaded.search('的');
    } finally {
      console.log = log;
    }
    const set = new Set<string>();
    for (const w of Object.keys(loaded.simplified)) if (w.length > 1 && w.length <= MAX_WORD) set.add(w);
    words = set;
  }
  return words;
}

/** Latin letters and digits: a run of them is one word (how are you, 12123), not characters. */
export function isLatin(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 48 && code <= 57);
}

/**
 * The words of `text` (normalised, no spaces), longest dictionary or `vocabulary` match first; a
 * run of Latin letters or digits is one word.
 */
export function segment(text: string, vocabulary: ReadonlySet<string>): string[] {
  const dict = dictionary();
  const out: string[] = [];
  let at = 0;
  while (at < text.length) {
    if (isLatin(text.charCodeAt(at))) {
      let end = at + 1;
      while (end < text.length && isLatin(text.charCodeAt(end))) end++;
      out.push(text.slice(at, end));
      at = end;
      continue;
    }
    let len = Math.min(MAX_WORD, text.length - at);
    for (; len > 1; len--) {
      const slice = text.substr(at, len);
      if (vocabulary.has(slice) || dict.has(slice)) break;
    }
    out.push(text.substr(at, len));
    at += len;
  }
  return out;
}
