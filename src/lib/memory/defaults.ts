/**
 * Starting values and limits of the memory calculator: the one place the page, the command line, the model
 * finder and the cost calculator read them from.
 */
import { RUNTIME_DEFAULTS } from '../runtime/runtime';
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
  // A 16-bit model on one GPU: what llama.cpp (Ollama, LM Studio) runs when a reader names no runtime.
  runtime: { ...RUNTIME_DEFAULTS, runtime: 'llama.cpp' },
  gpuCount: 1,
};

/** Limits beyond which an input is a typing slip rather than a question. */
export const LIMITS = {
  contextTokens: 10_000_000,
  batch: 4096,
  /**
   * The most GPUs one copy of a model may span here: one server of eight, the largest NVLink/Infinity Fabric domain of
   * the common GPU servers (DGX/HGX H100 and H200, MI300X platforms). Larger models need several servers and
   * pipeline parallelism across them, which this calculator does not model.
   */
  gpus: 8,
  /** How far the calculator searches when it says how many GPUs a model would need. */
  gpusNeededSearch: 1024,
  /** A typed-in GPU: up to 2 TiB of memory and 100 TB/s, well past any accelerator sold. */
  customGpuMemoryGiB: 2048,
  customGpuBandwidthGbs: 100_000,
  rank: 4096,
  overheadGiB: 64,
  layers: 1000,
  hidden: 1_000_000,
  heads: 10_000,
  vocab: 10_000_000,
  parameters: 1e14,
} as const;
