/**
 * The building blocks adapters assemble layers from: attention (grouped-query or latent), dense and
 * mixture-of-experts MLPs, and the recurrent mixers (Mamba, Mamba-2, Gated DeltaNet). Each returns its weight
 * matrices, its small vectors, what it caches and how wide a token's work in it is. Shapes follow the modelling
 * code of huggingface/transformers v5.18 (models/<type>/modeling_<type>.py), read for each block below.
 */
import type { AttentionCache, LayerKind, MixerKind, RecurrentState, Tensor, TensorRole } from './types';

export interface Part {
  tensors: Tensor[];
  vectors: number;
  attention?: AttentionCache | null;
  recurrent?: RecurrentState;
  heads?: LayerKind['heads'];
  work: number;
  mlp?: LayerKind['mlp'];
}

export function matrix(role: TensorRole, rows: number, cols: number, copies = 1, activeCopies = copies): Tensor {
  return { role, rows, cols, copies, activeCopies };
}

export interface AttentionOptions {
  hidden: number;
  heads: number;
  kvHeads: number;
  headDim: number;
  /** Biases on q, k, v (and o when `outputBias`). */
  qkvBias?: boolean;
  outputBias?: boolean;
  /** q_norm and k_norm: per head (head_dim each: Qwen3, Gemma 3) or over the whole projection (OLMo 2). */
  qkNorm?: 'per-head' | 'full-width' | null;
  /** A sigmoid output gate folded into q_proj, which doubles its rows (Qwen3-Next, Qwen3.5). */
  outputGate?: boolean;
  /** One learned sink logit per head (gpt-oss). */
  sinks?: boolean;
  window?: number | null;
  windowKind?: 'sliding' | 'chunked';
  /** Layers that reuse an earlier layer's keys and values hold no k/v weights and no cache (Gemma 3n/4). */
  kvShared?: boolean;
  /** Values come from the key projection: no v_proj weights, but values are still cached (Gemma 4 full layers). */
  keyIsValue?: boolean;
}

/** Grouped-, multi-query or multi-head attention: q, k, v, o projections; caches 2 x kvHeads x headDim per token. */
export function attention(options: AttentionOptions): Part {
  const { hidden, heads, kvHeads, headDim } = options;
  const queryWidth = heads * headDim;
  const kvWidth = kvHeads * headDim;
  const tensors = [matrix('attn_q', queryWidth * (options.outputGate ? 2 : 1), hidden)];
  let vectors = options.qkvBias ? queryWidth * (options.outputGate ? 2 : 1) : 0;
  if (!options.kvShared) {
    tensors.push(matrix('attn_k', kvWidth, hidden));
    if (!options.keyIsValue) tensors.push(matrix('attn_v', kvWidth, hidden));
    if (options.qkvBias) vectors += kvWidth * (options.keyIsValue ? 1 : 2);
  }
  tensors.push(matrix('attn_output', hidden, queryWidth));
  if (options.outputBias) vectors += hidden;
  if (options.sinks) vectors += heads;
  if (options.qkNorm === 'per-head') vectors += options.kvShared ? headDim : 2 * headDim;
  if (options.qkNorm === 'full-width') vectors += queryWidth + kvWidth;
  const window = options.window ?? null;
  return {
    tensors,
    vectors,
    attention: options.kvShared ? null : { valuesPerToken: 2 * kvWidth, window, windowKind: window === null ? null : (options.windowKind ?? 'sliding') },
    heads: { query: heads, kv: kvHeads, dim: headDim },
    work: queryWidth * (options.outputGate ? 2 : 1) + 2 * kvWidth,
  };
}

export interface LatentAttentionOptions {
  hidden: number;
  heads: number;
  /** Queries pass through a low-rank bottleneck of this rank (with its own norm), or none when null. */
  qLoraRank: number | null;
  kvLoraRank: number;
  qkNopeHeadDim: number;
  qkRopeHeadDim: number;
  vHeadDim: number;
  bias?: boolean;
  /** DeepSeek V3.2's sparse-attention indexer: its own query heads and one cached key per token. */
  indexer?: { heads: number; headDim: number };
}

/**
 * Multi-head latent attention (DeepSeek V2/V3, Kimi K2; modeling_deepseek_v3.py): keys and values are rebuilt from
 * one compressed latent, so each token caches kv_lora_rank + qk_rope_head_dim values per layer (plus the indexer
 * key for V3.2), whatever the head count.
 */
export function latentAttention(options: LatentAttentionOptions): Part {
  const { hidden, heads, qLoraRank, kvLoraRank, qkNopeHeadDim, qkRopeHeadDim, vHeadDim } = options;
  const queryHeadDim = qkNopeHeadDim + qkRopeHeadDim;
  const tensors: Tensor[] = [];
  let vectors = 0;
  if (qLoraRank) {
    tensors.push(matrix('attn_q_a', qLoraRank, hidden), matrix('attn_q_b', heads * queryHeadDim, qLoraRank));
    vectors += qLoraRank + (options.bias ? qLoraRank : 0);
  } else {
    tensors.push(matrix('attn_q', heads * queryHeadDim, hidden));
  }
  tensors.push(matrix('attn_kv_a', kvLoraRank + qkRopeHeadDim, hidden), matrix('attn_kv_b', heads * (qkNopeHeadDim + vHeadDim), kvLoraRank));
  vectors += kvLoraRank + (options.bias ? kvLoraRank + qkRopeHeadDim : 0);
  tensors.push(matrix('attn_output', hidden, heads * vHeadDim));
  if (options.bias) vectors += hidden;
  let cached = kvLoraRank + qkRopeHeadDim;
  if (options.indexer && qLoraRank) {
    const { heads: indexHeads, headDim: indexDim } = options.indexer;
    tensors.push(matrix('indexer', indexHeads * indexDim, qLoraRank), matrix('indexer', indexDim, hidden), matrix('indexer', indexHeads, hidden));
    // The indexer's key LayerNorm has a weight and a bias.
    vectors += 2 * indexDim;
    cached += indexDim;
  }
  return {
    tensors,
    vectors,
    attention: { valuesPerToken: cached, window: null, windowKind: null },
    heads: { query: heads, kv: heads, dim: queryHeadDim },
    work: (qLoraRank ?? 0) + heads * queryHeadDim + kvLoraRank + qkRopeHeadDim + heads * (qkNopeHeadDim + vHeadDim),
  };
}

export interface DenseMlpOptions {
  hidden: number;
  width: number;
  /** Gate, up and down (SwiGLU, GeGLU) or only up and down. */
  gated: boolean;
  bias?: boolean;
}

export function denseMlp({ hidden, width, gated, bias }: DenseMlpOptions): Part {
  const tensors = gated ? [matrix('ffn_gate', width, hidden), matrix('ffn_up', width, hidden)] : [matrix('ffn_up', width, hidden)];
  tensors.push(matrix('ffn_down', hidden, width));
  return {
    tensors,
    vectors: bias ? (gated ? 2 : 1) * width + hidden : 0,
    work: (gated ? 3 : 2) * width,
    mlp: { kind: 'dense', width },
  };
}

export interface MoeOptions {
  hidden: number;
  experts: number;
  perToken: number;
  expertWidth: number;
  gated: boolean;
  /** Router bias (gpt-oss) or score-correction bias (DeepSeek V3, GLM-4.5, Nemotron-H): one value per expert. */
  routerBiases?: number;
  /** Bias vectors inside each expert (gpt-oss). */
  expertBias?: boolean;
  /** Total width of the always-on shared expert(s), 0 for none. */
  sharedWidth?: number;
  /** A 1 x hidden sigmoid gate on the shared expert (Qwen2-MoE, Qwen3-Next, Qwen3.5). */
  sharedGate?: boolean;
  /** Extra router parameters besides its matrix (Gemma 4: a scale per hidden unit and per expert). */
  routerVectors?: number;
  /** Experts work in a smaller latent width, with projections in and out (Nemotron 3). */
  latentWidth?: number;
}

/** Routed experts (all held, `perToken` read), an optional shared expert, and the router. */
export function moe(options: MoeOptions): Part {
  const { hidden, experts, perToken, expertWidth, gated } = options;
  const inner = options.latentWidth ?? hidden;
  const tensors: Tensor[] = [matrix('ffn_gate_inp', experts, hidden)];
  if (gated) tensors.push(matrix('ffn_gate_exps', expertWidth, inner, experts, perToken));
  tensors.push(matrix('ffn_up_exps', expertWidth, inner, experts, perToken), matrix('ffn_down_exps', inner, expertWidth, experts, perToken));
  let vectors = (options.routerBiases ?? 0) + (options.routerVectors ?? 0);
  // Each expert's own biases, read only for the experts a token is sent to.
  if (options.expertBias) tensors.push(matrix('ffn_bias_exps', 1, (gated ? 2 : 1) * expertWidth + inner, experts, perToken));
  if (options.latentWidth) tensors.push(matrix('ffn_latent', options.latentWidth, hidden), matrix('ffn_latent', hidden, options.latentWidth));
  const shared = options.sharedWidth ?? 0;
  if (shared > 0) {
    if (gated) tensors.push(matrix('ffn_gate_shexp', shared, hidden));
    tensors.push(matrix('ffn_up_shexp', shared, hidden), matrix('ffn_down_shexp', hidden, shared));
    if (options.sharedGate) vectors += hidden;
  }
  const activeWidth = perToken * expertWidth + shared;
  return {
    tensors,
    vectors,
    work: (gated ? 3 : 2) * activeWidth + experts,
    mlp: { kind: 'moe', experts, perToken, expertWidth, sharedWidth: shared },
  };
}

export interface Mamba2Options {
  hidden: number;
  /** Inner width: heads x head width. */
  innerWidth: number;
  heads: number;
  groups: number;
  stateSize: number;
  convKernel: number;
  projectionBias?: boolean;
  convBias?: boolean;
  /** Gated RMSNorm over the inner width before out_proj (absent in some Falcon-H1 configs). */
  norm?: boolean;
  /** Bytes per state value the config declares, or null. */
  stateBytes: number | null;
}

/**
 * A Mamba-2 mixer (Granite 4.0-H, Nemotron-H, Falcon-H1): in_proj to the inner width, the convolution channels
 * and one time step per head; a depthwise convolution over inner + 2 x groups x state channels; per-head A, D
 * and dt bias; out_proj back. State per sequence: the convolution window (kernel values per channel, as
 * Transformers keeps it) and heads x head width x state size recurrent values.
 */
export function mamba2(options: Mamba2Options): Part {
  const { hidden, innerWidth, heads, groups, stateSize, convKernel } = options;
  const convChannels = innerWidth + 2 * groups * stateSize;
  const inWidth = innerWidth + convChannels + heads;
  let vectors = convChannels * convKernel + 3 * heads + (options.norm === false ? 0 : innerWidth);
  if (options.convBias) vectors += convChannels;
  if (options.projectionBias) vectors += inWidth + hidden;
  return {
    tensors: [matrix('ssm_in', inWidth, hidden), matrix('ssm_out', hidden, innerWidth)],
    vectors,
    recurrent: { convChannels, convKernel, stateValues: innerWidth * stateSize, declaredStateBytes: options.stateBytes },
    work: inWidth + innerWidth,
  };
}

export interface GatedDeltaNetOptions {
  hidden: number;
  keyHeads: number;
  keyHeadDim: number;
  valueHeads: number;
  valueHeadDim: number;
  convKernel: number;
  stateBytes: number | null;
}

/**
 * Gated DeltaNet linear attention (Qwen3-Next, Qwen3.5; modeling_qwen3_next.py): projections to queries, keys,
 * values and the output gate, per-head beta and alpha, a depthwise convolution over q, k and v, and out_proj. State
 * per sequence: the convolution window and one key-width x value-width matrix per value head.
 */
export function gatedDeltaNet(options: GatedDeltaNetOptions): Part {
  const { hidden, keyHeads, keyHeadDim, valueHeads, valueHeadDim, convKernel } = options;
  const keyWidth = keyHeads * keyHeadDim;
  const valueWidth = valueHeads * valueHeadDim;
  const convChannels = 2 * keyWidth + valueWidth;
  return {
    tensors: [matrix('ssm_in', 2 * keyWidth + 2 * valueWidth + 2 * valueHeads, hidden), matrix('ssm_out', hidden, valueWidth)],
    // Convolution kernel (no bias), dt bias and A per value head, and the gated norm over one value head.
    vectors: convChannels * convKernel + 2 * valueHeads + valueHeadDim,
    recurrent: { convChannels, convKernel, stateValues: valueHeads * keyHeadDim * valueHeadDim, declaredStateBytes: options.stateBytes },
    work: 2 * keyWidth + 2 * valueWidth + 2 * valueHeads + valueWidth,
  };
}

export interface Mamba1Options {
  hidden: number;
  innerWidth: number;
  dtRank: number;
  stateSize: number;
  convKernel: number;
  projectionBias?: boolean;
  convBias?: boolean;
  /** Weighted RMSNorms on dt, B and C (Jamba); Falcon Mamba's are weightless. */
  dtNorms?: boolean;
  stateBytes: number | null;
}

/** A Mamba (1) mixer (Falcon Mamba, Jamba; modeling_falcon_mamba.py): state per sequence inner x state size. */
export function mamba1(options: Mamba1Options): Part {
  const { hidden, innerWidth, dtRank, stateSize, convKernel } = options;
  let vectors = innerWidth * convKernel + innerWidth * stateSize + innerWidth + innerWidth;
  if (options.convBias) vectors += innerWidth;
  if (options.projectionBias) vectors += 2 * innerWidth + hidden;
  if (options.dtNorms) vectors += dtRank + 2 * stateSize;
  return {
    tensors: [matrix('ssm_in', 2 * innerWidth, hidden), matrix('ssm_x', dtRank + 2 * stateSize, innerWidth), matrix('ssm_dt', innerWidth, dtRank), matrix('ssm_out', hidden, innerWidth)],
    vectors,
    recurrent: { convChannels: innerWidth, convKernel, stateValues: innerWidth * stateSize, declaredStateBytes: options.stateBytes },
    work: 2 * innerWidth + dtRank + 2 * stateSize + innerWidth,
  };
}

/** Gemma 3n/4 per-layer input: a gate and a projection of per-layer embedding width, and a norm. */
export function perLayerInput(hidden: number, width: number): Part {
  return { tensors: [matrix('per_layer', width, hidden), matrix('per_layer', hidden, width)], vectors: hidden, work: 2 * width };
}

/** One decoder layer from its parts, with `norms` vectors of the hidden width (and any other vectors) added. */
export function layer(mixer: MixerKind, parts: readonly Part[], otherVectors: number): LayerKind {
  const attentionPart = parts.find((part) => part.attention !== undefined);
  const recurrentPart = parts.find((part) => part.recurrent !== undefined);
  return {
    mixer,
    tensors: parts.flatMap((part) => part.tensors),
    vectorParameters: otherVectors + parts.reduce((sum, part) => sum + part.vectors, 0),
    attention: attentionPart?.attention ?? null,
    recurrent: recurrentPart?.recurrent ?? null,
    heads: parts.find((part) => part.heads)?.heads ?? null,
    peakValuesPerToken: Math.max(...parts.map((part) => part.work)),
    mlp: parts.find((part) => part.mlp)?.mlp ?? null,
  };
}
