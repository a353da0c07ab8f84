/**
 * Models whose layers mix attention with linear attention or state-space mixers, whose memory is a constant state
 * per sequence: Qwen3-Next and Qwen3.5 (Gated DeltaNet), IBM Granite 4.0-H and NVIDIA Nemotron-H (Mamba-2), and
 * Jamba (Mamba). Shapes from transformers v5.18 models/<type>/modeling_<type>.py (read from the release wheel,
 * transformers-5.18.0-py3-none-any.whl); the recurrent state is float32 unless the config names another type.
 */
import { layerParameters } from '../count';
import { assemble } from '../assemble';
import { attention, denseMlp, gatedDeltaNet, layer, mamba1, mamba2, moe, type Part } from '../parts';
import type { ExtraPart, LayerKind, ModelArchitecture } from '../types';
import { layerTypes, type LayerType } from './layer-types';
import { isWholeNumber, type ConfigReader } from './reader';
import { common, qwenSharedExpertMoe } from './transformer';

const DTYPE_BYTES: Record<string, number> = { float32: 4, fp32: 4, float16: 2, fp16: 2, bfloat16: 2, bf16: 2 };

/** Bytes per recurrent-state value from the config's declared type (vLLM reads these fields), or null when none. */
function stateBytes(read: ConfigReader): number | null {
  for (const key of ['mamba_ssm_dtype', 'mamba_ssm_cache_dtype']) {
    const name = read.string(key);
    if (name !== undefined) return DTYPE_BYTES[name] ?? read.invalid(key, `names "${name}", which is not float32, float16 or bfloat16`);
  }
  return null;
}

/** Qwen3-Next and Qwen3.5 store their MTP block as one full-attention layer, a 2H x H projection and three norms. */
function qwenMtp(read: ConfigReader, layerParametersTotal: number, hidden: number): ExtraPart[] {
  // Qwen3-Next's config names no MTP layer count, but its checkpoint holds one (vLLM's num_nextn_predict_layers defaults to 1).
  const count = read.int('mtp_num_hidden_layers', { min: 0, fallback: read.int('num_nextn_predict_layers', { min: 0, fallback: 1 }) });
  return count === 0 ? [] : [{ name: 'multi-token prediction', parameters: count * (layerParametersTotal + 2 * hidden * hidden + 3 * hidden) }];
}

/**
 * Qwen3-Next (qwen3_next), Qwen3.5 (qwen3_5_text: dense MLP) and Qwen3.5-MoE (qwen3_5_moe_text): three Gated
 * DeltaNet layers to one gated full-attention layer, by full_attention_interval or layer_types.
 */
export function qwenHybrid(read: ConfigReader, modelType: string, tied: boolean): ModelArchitecture {
  const shape = common(read, { headDimDefault: 256 });
  const interval = read.int('full_attention_interval', { fallback: 4 });
  const types = layerTypes(read, shape.layers, (index) => ((index + 1) % interval === 0 ? 'full_attention' : 'linear_attention'));
  const bias = read.bool('attention_bias', false);
  const full = attention({ hidden: shape.hidden, heads: shape.heads, kvHeads: shape.kvHeads, headDim: shape.headDim, qkvBias: bias, outputBias: bias, qkNorm: 'per-head', outputGate: true });
  const linear = gatedDeltaNet({
    hidden: shape.hidden,
    keyHeads: read.int('linear_num_key_heads'),
    keyHeadDim: read.int('linear_key_head_dim'),
    valueHeads: read.int('linear_num_value_heads'),
    valueHeadDim: read.int('linear_value_head_dim'),
    convKernel: read.int('linear_conv_kernel_dim'),
    stateBytes: stateBytes(read),
  });
  let mlpFor: (index: number) => Part;
  if (modelType === 'qwen3_5_text') {
    const dense = denseMlp({ hidden: shape.hidden, width: read.int('intermediate_size'), gated: true });
    mlpFor = () => dense;
  } else {
    const experts = qwenSharedExpertMoe(read, shape.hidden);
    if (modelType === 'qwen3_5_moe_text') {
      mlpFor = () => experts;
    } else {
      const only = new Set(read.list('mlp_only_layers', isWholeNumber, 'layer indices') ?? []);
      const step = read.int('decoder_sparse_step', { fallback: 1 });
      const dense = read.optionalInt('intermediate_size') ? denseMlp({ hidden: shape.hidden, width: read.int('intermediate_size'), gated: true }) : undefined;
      mlpFor = (index) => (!only.has(index) && (index + 1) % step === 0 ? experts : (dense ?? read.invalid('intermediate_size', 'is missing, and some layers are dense')));
    }
  }
  const norms = 2 * shape.hidden;
  const layers = types.map((type, index) => {
    if (type === 'linear_attention') return layer('linear-attention', [linear, mlpFor(index)], norms);
    if (type !== 'full_attention') read.invalid('layer_types', `has "${type}", which ${modelType} does not use`);
    return layer('full', [full, mlpFor(index)], norms);
  });
  const fullLayer = layer('full', [full, mlpFor(shape.layers - 1)], norms);
  return assemble({
    modelType,
    hiddenSize: shape.hidden,
    vocabSize: shape.vocab,
    contextLength: shape.context,
    layers,
    tiedEmbeddings: tied,
    topVectorParameters: shape.hidden,
    extras: qwenMtp(read, layerParameters(fullLayer).total, shape.hidden),
  });
}

/** Nemotron-H block names: the layers_block_type list, or the legacy hybrid_override_pattern string. */
function nemotronBlocks(read: ConfigReader): Array<'mamba' | 'attention' | 'mlp' | 'moe'> {
  const names = { M: 'mamba', '*': 'attention', '-': 'mlp', E: 'moe' } as const;
  const pattern = read.string('hybrid_override_pattern');
  const list = read.list('layers_block_type', (entry): entry is string => typeof entry === 'string', 'block names', true);
  if (list) {
    return list.map((name) => {
      const block = { mamba: 'mamba', linear_attention: 'mamba', attention: 'attention', full_attention: 'attention', mlp: 'mlp', moe: 'moe' }[name];
      return (block as 'mamba' | 'attention' | 'mlp' | 'moe' | undefined) ?? read.invalid('layers_block_type', `holds "${name}", not mamba, attention, mlp or moe`);
    });
  }
  if (!pattern) return read.invalid('hybrid_override_pattern', 'is missing (and so is layers_block_type)');
  return [...pattern].map((symbol) => names[symbol as keyof typeof names] ?? read.invalid('hybrid_override_pattern', `holds "${symbol}", not M, *, - or E`));
}

/**
 * NVIDIA Nemotron-H and Nemotron 3 (nemotron_h): each block is one norm and one mixer: Mamba-2, attention, a plain
 * relu² MLP, or relu² experts with a shared expert. The block list sets the layer count, and the head is never
 * tied (the class ties nothing).
 */
export function nemotronH(read: ConfigReader, modelType: string): ModelArchitecture {
  const blocks = nemotronBlocks(read);
  const shape = common(read, { headDimDefault: 128, layers: blocks.length });
  const hidden = shape.hidden;
  const mambaHeads = read.int('mamba_num_heads');
  const recurrent = mamba2({
    hidden,
    innerWidth: mambaHeads * read.int('mamba_head_dim'),
    heads: mambaHeads,
    groups: read.int('n_groups'),
    stateSize: read.int('ssm_state_size'),
    convKernel: read.int('conv_kernel'),
    projectionBias: read.bool('use_bias', false),
    convBias: read.bool('use_conv_bias', true),
    stateBytes: stateBytes(read),
  });
  const full = attention({ hidden, heads: shape.heads, kvHeads: shape.kvHeads, headDim: shape.headDim, qkvBias: read.bool('attention_bias', false), outputBias: read.bool('attention_bias', false) });
  const mlpBias = read.bool('mlp_bias', false);
  const kinds: Record<string, () => LayerKind> = {
    mamba: () => layer('mamba', [recurrent], hidden),
    attention: () => layer('full', [full], hidden),
    mlp: () => layer('full', [denseMlp({ hidden, width: read.int('intermediate_size'), gated: false, bias: mlpBias })], hidden),
    moe: () => {
      const experts = read.int('n_routed_experts');
      const latent = read.optionalInt('moe_latent_size');
      return layer(
        'full',
        [
          moe({
            hidden,
            experts,
            perToken: read.int('num_experts_per_tok'),
            expertWidth: read.int('moe_intermediate_size'),
            gated: false,
            routerBiases: experts,
            sharedWidth: read.int('moe_shared_expert_intermediate_size', { min: 0, fallback: 0 }),
            latentWidth: latent,
          }),
        ],
        hidden,
      );
    },
  };
  const built = new Map<string, LayerKind>();
  const layers = blocks.map((block) => {
    if (!built.has(block)) built.set(block, kinds[block]!());
    return built.get(block)!;
  });
  // Blocks without attention or a mixer (plain MLP and MoE blocks) still count as layers; their mixer is shown as full
  // for want of one, but they cache nothing.
  for (const [name, kind] of built) if (name === 'mlp' || name === 'moe') kind.mixer = 'full';
  return assemble({ modelType, hiddenSize: hidden, vocabSize: shape.vocab, contextLength: shape.context, layers, tiedEmbeddings: false, topVectorParameters: hidden });
}

/** Granite 4.0-H names the Mamba-2 head width "auto" (or leaves it out) for inner width / heads, as its class derives it. */
function graniteMambaHeadDim(read: ConfigReader, innerWidth: number, heads: number): number {
  if (innerWidth % heads !== 0) read.invalid('mamba_n_heads', `(${heads}) must divide mamba_expand x hidden_size (${innerWidth})`);
  const given = read.config['mamba_d_head'];
  const headDim = given === undefined || given === null || given === 'auto' ? innerWidth / heads : read.int('mamba_d_head');
  if (headDim * heads !== innerWidth) read.invalid('mamba_d_head', `(${headDim}) x mamba_n_heads (${heads}) must equal mamba_expand x hidden_size (${innerWidth})`);
  return headDim;
}

/**
 * IBM Granite 4.0-H and 4.0 Nano (granitemoehybrid; modeling_granitemoehybrid.py): each layer is a Mamba-2 mixer
 * or a biasless-by-default attention block (layer_types "mamba" / "attention"), then a shared SwiGLU expert of
 * shared_intermediate_size, plus num_local_experts routed experts behind a bias-free router when that is above 0
 * (without experts the shared expert is the whole MLP: H-Micro, H-1B). The 4.0-H configs set
 * position_embedding_type "nope": no rotary weights exist either way, so it changes no count.
 */
export function graniteHybrid(read: ConfigReader, modelType: string, tied: boolean): ModelArchitecture {
  const shape = common(read);
  const hidden = shape.hidden;
  const innerWidth = read.int('mamba_expand') * hidden;
  const mambaHeads = read.int('mamba_n_heads');
  graniteMambaHeadDim(read, innerWidth, mambaHeads);
  const recurrent = mamba2({
    hidden,
    innerWidth,
    heads: mambaHeads,
    groups: read.int('mamba_n_groups'),
    stateSize: read.int('mamba_d_state'),
    convKernel: read.int('mamba_d_conv'),
    projectionBias: read.bool('mamba_proj_bias', false),
    convBias: read.bool('mamba_conv_bias', true),
    stateBytes: stateBytes(read),
  });
  const bias = read.bool('attention_bias', false);
  const full = attention({ hidden, heads: shape.heads, kvHeads: shape.kvHeads, headDim: shape.headDim, qkvBias: bias, outputBias: bias });
  const experts = read.int('num_local_experts', { min: 0 });
  const sharedWidth = read.int('shared_intermediate_size');
  const mlp =
    experts > 0
      ? moe({ hidden, experts, perToken: read.int('num_experts_per_tok'), expertWidth: read.int('intermediate_size'), gated: true, sharedWidth })
      : denseMlp({ hidden, width: sharedWidth, gated: true });
  const types = layerTypes(read, shape.layers, () => 'linear_attention');
  const layers = types.map((type) => {
    if (type === 'linear_attention') return layer('mamba', [recurrent, mlp], 2 * hidden);
    if (type !== 'full_attention') read.invalid('layer_types', `has "${type}"; ${modelType} layers are "mamba" or "attention"`);
    return layer('full', [full, mlp], 2 * hidden);
  });
  return assemble({ modelType, hiddenSize: hidden, vocabSize: shape.vocab, contextLength: shape.context, layers, tiedEmbeddings: tied, topVectorParameters: hidden });
}

/** Jamba: Mamba layers with one attention layer in attn_layer_period, and experts in every expert_layer_period-th layer. */
export function jamba(read: ConfigReader, modelType: string, tied: boolean): ModelArchitecture {
  const shape = common(read);
  const hidden = shape.hidden;
  const innerWidth = read.int('mamba_expand') * hidden;
  const dtRankValue = read.config['mamba_dt_rank'];
  const recurrent = mamba1({
    hidden,
    innerWidth,
    dtRank: dtRankValue === 'auto' ? Math.ceil(hidden / 16) : read.int('mamba_dt_rank'),
    stateSize: read.int('mamba_d_state'),
    convKernel: read.int('mamba_d_conv'),
    projectionBias: read.bool('mamba_proj_bias', false),
    convBias: read.bool('mamba_conv_bias', true),
    dtNorms: true,
    stateBytes: stateBytes(read),
  });
  const full = attention({ hidden, heads: shape.heads, kvHeads: shape.kvHeads, headDim: shape.headDim });
  const [attnPeriod, attnOffset, expertPeriod, expertOffset] = (['attn_layer_period', 'attn_layer_offset', 'expert_layer_period', 'expert_layer_offset'] as const).map((key) =>
    read.int(key, { min: key.endsWith('offset') ? 0 : 1 }),
  );
  const expertCount = read.int('num_experts');
  const experts = moe({ hidden, experts: expertCount, perToken: read.int('num_experts_per_tok'), expertWidth: read.int('intermediate_size'), gated: true });
  const dense = denseMlp({ hidden, width: read.int('intermediate_size'), gated: true });
  const layers = Array.from({ length: shape.layers }, (_, index) => {
    const isAttention = index % attnPeriod! === attnOffset;
    const isMoe = index % expertPeriod! === expertOffset && expertCount > 1;
    return layer(isAttention ? 'full' : 'mamba', [isAttention ? full : recurrent, isMoe ? experts : dense], 2 * hidden);
  });
  return assemble({ modelType, hiddenSize: hidden, vocabSize: shape.vocab, contextLength: shape.context, layers, tiedEmbeddings: tied, topVectorParameters: hidden });
}

export type { LayerType };
