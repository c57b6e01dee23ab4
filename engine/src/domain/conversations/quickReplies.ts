/**
 * 快捷回复 — phrases a seat inserts into its reply. Pure: variables in braces (`{市民姓名}`)
 * are validated when a phrase is saved and filled in for one conversation; a search ranks
 * phrases by shortcut, then title, then text.
 */
import { QUICK_REPLY_VARIABLES, type QuickReplyVariable } from '@cloud-seat/contracts';

const KNOWN = new Set<string>(QUICK_REPLY_VARIABLES.map((v) => v.name));
/** `{name}`: a name is anything but braces and white space, so `{ }` or a lone `{` stay text. */
const VARIABLE = /\{([^{}\s]{1,16})\}/g;

export type VariableValues = Partial<Record<QuickReplyVariable, string | null>>;

/** The variable names a text uses, in order of first use. */
export function variablesIn(text: string): string[] {
  return [...new Set([...text.matchAll(VARIABLE)].map((m) => m[1]!))];
}

/** Names used in the text that are not known variables (a typo such as `{市民名字}`). */
export function unknownVariables(text: string): string[] {
  return variablesIn(text).filter((name) => !KNOWN.has(name));
}

/** The Chinese reason a phrase text cannot be saved, or null when it can. */
export function phraseTextProblem(text: string): string | null {
  const unknown = unknownVariables(text);
  if (unknown.length === 0) return null;
  const known = QUICK_REPLY_VARIABLES.map((v) => `{${v.name}}`).join(' ');
  return `短语中有无法识别的变量：${unknown.map((n) => `{${n}}`).join('、')}。可用的变量：${known}`;
}

/**
 * Fills in the variables. A variable without a value becomes a neutral word (您 for the citizen,
 * an empty string otherwise) so that the seat never sends raw braces by accident.
 */
export function renderPhrase(text: string, values: VariableValues): string {
  return text.replace(VARIABLE, (whole, name: string) => {
    if (!KNOWN.has(name)) return whole;
    const value = values[name as QuickReplyVariable];
    if (value != null && value.trim() !== '') return value.trim();
    return FALLBACK[name as QuickReplyVariable] ?? '';
  });
}

const FALLBACK: Partial<Record<QuickReplyVariable, string>> = { 市民姓名: '您', 事项: '您咨询的事项' };

export interface SearchablePhrase {
  shortcut: string;
  title: string;
  text: string;
  scope: 'personal' | 'team';
}

/**
 * Ranks phrases for a query: exact shortcut, shortcut prefix, shortcut contains, title prefix,
 * title contains, text contains; personal before team at equal rank, then by shortcut. Phrases
 * that do not match are left out; an empty query keeps them all (personal first).
 */
export function rankPhrases<P extends SearchablePhrase>(phrases: readonly P[], query: string | undefined): P[] {
  const q = (query ?? '').trim().replace(/^\//, '').toLowerCase();
  const scored: Array<{ phrase: P; score: number }> = [];
  for (const phrase of phrases) {
    const score = q === '' ? 0 : matchScore(phrase, q);
    if (score !== null) scored.push({ phrase, score });
  }
  return scored
    .sort(
      (a, b) =>
        a.score - b.score ||
        scopeRank(a.phrase) - scopeRank(b.phrase) ||
        a.phrase.shortcut.localeCompare(b.phrase.shortcut, 'zh-CN'),
    )
    .map((s) => s.phrase);
}

function matchScore(phrase: SearchablePhrase, q: string): number | null {
  const shortcut = phrase.shortcut.toLowerCase();
  const title = phrase.title.toLowerCase();
  if (shortcut === q) return 0;
  if (shortcut.startsWith(q)) return 1;
  if (shortcut.includes(q)) return 2;
  if (title.startsWith(q)) return 3;
  if (title.includes(q)) return 4;
  if (phrase.text.toLowerCase().includes(q)) return 5;
  return null;
}

const scopeRank = (p: SearchablePhrase) => (p.scope === 'personal' ? 0 : 1);

/**
 * The form in which a citizen's text is compared with a preset question (常见问题): white space
 * and closing punctuation do not matter, nor half- versus full-width question marks.
 */
export function questionKey(text: string): string {
  return text
    .replace(/\s+/g, '')
    .replace(/[?？。.!！~～]+$/u, '')
    .toLowerCase();
}
