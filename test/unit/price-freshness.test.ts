import { describe, expect, it } from 'vitest';
import { daysBetween, stalePrices } from '../../src/lib/cost/freshness';

describe('stale prices', () => {
  it.each([
    ['2026-11-22', '2026-12-02', 10],
    // 2026 is not a leap year: 28 days in February.
    ['2026-02-01', '2026-03-01', 28],
    ['2028-02-01', '2028-03-01', 29],
    ['2026-09-03', '2026-12-02', 90],
  ])('%s to %s is %i days', (from, to, days) => {
    expect(daysBetween(from, to)).toBe(days);
  });

  const price = (id: string, read: string) => ({ id, read, asOf: null, url: 'https://example.org/' });

  it('lists prices read more than 90 days ago, oldest first, and keeps the ones at exactly 90', () => {
    const prices = [price('fresh', '2026-11-22'), price('edge', '2026-09-03'), price('old', '2026-09-02'), price('older', '2026-01-15')];
    expect(stalePrices(prices, '2026-12-02').map(({ price: entry, ageDays }) => [entry.id, ageDays])).toEqual([
      ['older', 321],
      ['old', 91],
    ]);
  });
});
