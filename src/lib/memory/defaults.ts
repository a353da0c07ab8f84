/** Starting values of the memory calculator, shared by the page, the command line and the model finder. */
import type { MemoryInput } from './estimate';
import { LORA_TARGETS } from './training';

/**
 * Memory the runtime takes before any model data: the CUDA context with its kernels and the workspaces of the
 * math libraries. Measured at about 0.5 to 1 GiB on recent NVIDIA GPUs (see the calculator page's sources); we
 * start from 1 GiB and let readers change it.
 */
export const DEFAULT_OVERHEAD_BYTES = 2 ** 30;

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
