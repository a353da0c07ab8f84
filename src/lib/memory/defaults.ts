/**
 * Starting values and limits of the memory calculator: the one place the page, the command line, the model
 * finder and the cost calculator read them from.
 */
import type { MemoryInput } from './estimate';
import { LORA_TARGETS } from './training';

/**
 * Memory the runtime takes before any model data: mostly the CUDA context with its kernels, about 300 MB per GPU
 * since CUDA 11.7's lazy loading (PyTorch issue 107667; 200-700 MB in older reports), plus library workspaces.
 * We start from 0.5 GiB and let readers change it; engines that capture CUDA graphs (vLLM) can take 1-3 GiB more.
 */
export const DEFAULT_OVERHEAD_BYTES = 2 ** 29;

/** The model and GPU a reader sees first: a common 8B model on the most common 24 GB card. */
export const DEFAULT_MODEL_ID = 'llama-3.1-8b';
export const DEFAULT_GPU_ID = 'rtx-4090';
export const DEFAULT_GPU_COUNT = 1;

export const DEFAULT_MEMORY_SETTINGS: Omit<MemoryInput, 'architecture' | 'parameters'> = {
  weightPrecision: 'bf16',
  kvPrecision: 'fp16',
  contextTokens: 8192,
  batch: 1,
  mode: 'inference',
  loraRank: 16,
  loraTargets: LORA_TARGETS,
  gradientCheckpointing: true,
  overheadBytes: DEFAULT_OVERHEAD_BYTES,
  capSlidingWindow: true,
};

/** Limits beyond which an input is a typing slip rather than a question. */
export const LIMITS = {
  contextTokens: 10_000_000,
  batch: 4096,
  /** The most GPUs the calculator considers for one copy of a model. */
  gpus: 1024,
  rank: 4096,
  overheadGiB: 64,
  layers: 1000,
  hidden: 1_000_000,
  heads: 10_000,
  vocab: 10_000_000,
  parameters: 1e14,
} as const;
