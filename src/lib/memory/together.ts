/**
 * Several models on the same GPUs at once: a chat model beside an embedding model, or a draft model for speculative
 * decoding beside its target. Each runs in its own server process, so each keeps everything its own answer counts
 * (weights, cache, buffers, its CUDA context); together they fit when, on every GPU, their bytes add up to no more
 * than the GPU's usable memory. A vLLM server reserves its whole gpu_memory_utilization share of the GPU, so two
 * of them fit side by side only when those shares are lowered to add up to less than the whole.
 */
import type { MemoryAnswer } from './answer';
import { verdictOf, type GpuSpec, type Verdict } from './placement';

export type Together =
  | {
      gpu: GpuSpec;
      gpuCount: number;
      /** On the fullest GPU, all configurations added. */
      bytesPerGpu: number;
      usableBytesPerGpu: number;
      verdict: Verdict;
      /** How many of the configurations run on vLLM (each reserves its share of the GPU up front). */
      vllmServers: number;
    }
  | { unknown: 'no-gpu' | 'different-gpus' };

export function fitTogether(answers: readonly MemoryAnswer[]): Together {
  const placed = answers.map((answer) => answer.onGpu);
  if (placed.some((onGpu) => onGpu === undefined)) return { unknown: 'no-gpu' };
  const [first, ...rest] = placed as NonNullable<MemoryAnswer['onGpu']>[];
  if (!first || rest.some((onGpu) => onGpu.gpu.id !== first.gpu.id || onGpu.placement.gpuCount !== first.placement.gpuCount)) return { unknown: 'different-gpus' };
  const perGpu = first.placement.bytesByGpu.map((_, index) => placed.reduce((sum, onGpu) => sum + (onGpu!.placement.bytesByGpu[index] ?? 0), 0));
  const bytesPerGpu = Math.max(...perGpu);
  const usableBytesPerGpu = first.placement.usableBytesPerGpu;
  return {
    gpu: first.gpu,
    gpuCount: first.placement.gpuCount,
    bytesPerGpu,
    usableBytesPerGpu,
    verdict: verdictOf(bytesPerGpu, usableBytesPerGpu),
    vllmServers: answers.filter((answer) => answer.breakdown.runtime === 'vllm').length,
  };
}
