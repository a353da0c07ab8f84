// `npm test`: unit tests (vitest), then a production build, then browser tests (Playwright in Debian's Chromium)
// against that build served on loopback. Ends with one line "N passed, N failed" summing both suites, which is
// what CI reads. Flags: --unit-only, --e2e-only, --skip-build (reuse dist/), anything else goes to Playwright.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { findChromium } from './lib/chromium.mjs';
import { freePort } from './lib/free-port.mjs';

const args = process.argv.slice(2);
const unitOnly = args.includes('--unit-only');
const e2eOnly = args.includes('--e2e-only');
const skipBuild = args.includes('--skip-build');
const playwrightArgs = args.filter((arg) => !['--unit-only', '--e2e-only', '--skip-build'].includes(arg));

const env = { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' };
const totals = { passed: 0, failed: 0, skipped: 0 };
const problems = [];

function run(command, commandArgs) {
  const result = spawnSync(command, commandArgs, { stdio: 'inherit', env });
  return result.status ?? 1;
}

/** Playwright tests that were skipped without a skip or fixme annotation, i.e. never run. */
function skippedWithoutReason(report) {
  let count = 0;
  const visit = (suite) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        const skipped = test.status === 'skipped' || (test.results ?? []).every((result) => result.status === 'skipped');
        const onPurpose = (test.annotations ?? []).some((annotation) => annotation.type === 'skip' || annotation.type === 'fixme');
        if (skipped && !onPurpose) count += 1;
      }
    }
    for (const child of suite.suites ?? []) visit(child);
  };
  for (const suite of report.suites ?? []) visit(suite);
  return count;
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

mkdirSync('test-results', { recursive: true });

if (!e2eOnly) {
  const report = 'test-results/vitest.json';
  rmSync(report, { force: true });
  const status = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${report}`]);
  const json = readJson(report);
  if (json) {
    totals.passed += json.numPassedTests;
    totals.failed += json.numFailedTests;
    totals.skipped += json.numPendingTests + json.numTodoTests;
  }
  if (!json || (status !== 0 && json.numFailedTests === 0)) problems.push('vitest did not finish');
}

if (!unitOnly) {
  const chromium = findChromium();
  if (!chromium.path) {
    problems.push(chromium.message);
  } else {
    env.CHROME_PATH = chromium.path;
    env.TEST_PORT ??= String(await freePort());
    const built = skipBuild && existsSync('dist/index.html') ? 0 : run('npx', ['astro', 'build']);
    if (built !== 0) {
      problems.push('the site did not build');
    } else {
      const report = 'test-results/playwright.json';
      rmSync(report, { force: true });
      env.PLAYWRIGHT_JSON_OUTPUT_NAME = report;
      const status = run('npx', ['playwright', 'test', '--reporter=list,json', ...playwrightArgs]);
      const json = readJson(report);
      if (json?.stats) {
        totals.passed += json.stats.expected + json.stats.flaky;
        totals.failed += json.stats.unexpected;
        // A test skipped on purpose says so (test.skip or test.fixme leave an annotation). One that did not run
        // because something before it failed (the Lighthouse project waits on the site project) is a failure.
        const notRun = skippedWithoutReason(json);
        totals.failed += notRun;
        totals.skipped += json.stats.skipped - notRun;
        if (notRun) console.error(`test: ${notRun} browser test(s) did not run because an earlier one failed; counted as failed`);
      }
      if (!json?.stats || (status !== 0 && json.stats.unexpected === 0)) problems.push('playwright did not finish');
    }
  }
}

for (const problem of problems) console.error(`test: ${problem}`);
// A suite that could not run counts as one failure, so a broken step can never look green.
totals.failed += problems.length;
const skipped = totals.skipped ? `, ${totals.skipped} skipped` : '';
console.log(`${totals.passed} passed, ${totals.failed} failed${skipped}`);
process.exit(totals.failed === 0 ? 0 : 1);
