/**
 * One published measurement against the engine: the same model, runtime and settings, the engine's figure for the
 * measured quantity, and whether it lands within the check's tolerance (sizes) or the calculator's decode range
 * (speed, with the measurement itself left out of the range it is checked against).
 */
import type { ModelArchitecture } from '../architecture/types';
import { DEFAULT_MEMORY_SETTINGS } from '../memory/defaults';
import { estimateMemory, runtimeSettings, type MemoryInput } from '../memory/estimate';
import { maxContextThatFits, place, type GpuSpec } from '../memory/placement';
import { DECODE_CALIBRATION, DECODE_MEASUREMENTS } from '../runtime/decode-measurements';
import { calibrate, decodeForPlacement } from '../runtime/speed';
import type { GpuRef, ValidationCheck } from './checks';

export interface CheckContext {
  architectureOf(model: string): ModelArchitecture | undefined;
  gpuOf(id: string): GpuSpec | undefined;
}

export interface CheckResult {
  check: ValidationCheck;
  /** The engine's figure: a size, a count of tokens, or for speed the middle of its range (or its bound). */
  estimated: number;
  /** Speed only: the range the other runs give (the run itself left out), or null where there is a bound alone. */
  range: { low: number; high: number } | null;
  /** Speed only: the range the calculator shows, every run included. */
  statedRange: { low: number; high: number } | null;
  /** estimated / measured. */
  ratio: number;
  /** Within tolerance, or for speed inside the range held out from the run. */
  within: boolean;
  /** Within tolerance, or for speed inside the range the calculator shows. */
  withinStated: boolean;
}

function gpuSpec(ref: GpuRef, context: CheckContext, checkId: string): GpuSpec {
  if (typeof ref !== 'string') {
    const id = ref.name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    return { id, name: ref.name, kind: 'consumer', memoryBytes: ref.memoryBytes, usableMemoryFraction: ref.usableMemoryFraction, memoryBandwidthBytesPerSecond: ref.memoryBandwidthBytesPerSecond };
  }
  const gpu = context.gpuOf(ref);
  if (!gpu) throw new Error(`validation check ${checkId}: unknown GPU ${ref}`);
  return gpu;
}

/** The engine input a check describes: the calculator's defaults, then the check's settings. */
export function checkInput(check: ValidationCheck, architecture: ModelArchitecture): MemoryInput {
  const { split, ubatch, gpuMemoryUtilization, maxBatchedTokens, gpuLayers, cpuMoe, cpuMoeLayers, gpuCount, flashAttention, ...rest } = check.setting;
  const runtime = runtimeSettings(check.runtime, {
    ...(split && { split }),
    ...(ubatch && { ubatch }),
    ...(gpuMemoryUtilization && { gpuMemoryUtilization }),
    ...(maxBatchedTokens && { maxBatchedTokens }),
    ...(gpuLayers !== undefined && { gpuLayers }),
    ...(cpuMoe !== undefined && { cpuMoe }),
    ...(cpuMoeLayers !== undefined && { cpuMoeLayers }),
    ...(flashAttention !== undefined && { flashAttention }),
  });
  return { ...DEFAULT_MEMORY_SETTINGS, architecture, ...rest, runtime, gpuCount: gpuCount ?? 1 };
}

export function evaluateCheck(check: ValidationCheck, context: CheckContext): CheckResult {
  const architecture = context.architectureOf(check.model);
  if (!architecture) throw new Error(`validation check ${check.id}: unknown model ${check.model}`);
  const input = checkInput(check, architecture);
  const gpuCount = input.gpuCount;
  const gpu = check.gpu === undefined ? undefined : gpuSpec(check.gpu, context, check.id);
  const needGpu = (): GpuSpec => {
    if (!gpu) throw new Error(`validation check ${check.id}: ${check.quantity} needs a GPU`);
    return gpu;
  };
  const result = (estimated: number, range: CheckResult['range'] = null, within?: boolean, stated?: { range: CheckResult['range']; within: boolean }): CheckResult => {
    const inside = within ?? Math.abs(estimated / check.measured - 1) <= check.tolerance;
    return { check, estimated, range, statedRange: stated?.range ?? range, ratio: estimated / check.measured, within: inside, withinStated: stated?.within ?? inside };
  };

  switch (check.quantity) {
    case 'weightsBytes':
    case 'kvCacheBytes':
    case 'stateBytes':
    case 'activationsBytes': {
      const breakdown = gpu ? place(input, gpu, gpuCount).breakdown : estimateMemory(input);
      return result(breakdown[check.quantity]);
    }
    case 'weightsBytesPerGpu': {
      const breakdown = estimateMemory(input);
      return result(Math.ceil(breakdown.weightsBytes / gpuCount));
    }
    case 'kvCacheBytesPerGpu':
      return result(place(input, needGpu(), gpuCount).placement.kvCacheBytesPerGpu);
    case 'kvPoolBytesPerGpu':
    case 'kvPoolTokens': {
      const placed = place(input, needGpu(), gpuCount);
      const pool = placed.placement.kvPoolBytesPerGpu;
      if (pool === null) throw new Error(`validation check ${check.id}: ${check.quantity} applies to vLLM only`);
      if (check.quantity === 'kvPoolBytesPerGpu') return result(pool);
      // Tokens the pool holds: its bytes over one token's cache on one GPU.
      const perToken = placed.breakdown.detail.kvPerGpu / (input.contextTokens * input.batch);
      return result(Math.floor(pool / perToken));
    }
    case 'trainingPeakBytes':
      return result(place(input, needGpu(), gpuCount).placement.bytesPerGpu);
    case 'maxContextTokens':
      return result(maxContextThatFits(input, needGpu(), gpuCount, architecture.contextLength));
    case 'decodeTokensPerSecond': {
      const placed = place(input, needGpu(), gpuCount);
      const heldOut = check.calibrationId ? DECODE_MEASUREMENTS.filter((record) => record.id !== check.calibrationId) : DECODE_MEASUREMENTS;
      const decode = decodeForPlacement(input, placed, calibrate(heldOut));
      const shown = decodeForPlacement(input, placed, DECODE_CALIBRATION);
      if (!decode || !shown || !placed.speed) throw new Error(`validation check ${check.id}: the setup does not fit, so the calculator gives no speed`);
      const bound = placed.speed.decodeTokensPerSecondUpperBound;
      const rangeOf = (range: typeof decode) => (range.low === null || range.high === null ? null : { low: range.low, high: range.high });
      const inside = (range: { low: number; high: number } | null) => (range ? check.measured >= range.low && check.measured <= range.high : check.measured <= bound);
      const held = rangeOf(decode);
      const stated = rangeOf(shown);
      return result(held ? (held.low + held.high) / 2 : bound, held, inside(held), { range: stated, within: inside(stated) });
    }
  }
}

export interface ValidationSummary {
  total: number;
  within: number;
  withinStated: number;
  byKind: Partial<Record<ValidationCheck['kind'], { total: number; within: number }>>;
}

export function summarizeResults(results: readonly CheckResult[]): ValidationSummary {
  const byKind: ValidationSummary['byKind'] = {};
  for (const { check, within } of results) {
    const part = (byKind[check.kind] ??= { total: 0, within: 0 });
    part.total += 1;
    if (within) part.within += 1;
  }
  return { total: results.length, within: results.filter((result) => result.within).length, withinStated: results.filter((result) => result.withinStated).length, byKind };
}
