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
}

const require = createRequire(import.meta.url);
// lang-zh's dictionary module: one instance per process, compiled on first use (~0.9 s; the intent
// classifier's training does it first); it prints "Compiling dictionary"
let cedict: CedictDictionary | null = null;
function dictionary(): CedictDictionary {
  if (!cedict) {
    const loaded = require('@nlpjs/lang-zh/src/dictionary.js') as CedictDictionary;
    const log = console.log;
    console.log = () => {};
    try {
      loaded.search('的');
    } finally {
      console.log = log;
    }
    cedict = loaded;
  }
  return cedict;
}

const MAX_WORD = 8;

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
  const words: string[] = [];
  let at = 0;
  while (at < text.length) {
    if (isLatin(text.charCodeAt(at))) {
      let end = at + 1;
      while (end < text.length && isLatin(text.charCodeAt(end))) end++;
      words.push(text.slice(at, end));
      at = end;
      continue;
    }
    let len = Math.min(MAX_WORD, text.length - at);
    for (; len > 1; len--) {
      const slice = text.substr(at, len);
      if (vocabulary.has(slice) || dict.search(slice)) break;
    }
    words.push(text.substr(at, len));
    at += len;
  }
  return words;
}
