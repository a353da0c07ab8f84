/**
 * The published decode runs (content/decode-efficiency.json) and what the calculator takes from them. Pages and the
 * command line import this; islands get the small calibration as a prop instead of the whole file.
 */
import measurements from '../../../content/decode-efficiency.json';
import { median } from '../stats/median';
import { calibrate, calibrates, efficiencyOf, type DecodeMeasurement, type SpeedCalibration } from './speed';

export const DECODE_MEASUREMENTS: readonly DecodeMeasurement[] = measurements as DecodeMeasurement[];

export const DECODE_CALIBRATION: SpeedCalibration = calibrate(DECODE_MEASUREMENTS);

/** The share of the bound the cost calculator assumes: the median of every calibrating run. */
export function medianEfficiency(records: readonly DecodeMeasurement[] = DECODE_MEASUREMENTS): number {
  const shares = records.filter(calibrates).map(efficiencyOf);
  if (shares.length === 0) throw new Error('No calibrating decode measurements');
  return median(shares);
}
