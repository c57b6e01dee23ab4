/**
 * The labelled eval cases (questions.ts resolved against the seed: matter names → 基本编码) and
 * the deterministic dev/test split (by a hash of the question text, so adding a question never
 * moves another one).
 */
import type { Facet } from '../src/knowledge/types.js';
import { FAQ_QUESTIONS, HANDOFF, HARD_QUESTIONS, MATTER_QUESTIONS, OFF_TOPIC, type FacetLetter } from './questions.js';

export type Expected =
  | { kind: 'matter'; basicCode: string; name: string; facet: Facet }
  | { kind: 'faq'; faqId: string }
  | { kind: 'refuse' }
  | { kind: 'handoff'; reason: 'requested' | 'complaint' | 'urgent' };

export interface EvalCase {
  question: string;
  expected: Expected;
  split: 'dev' | 'test';
}

const FACET_OF: Record<FacetLetter, Facet> = {
  v: 'overview',
  m: 'materials',
  p: 'process',
  l: 'place',
  h: 'hours',
  ph: 'phone',
  t: 'timeLimit',
  f: 'fee',
  o: 'online',
  c: 'conditions',
};

/** FNV-1a over the UTF-16 code units. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export function splitOf(question: string): 'dev' | 'test' {
  return hash(question) % 2 === 0 ? 'dev' : 'test';
}

export function evalCases(codeOfName: ReadonlyMap<string, string>): EvalCase[] {
  const code = (name: string) => {
    const c = codeOfName.get(name);
    if (!c) throw new Error(`eval: no matter named ${name} in the seed catalog`);
    return c;
  };
  const cases: Omit<EvalCase, 'split'>[] = [
    ...Object.entries(MATTER_QUESTIONS).flatMap(([name, qs]) =>
      qs.map(([f, question]) => ({
        question,
        expected: { kind: 'matter', basicCode: code(name), name, facet: FACET_OF[f] } as const,
      })),
    ),
    ...HARD_QUESTIONS.map(([name, f, question]) => ({
      question,
      expected: { kind: 'matter', basicCode: code(name), name, facet: FACET_OF[f] } as const,
    })),
    ...Object.entries(FAQ_QUESTIONS).flatMap(([faqId, qs]) =>
      qs.map((question) => ({ question, expected: { kind: 'faq', faqId } as const })),
    ),
    ...OFF_TOPIC.map((question) => ({ question, expected: { kind: 'refuse' } as const })),
    ...HANDOFF.map(([reason, question]) => ({ question, expected: { kind: 'handoff', reason } as const })),
  ];
  return cases.map((c) => ({ ...c, split: splitOf(c.question) }));
}
