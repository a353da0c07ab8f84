/**
 * Model types with layouts of their own: Gemma 4 (per-layer head widths, shared KV layers, per-layer inputs and an
 * MoE block beside the MLP), Llama 4 (chunked attention with NoPE layers, interleaved experts) and Falcon (fused
 * attention, parallel blocks, LayerNorms). Shapes from transformers v5.18 models/<type>/modeling_<type>.py.
 */
import { assemble } from '../assemble';
import { attention, denseMlp, layer, matrix, moe, perLayerInput, type Part } from '../parts';
import type { ModelArchitecture } from '../types';
import { layerTypes } from './layer-types';
import { isWholeNumber, type ConfigReader } from './reader';
import { common, mixerOf, windowOf } from './transformer';

export function gemma4(read: ConfigReader, modelType: string, tied: boolean): ModelArchitecture {
  const shape = common(read, { headDimDefault: 256 });
  const { hidden, layers } = shape;
  // Five sliding layers to one full layer, and the last layer is always full.
  const types = layerTypes(read, layers, (index) => ((index + 1) % 6 === 0 ? 'full_attention' : 'sliding_attention')).map((type, index) => (index === layers - 1 ? 'full_attention' : type));
  const globalHeadDim = read.int('global_head_dim', { fallback: 512 });
  const keyIsValue = read.bool('attention_k_eq_v', false);
  const globalKvHeads = keyIsValue ? read.optionalInt('num_global_key_value_heads') : undefined;
  const shared = read.int('num_kv_shared_layers', { min: 0 });
  const bias = read.bool('attention_bias', false);
  const perLayerWidth = read.int('hidden_size_per_layer_input', { min: 0 });
  const doubleWide = read.bool('use_double_wide_mlp', false);
  const width = read.int('intermediate_size');
  const withExperts = read.bool('enable_moe_block', false);
  const experts = withExperts
    ? (() => {
        const count = read.int('num_experts');
        return moe({ hidden, experts: count, perToken: read.int('top_k_experts'), expertWidth: read.int('moe_intermediate_size'), gated: true, routerVectors: hidden + count });
      })()
    : undefined;
  const built = types.map((type, index) => {
    const full = type === 'full_attention';
    const kvShared = shared > 0 && index >= layers - shared;
    const parts: Part[] = [
      attention({
        hidden,
        heads: shape.heads,
        kvHeads: full && globalKvHeads ? globalKvHeads : shape.kvHeads,
        headDim: full ? globalHeadDim : shape.headDim,
        qkvBias: bias,
        outputBias: bias,
        qkNorm: 'per-head',
        kvShared,
        keyIsValue: keyIsValue && full,
        window: windowOf(read, type),
      }),
    ];
    if (experts) parts.push(experts);
    parts.push(denseMlp({ hidden, width: doubleWide && kvShared ? 2 * width : width, gated: true }));
    if (perLayerWidth > 0) parts.push(perLayerInput(hidden, perLayerWidth));
    // Four norms, a one-value layer scalar, and three more norms around the MoE block.
    return layer(mixerOf(type), parts, 4 * hidden + 1 + (experts ? 3 * hidden : 0));
  });
  const topTensors =
    perLayerWidth > 0
      ? [matrix('per_layer_embd', layers * perLayerWidth, read.int('vocab_size_per_layer_input')), matrix('per_layer_proj', layers * perLayerWidth, hidden)]
      : [];
  return assemble({
    modelType,
    hiddenSize: hidden,
    vocabSize: shape.vocab,
    contextLength: shape.context,
    layers: built,
    tiedEmbeddings: tied,
    topTensors,
    topVectorParameters: hidden + (perLayerWidth > 0 ? perLayerWidth : 0),
  });
}

export function llama4(read: ConfigReader, modelType: string, tied: boolean): ModelArchitecture {
  const shape = common(read, { headDimDefault: 128 });
  const { hidden, layers } = shape;
  const interval = read.int('no_rope_layer_interval', { fallback: 4 });
  const ropeLayers = read.list('no_rope_layers', isWholeNumber, 'flags (1 for a layer with rotary positions)', true);
  if (ropeLayers) read.checkLength('no_rope_layers', ropeLayers, layers);
  // Layers with rotary positions attend within chunks; every fourth (NoPE) layer attends to the whole context.
  const types = layerTypes(read, layers, (index) => ((ropeLayers ? ropeLayers[index] === 1 : (index + 1) % interval !== 0) ? 'chunked_attention' : 'full_attention'));
  const step = read.int('interleave_moe_layer_step', { fallback: 1 });
  const listed = read.list('moe_layers', isWholeNumber, 'layer indices');
  const moeLayers = new Set(listed ?? Array.from({ length: layers }, (_, index) => index).filter((index) => index % step === step - 1));
  const expertWidth = read.int('intermediate_size');
  const experts = moe({ hidden, experts: read.int('num_local_experts'), perToken: read.int('num_experts_per_tok'), expertWidth, gated: true, sharedWidth: expertWidth });
  const dense = denseMlp({ hidden, width: read.int('intermediate_size_mlp'), gated: true });
  const bias = read.bool('attention_bias', false);
  const built = types.map((type, index) =>
    layer(
      mixerOf(type),
      [attention({ hidden, heads: shape.heads, kvHeads: shape.kvHeads, headDim: shape.headDim, qkvBias: bias, outputBias: bias, window: type === 'chunked_attention' ? read.int('attention_chunk_size') : null, windowKind: 'chunked' }), moeLayers.has(index) ? experts : dense],
      2 * hidden,
    ),
  );
  return assemble({ modelType, hiddenSize: hidden, vocabSize: shape.vocab, contextLength: shape.context, layers: built, tiedEmbeddings: tied, topVectorParameters: hidden });
}

/**
 * Falcon (falcon, and the 2023 RefinedWeb names): fused query_key_value sized by new_decoder_architecture or
 * multi_query, biases throughout when `bias`, a plain 4x MLP, and one or two LayerNorms per layer.
 */
export function falcon(read: ConfigReader, modelType: string, tied: boolean): ModelArchitecture {
  const hidden = read.int('hidden_size');
  const heads = read.int('num_attention_heads', { fallback: read.optionalInt('n_head') });
  const layers = read.int('num_hidden_layers', { fallback: read.optionalInt('n_layer') });
  const headDim = Math.floor(hidden / heads);
  const newArchitecture = read.bool('new_decoder_architecture', false);
  const kvHeads = newArchitecture || !read.bool('multi_query', true) ? read.int('num_kv_heads', { fallback: read.optionalInt('n_head_kv') ?? heads }) : 1;
  const bias = read.bool('bias', false);
  const parallel = read.bool('parallel_attn', true);
  const normsInParallel = read.optionalInt('num_ln_in_parallel_attn') ?? (newArchitecture ? 2 : 1);
  const layerNorms = !parallel || normsInParallel === 2 ? 2 : 1;
  const built = layer(
    'full',
    [attention({ hidden, heads, kvHeads, headDim, qkvBias: bias, outputBias: bias }), denseMlp({ hidden, width: read.int('ffn_hidden_size', { fallback: 4 * hidden }), gated: false, bias })],
    layerNorms * 2 * hidden,
  );
  return assemble({
    modelType,
    hiddenSize: hidden,
    vocabSize: read.int('vocab_size'),
    contextLength: read.int('max_position_embeddings', { fallback: 2048 }),
    layers: Array.from({ length: layers }, () => built),
    tiedEmbeddings: tied,
    topVectorParameters: 2 * hidden,
  });
}

/**
 * SigLIP's vision tower as Gemma 3 uses it (modeling_siglip.py): patch convolution, learned positions, ViT layers
 * with biased q/k/v/o and MLP and two LayerNorms each, a final LayerNorm, and the attention-pooling head when
 * vision_use_head; plus Gemma 3's projector (a vision x text matrix and a norm).
 */
export function siglipWithGemma3Projector(read: ConfigReader, textHidden: number): number {
  const hidden = read.int('hidden_size', { fallback: 768 });
  const width = read.int('intermediate_size', { fallback: 3072 });
  const layers = read.int('num_hidden_layers', { fallback: 12 });
  const patch = read.int('patch_size', { fallback: 16 });
  const image = read.int('image_size', { fallback: 224 });
  const channels = read.int('num_channels', { fallback: 3 });
  const perLayer = 4 * hidden * hidden + 4 * hidden + 2 * hidden * width + width + hidden + 4 * hidden;
  const embeddings = hidden * channels * patch * patch + hidden + (image / patch) ** 2 * hidden;
  const head = read.bool('vision_use_head', true) ? hidden + 4 * hidden * hidden + 4 * hidden + 2 * hidden + 2 * hidden * width + width + hidden : 0;
  const tower = layers * perLayer + embeddings + 2 * hidden + head;
  return tower + hidden * textHidden + hidden;
}
