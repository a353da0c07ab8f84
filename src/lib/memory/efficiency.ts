/** What share of the bandwidth bound real decoders reach, summarised from published llama.cpp measurements. */
import measurements from '../../../content/decode-efficiency.json';

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

export function summarizeEfficiency(list: readonly EfficiencyMeasurement[] = DECODE_EFFICIENCY): EfficiencySummary {
  if (list.length === 0) throw new Error('No efficiency measurements to summarise');
  const sorted = list.map((entry) => entry.efficiency).sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { min: sorted[0]!, median, max: sorted[sorted.length - 1]!, count: sorted.length };
}
