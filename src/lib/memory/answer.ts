/** A full answer to a memory request: the breakdown, and where a GPU is chosen, fit, longest context and speed. */
import { estimateMemory, type MemoryBreakdown, type MemoryInput } from './estimate';
import { gpusNeeded, maxContextThatFits, place, type GpuSpec, type Placement, type SpeedBounds } from './placement';
import type { MemoryRequest } from './request';
import { decodeForPlacement, type DecodeRange, type SpeedCalibration } from '../runtime/speed';

export interface GpuAnswer {
  gpu: GpuSpec;
  placement: Placement;
  /** Fewest of these GPUs that hold the model (null: not even the search limit). */
  gpusNeeded: number | null;
  /** Longest context that fits on the chosen GPUs, up to the model's own context length. */
  maxContextTokens: number;
  /** Only for inference that fits: training steps are not decode steps, and a setup that does not fit does not run. */
  speed?: SpeedBounds;
  /** The expected decode range (or the bound alone, with why), wherever there is a speed. */
  decode?: DecodeRange;
}

export interface MemoryAnswer {
  breakdown: MemoryBreakdown;
  onGpu?: GpuAnswer;
}

/** `calibration` is what published decode runs say of speed (DECODE_CALIBRATION, or an island's prop). */
export function answerMemoryRequest(request: MemoryRequest, gpus: readonly GpuSpec[], calibration: SpeedCalibration): MemoryAnswer {
  const { input } = request;
  const gpu = request.customGpu ?? (request.gpuId ? gpus.find((candidate) => candidate.id === request.gpuId) : undefined);
  if (!gpu) return { breakdown: estimateMemory({ ...input, gpuCount: request.gpuCount }) };
  const placed = place(input, gpu, request.gpuCount);
  // Training has no speed bound (placement gives none); a setup that does not fit has no speed either.
  const speed = placed.placement.fits && placed.speed ? placed.speed : undefined;
  const decode = decodeForPlacement(input, placed, calibration);
  return {
    breakdown: placed.breakdown,
    onGpu: {
      gpu,
      placement: placed.placement,
      gpusNeeded: gpusNeeded(input, gpu),
      maxContextTokens: maxContextThatFits(input, gpu, request.gpuCount, input.architecture.contextLength),
      speed,
      decode,
    },
  };
}

/** For every GPU in the catalog, how many it takes to hold this setup (null: not even the search limit), fewest first. */
export function fitAcrossGpus<G extends GpuSpec>(input: MemoryInput, gpus: readonly G[]): Array<{ gpu: G; gpusNeeded: number | null }> {
  return gpus
    .map((gpu) => ({ gpu, gpusNeeded: gpusNeeded(input, gpu) }))
    .sort((a, b) => (a.gpusNeeded ?? Infinity) - (b.gpusNeeded ?? Infinity) || a.gpu.memoryBytes - b.gpu.memoryBytes);
}
