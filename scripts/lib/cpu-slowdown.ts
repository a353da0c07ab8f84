// The CPU slowdown Lighthouse's performance runs use on this machine (see lighthouse.ts).

/**
 * The CPU slowdown that makes a host with this BenchmarkIndex stand for Lighthouse's target phone, by the
 * breakpoints of Lighthouse's calculator (https://lighthouse-cpu-throttling-calculator.vercel.app/, source
 * patrickhulce/lighthouse-cpu-throttling-calculator, pages/index.js, read 2026-12-02): 1x at 150, 2x at 800, 3x at
 * 1,300, then one more step per 233 (4x at 1,533, 6x at 2,000), straight lines between them. So a fast host is
 * slowed more than the default, and a slow one less. Under 150 no slowdown can stand for the phone: 1x, and the
 * scores are this machine's own.
 *
 * Above 2,000 it stays at 6x, the highest step the calculator names. Past it the calculator only extrapolates, and
 * its own confidence range grows as fast as the excess (at 3,000 it spans 6.7x to 14x). BenchmarkIndex is a small
 * JavaScript loop; page work (style, layout, parse) did not scale with it here: on a host measuring 2,600-3,200 the
 * cost page's blocking time at 9.7x was 566 ms, four times its 134 ms at 6x, where a linear host would show 1.6.
 */
/** The calculator's top named step: "2000 = 6x". */
export const MAX_CPU_SLOWDOWN = 6;

export function cpuSlowdownFor(benchmarkIndex: number): number {
  // The pieces meet at each breakpoint (1x at 150, 2x at 800, 3x at 1,300), so which side takes the breakpoint
  // itself cannot change the answer.
  // Stryker disable next-line EqualityOperator: equal at the breakpoint
  if (!(benchmarkIndex >= 150)) return 1;
  // Stryker disable next-line EqualityOperator: equal at the breakpoint
  if (benchmarkIndex < 800) return 1 + (benchmarkIndex - 150) / 650;
  // Stryker disable next-line EqualityOperator: equal at the breakpoint
  if (benchmarkIndex < 1300) return 2 + (benchmarkIndex - 800) / 500;
  return Math.min(MAX_CPU_SLOWDOWN, 3 + (benchmarkIndex - 1300) / 233);
}
