/**
 * What a model keeps per sequence while it generates, as each runtime allocates it. Attention layers cache values
 * for each token: keys and values of their KV heads (grouped- and multi-query attention share them across query
 * heads), or latent attention's compressed latent and rotary key. Windowed layers (sliding or chunked) hold only
 * their window where the runtime implements it. Linear-attention and state-space layers hold a state of constant
 * size instead, whatever the context.
 *
 * Runtime rules, with their sources:
 * - llama.cpp (src/llama-context.cpp, llama-kv-cache.cpp, llama-kv-cache-iswa.cpp, build b7437): the context is
 *   rounded up to a multiple of 256 cells; a windowed layer holds window + n_ubatch cells, also rounded up to 256,
 *   and only for the architectures whose load_hparams sets a window (Gemma 2/3/4, gpt-oss, Llama 4's chunks,
 *   OLMo; not Mistral 7B v0.1, which loads as plain Llama, nor Phi-3, whose window it switches off). Latent
 *   attention stores the latent only (PR #19067, 2026-01). Recurrent state is F32, kernel - 1 convolution values.
 * - vLLM (vllm/v1/kv_cache_interface.py): blocks of 16 tokens; a sliding layer holds window - 1 +
 *   max_num_batched_tokens tokens plus one block; under tensor parallelism each GPU holds max(1, KV heads / GPUs)
 *   heads (replicated when fewer), and the whole latent for latent attention (MLAAttentionSpec, one head).
 *   Mamba state: kernel - 1 convolution values in 16-bit, the SSM state in the type the config declares.
 * - Transformers (cache_utils.py, v5.18): every token, windowed layers window - 1 tokens; convolution state of
 *   the full kernel width in 16-bit and the recurrent state in float32.
 */
import { layerCounts } from '../architecture/assemble';
import type { LayerKind, ModelArchitecture } from '../architecture/types';
import type { RuntimeId } from '../runtime/runtime';

/** Architectures whose windows llama.cpp allocates (llama_model::load_hparams sets swa_type for them). */
const LLAMA_CPP_WINDOWED = new Set(['gemma2', 'gemma3', 'gemma3_text', 'gemma3n', 'gemma4_text', 'gpt_oss', 'llama4_text', 'olmo3', 'cohere2']);

export const VLLM_BLOCK_TOKENS = 16;
export const LLAMA_CPP_CELL_PADDING = 256;

export interface CacheSettings {
  runtime: RuntimeId;
  contextTokens: number;
  /** Concurrent sequences, each with its own cache. */
  sequences: number;
  bitsPerElement: number;
  /** Whether windowed layers hold only their window, where the runtime implements windows (off: a full cache everywhere). */
  capWindows: boolean;
  /** llama.cpp's micro-batch (its windowed cache holds window + ubatch cells). */
  ubatch: number;
  /** vLLM's prompt tokens per step (its sliding cache holds window - 1 + this). */
  maxBatchedTokens: number;
  /** GPUs a vLLM tensor-parallel replica spans. */
  tensorParallel: number;
}

const padTo = (value: number, multiple: number) => Math.ceil(value / multiple) * multiple;

/** Whether the runtime holds only a layer's window. */
export function honoursWindow(architecture: ModelArchitecture, runtime: RuntimeId): boolean {
  return runtime !== 'llama.cpp' || LLAMA_CPP_WINDOWED.has(architecture.modelType);
}

/** Tokens one layer keeps for one sequence. */
export function cachedTokens(kind: LayerKind, architecture: ModelArchitecture, settings: CacheSettings): number {
  const window = kind.attention?.window ?? null;
  const windowed = window !== null && settings.capWindows && honoursWindow(architecture, settings.runtime);
  const context = settings.contextTokens;
  switch (settings.runtime) {
    case 'llama.cpp': {
      const cells = padTo(context, LLAMA_CPP_CELL_PADDING);
      return windowed ? Math.min(cells, padTo(window! + settings.ubatch, LLAMA_CPP_CELL_PADDING)) : cells;
    }
    case 'vllm': {
      if (!windowed) return padTo(context, VLLM_BLOCK_TOKENS);
      const tokens = Math.min(window! - 1 + settings.maxBatchedTokens, context);
      // Stryker disable next-line OptionalChaining: only a windowed layer gets here, and a layer has a window only through kind.attention, so it is never null.
      return (Math.ceil(tokens / VLLM_BLOCK_TOKENS) + (kind.attention?.windowKind === 'sliding' ? 1 : 0)) * VLLM_BLOCK_TOKENS;
    }
    case 'transformers':
      return windowed ? Math.min(context, window! - 1) : context;
  }
}

/** Values one GPU caches per token in a layer: vLLM replicates KV heads when fewer than GPUs, and the whole latent. */
function valuesPerTokenPerGpu(kind: LayerKind, settings: CacheSettings): number {
  const cache = kind.attention!;
  // Stryker disable next-line ConditionalExpression: with one GPU, the per-GPU share below is values / heads x heads, the same number.
  if (settings.runtime !== 'vllm' || settings.tensorParallel === 1) return cache.valuesPerToken;
  if (kind.mixer === 'latent') return cache.valuesPerToken;
  const kvHeads = kind.heads!.kv;
  // vLLM requires the GPU count to divide the heads (or the heads it); a partial share rounds up to a whole head.
  return (cache.valuesPerToken / kvHeads) * Math.max(1, Math.ceil(kvHeads / settings.tensorParallel));
}

/** KV cache bytes on each GPU of a tensor-parallel vLLM replica, or the whole cache elsewhere. */
export function kvCacheBytesPerGpu(architecture: ModelArchitecture, settings: CacheSettings): number {
  const counts = layerCounts(architecture);
  const values = architecture.layerKinds.reduce(
    (sum, kind, index) => sum + (kind.attention ? counts[index]! * valuesPerTokenPerGpu(kind, settings) * cachedTokens(kind, architecture, settings) : 0),
    0,
  );
  return Math.ceil((settings.sequences * values * settings.bitsPerElement) / 8);
}

/** The whole KV cache in bytes: on vLLM, every GPU's share together, replicated heads included. */
export function kvCacheBytes(architecture: ModelArchitecture, settings: CacheSettings): number {
  const perGpu = kvCacheBytesPerGpu(architecture, settings);
  return settings.runtime === 'vllm' ? perGpu * settings.tensorParallel : perGpu;
}

/** Bytes per layer (for llama.cpp's layer split): each layer's cache for all sequences. */
export function kvCacheBytesByLayer(architecture: ModelArchitecture, settings: CacheSettings): number[] {
  return architecture.layerOrder.map((index) => {
    const kind = architecture.layerKinds[index]!;
    return kind.attention ? Math.ceil((settings.sequences * kind.attention.valuesPerToken * cachedTokens(kind, architecture, settings) * settings.bitsPerElement) / 8) : 0;
  });
}

/**
 * Bytes each further token adds to one sequence's cache: the growth of the layers whose cache has no bound on this
 * runtime (full and latent attention, and windowed layers the runtime does not window).
 */
export function kvBytesPerToken(architecture: ModelArchitecture, bitsPerElement: number, runtime: RuntimeId, capWindows = true): number {
  const counts = layerCounts(architecture);
  const values = architecture.layerKinds.reduce((sum, kind, index) => {
    const unbounded = kind.attention && (kind.attention.window === null || !capWindows || !honoursWindow(architecture, runtime));
    return sum + (unbounded ? counts[index]! * kind.attention!.valuesPerToken : 0);
  }, 0);
  return (values * bitsPerElement) / 8;
}

/** One sequence's recurrent state in one layer, as the runtime holds it. */
export function stateBytesPerLayer(kind: LayerKind, runtime: RuntimeId): number {
  const state = kind.recurrent;
  if (!state) return 0;
  switch (runtime) {
    case 'llama.cpp':
      return ((state.convKernel - 1) * state.convChannels + state.stateValues) * 4;
    case 'vllm':
      return (state.convKernel - 1) * state.convChannels * 2 + state.stateValues * (state.declaredStateBytes ?? 2);
    case 'transformers':
      return state.convKernel * state.convChannels * 2 + state.stateValues * 4;
  }
}

/** Recurrent state of all sequences: constant in context, linear in the number of sequences. */
export function stateBytes(architecture: ModelArchitecture, sequences: number, runtime: RuntimeId): number {
  const counts = layerCounts(architecture);
  return sequences * architecture.layerKinds.reduce((sum, kind, index) => sum + counts[index]! * stateBytesPerLayer(kind, runtime), 0);
}
