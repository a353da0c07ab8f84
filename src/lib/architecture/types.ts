/**
 * A model as the engines see it: a list of decoder layers, each of a kind that says which weights it holds, what it
 * caches per token (attention) or per sequence (recurrent state), and how wide a token's work is. Adapters build it
 * from a Hugging Face config.json (./config/) or from a catalog entry's older shape block (./legacy.ts); every
 * memory figure is computed from it.
 */

/**
 * What a weight matrix does, named as llama.cpp names GGUF tensors (llama-arch.cpp), since its quantization
 * recipes choose a type per role. Fused projections are listed by their parts.
 */
export type TensorRole =
  | 'attn_q'
  | 'attn_k'
  | 'attn_v'
  | 'attn_output'
  | 'attn_q_a'
  | 'attn_q_b'
  | 'attn_kv_a'
  | 'attn_kv_b'
  | 'indexer'
  | 'ffn_gate'
  | 'ffn_up'
  | 'ffn_down'
  | 'ffn_gate_exps'
  | 'ffn_up_exps'
  | 'ffn_down_exps'
  | 'ffn_gate_shexp'
  | 'ffn_up_shexp'
  | 'ffn_down_shexp'
  | 'ffn_gate_inp'
  | 'ffn_bias_exps'
  | 'ffn_latent'
  | 'ssm_in'
  | 'ssm_out'
  | 'ssm_x'
  | 'ssm_dt'
  | 'per_layer'
  | 'per_layer_embd'
  | 'per_layer_proj'
  | 'position_embd';

/** Tables read one row per token (embeddings), so they count in memory but not in the weights read per token. */
/** Projections a quantized checkpoint keeps in 16-bit: these roles in these decoder layers ('all' for every one). */
export interface KeptProjections {
  layers: number[] | 'all';
  roles: TensorRole[];
}

export const LOOKUP_ROLES: ReadonlySet<TensorRole> = new Set(['per_layer_embd', 'position_embd']);

export interface Tensor {
  role: TensorRole;
  /** Output features: the rows of the weight matrix. */
  rows: number;
  /** Input features: the length of each row, which quantization blocks divide. */
  cols: number;
  /** How many of them the layer holds: the experts, for expert tensors; 1 otherwise. */
  copies: number;
  /** How many of them one token reads: the experts chosen per token; all copies for shared weights. */
  activeCopies: number;
}

/** What an attention layer keeps for each token of each sequence. */
export interface AttentionCache {
  /** Values cached per token: keys and values of the KV heads, or latent attention's compressed latent and rotary key. */
  valuesPerToken: number;
  /** Tokens a windowed layer attends to (sliding or chunked); null when it attends to the whole context. */
  window: number | null;
  windowKind: 'sliding' | 'chunked' | null;
}

/** A linear-attention or state-space layer's memory: constant per sequence, whatever the context. */
export interface RecurrentState {
  /** Channels of the depthwise convolution and its kernel width: runtimes keep kernel or kernel - 1 values per channel. */
  convChannels: number;
  convKernel: number;
  /** Recurrent state values (SSM or delta-rule state). */
  stateValues: number;
  /** Bytes per recurrent-state value the config declares (mamba_ssm_dtype, mamba_ssm_cache_dtype), or null when it names none. */
  declaredStateBytes: number | null;
}

export type MixerKind = 'full' | 'sliding' | 'chunked' | 'latent' | 'linear-attention' | 'mamba' | 'hybrid';

export interface LayerKind {
  mixer: MixerKind;
  tensors: Tensor[];
  /** Norm weights, biases, per-head constants, convolution kernels and scalars: small, and all read per token. */
  vectorParameters: number;
  /** What the layer caches per token; null for a layer without attention or one that reuses another layer's cache. */
  attention: AttentionCache | null;
  recurrent: RecurrentState | null;
  /** Query heads, KV heads and head width of its attention, for display and activations; null without attention. */
  heads: { query: number; kv: number; dim: number } | null;
  /**
   * Values one token's widest sublayer holds at once besides the residual stream: the attention or mixer's
   * projection outputs, or the MLP's gate, up and their product over the active width. Activation memory takes
   * the widest layer.
   */
  peakValuesPerToken: number;
  /** MLP summary for display: dense width, or experts. */
  mlp: { kind: 'dense'; width: number } | { kind: 'moe'; experts: number; perToken: number; expertWidth: number; sharedWidth: number } | null;
}

/** Parts of a checkpoint a text-only runtime does not run: shown beside the text model, never inside it. */
export interface ExtraPart {
  name: 'multi-token prediction' | 'vision encoder' | 'audio encoder';
  /** null when the config has the part but this project has no verified formula for its size. */
  parameters: number | null;
}

export interface ModelArchitecture {
  /** The config's model_type (the text model's, for multimodal configs). */
  modelType: string;
  hiddenSize: number;
  vocabSize: number;
  /** Longest context the model was configured for (max_position_embeddings). */
  contextLength: number;
  /** The distinct kinds of decoder layer, and which kind each layer is, in order. */
  layerKinds: LayerKind[];
  layerOrder: number[];
  /** Input embedding: vocabulary x hidden; only the rows of the tokens seen are read. */
  embedding: { rows: number; cols: number };
  /** The output head when it is its own matrix; null when tied to the embedding (which is then read in full). */
  output: { rows: number; cols: number } | null;
  /** Top-level matrices besides the embedding and head: per-layer embeddings and their projection, learned positions. */
  topTensors: Tensor[];
  /** Final norm and other top-level vectors. */
  topVectorParameters: number;
  extras: ExtraPart[];
  /** How the published checkpoint stores its weights, when not in 16-bit (from quantization_config). */
  checkpoint?: {
    expertFormat?: 'mxfp4';
    weightFormat?: 'fp8';
    /** Projections the quantized checkpoint keeps in 16-bit (quantization_config.modules_to_not_convert). */
    unquantized?: KeptProjections[];
    /** The checkpoint holds lm_head.weight although the config ties it, so GGUF conversions carry a separate output tensor. */
    storesTiedHead?: boolean;
  };
}
