/**
 * `npm run bot:eval`: the assistant on the labelled question set with the full seed knowledge.
 * Prints, for the dev, test, holdout and holdout2 splits: in-domain top-1 accuracy (the matter or FAQ the
 * assistant answers or offers first), answered-right rate, facet accuracy, off-topic correct
 * refusals, handoff precision/recall, the handoff rate, the confusion list, and latency.
 *
 * `npm run bot:eval -- --calibrate`: a grid search of the decision thresholds on the dev split
 * only (intent and retrieval computed once per question, `decide` re-run per setting); prints the
 * best setting (most dev questions right; ties → the one nearest the current values) to copy into
 * `THRESHOLDS`. The test and holdout splits are never looked at.
 *
 * The holdout splits (`questions.holdout.ts`, `questions.holdout2.ts`) print its figures but not its confusion list unless
 * named (`npm run bot:eval -- holdout2`), so day-to-day tuning never reads its questions' outcomes.
 */
import { PerformanceObserver } from 'node:perf_hooks';
import type { Understanding } from '../src/nlu/assistant.js';
import { decide, THRESHOLDS, type Decision, type Thresholds } from '../src/nlu/decide.js';
import { retrieve } from '../src/nlu/retrieval.js';
import { evalCases, SPLITS, type EvalCase, type Expected } from './dataset.js';
import { seedAssistant } from './seed.js';

const REGION = '150602';
/** Calibration: the off-topic refusal goal on dev, met first. */
const REFUSAL_GOAL = 0.95;

const { guides, knowledge, buildMs, intents, trainMs, assistant } = await seedAssistant();
const codeOfName = new Map(guides.map((g) => [g.name, g.basicCode]));
const cases = evalCases(codeOfName);

interface Outcome {
  c: EvalCase;
  u: Understanding;
  ms: number;
}

/** The matter or FAQ the decision puts first: an answer's, or a clarify's first button. */
function firstOf(d: Decision): { basicCode: string | null; faqId: string | null } | null {
  if (d.kind === 'answer') return { basicCode: d.basicCode, faqId: d.faqId };
  if (d.kind === 'clarify') return { basicCode: d.options[0]?.basicCode ?? null, faqId: null };
  return null;
}

function topRight(e: Expected, d: Decision): boolean {
  const first = firstOf(d);
  if (!first) return false;
  if (e.kind === 'matter') return first.basicCode === e.basicCode;
  if (e.kind === 'faq') return first.faqId === e.faqId;
  return false;
}

function describe(d: Decision): string {
  switch (d.kind) {
    case 'answer':
      return d.faqId
        ? `FAQ ${d.faqId}`
        : `${[...knowledge.matters.values()].find((m) => m.basicCode === d.basicCode)?.name}/${d.facet}`;
    case 'clarify':
      return `clarify[${d.options.map((o) => o.name).join('|')}]`;
    case 'handoff':
      return `handoff:${d.reason}`;
    case 'refuse':
      return `refuse:${d.reason}`;
    case 'smalltalk':
      return `smalltalk:${d.intent}`;
  }
}

function expectedText(e: Expected): string {
  if (e.kind === 'matter') return `${e.name}/${e.facet}`;
  if (e.kind === 'faq') return `FAQ ${e.faqId}`;
  return e.kind === 'handoff' ? `handoff:${e.reason}` : 'refuse';
}

/** The decision is what the label wants: the right matter/FAQ first, a refusal, a handoff. */
function isRight(e: Expected, d: Decision): boolean {
  if (e.kind === 'matter' || e.kind === 'faq') return topRight(e, d);
  if (e.kind === 'refuse') return d.kind === 'refuse' || d.kind === 'smalltalk';
  return d.kind === 'handoff';
}

const pct = (a: number, b: number) => (b === 0 ? '—' : `${((100 * a) / b).toFixed(1)}% (${a}/${b})`);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

const gcPauses: number[] = [];
const gcObserver = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcPauses.push(e.duration);
});
gcObserver.observe({ entryTypes: ['gc'] });
const outcomes: Outcome[] = [];
for (const c of cases) {
  const s = performance.now();
  const u = await assistant.understand(c.question, REGION);
  outcomes.push({ c, u, ms: performance.now() - s });
}
// the parts, timed apart on a second pass: NLP.js process(), retrieval, decide (answer building)
const partMs = { intent: [] as number[], retrieval: [] as number[], decide: [] as number[] };
for (const c of cases) {
  const s0 = performance.now();
  const intent = await intents.classify(c.question);
  const s1 = performance.now();
  const r = retrieve(knowledge, c.question);
  const s2 = performance.now();
  decide(knowledge, c.question, intent, r, REGION);
  const s3 = performance.now();
  partMs.intent.push(s1 - s0);
  partMs.retrieval.push(s2 - s1);
  partMs.decide.push(s3 - s2);
}
await new Promise((resolve) => setTimeout(resolve, 10));
gcObserver.disconnect();

function report(name: string, rows: Outcome[], confusions = true): void {
  const inDomain = rows.filter((o) => o.c.expected.kind === 'matter' || o.c.expected.kind === 'faq');
  const top1 = inDomain.filter((o) => topRight(o.c.expected, o.u.decision));
  const answered = inDomain.filter((o) => o.u.decision.kind === 'answer' && topRight(o.c.expected, o.u.decision));
  const matterAnswers = inDomain.filter(
    (o) => o.c.expected.kind === 'matter' && o.u.decision.kind === 'answer' && o.u.decision.faqId === null,
  );
  const facetRight = matterAnswers.filter(
    (o) =>
      o.c.expected.kind === 'matter' && o.u.decision.kind === 'answer' && o.u.decision.facet === o.c.expected.facet,
  );
  const off = rows.filter((o) => o.c.expected.kind === 'refuse');
  const refused = off.filter((o) => o.u.decision.kind === 'refuse' || o.u.decision.kind === 'smalltalk');
  const wantHandoff = rows.filter((o) => o.c.expected.kind === 'handoff');
  const gotHandoff = rows.filter((o) => o.u.decision.kind === 'handoff');
  const handoffTp = gotHandoff.filter((o) => o.c.expected.kind === 'handoff');
  const lowOrHandoff = rows.filter(
    (o) => o.u.decision.kind === 'handoff' || o.u.decision.kind === 'clarify' || o.u.decision.kind === 'refuse',
  );
  console.log(`\n== ${name}: ${rows.length} questions ==`);
  console.log(`in-domain top-1 accuracy     ${pct(top1.length, inDomain.length)}`);
  console.log(`  answered outright & right  ${pct(answered.length, inDomain.length)}`);
  console.log(
    `  clarified                  ${pct(inDomain.filter((o) => o.u.decision.kind === 'clarify').length, inDomain.length)}`,
  );
  console.log(`facet accuracy (answers)     ${pct(facetRight.length, matterAnswers.length)}`);
  console.log(`off-topic correct refusals   ${pct(refused.length, off.length)}`);
  console.log(`handoff precision            ${pct(handoffTp.length, gotHandoff.length)}`);
  console.log(`handoff recall               ${pct(handoffTp.length, wantHandoff.length)}`);
  console.log(`handoff rate (all questions) ${pct(gotHandoff.length, rows.length)}`);
  console.log(`low-confidence or handoff    ${pct(lowOrHandoff.length, rows.length)}`);
  const wrong = rows.filter((o) => !isRight(o.c.expected, o.u.decision));
  if (!confusions) {
    console.log(`confusions (${wrong.length}): not listed (name the split to list them)`);
    return;
  }
  console.log(`confusions (${wrong.length}): expected → got  [question]`);
  for (const o of wrong) {
    console.log(
      `  ${expectedText(o.c.expected)} → ${describe(o.u.decision)}  [${o.c.question}] conf ${o.u.retrieval.confidence.toFixed(2)} ${o.u.intent.intent} ${o.u.intent.score.toFixed(2)}`,
    );
  }
}

console.log(
  `knowledge: ${knowledge.matterCount} matters (${guides.length} guide rows), ${knowledge.faqCount} FAQ; build ${buildMs.toFixed(1)} ms; intent training ${trainMs.toFixed(0)} ms`,
);
const args = process.argv.slice(2);
if (args.includes('--calibrate')) calibrate(outcomes.filter((o) => o.c.split === 'dev'));
const split = args.find((a) => !a.startsWith('--'));
for (const name of SPLITS) {
  if (split && split !== name) continue;
  const rows = outcomes.filter((o) => o.c.split === name);
  report(name, rows, !name.startsWith('holdout') || split === name);
}
const times = outcomes.map((o) => o.ms);
const stats = (v: number[]) =>
  `p50 ${percentile(v, 50).toFixed(2)} ms, p99 ${percentile(v, 99).toFixed(2)} ms, max ${Math.max(...v).toFixed(2)} ms`;
for (const [part, v] of Object.entries(partMs)) console.log(`  ${part.padEnd(10)} ${stats(v)}`);
console.log(
  `  GC during both passes: ${gcPauses.length} pauses, ${gcPauses.reduce((a, b) => a + b, 0).toFixed(1)} ms, longest ${Math.max(0, ...gcPauses).toFixed(1)} ms`,
);
console.log(
  `\nanswer latency over ${times.length} questions: p50 ${percentile(times, 50).toFixed(2)} ms, p99 ${percentile(times, 99).toFixed(2)} ms, max ${Math.max(...times).toFixed(2)} ms`,
);

/** Grid search of the thresholds on `rows` (the dev split); prints the best setting. */
function calibrate(rows: Outcome[]): void {
  const grid: Partial<Record<keyof Thresholds, readonly number[]>> = {
    answer: [0.45, 0.5, 0.55, 0.6, 0.65, 0.7],
    clarify: [0.2, 0.25, 0.3, 0.35, 0.4],
    margin: [0.05, 0.1, 0.15, 0.25],
    nonePenalty: [0, 0.2, 0.4, 0.6, 0.8, 1, 1.5, 2],
    minScore: [0, 2, 4, 6, 8],
    minCoverage: [0.3, 0.4, 0.5, 0.6, 0.7],
    smalltalkIntent: [0.6, 0.8, 0.9],
  };
  const keys = Object.keys(grid) as (keyof Thresholds)[];
  const base: Thresholds = { ...THRESHOLDS };
  const distance = (t: Thresholds) => keys.reduce((sum, k) => sum + Math.abs(t[k] - base[k]), 0);
  const offTopic = rows.filter((o) => o.c.expected.kind === 'refuse').length;
  let best: { t: Thresholds; right: number; goal: number; distance: number } | null = null;
  const current = { ...base };
  const walk = (i: number): void => {
    if (i === keys.length) {
      if (current.clarify > current.answer) return;
      let right = 0;
      let refused = 0;
      for (const o of rows) {
        const ok = isRight(o.c.expected, decide(knowledge, o.c.question, o.u.intent, o.u.retrieval, REGION, current));
        if (ok) right++;
        if (ok && o.c.expected.kind === 'refuse') refused++;
      }
      // the off-topic refusal goal first (a wrong answer costs more than a refusal), then most right
      const goal = refused >= REFUSAL_GOAL * offTopic ? 1 : 0;
      const d = distance(current);
      const better =
        !best ||
        goal > best.goal ||
        (goal === best.goal && (right > best.right || (right === best.right && d < best.distance)));
      if (better) best = { t: { ...current }, right, goal, distance: d };
      return;
    }
    for (const v of grid[keys[i]!]!) {
      current[keys[i]!] = v;
      walk(i + 1);
    }
  };
  const s = performance.now();
  walk(0);
  const found = best as { t: Thresholds; right: number; goal: number } | null;
  if (!found) return;
  let before = 0;
  for (const o of rows) if (isRight(o.c.expected, o.u.decision)) before++;
  console.log(
    `\n== calibration on dev (${rows.length} questions, ${((performance.now() - s) / 1000).toFixed(1)} s) ==`,
  );
  console.log(
    `right with THRESHOLDS ${before}, best ${found.right}; off-topic refusals ≥ ${REFUSAL_GOAL * 100} %: ${found.goal ? 'met' : 'not met'}`,
  );
  console.log(`chosen: ${JSON.stringify(found.t)}`);
}
