// The CPU slowdown Lighthouse's performance runs use on this machine (see lighthouse.ts).

/**
 * The CPU slowdown that makes a host with this BenchmarkIndex stand for Lighthouse's target phone, by the
 * breakpoints of Lighthouse's calculator (https://lighthouse-cpu-throttling-calculator.vercel.app/, source
 * patrickhulce/lighthouse-cpu-throttling-calculator, pages/index.js, read 2026-12-02): 1x at 150, 2x at 800, 3x at
 * 1,300, then one more step per 233 (4x at 1,533, 6x at 2,000), straight lines between them. So a fast host is
 * slowed more than the default, and a slow one less. Under 150 no slowdown can stand for the phone: 1x, and the
 * scores are this machine's own.
 */
export function cpuSlowdownFor(benchmarkIndex: number): number {
  if (!(benchmarkIndex >= 150)) return 1;
  if (benchmarkIndex < 800) return 1 + (benchmarkIndex - 150) / 650;
  if (benchmarkIndex < 1300) return 2 + (benchmarkIndex - 800) / 500;
  return 3 + (benchmarkIndex - 1300) / 233;
}
