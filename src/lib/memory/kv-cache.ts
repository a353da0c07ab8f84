/**
 * What a model keeps per sequence while it generates. Attention layers cache values for each token: keys and
 * values of their KV heads (grouped- and multi-query attention share them across query heads), or latent
 * attention's compressed latent and rotary key; windowed layers (sliding or chunked) never hold more than their
 * window, when the runtime frees what falls out of it. Linear-attention and state-space layers hold a state of
 * constant size instead, whatever the context.
 */
import { layerCounts } from '../architecture/assemble';
import type { LayerKind, ModelArchitecture } from '../architecture/types';

export interface KvCacheInput {
  contextTokens: number;
  /** Concurrent sequences, each with its own cache. */
  batch: number;
  bitsPerElement: number;
  /**
   * Whether windowed layers stop growing at their window. True for runtimes with a windowed cache (llama.cpp for
   * the architectures it knows, vLLM); false for a cache that keeps every token in every layer.
   */
  capSlidingWindow?: boolean;
}

/** Tokens one layer keeps for a sequence of `contextTokens`. */
export function cachedTokens(kind: LayerKind, contextTokens: number, capSlidingWindow = true): number {
  const window = kind.attention?.window ?? null;
  return window !== null && capSlidingWindow ? Math.min(contextTokens, window) : contextTokens;
}

/** Cached values for one sequence of `contextTokens`, summed over layers. */
export function cachedValues(architecture: ModelArchitecture, contextTokens: number, capSlidingWindow = true): number {
  const counts = layerCounts(architecture);
  return architecture.layerKinds.reduce(
    (sum, kind, index) => sum + counts[index]! * (kind.attention ? kind.attention.valuesPerToken * cachedTokens(kind, contextTokens, capSlidingWindow) : 0),
    0,
  );
}

/**
 * Bytes each further token adds to one sequence's cache: the growth of the layers whose cache has no bound (full
 * and latent attention, and windowed layers when the runtime keeps every token).
 */
export function kvBytesPerToken(architecture: ModelArchitecture, bitsPerElement: number, capSlidingWindow = true): number {
  const counts = layerCounts(architecture);
  const values = architecture.layerKinds.reduce((sum, kind, index) => {
    const unbounded = kind.attention && (kind.attention.window === null || !capSlidingWindow);
    return sum + (unbounded ? counts[index]! * kind.attention!.valuesPerToken : 0);
  }, 0);
  return (values * bitsPerElement) / 8;
}

/** Whole KV cache in bytes, rounded up to a whole byte. */
export function kvCacheBytes(architecture: ModelArchitecture, input: KvCacheInput): number {
  return Math.ceil((input.batch * cachedValues(architecture, input.contextTokens, input.capSlidingWindow ?? true) * input.bitsPerElement) / 8);
}

/**
 * Recurrent state of all sequences: each linear-attention or state-space layer's convolution window (in the
 * activation format, 2 bytes) and recurrent state (in its own type, usually float32), per sequence.
 */
export function stateBytes(architecture: ModelArchitecture, batch: number, activationBytes = 2): number {
  const counts = layerCounts(architecture);
  const perSequence = architecture.layerKinds.reduce((sum, kind, index) => {
    const state = kind.recurrent;
    return state ? sum + counts[index]! * (state.convValues * activationBytes + state.stateValues * state.stateBytesPerValue) : sum;
  }, 0);
  return batch * perSequence;
}
