// `npm test`: type checks, then every suite: engine (unit + integration on real PostgreSQL and
// Redis), agent-ui, citizen app, and the browser e2e. On a machine without PostgreSQL, Redis or
// Chromium, the suites fall back or skip and say so; with CI=true nothing may be skipped.
// Prints one closing line: "N passed, N failed, N skipped".
import fs from 'node:fs';
import path from 'node:path';
import { mustRun, npmBin, reachable, root, run } from './lib.mjs';

const isCI = process.env.CI === 'true';
const only = process.argv.slice(2);
const reportDir = path.join(root, '.tmp', 'test-reports');
fs.rmSync(reportDir, { recursive: true, force: true });
fs.mkdirSync(reportDir, { recursive: true });

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const pgUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const [pgOk, redisOk] = await Promise.all([reachable(pgUrl, 5432), reachable(redisUrl, 6379)]);
const fallbacks = [];
if (!pgOk) fallbacks.push(`PostgreSQL not reachable at ${pgUrl}: engine and e2e suites ran on embedded PGlite instead`);
if (!redisOk)
  fallbacks.push(
    `Redis not reachable at ${redisUrl}: SKIPPED the engine's two-node Redis-streams realtime suite; e2e ran with in-memory realtime`,
  );
if (isCI && (!pgOk || !redisOk)) {
  console.error(`✗ CI=true but ${fallbacks.join('; ')}. Start the services (.ci/run does).`);
  process.exit(1);
}
const hasChromium = fs.existsSync(chromium);
const skippedSuites = [];

await mustRun('build contracts', npmBin, ['run', 'build', '-w', 'contracts']);
await mustRun('build ivr', npmBin, ['run', 'build', '-w', 'ivr']);
if (only.length === 0) {
  await mustRun('typecheck', npmBin, ['run', 'typecheck']);
}

const suites = [
  { name: 'contracts', workspace: 'contracts' },
  { name: 'engine', workspace: 'engine' },
  { name: 'ivr', workspace: 'ivr' },
  { name: 'sipfront', workspace: 'sipfront' },
  { name: 'agent-ui', workspace: 'agent-ui' },
  { name: 'miniapp', workspace: 'miniapp' },
  { name: 'e2e', workspace: 'e2e', needsBrowser: true },
].filter((s) => only.length === 0 || only.includes(s.name));

const totals = { passed: 0, failed: 0, skipped: 0 };
const failedSuites = [];
for (const suite of suites) {
  if (suite.needsBrowser && !hasChromium) {
    if (isCI) {
      console.error(
        `✗ CI=true but Chromium is missing at ${chromium}: run .ci/run (it installs it) or apt-get install chromium.`,
      );
      process.exit(1);
    }
    skippedSuites.push(`${suite.name}: Chromium not found at ${chromium} (apt-get install chromium fonts-noto-cjk)`);
    continue;
  }
  if (suite.needsBrowser) {
    await mustRun('build apps for e2e', process.execPath, [
      path.join(root, 'scripts/build.mjs'),
      '--if-stale',
      '--h5-only',
    ]);
  }
  const report = path.join(reportDir, `${suite.name}.json`);
  const code = await run(npmBin, [
    'exec',
    '-w',
    suite.workspace,
    '--',
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
  ]);
  const counts = readCounts(report);
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  totals.skipped += counts.skipped;
  if (code !== 0 || counts.failed > 0) failedSuites.push(`${suite.name} (exit ${code})`);
}

console.log('\n──────── test summary ────────');
for (const s of skippedSuites) console.log(`SKIPPED suite ${s}`);
for (const f of fallbacks) console.log(`NOTE ${f}`);
if (failedSuites.length) console.log(`FAILED suites: ${failedSuites.join(', ')}`);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failedSuites.length > 0 ? 1 : 0);

function readCounts(file) {
  try {
    const r = JSON.parse(fs.readFileSync(file, 'utf8'));
    return {
      passed: r.numPassedTests ?? 0,
      failed: (r.numFailedTests ?? 0) + (r.numRuntimeErrorTestSuites ?? 0),
      skipped: (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0),
    };
  } catch {
    return { passed: 0, failed: 1, skipped: 0 };
  }
}
