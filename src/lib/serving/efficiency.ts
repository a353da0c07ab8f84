/**
 * The share of the bandwidth and compute bounds real serving engines reach. Kept apart from ./defaults.ts because it
 * reads the decode measurements file: pages compute it at build time and hand islands the number.
 */
import { medianEfficiency } from '../runtime/decode-measurements';
import type { ServingRuntime } from './capacity';

/**
 * Today one figure for both runtimes and both phases: the median share that published single-stream llama.cpp
 * decode runs reach (decode-efficiency.json). A published vLLM run (BF16, 4 requests in flight on one H100) lands
 * within 10% of the estimate it gives; FP8 runs reach less (content/serving-measurements.json, and the tests).
 */
export function servingEfficiency(_runtime: ServingRuntime): { decode: number; prefill: number } {
  const share = medianEfficiency();
  return { decode: share, prefill: share };
}

/** Both runtimes' shares, as the cost page takes them from its build. */
export function servingEfficiencies(): Record<ServingRuntime, { decode: number; prefill: number }> {
  return { vllm: servingEfficiency('vllm'), 'llama.cpp': servingEfficiency('llama.cpp') };
}
