// Seeded fuzzing of the tools' page addresses (see support/tools-fuzz.tsx); `npm run fuzz` runs the same checks
// on 100,000 or more cases. A failure prints the shrunk query that broke a check.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkCostQuery, checkMemoryQuery, costCatalog, costQuery, memoryQuery } from './support/tools-fuzz';
import { costFieldsArbitrary } from './support/arbitraries';
import { WEIGHT_PRECISIONS } from '../../src/lib/memory/precisions';

const RUNS = 1000;
// A thousand full answers each: sized to the work on a busy two-core machine, not to a quiet one.
const WORK_TIMEOUT_MS = 120_000;

describe('any address a link can carry', () => {
  it('the memory calculator answers or names the bad field: never an exception, NaN, Infinity or a negative figure', () => {
    fc.assert(fc.property(memoryQuery, checkMemoryQuery), { seed: 20261202, numRuns: RUNS });
  }, WORK_TIMEOUT_MS);

  it('the cost calculator too', () => {
    fc.assert(fc.property(costQuery, checkCostQuery), { seed: 20261202, numRuns: RUNS });
  }, WORK_TIMEOUT_MS);

  // The addresses that broke the cost page before its ranges were tightened (issue 20), kept as fixed cases.
  it.each(['requests=1e-320', 'requests=1e-300', 'requests=5e-324&output=1', 'api1-in=1e-320&api1-out=1e-320', 'tps=0.01&requests=10000000000&input=10000000'])('?%s', (query) => {
    expect(() => checkCostQuery(query)).not.toThrow();
  });
});

describe('the bench samples what the property tests do', () => {
  it('10,000 seeded cost questions are 10,000 different ones (the old generator cycled after about 1,000)', () => {
    const sampled = fc.sample(costFieldsArbitrary(costCatalog, Object.keys(WEIGHT_PRECISIONS)), { seed: 7, numRuns: 10_000 });
    expect(new Set(sampled.map((fields) => JSON.stringify(fields))).size).toBe(10_000);
  });
});
