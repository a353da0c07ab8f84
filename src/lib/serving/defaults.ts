/**
 * Serving defaults: how many sequences a server runs at once. (The share of the roofline each runtime reaches is in
 * ./efficiency.ts, which reads a measurements file islands should not carry.)
 */
import type { GpuSpec } from '../memory/placement';
import type { ServingRuntime } from './capacity';

const GIB = 2 ** 30;

/**
 * The most sequences a server runs in one step. vLLM's `max_num_seqs` defaults to 1024 on a GPU with 70 GiB or
 * more whose name does not contain "a100" ("for GPUs like H100 and MI300x"), and to 256 elsewhere, A100 included
 * (vllm/engine/arg_utils.py, EngineArgs batch defaults, v0.10-v0.11, read 2026-12-02). For llama.cpp the
 * calculator starts from 16 slots (llama-server's -np), a starting point the reader changes.
 */
export function defaultMaxSequences(runtime: ServingRuntime, gpu: Pick<GpuSpec, 'name' | 'memoryBytes'>): number {
  if (runtime === 'llama.cpp') return 16;
  return gpu.memoryBytes >= 70 * GIB && !/a100/i.test(gpu.name) ? 1024 : 256;
}

