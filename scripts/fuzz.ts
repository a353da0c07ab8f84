// `npm run fuzz -- [--runs N] [--seed N]`: the address fuzzer of test/unit/tools-fuzz.test.tsx at full size
// (100,000 cases per tool by default, a few minutes on two cores), for a nightly job or before a release. Prints
// the shrunk query of the first failure and exits 1; otherwise one line per tool.
import fc from 'fast-check';
import { parseArgs } from 'node:util';
import { checkCostQuery, checkMemoryQuery, costQuery, memoryQuery } from '../test/unit/support/tools-fuzz';

function wholeFlag(text: string | undefined, flag: string, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^\d{1,9}$/.test(text) || Number(text) < 1) {
    console.error(`fuzz: ${flag} must be a whole number from 1 to 999,999,999; got ${JSON.stringify(text)}`);
    process.exit(2);
  }
  return Number(text);
}

let values;
try {
  ({ values } = parseArgs({ options: { runs: { type: 'string' }, seed: { type: 'string' } }, strict: true }));
} catch (error) {
  console.error(`fuzz: ${(error as Error).message.split('\n')[0]}`);
  process.exit(2);
}
const runs = wholeFlag(values.runs, '--runs', 100_000);
const seed = wholeFlag(values.seed, '--seed', Date.now() % 1_000_000_000);

let failed = false;
for (const [tool, query, check] of [
  ['memory calculator', memoryQuery, checkMemoryQuery],
  ['cost calculator', costQuery, checkCostQuery],
] as const) {
  const started = performance.now();
  const result = fc.check(fc.property(query, check), { seed, numRuns: runs });
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  if (result.failed) {
    failed = true;
    console.log(`${tool}: FAILED after ${result.numRuns} cases (seed ${seed}, ${seconds} s)\n  ${String(result.errorInstance ?? result.counterexample)}`);
  } else {
    console.log(`${tool}: ${runs.toLocaleString('en-US')} addresses, no exception, no NaN, Infinity or negative figure (seed ${seed}, ${seconds} s)`);
  }
}
process.exit(failed ? 1 : 0);
