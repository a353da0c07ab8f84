// `npm run test:mutation`: StrykerJS over src/lib (see stryker.config.mjs), then the mutation score of each folder
// and one closing line `mutation score: N%`. Extra arguments go to Stryker, e.g. `-- --mutate 'src/lib/format/**'`
// to try one folder, or `-- --incremental` to re-test only what changed since the last run.
// The score counts killed and timed-out mutants against every mutant that could run (survivors and uncovered ones
// included); mutants that do not compile or crash the runner are left out, as Stryker does.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const REPORT = 'test-results/mutation/mutation.json';
/** The folders whose score the project holds to at least 85%. */
export const GATED = ['memory', 'cost', 'format'];
export const GOAL_PERCENT = 85;

/** Per-folder counts from a mutation-testing-report-schema JSON report. */
export function scoresByFolder(report) {
  const folders = new Map();
  for (const [path, file] of Object.entries(report.files)) {
    const folder = /^src\/lib\/([^/]+)\//.exec(path)?.[1] ?? path;
    const counts = folders.get(folder) ?? { detected: 0, undetected: 0 };
    for (const mutant of file.mutants) {
      if (mutant.status === 'Killed' || mutant.status === 'Timeout') counts.detected += 1;
      else if (mutant.status === 'Survived' || mutant.status === 'NoCoverage') counts.undetected += 1;
    }
    folders.set(folder, counts);
  }
  return folders;
}

export function percent({ detected, undetected }) {
  const total = detected + undetected;
  return total === 0 ? 100 : (100 * detected) / total;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = Date.now();
  const run = spawnSync('npx', ['stryker', 'run', ...process.argv.slice(2)], { stdio: 'inherit' });
  if (run.status !== 0) {
    console.error('test:mutation: Stryker did not finish');
    process.exit(1);
  }
  const folders = scoresByFolder(JSON.parse(readFileSync(REPORT, 'utf8')));
  const all = { detected: 0, undetected: 0 };
  console.log('\nMutation score by folder of src/lib (killed or timed out / all that ran):');
  for (const [folder, counts] of [...folders].sort()) {
    all.detected += counts.detected;
    all.undetected += counts.undetected;
    const gate = GATED.includes(folder) ? (percent(counts) >= GOAL_PERCENT ? `  (goal ${GOAL_PERCENT}%: met)` : `  (goal ${GOAL_PERCENT}%: NOT met)`) : '';
    console.log(`  ${folder.padEnd(10)} ${percent(counts).toFixed(1).padStart(5)}%  ${counts.detected} of ${counts.detected + counts.undetected}${gate}`);
  }
  console.log(`Took ${Math.round((Date.now() - started) / 60000)} minutes.`);
  console.log(`mutation score: ${percent(all).toFixed(1)}%`);
  const missed = GATED.filter((folder) => folders.has(folder) && percent(folders.get(folder)) < GOAL_PERCENT);
  process.exit(missed.length ? 1 : 0);
}
