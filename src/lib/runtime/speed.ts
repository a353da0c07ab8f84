/**
 * Expected decode speed: the bandwidth bound scaled by the shares of it that published runs of the same kind
 * reached (content/decode-efficiency.json). Runs are grouped by what the calculator knows of a setup: dense or
 * mixture-of-experts, and for dense models how many bytes a token reads (small models lose more of the bound to
 * fixed per-token work). Only llama.cpp runs with every layer on the GPUs and the default layer split calibrate a
 * range; offloaded and tensor-split runs are shown beside the bound, not turned into one.
 */
import { median } from '../stats/median';
import type { MemoryInput } from '../memory/estimate';
import type { Placed } from '../memory/placement';
import type { RuntimeId } from './runtime';

export interface DecodeMeasurement {
  id: string;
  runtime: string;
  device: string;
  deviceKind: string;
  /** 0 for a CPU run; null where the source does not say (a layer split's bound does not depend on it). */
  gpuCount: number | null;
  /** llama.cpp's --split-mode when more than one GPU ran ('row' is its tensor split). */
  split: 'layer' | 'row' | null;
  /** How part of the model stayed in system RAM, or null when all of it was on the accelerator. */
  offload: string | null;
  model: string;
  moe: boolean;
  bytesReadPerToken: number;
  bytesReadSource: string;
  bandwidthBytesPerSecond: number;
  bandwidthSource: string;
  measuredTokensPerSecond: number;
  url: string;
  as: string;
  read: string;
  notes?: string;
}

/**
 * The bound a run is compared with: its bytes per token over one device's bandwidth. A layer split reads its
 * layers one GPU after another, so one GPU's bandwidth; a row (tensor) split reads on all GPUs at once.
 */
export function boundOf(record: DecodeMeasurement): number {
  const devices = record.split === 'row' ? (record.gpuCount ?? 1) : 1;
  return (record.bandwidthBytesPerSecond * devices) / record.bytesReadPerToken;
}

/** The share of its bound a run reached. */
export function efficiencyOf(record: DecodeMeasurement): number {
  return record.measuredTokensPerSecond / boundOf(record);
}

export type SpeedClass = 'dense-small' | 'dense-mid' | 'dense-large' | 'moe';

/** Dense models below this many bytes read per token are "small", up to the next "mid", beyond "large". */
export const SPEED_CLASS_BYTES = { small: 2e9, mid: 4e9 } as const;

export const SPEED_CLASS_LABELS: Record<SpeedClass, string> = {
  'dense-small': 'dense models reading under 2 GB per token',
  'dense-mid': 'dense models reading 2–4 GB per token',
  'dense-large': 'dense models reading 4 GB or more per token',
  moe: 'mixture-of-experts models',
};

export function speedClassOf(moe: boolean, bytesReadPerToken: number): SpeedClass {
  if (moe) return 'moe';
  if (bytesReadPerToken < SPEED_CLASS_BYTES.small) return 'dense-small';
  return bytesReadPerToken < SPEED_CLASS_BYTES.mid ? 'dense-mid' : 'dense-large';
}

/** Runs that calibrate a range: llama.cpp, all layers on one or more GPUs, layer split. */
export function calibrates(record: DecodeMeasurement): boolean {
  return record.runtime === 'llama.cpp' && record.offload === null && record.split !== 'row' && record.gpuCount !== 0;
}

export interface ClassRange {
  low: number;
  high: number;
  median: number;
  count: number;
}

function rangeOf(shares: readonly number[]): ClassRange | null {
  if (shares.length === 0) return null;
  return { low: Math.min(...shares), high: Math.max(...shares), median: median(shares), count: shares.length };
}

/** The lowest, median and highest share of the bound that calibrating runs of a class reached. */
export function classRange(speedClass: SpeedClass, records: readonly DecodeMeasurement[]): ClassRange | null {
  return rangeOf(records.filter((record) => calibrates(record) && speedClassOf(record.moe, record.bytesReadPerToken) === speedClass).map(efficiencyOf));
}

/**
 * What the decode estimate needs from the published runs, small enough to hand an island as a prop: the range of
 * each class, and the spread of the runs that set no range (offloaded, tensor-split, vLLM single requests).
 */
export interface SpeedCalibration {
  classes: Partial<Record<SpeedClass, ClassRange>>;
  offload: ClassRange | null;
  tensorSplit: Partial<Record<RuntimeId, ClassRange>>;
  vllmSingle: ClassRange | null;
}

export function calibrate(records: readonly DecodeMeasurement[]): SpeedCalibration {
  const classes: SpeedCalibration['classes'] = {};
  for (const speedClass of Object.keys(SPEED_CLASS_LABELS) as SpeedClass[]) {
    const range = classRange(speedClass, records);
    if (range) classes[speedClass] = range;
  }
  const tensorSplit: SpeedCalibration['tensorSplit'] = {};
  for (const runtime of ['llama.cpp', 'vllm'] as const) {
    const range = rangeOf(records.filter((record) => record.split === 'row' && record.runtime === runtime).map(efficiencyOf));
    if (range) tensorSplit[runtime] = range;
  }
  return {
    classes,
    offload: rangeOf(records.filter((record) => record.offload !== null && record.gpuCount !== 0).map(efficiencyOf)),
    tensorSplit,
    vllmSingle: rangeOf(records.filter((record) => record.runtime === 'vllm' && record.offload === null && (record.gpuCount ?? 1) === 1).map(efficiencyOf)),
  };
}

/** What the calculator knows of a setup when it estimates speed. */
export interface SpeedSetting {
  runtime: RuntimeId;
  split: 'layer' | 'tensor';
  gpuCount: number;
  moe: boolean;
  /** Weight bytes a token reads (the input embedding is a lookup, not a read). */
  weightsReadPerTokenBytes: number;
  /** Bytes a step reads from system RAM. */
  bytesReadFromRam: number;
}

export interface DecodeRange {
  /** Null where no published runs of the kind set a range: the bound is all there is. */
  low: number | null;
  high: number | null;
  /** What the range rests on, or why there is none, in words. */
  basis: string;
  measurements: number;
}

const percent = (share: number) => `${Math.round(share * 100)}%`;

const spread = (range: ClassRange) => (range.count === 1 ? percent(range.low) : `${percent(range.low)}–${percent(range.high)}`);

/** The decode range for a setup whose bound is `bound` tokens/s, or the bound alone with the reason. */
export function decodeRange(bound: number, setting: SpeedSetting, calibration: SpeedCalibration): DecodeRange {
  const alone = (basis: string, count = 0): DecodeRange => ({ low: null, high: null, basis, measurements: count });
  if (setting.bytesReadFromRam > 0) {
    const { offload } = calibration;
    return alone(
      offload
        ? `part of the model is read from system RAM, whose speed varies with the CPU and memory; ${offload.count} published offloaded llama.cpp runs reached ${spread(offload)} of their all-GPU bounds, too varied for a range`
        : 'part of the model is read from system RAM, and no published offloaded runs are collected here, so this is a bound only',
      offload?.count ?? 0,
    );
  }
  if (setting.runtime === 'transformers') return alone('no published single-request Transformers runs are collected here, so this is a bound only');
  if (setting.gpuCount > 1 && setting.split === 'tensor') {
    const kind = setting.runtime === 'vllm' ? 'vLLM' : 'llama.cpp';
    const tensor = calibration.tensorSplit[setting.runtime];
    return alone(
      tensor
        ? `${kind}'s tensor split: ${tensor.count} published runs reached ${spread(tensor)} of this bound, too few and too far apart for a range`
        : `no published single-request ${kind} tensor-parallel runs are collected here, so this is a bound only`,
      tensor?.count ?? 0,
    );
  }
  const speedClass = speedClassOf(setting.moe, setting.weightsReadPerTokenBytes);
  const range = calibration.classes[speedClass];
  if (!range) return alone(`no published runs of ${SPEED_CLASS_LABELS[speedClass]} are collected here, so this is a bound only`);
  let basis = `${percent(range.low)}–${percent(range.high)} of the bound, the range ${range.count} published llama.cpp runs of ${SPEED_CLASS_LABELS[speedClass]} reached`;
  if (setting.runtime === 'vllm') {
    const vllm = calibration.vllmSingle;
    basis += vllm ? ` (a stand-in for vLLM, whose ${vllm.count} published single-request run${vllm.count > 1 ? 's' : ''} reached ${spread(vllm)})` : ' (a stand-in for vLLM)';
  }
  return { low: bound * range.low, high: bound * range.high, basis, measurements: range.count };
}

/** The decode range for a placed setup that fits and decodes; undefined for training or a setup that does not fit. */
export function decodeForPlacement(input: MemoryInput, placed: Placed, calibration: SpeedCalibration): DecodeRange | undefined {
  if (input.mode !== 'inference' || !placed.placement.fits || !placed.speed) return undefined;
  return decodeRange(
    placed.speed.decodeTokensPerSecondUpperBound,
    {
      runtime: placed.breakdown.runtime,
      split: placed.placement.split,
      gpuCount: placed.placement.gpuCount,
      moe: input.architecture.layerKinds.some((kind) => kind.mlp?.kind === 'moe'),
      weightsReadPerTokenBytes: placed.breakdown.weightsReadPerTokenBytes,
      bytesReadFromRam: placed.speed.bytesReadFromRam,
    },
    calibration,
  );
}
