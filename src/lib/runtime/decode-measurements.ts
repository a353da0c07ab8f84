/**
 * The published decode runs (content/decode-efficiency.json) and what the calculator takes from them. Pages and the
 * command line import this; islands get the small calibration as a prop instead of the whole file.
 */
import { z } from 'zod';
import measurements from '../../../content/decode-efficiency.json';
import { parseWithFriendlyErrors } from '../content/friendly-errors';
import { median } from '../stats/median';
import { calibrate, calibrates, efficiencyOf, type DecodeMeasurement, type SpeedCalibration } from './speed';

const url = z.string().regex(/^https:\/\//);
const positive = z.number().positive();

/** One published decode run; a bad entry fails the build with its index and field named. */
export const decodeMeasurementSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/),
  runtime: z.string().min(1),
  device: z.string().min(1),
  deviceKind: z.enum(['nvidia-consumer', 'nvidia-datacenter', 'nvidia-apu', 'amd-gpu', 'amd-apu', 'apple', 'cpu']),
  gpuCount: z.number().int().nonnegative().nullable(),
  split: z.enum(['layer', 'row']).nullable(),
  offload: z.string().min(1).nullable(),
  model: z.string().min(1),
  moe: z.boolean(),
  bytesReadPerToken: positive,
  bytesReadSource: z.string().min(1),
  bandwidthBytesPerSecond: positive,
  bandwidthSource: url,
  measuredTokensPerSecond: positive,
  url,
  as: z.string().min(1),
  read: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  notes: z.string().optional(),
}) satisfies z.ZodType<DecodeMeasurement>;

export const DECODE_MEASUREMENTS: readonly DecodeMeasurement[] = (measurements as unknown[]).map((entry, index) =>
  parseWithFriendlyErrors(decodeMeasurementSchema, entry, `content/decode-efficiency.json[${index}]`),
);

export const DECODE_CALIBRATION: SpeedCalibration = calibrate(DECODE_MEASUREMENTS);

/** The share of the bound the cost calculator assumes: the median of every calibrating run. */
export function medianEfficiency(records: readonly DecodeMeasurement[] = DECODE_MEASUREMENTS): number {
  const shares = records.filter(calibrates).map(efficiencyOf);
  if (shares.length === 0) throw new Error('No calibrating decode measurements');
  return median(shares);
}
