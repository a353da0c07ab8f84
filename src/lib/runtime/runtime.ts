/**
 * The runtimes the calculator models, what each can load, and the settings readers change. Each rule elsewhere in
 * src/lib/runtime cites the source file or log it comes from; the defaults here cite theirs.
 */
import type { WeightPrecisionId } from '../memory/precisions';

export const RUNTIME_IDS = ['llama.cpp', 'vllm', 'transformers'] as const;
export type RuntimeId = (typeof RUNTIME_IDS)[number];

/** Other names readers know: Ollama and LM Studio run llama.cpp; SGLang allocates and batches as vLLM does. */
export const RUNTIME_ALIASES: Readonly<Record<string, RuntimeId>> = {
  ollama: 'llama.cpp',
  'lm-studio': 'llama.cpp',
  lmstudio: 'llama.cpp',
  llamacpp: 'llama.cpp',
  'llama-cpp': 'llama.cpp',
  sglang: 'vllm',
  hf: 'transformers',
};

export const RUNTIME_LABELS: Record<RuntimeId, string> = {
  'llama.cpp': 'llama.cpp (also Ollama, LM Studio)',
  vllm: 'vLLM (also SGLang)',
  transformers: 'Hugging Face Transformers',
};

export const SPLITS = ['layer', 'tensor'] as const;
export type Split = (typeof SPLITS)[number];

export interface RuntimeSettings {
  runtime: RuntimeId;
  /** How a model spreads over several GPUs: whole layers per GPU (pipeline) or every layer over all (tensor parallel). */
  split: Split;
  /** llama.cpp's micro-batch: prompt tokens per compute step (-ub). */
  ubatch: number;
  /** vLLM's share of each GPU's memory it takes for weights, activations and the KV cache pool. */
  gpuMemoryUtilization: number;
  /** vLLM's --max-num-batched-tokens: tokens one step may process, which sizes its profiled activations; null for its default. */
  maxBatchedTokens: number | null;
  /** llama.cpp layers on the GPUs (-ngl); null for all of them and the output layer. */
  gpuLayers: number | null;
  /** llama.cpp --cpu-moe: every layer's routed experts stay in system RAM. */
  cpuMoe: boolean;
  /** llama.cpp --n-cpu-moe N: the routed experts of the first N layers stay in system RAM (common/arg.cpp). */
  cpuMoeLayers: number;
  /** System RAM bandwidth, for layers and experts kept on the CPU. */
  ramBandwidthBytesPerSecond: number;
  /**
   * llama.cpp's flash attention; unset means on, its default wherever the backend has it (-fa auto). Builds and
   * backends without it (older releases, CPU before 2025, early SYCL) hold each layer's float32 attention scores.
   */
  flashAttention?: boolean;
}

/**
 * Defaults, each with its source:
 * - split "layer": llama.cpp's default split mode (docs/multi-gpu.md); vLLM's tensor parallelism is its own default
 *   for several GPUs, so vLLM always splits by tensor.
 * - ubatch 512: llama.cpp common/common.h n_ubatch; Ollama passes -ub 512 too (llm/llama_server.go).
 * - 0.92: vLLM CacheConfig.gpu_memory_utilization since v0.21 (PR #38284, 2026-03-26; it was 0.9 before).
 * - 89.6 GB/s: dual-channel DDR5-5600, the common desktop configuration: 5,600 MT/s x 8 bytes x 2 channels
 *   (JEDEC JESD79-5 transfer rates), a theoretical peak.
 */
export const RUNTIME_DEFAULTS: Omit<RuntimeSettings, 'runtime'> = {
  split: 'layer',
  ubatch: 512,
  gpuMemoryUtilization: 0.92,
  maxBatchedTokens: null,
  gpuLayers: null,
  cpuMoe: false,
  cpuMoeLayers: 0,
  ramBandwidthBytesPerSecond: 89.6e9,
};

const GGUF: readonly WeightPrecisionId[] = ['q8_0', 'q6_k', 'q5_k_m', 'q5_0', 'q4_k_m', 'q4_k_s', 'q4_0', 'q3_k_m', 'q2_k', 'iq4_xs'];

/** What each runtime loads: llama.cpp reads GGUF (and 16/32-bit GGUF); vLLM serves Hub formats; Transformers loads them all but GGUF. */
export const RUNTIME_FORMATS: Record<RuntimeId, readonly WeightPrecisionId[]> = {
  'llama.cpp': ['fp32', 'fp16', 'bf16', ...GGUF, 'mxfp4'],
  vllm: ['fp16', 'bf16', 'fp8', 'int8', 'int4', 'nf4', 'gptq-4bit', 'awq-4bit', 'mxfp4'],
  transformers: ['fp32', 'fp16', 'bf16', 'fp8', 'int8', 'int4', 'nf4', 'gptq-4bit', 'awq-4bit', 'mxfp4'],
};

export function isGguf(precision: WeightPrecisionId): boolean {
  return GGUF.includes(precision);
}

/**
 * The runtime a reader most likely uses when they name none: fine-tuning runs in Transformers; GGUF files, 16-bit
 * and MXFP4 weights run in llama.cpp on one machine; FP8, AWQ, GPTQ and INT4 checkpoints are served by vLLM;
 * bitsandbytes formats load in Transformers.
 */
export function defaultRuntime(mode: 'inference' | 'full' | 'lora' | 'qlora', precision: WeightPrecisionId): RuntimeId {
  if (mode !== 'inference') return 'transformers';
  if (RUNTIME_FORMATS['llama.cpp'].includes(precision)) return 'llama.cpp';
  if (precision === 'int8' || precision === 'nf4') return 'transformers';
  return 'vllm';
}
