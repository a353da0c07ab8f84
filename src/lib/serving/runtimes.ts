/** The runtimes serving is modelled for: vLLM (and SGLang) batching on GPUs, llama.cpp's server slots. Kept apart
 * from ./capacity.ts so that a page linking to the cost calculator does not carry the capacity engine. */
export const SERVING_RUNTIMES = ['vllm', 'llama.cpp'] as const;
export type ServingRuntime = (typeof SERVING_RUNTIMES)[number];
