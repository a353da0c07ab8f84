/**
 * Serving defaults: how many sequences a server runs at once, and the share of the roofline each runtime reaches.
 */
import { medianEfficiency } from '../runtime/decode-measurements';
import type { ServingRuntime } from './capacity';

export const SERVING_DEFAULTS = {
  maxSequences: {
    // vLLM's scheduler runs at most max_num_seqs sequences per step.
    vllm: 256,
    // llama-server's slots (-np); the cost calculator's starting concurrency.
    'llama.cpp': 16,
  } satisfies Record<ServingRuntime, number>,
} as const;

/**
 * The share of the bandwidth and compute bounds real engines reach. Today one figure for both runtimes and both
 * phases: the median share that published single-stream llama.cpp decode runs reach (decode-measurements.json),
 * the same figure the cost calculator uses. A published vLLM run (BF16, 4 requests in flight on one H100) lands
 * within 10% of the estimate it gives; FP8 runs reach less (content/serving-measurements.json, and the tests).
 */
export function servingEfficiency(_runtime: ServingRuntime): { decode: number; prefill: number } {
  const share = medianEfficiency();
  return { decode: share, prefill: share };
}
