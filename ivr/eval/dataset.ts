/**
 * The labelled eval cases (questions.ts resolved against the seed: matter names → 基本编码) and
 * the deterministic dev/test split (by a hash of the question text, so adding a question never
 * moves another one), plus the held-out split (`questions.holdout.ts`, written before the tuning
 * of issue #6 and never tuned on) and the second one (`questions.holdout2.ts`, written before the
 * 2026-11-29 changes, never tuned on).
 */
import type { Facet } from '../src/knowledge/types.js';
import { FAQ_QUESTIONS, HANDOFF, HARD_QUESTIONS, MATTER_QUESTIONS, OFF_TOPIC, type FacetLetter } from './questions.js';
import { HOLDOUT_FAQ, HOLDOUT_HANDOFF, HOLDOUT_MATTER, HOLDOUT_OFF_TOPIC } from './questions.holdout.js';
import { HOLDOUT2_FAQ, HOLDOUT2_HANDOFF, HOLDOUT2_MATTER, HOLDOUT2_OFF_TOPIC } from './questions.holdout2.js';

export type Expected =
  | { kind: 'matter'; basicCode: string; name: string; facet: Facet }
  | { kind: 'faq'; faqId: string }
  | { kind: 'refuse' }
  | { kind: 'handoff'; reason: 'requested' | 'complaint' | 'urgent' };

export interface EvalCase {
  question: string;
  expected: Expected;
  split: Split;
}

export const SPLITS = ['dev', 'test', 'holdout', 'holdout2'] as const;
export type Split = (typeof SPLITS)[number];

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
  const labelled = (
    matter: readonly (readonly [string, FacetLetter, string])[],
    faq: Record<string, readonly string[]>,
    offTopic: readonly string[],
    handoff: readonly (readonly ['requested' | 'complaint' | 'urgent', string])[],
  ): Omit<EvalCase, 'split'>[] => [
    ...matter.map(([name, f, question]) => ({
      question,
      expected: { kind: 'matter', basicCode: code(name), name, facet: FACET_OF[f] } as const,
    })),
    ...Object.entries(faq).flatMap(([faqId, qs]) =>
      qs.map((question) => ({ question, expected: { kind: 'faq', faqId } as const })),
    ),
    ...offTopic.map((question) => ({ question, expected: { kind: 'refuse' } as const })),
    ...handoff.map(([reason, question]) => ({ question, expected: { kind: 'handoff', reason } as const })),
  ];
  const matterQuestions = [
    ...Object.entries(MATTER_QUESTIONS).flatMap(([name, qs]) => qs.map(([f, q]) => [name, f, q] as const)),
    ...HARD_QUESTIONS,
  ];
  const split = labelled(matterQuestions, FAQ_QUESTIONS, OFF_TOPIC, HANDOFF);
  const holdout = labelled(HOLDOUT_MATTER, HOLDOUT_FAQ, HOLDOUT_OFF_TOPIC, HOLDOUT_HANDOFF);
  const holdout2 = labelled(HOLDOUT2_MATTER, HOLDOUT2_FAQ, HOLDOUT2_OFF_TOPIC, HOLDOUT2_HANDOFF);
  return [
    ...split.map((c) => ({ ...c, split: splitOf(c.question) })),
    ...holdout.map((c) => ({ ...c, split: 'holdout' as const })),
    ...holdout2.map((c) => ({ ...c, split: 'holdout2' as const })),
  ];
}
