/**
 * DeepSeek V3 and its relatives (R1, V3.1, Kimi K2 as kimi_k2 or deepseek_v3) and V3.2 with its sparse-attention
 * indexer: multi-head latent attention in every layer, dense first layers, then routed experts with shared experts
 * and a score-correction bias (transformers v5.18 models/deepseek_v3/ and models/deepseek_v32/). Checkpoints also
 * store multi-token-prediction layers that the main model never runs; they are counted apart.
 */
import { layerParameters } from '../count';
import { assemble } from '../assemble';
import { denseMlp, latentAttention, layer, moe } from '../parts';
import type { ModelArchitecture } from '../types';
import type { ConfigReader } from './reader';
import { storedMtp } from './transformer';

export function deepseek(read: ConfigReader, modelType: string, tied: boolean): ModelArchitecture {
  const hidden = read.int('hidden_size');
  const layers = read.int('num_hidden_layers');
  const vocab = read.int('vocab_size');
  const heads = read.int('num_attention_heads');
  const qLoraRank = read.optionalInt('q_lora_rank') ?? null;
  const indexed = modelType === 'deepseek_v32';
  const mla = latentAttention({
    hidden,
    heads,
    qLoraRank,
    kvLoraRank: read.int('kv_lora_rank'),
    qkNopeHeadDim: read.int('qk_nope_head_dim'),
    qkRopeHeadDim: read.int('qk_rope_head_dim'),
    vHeadDim: read.int('v_head_dim'),
    bias: read.bool('attention_bias', false),
    indexer: indexed ? { heads: read.int('index_n_heads'), headDim: read.int('index_head_dim') } : undefined,
  });
  if (indexed && qLoraRank === null) read.invalid('q_lora_rank', 'is required for DeepSeek V3.2 (its indexer reads the query latent)');
  const experts = read.int('n_routed_experts');
  const expertWidth = read.int('moe_intermediate_size');
  const sparse = moe({
    hidden,
    experts,
    perToken: read.int('num_experts_per_tok'),
    expertWidth,
    gated: true,
    routerBiases: experts,
    sharedWidth: expertWidth * read.int('n_shared_experts', { min: 0 }),
  });
  const dense = denseMlp({ hidden, width: read.int('intermediate_size'), gated: true });
  const denseLayers = read.int('first_k_dense_replace', { min: 0 });
  const denseLayer = layer('latent', [mla, dense], 2 * hidden);
  const sparseLayer = layer('latent', [mla, sparse], 2 * hidden);
  return assemble({
    modelType,
    hiddenSize: hidden,
    vocabSize: vocab,
    contextLength: read.int('max_position_embeddings'),
    layers: Array.from({ length: layers }, (_, index) => (index < denseLayers ? denseLayer : sparseLayer)),
    tiedEmbeddings: tied,
    topVectorParameters: hidden,
    extras: storedMtp(read.int('num_nextn_predict_layers', { min: 0 }), layerParameters(sparseLayer).total, hidden, vocab),
  });
}
