/** Starting values of the memory calculator, shared by the page, the command line and the model finder. */
import type { MemoryInput } from './estimate';
import { LORA_TARGETS } from './training';

/**
 * Memory the runtime takes before any model data: mostly the CUDA context with its kernels, about 300 MB per GPU
 * since CUDA 11.7's lazy loading (PyTorch issue 107667; 200-700 MB in older reports), plus library workspaces.
 * We start from 0.5 GiB and let readers change it; engines that capture CUDA graphs (vLLM) can take 1-3 GiB more.
 */
export const DEFAULT_OVERHEAD_BYTES = 2 ** 29;

export const DEFAULT_MEMORY_SETTINGS: Omit<MemoryInput, 'shapes' | 'parameters' | 'activeParameters'> = {
  weightPrecision: 'bf16',
  kvPrecision: 'fp16',
  contextTokens: 4096,
  batch: 1,
  mode: 'inference',
  loraRank: 16,
  loraTargets: LORA_TARGETS,
  gradientCheckpointing: true,
  overheadBytes: DEFAULT_OVERHEAD_BYTES,
  capSlidingWindow: true,
};
