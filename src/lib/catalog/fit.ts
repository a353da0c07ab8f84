/**
 * The model table's "does it fit" figures: every model at one common setting, so rows compare fairly. Q4_K_M is
 * a common 4-bit GGUF choice for running at home; llama.cpp runs GGUF files, and it is the engine's default runtime;
 * 8,192 tokens of context (or the model's own limit when shorter), one sequence, FP16 cache, the calculator's
 * 0.5 GiB of overhead per GPU. Run at build time by the page, which hands the island the results, so the table's
 * JavaScript carries no engine.
 */
import { memoryInputForModel, type EstimableModel } from '../memory/for-model';
import { LIMITS } from '../memory/defaults';
import type { MemoryInput } from '../memory/estimate';
import { gpusNeeded, place, type GpuSpec } from '../memory/placement';
import type { WeightPrecisionId } from '../memory/precisions';

export const FIT_PRECISION: WeightPrecisionId = 'q4_k_m';
export const FIT_CONTEXT_TOKENS = 8192;
/** One server: a model that needs more GPUs than a server holds is shown as not fitting (see LIMITS.gpus). */
export const FIT_MAX_GPUS = LIMITS.gpus;

export function fitInput(model: EstimableModel): MemoryInput {
  return memoryInputForModel(model, {
    weightPrecision: FIT_PRECISION,
    contextTokens: Math.min(FIT_CONTEXT_TOKENS, model.architecture.contextLength),
    batch: 1,
  });
}

/**
 * Bytes one GPU holds when it runs the whole model alone: the figure compared with a card's usable memory. Under
 * llama.cpp's layer split it does not depend on which GPU (only vLLM sizes its buffers by the card).
 */
export function singleGpuBytes(model: EstimableModel, gpu: GpuSpec): number {
  return place(fitInput(model), gpu, 1).placement.bytesPerGpu;
}

/** Fewest of this GPU that hold the model at the common setting, or null when one server of them is not enough. */
export function gpusForModel(model: EstimableModel, gpu: GpuSpec): number | null {
  const count = gpusNeeded(fitInput(model), gpu);
  return count !== null && count <= FIT_MAX_GPUS ? count : null;
}
