/**
 * Chinese text as search and the assistant compare it: no spaces between words, so text is
 * normalised (width, case, no spaces or punctuation) and cut into character bigrams.
 */

/** Lower case, full-width to half-width, no spaces or punctuation. */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '');
}

/** Overlapping character pairs; a one-character text is itself. */
export function bigramsOf(text: string): string[] {
  const chars = [...text];
  if (chars.length === 1) return chars;
  const grams: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) grams.push(chars[i]! + chars[i + 1]!);
  return grams;
}
