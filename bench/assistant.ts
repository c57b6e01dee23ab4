/**
 * The assistant's answer latency with the full seed knowledge (the engine's demo catalog: 99
 * matters × regions = 915 guide rows, and its FAQ): every eval question (dev, test and holdout)
 * through `Assistant.understand` + the dialogue `step`, BENCH_ROUNDS (default 20) rounds in a
 * shuffled order, p50/p95/p99/max per question answered (goal p99 ≤ 10 ms), the slowest questions
 * by their own median, GC pauses by kind (PerformanceObserver 'gc') and heap used. Measured three
 * ways per process: the first round right after training (cold, as a freshly started engine
 * serves); after one warm-up round (no forced GC: `--expose-gc` is not used), the same texts again
 * (repeat); and texts never seen before (novel: each question in a new polite wording per round,
 * 请问…呢, so no cache of any layer, V8's included, has met the text). Beside it, a peer in the
 * same process: a plain substring scan of the question over every matter name, alias and FAQ
 * question, for a ratio that holds across machines.
 *
 * Each measurement runs in a child process of its own, once with Node's defaults and once with
 * `--max-semi-space-size=16` (BENCH_SEMI_SPACE, MB): a larger young generation means fewer
 * scavenges, and the scavenges of NLP.js's heap are what made the tail.
 */
// NLP.js ships no types: ivr's ambient declarations, needed when the bench compiles ivr's sources
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="../ivr/src/nlu/nlpjs.d.ts" />
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { normalizeText } from '@cloud-seat/contracts';
import { evalCases } from '../ivr/eval/dataset.js';
import { seedAssistant } from '../ivr/eval/seed.js';
import { initialState, step } from '../ivr/src/dialogue/policy.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const SEMI_SPACE = Number(process.env.BENCH_SEMI_SPACE ?? 32);
const REGION = '150602';
const CHILD_FLAG = '--assistant-child';
/** 8 × 5 wordings around a question: a different one per question and round (up to 40 rounds). */
const PREFIXES = ['', '请问', '您好，', '麻烦问下，', '我想问一下', '你好，请问', '问一下，', '同志，'];
const SUFFIXES = ['', '呢', '啊', '？谢谢', '，麻烦了'];

interface Distribution {
  calls: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

interface GcCounts {
  scavenges: number;
  markSweeps: number;
  other: number;
  pauseMs: number;
  longestMs: number;
}

interface Phase {
  assistant: Distribution;
  peer: Distribution;
  gc: GcCounts;
  heapUsedMb: number;
  /** The slowest questions by their own median over the rounds. */
  slowest: { question: string; p50: number; max: number }[];
}

interface ChildResult {
  flags: string[];
  questions: number;
  guideRows: number;
  buildMs: number;
  trainMs: number;
  cold: Phase;
  repeat: Phase;
  novel: Phase;
  rssMb: number;
}

/** Nearest-rank percentile of sorted values (the same rule as support.ts, without its imports). */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function distribution(values: readonly number[]): Distribution {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    calls: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? NaN,
  };
}

/** GC pauses seen while `run` runs (entries are delivered asynchronously: wait a tick after). */
async function withGc<T>(run: () => Promise<T>): Promise<{ result: T; gc: GcCounts }> {
  const gc: GcCounts = { scavenges: 0, markSweeps: 0, other: 0, pauseMs: 0, longestMs: 0 };
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = (e as unknown as { detail?: { kind?: number } }).detail?.kind;
      if (kind === 1) gc.scavenges++;
      else if (kind === 2) gc.markSweeps++;
      else gc.other++;
      gc.pauseMs += e.duration;
      gc.longestMs = Math.max(gc.longestMs, e.duration);
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  const result = await run();
  await new Promise((resolve) => setTimeout(resolve, 20));
  observer.disconnect();
  return { result, gc };
}

async function measure(): Promise<ChildResult> {
  const { guides, faqs, buildMs, trainMs, assistant } = await seedAssistant();
  const questions = evalCases(new Map(guides.map((g) => [g.name, g.basicCode]))).map((c) => c.question);

  // the peer: every matter name, alias and FAQ question looked for in the question
  const phrases = [
    ...new Set([...guides.flatMap((g) => [g.name, ...g.aliases]), ...faqs.map((f) => f.question)].map(normalizeText)),
  ];
  const peer = (question: string): number => {
    const q = normalizeText(question);
    let found = 0;
    for (const p of phrases) if (q.includes(p)) found++;
    return found;
  };

  let seed = 42;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const shuffled = () => {
    const order = questions.map((_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    return order;
  };

  const wording = (i: number, round: number, novel: boolean): string => {
    if (!novel) return questions[i]!;
    const v = (round * 7 + i) % (PREFIXES.length * SUFFIXES.length);
    return `${PREFIXES[v % PREFIXES.length]}${questions[i]}${SUFFIXES[Math.floor(v / PREFIXES.length)]}`;
  };

  const phase = async (rounds: number, novel: boolean): Promise<Phase> => {
    const perQuestion = questions.map(() => [] as number[]);
    const all: number[] = [];
    const peerTimes: number[] = [];
    let sink = 0;
    const { gc } = await withGc(async () => {
      for (let r = 0; r < rounds; r++) {
        for (const i of shuffled()) {
          const question = wording(i, r, novel);
          const s = performance.now();
          const { decision } = await assistant.understand(question, REGION);
          const next = step(initialState(), question, decision);
          const ms = performance.now() - s;
          sink += next.actions.length;
          perQuestion[i]!.push(ms);
          all.push(ms);
          const p = performance.now();
          sink += peer(question);
          peerTimes.push(performance.now() - p);
        }
      }
    });
    if (sink < 0) console.log(sink); // keeps the work observable
    const slowest = perQuestion
      .map((times, i) => ({ question: questions[i]!, ...distribution(times) }))
      .sort((a, b) => b.p50 - a.p50)
      .slice(0, 3)
      .map(({ question, p50, max }) => ({ question, p50, max }));
    return {
      assistant: distribution(all),
      peer: distribution(peerTimes),
      gc,
      heapUsedMb: process.memoryUsage().heapUsed / 1024 / 1024,
      slowest,
    };
  };

  const cold = await phase(1, false);
  await phase(1, false); // warm-up round, not reported
  const repeat = await phase(ROUNDS, false);
  const novel = await phase(Math.min(ROUNDS, PREFIXES.length * SUFFIXES.length), true);
  return {
    flags: process.execArgv.filter((a) => a.startsWith('--max') || a.startsWith('--semi')),
    questions: questions.length,
    guideRows: guides.length,
    buildMs,
    trainMs,
    cold,
    repeat,
    novel,
    rssMb: process.memoryUsage().rss / 1024 / 1024,
  };
}

function runChild(flags: readonly string[]): ChildResult | null {
  const file = fileURLToPath(import.meta.url);
  const out = spawnSync(process.execPath, [...flags, '--import', 'tsx', file, CHILD_FLAG], {
    cwd: path.dirname(file),
    encoding: 'utf8',
    env: process.env,
    maxBuffer: 16 * 1024 * 1024,
  });
  const line = out.stdout
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('{'));
  if (out.status !== 0 || !line) {
    console.log(`child ${flags.join(' ') || '(defaults)'} failed (${out.status}): ${out.stderr.slice(-2000)}`);
    return null;
  }
  return JSON.parse(line) as ChildResult;
}

const f = (n: number) => n.toFixed(2);
const f3 = (n: number) => n.toFixed(3);
const dist = (d: Distribution) => `p50 ${f3(d.p50)}  p95 ${f3(d.p95)}  p99 ${f3(d.p99)}  max ${f(d.max)} ms`;

function printPhase(name: string, p: Phase): void {
  const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(0)}×` : '—');
  console.log(`  ${name.padEnd(6)} assistant ${dist(p.assistant)}  (${p.assistant.calls} calls)`);
  console.log(`         peer      ${dist(p.peer)}`);
  console.log(
    `         ratio to the peer: p50 ${ratio(p.assistant.p50, p.peer.p50)}, p99 ${ratio(p.assistant.p99, p.peer.p99)}; ` +
      `GC ${p.gc.scavenges} scavenges, ${p.gc.markSweeps} mark-sweeps, ${p.gc.other} other, ` +
      `${f(p.gc.pauseMs)} ms paused (longest ${f(p.gc.longestMs)} ms); heap used ${p.heapUsedMb.toFixed(0)} MB`,
  );
  console.log(
    `         slowest by median: ${p.slowest.map((s) => `${s.question} ${f(s.p50)}/${f(s.max)} ms`).join('; ')}`,
  );
}

export async function assistant(): Promise<void> {
  const settings: [string, string[]][] = [
    ['Node defaults', []],
    [`--max-semi-space-size=${SEMI_SPACE}`, [`--max-semi-space-size=${SEMI_SPACE}`]],
  ];
  for (const [label, flags] of settings) {
    const r = runChild(flags);
    if (!r) continue;
    console.log(
      `${label}: ${r.questions} questions × ${ROUNDS} rounds, full seed (${r.guideRows} guide rows); ` +
        `knowledge build ${f(r.buildMs)} ms, intent training ${r.trainMs.toFixed(0)} ms, RSS ${r.rssMb.toFixed(0)} MB`,
    );
    printPhase('cold', r.cold);
    printPhase('repeat', r.repeat);
    printPhase('novel', r.novel);
  }
  console.log('goal: p99 ≤ 10 ms (understand + step) with the full seed knowledge');
}

if (process.argv.includes(CHILD_FLAG)) {
  // NLP.js and lang-zh print on the console while training: only the result line goes to stdout
  const log = console.log;
  console.log = () => {};
  const result = await measure();
  log(JSON.stringify(result));
  process.exit(0);
}
