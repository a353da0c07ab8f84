/**
 * Where an estimate fits: memory per GPU when the model is split across several (tensor parallelism shards the
 * weights, cache and training state; each GPU still pays the runtime overhead and holds its own activations),
 * how many GPUs are needed, the longest context that fits, and the speed bounds set by bandwidth and compute.
 */
import type { Gpu } from '../catalog/schema';
import { LIMITS } from './defaults';

/** The accelerator facts the calculator uses (catalog entries carry notes and sources as well). */
export type GpuSpec = Pick<Gpu, 'id' | 'name' | 'kind' | 'memoryBytes' | 'usableMemoryFraction' | 'memoryBandwidthBytesPerSecond' | 'fp16Tflops'>;

/** Just the facts the engines read, so pages hand islands small props; smallest memory first when sorted. */
export function toGpuSpecs(gpus: readonly Gpu[]): GpuSpec[] {
  return gpus
    .map(({ id, name, kind, memoryBytes, usableMemoryFraction, memoryBandwidthBytesPerSecond, fp16Tflops }) => ({
      id,
      name,
      kind,
      memoryBytes,
      usableMemoryFraction,
      memoryBandwidthBytesPerSecond,
      fp16Tflops,
    }))
    .sort((a, b) => a.memoryBytes - b.memoryBytes || a.name.localeCompare(b.name));
}
import type { MemoryBreakdown } from './estimate';

/** The most GPUs the calculator will consider for one model replica. */
export const MAX_GPUS = LIMITS.gpus;

function shardedBytes(breakdown: MemoryBreakdown): number {
  return breakdown.weightsBytes + breakdown.kvCacheBytes + breakdown.stateBytes + breakdown.gradientsBytes + breakdown.optimizerBytes;
}

function replicatedBytes(breakdown: MemoryBreakdown): number {
  return breakdown.activationsBytes + breakdown.overheadBytes;
}

/** Memory a program may use on one GPU: all of a discrete card, the OS-permitted share of unified memory. */
export function usableBytes(gpu: GpuSpec): number {
  return Math.floor(gpu.memoryBytes * gpu.usableMemoryFraction);
}

export function bytesPerGpu(breakdown: MemoryBreakdown, gpuCount: number): number {
  return Math.ceil(shardedBytes(breakdown) / gpuCount) + replicatedBytes(breakdown);
}

/** Fewest GPUs of this kind that hold the estimate, or null when even MAX_GPUS cannot. */
export function gpusNeeded(breakdown: MemoryBreakdown, gpu: GpuSpec): number | null {
  const room = usableBytes(gpu) - replicatedBytes(breakdown);
  if (room <= 0) return null;
  const count = Math.max(1, Math.ceil(shardedBytes(breakdown) / room));
  return count <= MAX_GPUS ? count : null;
}

export interface Placement {
  gpuId: string;
  gpuCount: number;
  usableBytesPerGpu: number;
  bytesPerGpu: number;
  fits: boolean;
  gpusNeeded: number | null;
}

export function place(breakdown: MemoryBreakdown, gpu: GpuSpec, gpuCount: number): Placement {
  const perGpu = bytesPerGpu(breakdown, gpuCount);
  return {
    gpuId: gpu.id,
    gpuCount,
    usableBytesPerGpu: usableBytes(gpu),
    bytesPerGpu: perGpu,
    fits: perGpu <= usableBytes(gpu),
    gpusNeeded: gpusNeeded(breakdown, gpu),
  };
}

/**
 * Largest context (in tokens, up to `limit`) for which `estimateAt(context)` still fits on `gpuCount` GPUs,
 * found by bisection because memory only grows with context. 0 when even one token does not fit.
 */
export function maxContextThatFits(
  estimateAt: (contextTokens: number) => MemoryBreakdown,
  gpu: GpuSpec,
  gpuCount: number,
  limit: number,
): number {
  const fits = (context: number) => bytesPerGpu(estimateAt(context), gpuCount) <= usableBytes(gpu);
  if (!fits(1)) return 0;
  if (fits(limit)) return limit;
  let low = 1;
  let high = limit;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (fits(middle)) low = middle;
    else high = middle;
  }
  return low;
}

export interface SpeedBounds {
  /** Tokens per second each sequence can receive when every step must read the active weights and its cache. */
  decodeTokensPerSecondUpperBound: number;
  /** The same summed over the batch. */
  decodeTokensPerSecondAggregate: number;
  /** Prompt tokens per second if compute were the only limit (2 FLOPs per active parameter per token). */
  prefillTokensPerSecondUpperBound: number | null;
  bytesReadPerStep: number;
}

/**
 * Decoding is bound by memory bandwidth: each step reads the active weights once and every sequence's KV cache.
 * Bandwidth of several GPUs is summed, the ideal of tensor parallelism. Prefill is bound by compute at about
 * 2 FLOPs per parameter per token (Kaplan et al., arXiv 2001.08361), attention excluded.
 */
export function speedBounds(breakdown: MemoryBreakdown, gpu: GpuSpec, gpuCount: number, batch: number): SpeedBounds {
  // Each step reads the active weights, every sequence's cache and its recurrent state.
  const bytesReadPerStep = breakdown.weightsReadPerTokenBytes + breakdown.kvCacheBytes + breakdown.stateBytes;
  const bandwidth = gpu.memoryBandwidthBytesPerSecond * gpuCount;
  const perSequence = bandwidth / bytesReadPerStep;
  const prefill = gpu.fp16Tflops ? (gpu.fp16Tflops * 1e12 * gpuCount) / (2 * breakdown.activeParameters) : null;
  return {
    decodeTokensPerSecondUpperBound: perSequence,
    decodeTokensPerSecondAggregate: perSequence * batch,
    prefillTokensPerSecondUpperBound: prefill,
    bytesReadPerStep,
  };
}
