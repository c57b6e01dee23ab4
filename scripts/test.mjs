// `npm test`: type checks, then every suite: engine (unit + integration on real PostgreSQL and
// Redis), agent-ui, citizen app, and the browser e2e. On a machine without PostgreSQL, Redis or
// Chromium, the suites fall back or skip and say so; with CI=true nothing may be skipped.
// Prints one closing line: "N passed, N failed, N skipped".
import fs from 'node:fs';
import path from 'node:path';
import { mustRun, npmBin, root, run } from './lib.mjs';

const isCI = process.env.CI === 'true';
const only = process.argv.slice(2);
const reportDir = path.join(root, '.tmp', 'test-reports');
fs.rmSync(reportDir, { recursive: true, force: true });
fs.mkdirSync(reportDir, { recursive: true });

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = fs.existsSync(chromium);
const skippedSuites = [];

await mustRun('build contracts', npmBin, ['run', 'build', '-w', 'contracts']);
if (only.length === 0) {
  await mustRun('typecheck', npmBin, ['run', 'typecheck']);
}

const suites = [
  { name: 'contracts', workspace: 'contracts' },
  { name: 'engine', workspace: 'engine' },
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
