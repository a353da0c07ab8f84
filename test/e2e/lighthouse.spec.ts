// Lighthouse gate: the pages readers land on score at least 0.95 in every category on Lighthouse's mobile profile,
// its CPU slowdown calibrated to this machine (scripts/lib/lighthouse.ts).
// Runs in its own Playwright project after every other browser test, so the rest of the suite does not share the
// CPU with it (see playwright.config.ts).
import { auditPages, CATEGORIES, LIGHTHOUSE_GATE, LIGHTHOUSE_PAGES } from '../../scripts/lib/lighthouse';
import { expect, test } from './support/site';

test.describe.configure({ mode: 'serial', timeout: 300_000 });

for (const path of LIGHTHOUSE_PAGES) {
  test(`Lighthouse scores /${path} at least ${LIGHTHOUSE_GATE} in every category`, async ({ baseURL }) => {
    const [audit] = await auditPages([new URL(path, baseURL).href], process.env.CHROME_PATH ?? '/usr/bin/chromium');
    const below = CATEGORIES.filter((id) => audit!.scores[id] < LIGHTHOUSE_GATE).map(
      (id) =>
        `${id} ${audit!.scores[id]} (median of ${audit!.runs} runs at ${audit!.cpuSlowdownMultiplier}x CPU slowdown for BenchmarkIndex ${Math.round(audit!.benchmarkIndex)}; costing points: ${audit!.failing.join(', ')})`,
    );
    // Printed on success too, so a loaded run shows how close each page came.
    console.log(
      `/${path}: ${CATEGORIES.map((id) => audit!.scores[id].toFixed(2)).join(' / ')}, median of ${audit!.runs} at ${audit!.cpuSlowdownMultiplier}x for BenchmarkIndex ${Math.round(audit!.benchmarkIndex)}, TBT ${Math.round(audit!.totalBlockingTimeMs)} ms`,
    );
    expect(below).toEqual([]);
  });
}
