/**
 * KV-cache size. Per layer and token the cache holds keys and values for the KV heads only (grouped- and
 * multi-query attention share them across query heads), except:
 * - multi-head latent attention (DeepSeek) caches one compressed latent plus a shared rotary key instead;
 * - sliding-window layers never hold more than their window, when the engine frees what falls out of it.
 */
import type { Architecture } from '../catalog/schema';

export type KvShapes = Pick<Architecture, 'layers' | 'kvHeads' | 'headDim'> &
  Partial<Pick<Architecture, 'slidingWindow' | 'mla'>>;

export interface KvCacheInput {
  contextTokens: number;
  /** Concurrent sequences, each with its own cache. */
  batch: number;
  bitsPerElement: number;
  /**
   * Whether sliding-window layers stop growing at the window. True for engines with a sliding-window cache
   * (llama.cpp, vLLM); false for a plain cache that keeps every token in every layer.
   */
  capSlidingWindow?: boolean;
}

/** Cached elements per token in one layer. */
export function kvElementsPerTokenPerLayer(shapes: KvShapes): number {
  if (shapes.mla) return shapes.mla.kvLoraRank + shapes.mla.qkRopeHeadDim;
  return 2 * shapes.kvHeads * shapes.headDim;
}

/** Tokens the cache holds, summed over layers, for one sequence of `contextTokens`. */
export function cachedLayerTokens(shapes: KvShapes, contextTokens: number, capSlidingWindow = true): number {
  const window = shapes.slidingWindow;
  if (!window || !capSlidingWindow) return shapes.layers * contextTokens;
  const fullLayers = shapes.layers - window.layers;
  return fullLayers * contextTokens + window.layers * Math.min(contextTokens, window.size);
}

/** Bytes per token of context when every layer keeps every token (the growth rate of a full-attention cache). */
export function kvBytesPerToken(shapes: KvShapes, bitsPerElement: number): number {
  return (shapes.layers * kvElementsPerTokenPerLayer(shapes) * bitsPerElement) / 8;
}

/** Whole KV cache in bytes, rounded up to a whole byte. */
export function kvCacheBytes(shapes: KvShapes, input: KvCacheInput): number {
  const layerTokens = cachedLayerTokens(shapes, input.contextTokens, input.capSlidingWindow ?? true);
  return Math.ceil((input.batch * layerTokens * kvElementsPerTokenPerLayer(shapes) * input.bitsPerElement) / 8);
}
