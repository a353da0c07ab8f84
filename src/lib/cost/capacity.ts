/**
 * What one self-hosted replica of a catalog model can serve, from the memory engine: how many GPUs hold it with
 * the chosen number of concurrent sequences on the runtime that serves its format (vLLM wherever it loads it,
 * llama.cpp for GGUF), and the decode and prefill bounds scaled by the share of the bound real engines reach.
 */
import { LIMITS } from '../memory/defaults';
import { memoryInputForModel, type EstimableModel } from '../memory/for-model';
import { runtimeSettings } from '../memory/estimate';
import { gpusNeeded, place, type GpuSpec } from '../memory/placement';
import type { WeightPrecisionId } from '../memory/precisions';
import { RUNTIME_FORMATS } from '../runtime/runtime';

/** The most GPUs one replica may span: one server (see LIMITS.gpus). */
export const MAX_GPUS_PER_REPLICA = LIMITS.gpus;

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
  /** GPUs the model would need, even beyond the per-replica limit (null: not even the search limit). */
  gpusNeeded: number | null;
  outputTokensPerSecond: number;
  inputTokensPerSecond: number;
  /** The bounds before the efficiency factor, for "show the math". */
  decodeBoundTokensPerSecond: number;
  /** null when the GPU has no published compute figure: prompt reading is then not counted against capacity. */
  prefillBoundTokensPerSecond: number | null;
}

export function replicaCapacity(input: CapacityInput): ReplicaCapacity {
  // Serving runs in vLLM wherever it loads the format; GGUF files are served by llama.cpp.
  const runtime = runtimeSettings(RUNTIME_FORMATS.vllm.includes(input.weightPrecision) ? 'vllm' : 'llama.cpp');
  const memoryInput = memoryInputForModel(input.model, {
    weightPrecision: input.weightPrecision,
    contextTokens: input.contextTokens,
    batch: input.concurrentSequences,
    runtime,
  });
  // Memory must hold every sequence at its longest; decoding reads each cache at its average length, about half.
  const gpus = gpusNeeded(memoryInput, input.gpu);
  if (gpus === null || gpus > MAX_GPUS_PER_REPLICA) {
    return { gpusPerReplica: null, gpusNeeded: gpus, outputTokensPerSecond: 0, inputTokensPerSecond: 0, decodeBoundTokensPerSecond: 0, prefillBoundTokensPerSecond: null };
  }
  const speed = place({ ...memoryInput, contextTokens: Math.max(1, Math.round(input.contextTokens / 2)) }, input.gpu, gpus).speed!;
  const prefill = speed.prefillTokensPerSecondUpperBound;
  return {
    gpusPerReplica: gpus,
    gpusNeeded: gpus,
    decodeBoundTokensPerSecond: speed.decodeTokensPerSecondAggregate,
    prefillBoundTokensPerSecond: prefill,
    outputTokensPerSecond: speed.decodeTokensPerSecondAggregate * input.efficiency,
    inputTokensPerSecond: prefill === null ? Number.POSITIVE_INFINITY : prefill * input.efficiency,
  };
}
