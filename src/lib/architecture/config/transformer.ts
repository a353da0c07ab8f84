/**
 * Decoder-only transformers whose layers are attention plus a dense or mixture-of-experts MLP: the Llama family and
 * its relatives. Each function follows its model type's modelling code in huggingface/transformers v5.18
 * (src/transformers/models/<type>/modeling_<type>.py) for which tensors exist, their biases and norms.
 */
import { assemble } from '../assemble';
import { layerParameters } from '../count';
import { attention, denseMlp, layer, moe, type AttentionOptions, type Part } from '../parts';
import type { ExtraPart, LayerKind, MixerKind, ModelArchitecture } from '../types';
import { layerTypes, type LayerType } from './layer-types';
import { isWholeNumber, type ConfigReader } from './reader';

export interface Common {
  hidden: number;
  heads: number;
  kvHeads: number;
  headDim: number;
  layers: number;
  vocab: number;
  context: number;
}

/** The shape fields every attention model has. `headDimDefault` is used when config.json has no head_dim. */
export function common(read: ConfigReader, options: { headDimDefault?: number; layers?: number } = {}): Common {
  const hidden = read.int('hidden_size');
  const heads = read.int('num_attention_heads');
  const kvHeads = read.int('num_key_value_heads', { fallback: heads });
  if (heads % kvHeads !== 0) read.invalid('num_key_value_heads', `(${kvHeads}) must divide num_attention_heads (${heads})`);
  return {
    hidden,
    heads,
    kvHeads,
    headDim: read.int('head_dim', { fallback: options.headDimDefault ?? Math.floor(hidden / heads) }),
    layers: options.layers ?? read.int('num_hidden_layers'),
    vocab: read.int('vocab_size'),
    context: read.int('max_position_embeddings'),
  };
}

export function mixerOf(type: LayerType): MixerKind {
  return type === 'sliding_attention' ? 'sliding' : type === 'chunked_attention' ? 'chunked' : 'full';
}

/** The window of a sliding layer, or null for a full one. */
export function windowOf(read: ConfigReader, type: LayerType, key = 'sliding_window'): number | null {
  return type === 'sliding_attention' ? read.int(key) : null;
}

export interface BuildOptions {
  read: ConfigReader;
  modelType: string;
  shape: Common;
  types: LayerType[];
  attentionFor: (index: number, type: LayerType) => Omit<AttentionOptions, 'hidden' | 'heads' | 'kvHeads' | 'headDim'> & Partial<AttentionOptions>;
  mlpFor: (index: number) => Part;
  /** Hidden-width norm vectors per layer (RMSNorm: 1 per norm; LayerNorm: 2). */
  normVectors: number;
  tied: boolean;
  topVectors?: number;
  extras?: ExtraPart[];
}

export function build(options: BuildOptions): ModelArchitecture {
  const { shape } = options;
  const layers: LayerKind[] = options.types.map((type, index) => {
    const attentionPart = attention({ hidden: shape.hidden, heads: shape.heads, kvHeads: shape.kvHeads, headDim: shape.headDim, ...options.attentionFor(index, type) });
    return layer(mixerOf(type), [attentionPart, options.mlpFor(index)], options.normVectors * shape.hidden);
  });
  return assemble({
    modelType: options.modelType,
    hiddenSize: shape.hidden,
    vocabSize: shape.vocab,
    contextLength: shape.context,
    layers,
    tiedEmbeddings: options.tied,
    topVectorParameters: options.topVectors ?? shape.hidden,
    extras: options.extras,
  });
}

/** Qwen2 and Qwen3: layers from max_window_layers on slide, when use_sliding_window is set. */
function qwenSliding(read: ConfigReader, shape: Common): LayerType[] {
  const sliding = read.bool('use_sliding_window', false) && read.optionalInt('sliding_window') !== undefined;
  const from = read.int('max_window_layers', { min: 0, fallback: 28 });
  return layerTypes(read, shape.layers, (index) => (sliding && index >= from ? 'sliding_attention' : 'full_attention'));
}

/** One window for every layer when sliding_window is set (Mistral, Mixtral, Phi-3, Starcoder2, Qwen3-MoE). */
function uniformWindow(read: ConfigReader, shape: Common, enabled = true): LayerType[] {
  const window = enabled ? read.optionalInt('sliding_window') : undefined;
  return layerTypes(read, shape.layers, () => (window ? 'sliding_attention' : 'full_attention'));
}

/** Qwen-style sparse layers: not listed in mlp_only_layers, experts configured, and every decoder_sparse_step-th. */
function qwenSparse(read: ConfigReader): (index: number) => boolean {
  const only = new Set(read.list('mlp_only_layers', isWholeNumber, 'layer indices') ?? []);
  const experts = read.int('num_experts', { min: 0 });
  const step = read.int('decoder_sparse_step', { fallback: 1 });
  return (index) => !only.has(index) && experts > 0 && (index + 1) % step === 0;
}

function gatedDense(read: ConfigReader, hidden: number, bias = false): Part {
  return denseMlp({ hidden, width: read.int('intermediate_size'), gated: true, bias });
}

export function llamaLike(read: ConfigReader, modelType: string, tied: boolean): ModelArchitecture {
  const shape = common(read);
  const bias = read.bool('attention_bias', false);
  const mlpBias = read.bool('mlp_bias', false);
  return build({
    read,
    modelType,
    shape,
    types: layerTypes(read, shape.layers, () => 'full_attention'),
    attentionFor: () => ({ qkvBias: bias, outputBias: bias }),
    mlpFor: () => gatedDense(read, shape.hidden, mlpBias),
    normVectors: 2,
    tied,
  });
}

export function mistral(read: ConfigReader, modelType: string, tied: boolean): ModelArchitecture {
  const shape = common(read);
  const types = uniformWindow(read, shape);
  return build({ read, modelType, shape, types, attentionFor: (_, type) => ({ window: windowOf(read, type) }), mlpFor: () => gatedDense(read, shape.hidden), normVectors: 2, tied });
}

export function mixtral(read: ConfigReader, modelType: string, tied: boolean): ModelArchitecture {
  const shape = common(read);
  const types = uniformWindow(read, shape);
  const experts = moe({ hidden: shape.hidden, experts: read.int('num_local_experts'), perToken: read.int('num_experts_per_tok'), expertWidth: read.int('intermediate_size'), gated: true });
  return build({ read, modelType, shape, types, attentionFor: (_, type) => ({ window: windowOf(read, type) }), mlpFor: () => experts, normVectors: 2, tied });
}

export function qwen2(read: ConfigReader, modelType: string, tied: boolean): ModelArchitecture {
  const shape = common(read);
  return build({ read, modelType, shape, types: qwenSliding(read, shape), attentionFor: (_, type) => ({ qkvBias: true, window: windowOf(read, type) }), mlpFor: () => gatedDense(read, shape.hidden), normVectors: 2, tied });
}

export function qwen3(read: ConfigReader, modelType: string, tied: boolean): ModelArchitecture {
  const shape = common(read, { headDimDefault: 128 });
  const bias = read.bool('attention_bias', false);
  return build({
    read,
    modelType,
    shape,
    types: qwenSliding(read, shape),
    attentionFor: (_, type) => ({ qkvBias: bias, outputBias: bias, qkNorm: 'per-head', window: windowOf(read, type) }),
    mlpFor: () => gatedDense(read, shape.hidden),
    normVectors: 2,
    tied,
  });
}

export function qwen3Moe(read: ConfigReader, modelType: string, tied: boolean): ModelArchitecture {
  const shape = common(read);
  const bias = read.bool('attention_bias', false);
  const sparse = qwenSparse(read);
  const dense = read.optionalInt('intermediate_size') ? gatedDense(read, shape.hidden) : undefined;
  const experts = moe({ hidden: shape.hidden, experts: read.int('num_experts'), perToken: read.int('num_experts_per_tok'), expertWidth: read.int('moe_intermediate_size'), gated: true });
  return build({
    read,
    modelType,
    shape,
    types: uniformWindow(read, shape, read.bool('use_sliding_window', false)),
    attentionFor: (_, type) => ({ qkvBias: bias, outputBias: bias, qkNorm: 'per-head', window: windowOf(read, type) }),
    mlpFor: (index) => (sparse(index) ? experts : (dense ?? read.invalid('intermediate_size', 'is missing, and some layers are dense'))),
    normVectors: 2,
    tied,
  });
}

/**
 * Qwen1.5-MoE and Qwen2-MoE (qwen2_moe): biased q/k/v (qkv_bias), routed experts with a sigmoid-gated shared expert,
 * dense layers where mlp_only_layers or decoder_sparse_step say so; when use_sliding_window is set, even-indexed layers
 * below max_window_layers slide (configuration_qwen2_moe.py).
 */
export function qwen2Moe(read: ConfigReader, modelType: string, tied: boolean): ModelArchitecture {
  const shape = common(read);
  const bias = read.bool('qkv_bias', true);
  const sliding = read.bool('use_sliding_window', false);
  const below = read.int('max_window_layers', { min: 0, fallback: 28 });
  const types = layerTypes(read, shape.layers, (index) => (sliding && index % 2 === 0 && index < below ? 'sliding_attention' : 'full_attention'));
  const sparse = qwenSparse(read);
  const experts = qwenSharedExpertMoe(read, shape.hidden);
  const dense = gatedDense(read, shape.hidden);
  return build({ read, modelType, shape, types, attentionFor: (_, type) => ({ qkvBias: bias, window: windowOf(read, type) }), mlpFor: (index) => (sparse(index) ? experts : dense), normVectors: 2, tied });
}

export function phi3(read: ConfigReader, modelType: string, tied: boolean): ModelArchitecture {
  const shape = common(read);
  // Phi-3 fuses q, k, v into qkv_proj and gate, up into gate_up_proj: the same weights, counted by their parts.
  return build({ read, modelType, shape, types: uniformWindow(read, shape), attentionFor: (_, type) => ({ window: windowOf(read, type) }), mlpFor: () => gatedDense(read, shape.hidden), normVectors: 2, tied });
}

export function smollm3(read: ConfigReader, modelType: string, tied: boolean): ModelArchitecture {
  const shape = common(read);
  const bias = read.bool('attention_bias', false);
  const mlpBias = read.bool('mlp_bias', false);
  // Every fourth layer drops rotary positions (NoPE); only those may slide, and only with use_sliding_window.
  const interval = read.int('no_rope_layer_interval', { fallback: 4 });
  const sliding = read.bool('use_sliding_window', false) && read.optionalInt('sliding_window') !== undefined;
  const types = layerTypes(read, shape.layers, (index) => (sliding && (index + 1) % interval === 0 ? 'sliding_attention' : 'full_attention'));
  return build({ read, modelType, shape, types, attentionFor: (_, type) => ({ qkvBias: bias, outputBias: bias, window: windowOf(read, type) }), mlpFor: () => gatedDense(read, shape.hidden, mlpBias), normVectors: 2, tied });
}

/** OLMo 2 and 3: no input norm; q_norm and k_norm over the whole projection; OLMo 3 slides three layers in four. */
export function olmo(read: ConfigReader, modelType: string, tied: boolean): ModelArchitecture {
  const shape = common(read);
  const bias = read.bool('attention_bias', false);
  const types = layerTypes(read, shape.layers, (index) => (modelType === 'olmo3' && (index + 1) % 4 !== 0 ? 'sliding_attention' : 'full_attention'));
  return build({
    read,
    modelType,
    shape,
    types,
    attentionFor: (_, type) => ({ qkvBias: bias, outputBias: bias, qkNorm: 'full-width', window: windowOf(read, type) }),
    mlpFor: () => gatedDense(read, shape.hidden),
    normVectors: 2,
    tied,
  });
}

/** Starcoder2: biases throughout, a plain (ungated) MLP, and LayerNorms with weight and bias. */
export function starcoder2(read: ConfigReader, modelType: string, tied: boolean): ModelArchitecture {
  const shape = common(read);
  const bias = read.bool('use_bias', true);
  return build({
    read,
    modelType,
    shape,
    types: uniformWindow(read, shape),
    attentionFor: (_, type) => ({ qkvBias: bias, outputBias: bias, window: windowOf(read, type) }),
    mlpFor: () => denseMlp({ hidden: shape.hidden, width: read.int('intermediate_size'), gated: false, bias }),
    normVectors: 4,
    tied,
    topVectors: 2 * shape.hidden,
  });
}

/** Gemma, Gemma 2 and Gemma 3 text: 2 norms (Gemma) or 4 (later), per-head q/k norms from Gemma 3, local:global layers. */
export function gemma(read: ConfigReader, modelType: string, tied: boolean): ModelArchitecture {
  const shape = common(read, { headDimDefault: 256 });
  const bias = read.bool('attention_bias', false);
  let types: LayerType[];
  if (modelType === 'gemma') types = layerTypes(read, shape.layers, () => 'full_attention');
  else if (modelType === 'gemma2') types = layerTypes(read, shape.layers, (index) => (index % 2 === 0 ? 'sliding_attention' : 'full_attention'));
  else {
    const pattern = read.int('sliding_window_pattern', { fallback: 6 });
    types = layerTypes(read, shape.layers, (index) => ((index + 1) % pattern === 0 ? 'full_attention' : 'sliding_attention'));
  }
  return build({
    read,
    modelType,
    shape,
    types,
    attentionFor: (_, type) => ({ qkvBias: bias, outputBias: bias, qkNorm: modelType === 'gemma3_text' ? 'per-head' : null, window: windowOf(read, type) }),
    mlpFor: () => gatedDense(read, shape.hidden),
    normVectors: modelType === 'gemma' ? 2 : 4,
    tied,
  });
}

/**
 * gpt-oss: biased attention with one sink per head, alternating 128-token sliding and full layers, and experts
 * with biases behind a biased router (modeling_gpt_oss.py).
 */
export function gptOss(read: ConfigReader, modelType: string, tied: boolean): ModelArchitecture {
  const shape = common(read, { headDimDefault: 64 });
  const bias = read.bool('attention_bias', true);
  const experts = read.int('num_local_experts');
  const mlp = moe({ hidden: shape.hidden, experts, perToken: read.int('num_experts_per_tok'), expertWidth: read.int('intermediate_size'), gated: true, routerBiases: experts, expertBias: true });
  const types = layerTypes(read, shape.layers, (index) => (index % 2 === 0 ? 'sliding_attention' : 'full_attention'));
  return build({ read, modelType, shape, types, attentionFor: (_, type) => ({ qkvBias: bias, outputBias: bias, sinks: true, window: windowOf(read, type) }), mlpFor: () => mlp, normVectors: 2, tied });
}

/**
 * A checkpoint's multi-token-prediction layers as DeepSeek V3 and GLM-4.5 store them (layers L, L+1, ...): a full
 * MoE decoder layer, three norms, the 2H x H projection, and their own copies of the embedding and the head.
 */
export function storedMtp(count: number, layerParameters: number, hidden: number, vocab: number): ExtraPart[] {
  if (count === 0) return [];
  return [{ name: 'multi-token prediction', parameters: count * (layerParameters + 3 * hidden + 2 * hidden * hidden + 2 * vocab * hidden) }];
}

/** GLM-4.5 / 4.6: dense first layers, then experts with a shared expert and score-correction bias (modeling_glm4_moe.py). */
export function glm4Moe(read: ConfigReader, modelType: string, tied: boolean): ModelArchitecture {
  const shape = common(read);
  const bias = read.bool('attention_bias', false);
  const qkNorm = read.bool('use_qk_norm', false) ? 'per-head' : null;
  const denseLayers = read.int('first_k_dense_replace', { min: 0, fallback: 1 });
  const experts = read.int('n_routed_experts');
  const expertWidth = read.int('moe_intermediate_size');
  const sparse = moe({ hidden: shape.hidden, experts, perToken: read.int('num_experts_per_tok'), expertWidth, gated: true, routerBiases: experts, sharedWidth: expertWidth * read.int('n_shared_experts', { min: 0 }) });
  const dense = gatedDense(read, shape.hidden);
  const attentionOptions = { qkvBias: bias, outputBias: false, qkNorm } as const;
  const sparseLayer = layer('full', [attention({ hidden: shape.hidden, heads: shape.heads, kvHeads: shape.kvHeads, headDim: shape.headDim, ...attentionOptions }), sparse], 2 * shape.hidden);
  return build({
    read,
    modelType,
    shape,
    types: layerTypes(read, shape.layers, () => 'full_attention'),
    attentionFor: () => attentionOptions,
    mlpFor: (index) => (index < denseLayers ? dense : sparse),
    normVectors: 2,
    tied,
    extras: storedMtp(read.int('num_nextn_predict_layers', { min: 0 }), layerParameters(sparseLayer).total, shape.hidden, shape.vocab),
  });
}

/**
 * The Qwen MoE block (Qwen2-MoE, Qwen3-Next, Qwen3.5): routed gated experts plus one shared expert behind a sigmoid
 * gate, as those configs describe it.
 */
export function qwenSharedExpertMoe(read: ConfigReader, hidden: number): Part {
  return moe({
    hidden,
    experts: read.int('num_experts'),
    perToken: read.int('num_experts_per_tok'),
    expertWidth: read.int('moe_intermediate_size'),
    gated: true,
    sharedWidth: read.int('shared_expert_intermediate_size', { min: 0 }),
    sharedGate: true,
  });
}
