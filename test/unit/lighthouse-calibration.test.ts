// The Lighthouse gate's CPU slowdown, against the breakpoints Lighthouse's CPU throttling calculator states
// (patrickhulce/lighthouse-cpu-throttling-calculator, pages/index.js: "2000 = 6x, 1766 = 5x, 1533 = 4x,
// 1300 = 3x", "800 = 2x", "150 = 1x").
import { describe, expect, it } from 'vitest';
import { cpuSlowdownFor } from '../../scripts/lib/cpu-slowdown';

describe('cpuSlowdownFor', () => {
  it.each([
    [150, 1],
    [475, 1.5], // halfway from 150 to 800
    [800, 2],
    [1050, 2.5], // halfway from 800 to 1,300
    [1300, 3],
    [1533, 4], // 3 + 233/233
    [1766, 5], // 3 + 466/233
    [1998, 5.9957], // 3 + 698/233 = 5.99571
    [2000, 6], // 3 + 700/233 = 6.0043, held at the top named step
    [3000, 6], // extrapolation would give 10.3
    [1e6, 6],
  ])('BenchmarkIndex %d → %dx', (index, multiplier) => {
    expect(cpuSlowdownFor(index)).toBeCloseTo(multiplier, 3);
  });

  it.each([[0], [149], [-5], [Number.NaN]])('below 150 (%d) no slowdown stands for the phone: 1x', (index) => {
    expect(cpuSlowdownFor(index)).toBe(1);
  });

  it('rises with the index up to 6x, has no step at a breakpoint, and stays at 6x', () => {
    let previous = cpuSlowdownFor(150);
    for (let index = 151; index <= 2500; index += 1) {
      const value = cpuSlowdownFor(index);
      if (previous < 6) expect(value).toBeGreaterThan(previous);
      else expect(value).toBe(6); // held at the top step from 1,999 (3 + 699/233)
      expect(value - previous).toBeLessThan(0.005); // at most 1/233 per step of 1
      previous = value;
    }
  });
});
