/**
 * The defaults Transformers' configuration classes apply when config.json leaves a field out, for the fields the
 * adapters read. Facts from huggingface/transformers v5.18.0, models/<type>/configuration_<type>.py (read from the
 * release wheel, 2026-12-02). Only defaults that change a count are listed; `head_dim` appears where the class
 * declares one (elsewhere it is hidden / heads unless config.json gives it).
 */
import type { ConfigObject } from './reader';

const QWEN2 = { num_key_value_heads: 32, max_position_embeddings: 32768, tie_word_embeddings: false, use_sliding_window: false, max_window_layers: 28, vocab_size: 151936 };

export const CONFIG_DEFAULTS: Record<string, ConfigObject> = {
  llama: { tie_word_embeddings: false, attention_bias: false, mlp_bias: false, max_position_embeddings: 2048, vocab_size: 32000 },
  mistral: { tie_word_embeddings: false, max_position_embeddings: 131072, sliding_window: 4096, num_key_value_heads: 8, vocab_size: 32000 },
  ministral3: { tie_word_embeddings: false, vocab_size: 131072 },
  mixtral: { tie_word_embeddings: false, max_position_embeddings: 131072, num_key_value_heads: 8, num_local_experts: 8, num_experts_per_tok: 2, vocab_size: 32000 },
  qwen2: QWEN2,
  qwen3: { ...QWEN2, head_dim: 128, attention_bias: false },
  qwen3_moe: { ...QWEN2, num_key_value_heads: 4, attention_bias: false, decoder_sparse_step: 1, num_experts: 128, num_experts_per_tok: 8, moe_intermediate_size: 768 },
  qwen3_next: { ...QWEN2, num_key_value_heads: 2, head_dim: 256, attention_bias: false, decoder_sparse_step: 1, full_attention_interval: 4, linear_conv_kernel_dim: 4, num_experts: 512, num_experts_per_tok: 10, moe_intermediate_size: 512, shared_expert_intermediate_size: 512 },
  qwen3_5_text: { ...QWEN2, num_key_value_heads: 4, head_dim: 256, attention_bias: false, full_attention_interval: 4, linear_conv_kernel_dim: 4, vocab_size: 248320 },
  qwen3_5_moe_text: { ...QWEN2, num_key_value_heads: 2, head_dim: 256, attention_bias: false, full_attention_interval: 4, linear_conv_kernel_dim: 4, num_experts: 256, num_experts_per_tok: 8, moe_intermediate_size: 512, shared_expert_intermediate_size: 512, vocab_size: 248320 },
  gemma2: { tie_word_embeddings: true, head_dim: 256, attention_bias: false, num_key_value_heads: 4, sliding_window: 4096, max_position_embeddings: 8192, vocab_size: 256000 },
  gemma3_text: {
    tie_word_embeddings: true,
    head_dim: 256,
    attention_bias: false,
    hidden_size: 2304,
    intermediate_size: 9216,
    num_hidden_layers: 26,
    num_attention_heads: 8,
    num_key_value_heads: 4,
    sliding_window: 4096,
    sliding_window_pattern: 6,
    max_position_embeddings: 131072,
    vocab_size: 262208,
  },
  gemma4_text: {
    tie_word_embeddings: true,
    head_dim: 256,
    global_head_dim: 512,
    attention_bias: false,
    attention_k_eq_v: false,
    enable_moe_block: false,
    hidden_size_per_layer_input: 256,
    num_kv_shared_layers: 0,
    use_double_wide_mlp: false,
    num_attention_heads: 8,
    num_key_value_heads: 4,
    sliding_window: 512,
    max_position_embeddings: 131072,
    vocab_size: 262144,
    vocab_size_per_layer_input: 262144,
  },
  phi3: { tie_word_embeddings: false, max_position_embeddings: 4096, vocab_size: 32064 },
  deepseek_v3: { tie_word_embeddings: false, attention_bias: false, first_k_dense_replace: 3, n_shared_experts: 1, num_nextn_predict_layers: 1, max_position_embeddings: 4096, vocab_size: 129280 },
  deepseek_v32: { tie_word_embeddings: false, attention_bias: false, first_k_dense_replace: 3, n_shared_experts: 1, num_nextn_predict_layers: 1, max_position_embeddings: 163840, vocab_size: 129280 },
  kimi_k2: { tie_word_embeddings: false, attention_bias: false, first_k_dense_replace: 1, n_shared_experts: 1, num_nextn_predict_layers: 0 },
  gpt_oss: { tie_word_embeddings: false, attention_bias: true, head_dim: 64, sliding_window: 128, num_local_experts: 128, num_experts_per_tok: 4, max_position_embeddings: 131072, vocab_size: 201088 },
  glm4_moe: { tie_word_embeddings: false, attention_bias: false, use_qk_norm: false, first_k_dense_replace: 1, n_shared_experts: 1, num_nextn_predict_layers: 1, max_position_embeddings: 131072, vocab_size: 151552 },
  nemotron_h: { tie_word_embeddings: false, attention_bias: false, head_dim: 128, conv_kernel: 4, mamba_head_dim: 64, mamba_num_heads: 128, n_groups: 8, ssm_state_size: 128, use_bias: false, use_conv_bias: true, mlp_bias: false, num_nextn_predict_layers: 0, max_position_embeddings: 4096, vocab_size: 131072 },
  granitemoehybrid: {
    tie_word_embeddings: false,
    attention_bias: false,
    hidden_size: 4096,
    intermediate_size: 11008,
    num_hidden_layers: 32,
    num_attention_heads: 32,
    num_local_experts: 8,
    num_experts_per_tok: 2,
    shared_intermediate_size: 1024,
    mamba_n_heads: 128,
    mamba_n_groups: 1,
    mamba_d_state: 256,
    mamba_d_conv: 4,
    mamba_expand: 2,
    mamba_conv_bias: true,
    mamba_proj_bias: false,
    max_position_embeddings: 2048,
    vocab_size: 32000,
  },
  olmo2: { tie_word_embeddings: false, attention_bias: false, max_position_embeddings: 2048, vocab_size: 50304 },
  olmo3: { tie_word_embeddings: false, attention_bias: false, sliding_window: 4096, max_position_embeddings: 2048, vocab_size: 50304 },
  smollm3: { tie_word_embeddings: true, attention_bias: false, mlp_bias: false, no_rope_layer_interval: 4, use_sliding_window: false, max_position_embeddings: 32768, vocab_size: 128256 },
  llama4_text: { tie_word_embeddings: false, attention_bias: false, head_dim: 128, attention_chunk_size: 8192, interleave_moe_layer_step: 1, no_rope_layer_interval: 4, num_local_experts: 16, num_experts_per_tok: 1, max_position_embeddings: 131072, vocab_size: 202048 },
  falcon: { tie_word_embeddings: true, bias: false, multi_query: true, new_decoder_architecture: false, parallel_attn: true, max_position_embeddings: 2048, vocab_size: 65024 },
  jamba: { tie_word_embeddings: false, attn_layer_offset: 4, attn_layer_period: 8, expert_layer_offset: 1, expert_layer_period: 2, mamba_conv_bias: true, mamba_proj_bias: false, mamba_d_conv: 4, mamba_d_state: 16, mamba_expand: 2, num_experts: 16, num_experts_per_tok: 2, max_position_embeddings: 262144, vocab_size: 65536 },
  starcoder2: { tie_word_embeddings: true, use_bias: true, max_position_embeddings: 4096, vocab_size: 49152 },
};

/** Wrappers around a text model, and which configuration class their text_config defaults to when it has no model_type. */
export const MULTIMODAL_TEXT_TYPES: Record<string, string> = {
  gemma3: 'gemma3_text',
  gemma4: 'gemma4_text',
  qwen3_5: 'qwen3_5_text',
  qwen3_5_moe: 'qwen3_5_moe_text',
  mistral3: 'mistral',
  llama4: 'llama4_text',
};
