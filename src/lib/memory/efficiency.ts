/** What share of the bandwidth bound real decoders reach, summarised from published llama.cpp measurements. */
import measurements from '../../../content/decode-efficiency.json';
import { median } from '../stats/median';

export interface EfficiencyMeasurement {
  gpu: string;
  modelFile: string;
  efficiency: number;
  measuredTokensPerSecond: number;
  url: string;
}

export const DECODE_EFFICIENCY: readonly EfficiencyMeasurement[] = measurements;

export interface EfficiencySummary {
  min: number;
  median: number;
  max: number;
  count: number;
}

/** The decode speed real engines reach for a bandwidth bound: the bound scaled by the lowest and highest shares measured. */
export function expectedDecodeRange(boundTokensPerSecond: number, summary: EfficiencySummary): { low: number; high: number } {
  return { low: boundTokensPerSecond * summary.min, high: boundTokensPerSecond * summary.max };
}

export function summarizeEfficiency(list: readonly EfficiencyMeasurement[] = DECODE_EFFICIENCY): EfficiencySummary {
  if (list.length === 0) throw new Error('No efficiency measurements to summarise');
  const shares = list.map((entry) => entry.efficiency);
  return { min: Math.min(...shares), median: median(shares), max: Math.max(...shares), count: shares.length };
}
