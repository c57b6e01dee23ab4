/**
 * Catalog search at scale: 10 regions × BENCH_MATTERS (default 2,000) matters in a fresh
 * PostgreSQL database — the demo catalog's names, aliases and summaries, multiplied by plausible
 * qualifiers (变更, 注销, 延续 …) — then a mixed query set (whole names, parts of names, aliases,
 * colloquial sentences, pinyin initials, off-topic words) through the engine's in-memory index
 * (the module GET /api/regions/:code/matters calls) and over HTTP, p50/p95/p99 (goal p95 ≤ 50 ms);
 * beside it, the same queries as a PostgreSQL ILIKE over name and aliases (a peer that finds only
 * literal substrings) for a ratio; the cold index build per region, its memory, and the matter
 * detection that runs in every citizen message of a conversation without a matter.
 * Then a platform sync: BENCH_SYNC_ROWS (default 20,000) records over the ten regions served in
 * pages of 200 by the platform stand-in (HTTP), into an empty catalog and again unchanged.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { REGION_CODES } from '@cloud-seat/contracts';
import { DEFAULT_FIELD_MAPPING } from '../engine/src/adapters/matterCatalog/fieldMapping.js';
import { platformRecord, startPlatformStandIn } from '../engine/src/adapters/matterCatalog/platformStandIn.js';
import { platformSource, runCatalog } from '../engine/src/commands/catalogImporter.js';
import { pinyinInitials } from '../engine/src/domain/catalog/matterSearch.js';
import { demoCatalog } from '../engine/src/seed/catalog/index.js';
import { engineOn, mb, ms, percentile, scratchDatabase } from './support.js';

const PER_REGION = Number(process.env.BENCH_MATTERS ?? 2000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const QUALIFIERS = [
  '',
  '变更',
  '注销',
  '延续',
  '补办',
  '（个人）',
  '（企业）',
  '（跨省通办）',
  '（全程网办）',
  '（承诺制）',
  '首次办理',
  '信息查询',
  '证明开具',
  '年度确认',
  '异地办理',
  '（告知承诺）',
  '备案',
  '审核',
  '（容缺受理）',
  '（一件事）',
  '材料更正',
  '进度查询',
  '（老年人）',
  '（残疾人）',
  '（退役军人）',
];

interface Base {
  name: string;
  aliases: string[];
  summary: string;
  themes: string[];
  category: string;
}

export async function catalog(): Promise<void> {
  await catalogSearch();
  await catalogSync();
}

async function catalogSearch(): Promise<void> {
  const database = await scratchDatabase('cs_bench_catalog', 'catalog search');
  if (!database) return;
  const engine = await engineOn({ DATABASE_URL: database.url, SEED_DEMO: 'false', SWEEP_INTERVAL_MS: '60000' });
  const db = new pg.Client({ connectionString: database.url });
  await db.connect();
  try {
    const bases = distinctBases();
    let t0 = performance.now();
    for (const region of REGION_CODES) await fill(db, region, bases);
    await db.query('ANALYZE matters');
    console.log(
      `${REGION_CODES.length} regions × ${PER_REGION.toLocaleString('en')} matters (from ${bases.length} demo matters × ` +
        `${QUALIFIERS.length} qualifiers) inserted in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );

    const heapBefore = process.memoryUsage().heapUsed;
    const builds: number[] = [];
    for (const region of REGION_CODES) {
      t0 = performance.now();
      await engine.ctx.catalog.region(region);
      builds.push(performance.now() - t0);
    }
    const heapAfter = process.memoryUsage().heapUsed;
    builds.sort((a, b) => a - b);
    console.log(
      `cold index build per region (load + index ${PER_REGION} matters): p50 ${ms(percentile(builds, 50))}, ` +
        `max ${ms(builds.at(-1)!)}; heap for all ${REGION_CODES.length} regions ≈ ${mb(heapAfter - heapBefore)}`,
    );

    const queries = querySet(bases);
    console.log(`\n${queries.length} queries × ${RUNS} runs × ${REGION_CODES.length} regions:`);
    console.log('path'.padEnd(46), 'p50'.padStart(9), 'p95'.padStart(9), 'p99'.padStart(9), '  found');
    const module = await measure(queries, (region, q) =>
      engine.ctx.catalog.search(region, q, { limit: 20 }).then((r) => r.length),
    );
    report('engine index (ctx.catalog.search)', module);
    const base = engine.url!;
    const http = await measure(queries, async (region, q) => {
      const res = await fetch(`${base}/api/regions/${region}/matters?q=${encodeURIComponent(q)}`);
      return ((await res.json()) as { matters: unknown[] }).matters.length;
    });
    report('HTTP GET /api/regions/:code/matters?q=', http);
    const ilike = await measure(queries, async (region, q) => {
      const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      const r = await db.query(
        `SELECT id FROM matters WHERE region_code = $1 AND withdrawn_at IS NULL
           AND (name ILIKE $2 OR array_to_string(aliases, ' ') ILIKE $2) ORDER BY name LIMIT 20`,
        [region, like],
      );
      return r.rowCount ?? 0;
    });
    report('peer: PostgreSQL ILIKE name/aliases', ilike);
    console.log(
      `ratio p95 engine index / ILIKE: ${(module.p95 / ilike.p95).toFixed(2)}; ` +
        `queries with a result: index ${module.found}/${module.total}, ILIKE ${ilike.found}/${ilike.total} ` +
        `(ILIKE misses sentences, synonyms and pinyin initials)`,
    );

    const sentences = queries.filter((q) => q.kind === 'sentence' || q.kind === 'offtopic');
    const detections: number[] = [];
    for (let run = 0; run < RUNS * 4; run++) {
      for (const q of sentences) {
        const t = performance.now();
        await engine.ctx.catalog.detect(REGION_CODES[run % REGION_CODES.length]!, q.text);
        detections.push(performance.now() - t);
      }
    }
    detections.sort((a, b) => a - b);
    console.log(
      `\nmatter detection per citizen message (${detections.length} messages): p50 ${ms(percentile(detections, 50))}, ` +
        `p99 ${ms(percentile(detections, 99))}`,
    );
    console.log(
      `goal: search p95 ≤ 50 ms — engine index ${ms(module.p95)}, HTTP ${ms(http.p95)}: ` +
        `${http.p95 <= 50 ? 'met' : 'NOT met'}`,
    );
  } finally {
    await db.end();
    await engine.stop();
    await database.drop();
  }
}

/** The demo catalog's matters once each (the first region's text). */
function distinctBases(): Base[] {
  const seen = new Map<string, Base>();
  for (const row of demoCatalog()) {
    if (seen.has(row.basicCode)) continue;
    seen.set(row.basicCode, {
      name: row.name,
      aliases: row.aliases ?? [],
      summary: row.summary ?? '',
      themes: row.themes ?? [],
      category: row.category,
    });
  }
  return [...seen.values()];
}

async function fill(db: pg.Client, region: string, bases: Base[]): Promise<void> {
  const rows = Array.from({ length: PER_REGION }, (_, i) => {
    const base = bases[i % bases.length]!;
    const qualifier = QUALIFIERS[Math.floor(i / bases.length) % QUALIFIERS.length]!;
    const round = Math.floor(i / (bases.length * QUALIFIERS.length));
    return {
      name: `${base.name}${qualifier}${round ? `（${round + 1}）` : ''}`,
      base,
      code: `${region}B${String(i).padStart(6, '0')}`,
    };
  });
  await db.query(
    `INSERT INTO matters (id, region_code, code, basic_code, name, category, summary, aliases, themes)
     SELECT id, $1, code, code, name, category, summary, string_to_array(aliases, '|'), string_to_array(themes, '|')
       FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
         AS t(id, code, name, category, summary, aliases, themes)`,
    [
      region,
      rows.map(() => randomUUID()),
      rows.map((r) => r.code),
      rows.map((r) => r.name),
      rows.map((r) => r.base.category),
      rows.map((r) => r.base.summary),
      rows.map((r) => r.base.aliases.join('|')),
      rows.map((r) => r.base.themes.join('|')),
    ],
  );
  await db.query('UPDATE regions SET catalog_version = catalog_version + 1 WHERE code = $1', [region]);
}

interface Query {
  kind: 'name' | 'part' | 'alias' | 'sentence' | 'initials' | 'offtopic';
  text: string;
}

function querySet(bases: Base[]): Query[] {
  const pick = <T>(list: T[], n: number, step: number) =>
    Array.from({ length: n }, (_, i) => list[(i * step) % list.length]!);
  const names = pick(bases, 40, 7).map((b) => b.name);
  const aliases = bases.flatMap((b) => b.aliases);
  return [
    ...names.map((text) => ({ kind: 'name' as const, text })),
    ...names.map((name, i) => ({ kind: 'part' as const, text: [...name].slice(i % 2, (i % 2) + 3).join('') })),
    ...pick(aliases, 30, 5).map((text) => ({ kind: 'alias' as const, text })),
    ...names.slice(0, 30).map((name, i) => ({
      kind: 'sentence' as const,
      text: [`请问${name}需要带什么材料`, `我想办${name}，去哪里办`, `${name}要多久能办好？`][i % 3]!,
    })),
    ...names.slice(0, 20).map((name) => ({
      kind: 'initials' as const,
      text: pinyinInitials(name),
    })),
    ...['今天天气怎么样', '你叫什么名字', '附近有什么好吃的', '帮我订一张机票', '讲个笑话'].map((text) => ({
      kind: 'offtopic' as const,
      text,
    })),
  ];
}

async function measure(
  queries: Query[],
  run: (region: string, q: string) => Promise<number>,
): Promise<{ p50: number; p95: number; p99: number; found: number; total: number }> {
  const times: number[] = [];
  let found = 0;
  let total = 0;
  for (let r = 0; r < RUNS; r++) {
    for (const region of REGION_CODES) {
      for (const q of queries) {
        const t = performance.now();
        const n = await run(region, q.text);
        times.push(performance.now() - t);
        if (r === 0 && region === REGION_CODES[0]) {
          total++;
          if (n > 0) found++;
        }
      }
    }
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99), found, total };
}

function report(label: string, m: { p50: number; p95: number; p99: number; found: number; total: number }): void {
  console.log(
    label.padEnd(46),
    ms(m.p50).padStart(9),
    ms(m.p95).padStart(9),
    ms(m.p99).padStart(9),
    `  ${m.found}/${m.total}`,
  );
}

const SYNC_ROWS = Number(process.env.BENCH_SYNC_ROWS ?? 20_000);

async function catalogSync(): Promise<void> {
  const database = await scratchDatabase('cs_bench_catalog_sync', 'catalog sync');
  if (!database) return;
  const engine = await engineOn({ DATABASE_URL: database.url, SEED_DEMO: 'false', SWEEP_INTERVAL_MS: '60000' });
  const perRegion = Math.ceil(SYNC_ROWS / REGION_CODES.length);
  const standIn = await startPlatformStandIn(
    REGION_CODES.flatMap((region) => Array.from({ length: perRegion }, (_, n) => platformRecord(region, n))),
  );
  try {
    console.log(
      `\nplatform sync of ${(perRegion * REGION_CODES.length).toLocaleString('en')} records (stand-in over HTTP, pages of 200):`,
    );
    for (const pass of ['into an empty catalog', 'again, all unchanged']) {
      const source = await platformSource(
        engine.ctx,
        {
          url: standIn.url,
          token: 'stand-in-token',
          pageSize: 200,
          mapping: DEFAULT_FIELD_MAPPING,
          regions: [...REGION_CODES],
        },
        false,
      );
      const t0 = performance.now();
      const run = await runCatalog(engine.ctx, source);
      const seconds = (performance.now() - t0) / 1000;
      const r = run.report;
      console.log(
        `  ${pass}: ${run.status}, ${run.done.toLocaleString('en')} rows in ${seconds.toFixed(1)} s ` +
          `(${Math.round(run.done / seconds).toLocaleString('en')} rows/s); added ${r.added}, changed ${r.changed}, ` +
          `unchanged ${r.unchanged}, withdrawn ${r.withdrawn}, rejected ${r.rejected.length}`,
      );
    }
  } finally {
    await standIn.close();
    await engine.stop();
    await database.drop();
  }
}
