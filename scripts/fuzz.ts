// `npm run fuzz -- [--runs N] [--seed N]`: the address fuzzer of test/unit/tools-fuzz.test.tsx at full size
// (100,000 cases per tool by default, a few minutes on two cores), for a nightly job or before a release. Prints
// the shrunk query of the first failure and exits 1; otherwise one line per tool.
import fc from 'fast-check';
import { parseArgs } from 'node:util';
import { FieldReader } from '../src/lib/input/fields';
import { checkCostQuery, checkMemoryQuery, costQuery, memoryQuery } from '../test/unit/support/tools-fuzz';

let values;
try {
  ({ values } = parseArgs({ options: { runs: { type: 'string' }, seed: { type: 'string' } }, strict: true }));
} catch (error) {
  console.error(`fuzz: ${(error as Error).message.split('\n')[0]}`);
  process.exit(2);
}
const read = new FieldReader<'runs' | 'seed'>(values, (flag) => `--${flag}`);
const runs = read.number('runs', { min: 1, max: 999_999_999, integer: true, fallback: 100_000 });
const seed = read.number('seed', { min: 0, max: 999_999_999, integer: true, fallback: Date.now() % 1_000_000_000 });
if (runs === undefined || seed === undefined) {
  console.error(`fuzz: ${read.errors[0]!.message}`);
  process.exit(2);
}

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
