/**
 * What one self-hosted replica of a catalog model can serve, from the memory engine: how many GPUs hold it with
 * the chosen number of concurrent sequences, and the decode and prefill bounds scaled by the share of the bound
 * real engines reach (the median of published llama.cpp measurements).
 */
import { estimateForModel, type EstimableModel } from '../memory/for-model';
import { gpusNeeded, speedBounds, type GpuSpec } from '../memory/placement';
import type { WeightPrecisionId } from '../memory/precisions';

/**
 * The most GPUs one replica may span: tensor parallelism normally stays inside one server, and common servers
 * hold eight GPUs. Larger models need pipeline parallelism across servers, which this calculator does not price.
 */
export const MAX_GPUS_PER_REPLICA = 8;

export interface CapacityInput {
  model: EstimableModel;
  weightPrecision: WeightPrecisionId;
  gpu: GpuSpec;
  /** Tokens each sequence holds at its longest: the request's input plus output. */
  contextTokens: number;
  concurrentSequences: number;
  /** Share of the bandwidth and compute bounds actually reached, 0 to 1. */
  efficiency: number;
}

export interface ReplicaCapacity {
  /** null when more than MAX_GPUS_PER_REPLICA of the chosen GPUs would be needed. */
  gpusPerReplica: number | null;
  /** GPUs the model would need, even beyond the per-replica limit (null: not even the memory engine's maximum). */
  gpusNeeded: number | null;
  outputTokensPerSecond: number;
  inputTokensPerSecond: number;
  /** The bounds before the efficiency factor, for "show the math". */
  decodeBoundTokensPerSecond: number;
  /** null when the GPU has no published compute figure: prompt reading is then not counted against capacity. */
  prefillBoundTokensPerSecond: number | null;
}

export function replicaCapacity(input: CapacityInput): ReplicaCapacity {
  const estimateAt = (contextTokens: number) =>
    estimateForModel(input.model, { weightPrecision: input.weightPrecision, contextTokens, batch: input.concurrentSequences });
  // Memory must hold every sequence at its longest; decoding reads each cache at its average length, about half.
  const gpus = gpusNeeded(estimateAt(input.contextTokens), input.gpu);
  if (gpus === null || gpus > MAX_GPUS_PER_REPLICA) {
    return { gpusPerReplica: null, gpusNeeded: gpus, outputTokensPerSecond: 0, inputTokensPerSecond: 0, decodeBoundTokensPerSecond: 0, prefillBoundTokensPerSecond: null };
  }
  const bounds = speedBounds(estimateAt(Math.max(1, Math.round(input.contextTokens / 2))), input.gpu, gpus, input.concurrentSequences);
  const prefill = bounds.prefillTokensPerSecondUpperBound;
  return {
    gpusPerReplica: gpus,
    gpusNeeded: gpus,
    decodeBoundTokensPerSecond: bounds.decodeTokensPerSecondAggregate,
    prefillBoundTokensPerSecond: prefill,
    outputTokensPerSecond: bounds.decodeTokensPerSecondAggregate * input.efficiency,
    inputTokensPerSecond: prefill === null ? Number.POSITIVE_INFINITY : prefill * input.efficiency,
  };
}
