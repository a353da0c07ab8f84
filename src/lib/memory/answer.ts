/** A full answer to a memory request: the breakdown, and where a GPU is chosen, fit, longest context and speed. */
import { estimateMemory, type MemoryBreakdown } from './estimate';
import { gpusNeeded, maxContextThatFits, place, speedBounds, type GpuSpec, type Placement, type SpeedBounds } from './placement';
import type { MemoryRequest } from './request';

export interface GpuAnswer {
  gpu: GpuSpec;
  placement: Placement;
  /** Longest context that fits on the chosen GPUs, up to the model's own context length. */
  maxContextTokens: number;
  /** Only for inference: training steps are not decode steps. */
  speed?: SpeedBounds;
}

export interface MemoryAnswer {
  breakdown: MemoryBreakdown;
  onGpu?: GpuAnswer;
}

export function answerMemoryRequest(request: MemoryRequest, gpus: readonly GpuSpec[]): MemoryAnswer {
  const { input } = request;
  const breakdown = estimateMemory(input);
  const gpu = request.gpuId ? gpus.find((candidate) => candidate.id === request.gpuId) : undefined;
  if (!gpu) return { breakdown };
  const estimateAt = (contextTokens: number) => estimateMemory({ ...input, contextTokens });
  return {
    breakdown,
    onGpu: {
      gpu,
      placement: place(breakdown, gpu, request.gpuCount),
      maxContextTokens: maxContextThatFits(estimateAt, gpu, request.gpuCount, input.architecture.contextLength),
      speed: input.mode === 'inference' ? speedBounds(breakdown, gpu, request.gpuCount, input.batch) : undefined,
    },
  };
}

/** For every GPU in the catalog, how many it takes to hold this breakdown (null: not even MAX_GPUS). */
export function fitAcrossGpus<G extends GpuSpec>(breakdown: MemoryBreakdown, gpus: readonly G[]): Array<{ gpu: G; gpusNeeded: number | null }> {
  return gpus
    .map((gpu) => ({ gpu, gpusNeeded: gpusNeeded(breakdown, gpu) }))
    .sort((a, b) => (a.gpusNeeded ?? Infinity) - (b.gpusNeeded ?? Infinity) || a.gpu.memoryBytes - b.gpu.memoryBytes);
}
