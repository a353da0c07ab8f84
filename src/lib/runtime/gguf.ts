/**
 * GGUF file sizes tensor by tensor, as llama.cpp's quantizer decides them: each file type ("ftype", e.g. Q4_K_M)
 * has a base type, and llama_tensor_get_type keeps some tensors at higher precision (the output head, attention
 * V, ffn_down in the first and last eighth of layers and every third between), bumps them for 70B Llama and
 * 8-expert models, falls back when a row's width is not a multiple of the type's block, and keeps routers, norms
 * and biases in F32. Rules from llama.cpp src/llama-quant.cpp (build b7437, December 2025, and the 2026 revision
 * of the same file, which agree on every rule used here); block sizes from ggml/src/ggml-common.h.
 */
import type { LayerKind, ModelArchitecture, Tensor, TensorRole } from '../architecture/types';

/** Weights per block and bytes per block of each GGML type (ggml-common.h static_asserts). */
export const GGML_TYPES = {
  F32: { block: 1, bytes: 4 },
  F16: { block: 1, bytes: 2 },
  BF16: { block: 1, bytes: 2 },
  Q4_0: { block: 32, bytes: 18 },
  Q4_1: { block: 32, bytes: 20 },
  Q5_0: { block: 32, bytes: 22 },
  Q5_1: { block: 32, bytes: 24 },
  Q8_0: { block: 32, bytes: 34 },
  IQ4_NL: { block: 32, bytes: 18 },
  MXFP4: { block: 32, bytes: 17 },
  Q2_K: { block: 256, bytes: 84 },
  Q3_K: { block: 256, bytes: 110 },
  Q4_K: { block: 256, bytes: 144 },
  Q5_K: { block: 256, bytes: 176 },
  Q6_K: { block: 256, bytes: 210 },
  IQ4_XS: { block: 256, bytes: 136 },
} as const;
export type GgmlType = keyof typeof GGML_TYPES;

/** The file types this calculator offers; MXFP4_MOE keeps experts in MXFP4 and the rest in Q8_0. */
export type GgufFileType = 'F32' | 'F16' | 'BF16' | 'Q8_0' | 'Q6_K' | 'Q5_K_M' | 'Q5_0' | 'Q4_K_M' | 'Q4_K_S' | 'Q4_0' | 'Q3_K_M' | 'Q2_K' | 'IQ4_XS' | 'MXFP4_MOE';

const BASE: Record<GgufFileType, GgmlType> = {
  F32: 'F32',
  F16: 'F16',
  BF16: 'BF16',
  Q8_0: 'Q8_0',
  Q6_K: 'Q6_K',
  Q5_K_M: 'Q5_K',
  Q5_0: 'Q5_0',
  Q4_K_M: 'Q4_K',
  Q4_K_S: 'Q4_K',
  Q4_0: 'Q4_0',
  Q3_K_M: 'Q3_K',
  Q2_K: 'Q2_K',
  IQ4_XS: 'IQ4_XS',
  MXFP4_MOE: 'MXFP4',
};

/** Where a type goes when a row's width is not a multiple of its block (tensor_type_fallback, 2026). */
const FALLBACK: Partial<Record<GgmlType, GgmlType>> = { Q2_K: 'Q4_0', Q3_K: 'Q4_0', Q4_K: 'Q5_0', Q5_K: 'Q5_1', Q6_K: 'Q8_0', IQ4_XS: 'IQ4_NL' };

export function rowBytes(type: GgmlType, width: number): number {
  const { block, bytes } = GGML_TYPES[type];
  return (width / block) * bytes;
}

function fits(type: GgmlType, width: number): GgmlType {
  if (width % GGML_TYPES[type].block === 0) return type;
  const fallback = FALLBACK[type];
  if (fallback && width % GGML_TYPES[fallback].block === 0) return fallback;
  return 'F16';
}

/** llama.cpp's use_more_bits: the first eighth of layers, the last eighth, and every third layer between. */
export function useMoreBits(index: number, count: number): boolean {
  const eighth = Math.floor(count / 8);
  return index < eighth || index >= Math.floor((7 * count) / 8) || (index - eighth) % 3 === 2;
}

interface ModelFacts {
  layers: number;
  /** Query heads per KV head at layer 0 (n_gqa). */
  gqa: number;
  /** Routed experts per MoE layer (n_expert), 0 for dense models. */
  experts: number;
  /** Llama 2 and 3 70B (80 layers, grouped-query): llama.cpp's LLM_TYPE_70B bumps attention V. */
  llama70b: boolean;
  /** Layers with an attention V projection (attn_v or latent attn_kv_b), in order: n_attention_wv. */
  valueLayers: number[];
  expertsStoredAs?: 'mxfp4';
}

function facts(architecture: ModelArchitecture): ModelFacts {
  const kinds = architecture.layerOrder.map((index) => architecture.layerKinds[index]!);
  const firstAttention = kinds.find((kind) => kind.heads !== null);
  const moe = kinds.find((kind) => kind.mlp?.kind === 'moe')?.mlp;
  const hasValue = (kind: LayerKind) => kind.tensors.some((tensor) => tensor.role === 'attn_v' || tensor.role === 'attn_kv_b');
  return {
    layers: kinds.length,
    gqa: firstAttention?.heads ? firstAttention.heads.query / firstAttention.heads.kv : 1,
    experts: moe?.kind === 'moe' ? moe.experts : 0,
    llama70b: architecture.modelType === 'llama' && kinds.length === 80 && !!firstAttention?.heads && firstAttention.heads.query !== firstAttention.heads.kv,
    valueLayers: kinds.flatMap((kind, index) => (hasValue(kind) ? [index] : [])),
    expertsStoredAs: architecture.checkpoint?.expertFormat,
  };
}

const EXPERT_ROLES: ReadonlySet<TensorRole> = new Set(['ffn_gate_exps', 'ffn_up_exps', 'ffn_down_exps']);
/** Tensors llama.cpp never quantizes: the router, biases and embedding-like tables it leaves alone. */
const KEPT: Partial<Record<TensorRole, GgmlType>> = { ffn_gate_inp: 'F32', ffn_bias_exps: 'F32', per_layer_proj: 'F16', position_embd: 'F16' };

/** The type llama.cpp gives a decoder-layer tensor in a file of type `ftype` (llama_tensor_get_type). */
export function layerTensorType(ftype: GgufFileType, tensor: Tensor, layer: number, model: ModelFacts): GgmlType {
  const kept = KEPT[tensor.role];
  if (kept) return kept;
  if (EXPERT_ROLES.has(tensor.role) && model.expertsStoredAs === 'mxfp4') return 'MXFP4';
  const base = BASE[ftype];
  if (ftype === 'F32' || ftype === 'F16' || ftype === 'BF16') return base;
  if (ftype === 'MXFP4_MOE') return EXPERT_ROLES.has(tensor.role) ? 'MXFP4' : 'Q8_0';
  const eightExperts = model.experts === 8;
  let type: GgmlType = base;
  switch (tensor.role) {
    case 'attn_v':
    case 'attn_kv_b': {
      const position = model.valueLayers.indexOf(layer);
      const count = model.valueLayers.length;
      if (ftype === 'Q2_K') type = model.gqa >= 4 ? 'Q4_K' : 'Q3_K';
      else if (ftype === 'Q3_K_M') type = position < 2 ? 'Q5_K' : 'Q4_K';
      else if (ftype === 'Q4_K_S') type = position < 4 ? 'Q5_K' : 'Q4_K';
      else if (ftype === 'Q4_K_M') type = useMoreBits(position, count) ? 'Q6_K' : 'Q4_K';
      else if (ftype === 'Q5_K_M') type = useMoreBits(position, count) ? 'Q6_K' : 'Q5_K';
      else if (ftype === 'IQ4_XS') type = model.gqa >= 4 ? 'Q5_K' : 'IQ4_XS';
      if (model.llama70b && (type === 'Q3_K' || type === 'Q4_K')) type = 'Q5_K';
      if (eightExperts) type = 'Q8_0';
      break;
    }
    case 'attn_k':
      if (eightExperts) type = 'Q8_0';
      break;
    case 'attn_output':
      if (eightExperts && ['Q2_K', 'Q3_K_M', 'Q4_K_S', 'Q4_K_M', 'IQ4_XS'].includes(ftype)) type = 'Q5_K';
      else if (ftype === 'Q2_K') type = 'Q3_K';
      else if (ftype === 'Q3_K_M') type = 'Q4_K';
      break;
    case 'ffn_down':
    case 'ffn_down_exps':
    case 'ffn_down_shexp': {
      const { layers } = model;
      if (ftype === 'Q2_K') type = 'Q3_K';
      else if (ftype === 'Q3_K_M') type = layer < Math.floor(layers / 16) ? 'Q5_K' : 'Q4_K';
      else if (ftype === 'Q4_K_S') type = layer < Math.floor(layers / 8) ? 'Q5_K' : 'Q4_K';
      else if (ftype === 'Q4_K_M') type = useMoreBits(layer, layers) ? 'Q6_K' : 'Q4_K';
      else if (ftype === 'Q5_K_M') type = useMoreBits(layer, layers) ? 'Q6_K' : 'Q5_K';
      else if (ftype === 'IQ4_XS') type = layer < Math.floor(layers / 8) ? 'Q5_K' : 'IQ4_XS';
      break;
    }
    default:
      break;
  }
  return fits(type, tensor.cols);
}

/** The output head, or a tied embedding (which serves as the head): Q6_K for K-quants, Q4_0 and IQ4_XS. */
export function outputType(ftype: GgufFileType, width: number): GgmlType {
  const base = BASE[ftype];
  if (ftype === 'F32' || ftype === 'F16' || ftype === 'BF16') return base;
  if (ftype === 'MXFP4_MOE' || ftype === 'Q8_0' || width % GGML_TYPES[base].block !== 0) return 'Q8_0';
  // Q6_K then meets the general fallback: a width that is no multiple of 256 (Gemma 3 1B's 1,152) takes Q8_0.
  return fits('Q6_K', width);
}

/** An untied input embedding keeps the base type (only the IQ1-IQ3 and ternary types change it). */
export function embeddingType(ftype: GgufFileType, width: number): GgmlType {
  return ftype === 'MXFP4_MOE' ? 'Q8_0' : fits(BASE[ftype], width);
}

export interface GgufLayerBytes {
  bytes: number;
  /** Bytes of routed experts (what --cpu-moe moves to system RAM). */
  expertBytes: number;
  /** Bytes one token reads: all but the experts it is not sent to. */
  readBytes: number;
}

export interface GgufLayout {
  layers: GgufLayerBytes[];
  /** token_embd: llama.cpp always keeps it in system RAM. */
  embeddingBytes: number;
  /** The output head and final norm: "layer n_layer", offloaded with the last GPU layers. */
  outputBytes: number;
  /** Other top-level tensors (per-layer embeddings, learned positions). */
  otherBytes: number;
  /** Whether the head is the embedding matrix (tied): llama.cpp then puts a duplicate of it with the output layer. */
  tiedHead: boolean;
  totalBytes: number;
  /** Bytes one decoding step reads (the embedding lookup and unchosen experts left out). */
  readPerTokenBytes: number;
  /** How many tensors get each type, for "show the math". */
  typeCounts: Partial<Record<GgmlType, number>>;
}

export function ggufLayout(architecture: ModelArchitecture, ftype: GgufFileType): GgufLayout {
  const model = facts(architecture);
  const typeCounts: Partial<Record<GgmlType, number>> = {};
  const count = (type: GgmlType, tensors = 1) => (typeCounts[type] = (typeCounts[type] ?? 0) + tensors);
  const layers = architecture.layerOrder.map((kindIndex, layerIndex) => {
    const kind = architecture.layerKinds[kindIndex]!;
    let bytes = kind.vectorParameters * 4;
    let expertBytes = 0;
    let readBytes = bytes;
    for (const tensor of kind.tensors) {
      const type = layerTensorType(ftype, tensor, layerIndex, model);
      count(type);
      const one = tensor.rows * rowBytes(type, tensor.cols);
      bytes += one * tensor.copies;
      readBytes += one * tensor.activeCopies;
      if (EXPERT_ROLES.has(tensor.role)) expertBytes += one * tensor.copies;
    }
    return { bytes, expertBytes, readBytes };
  });
  const { embedding, output } = architecture;
  const embeddingFileType = architecture.output === null ? outputType(ftype, embedding.cols) : embeddingType(ftype, embedding.cols);
  count(embeddingFileType);
  const embeddingBytes = embedding.rows * rowBytes(embeddingFileType, embedding.cols);
  let outputBytes = architecture.topVectorParameters * 4;
  if (output) {
    const type = outputType(ftype, output.cols);
    count(type);
    outputBytes += output.rows * rowBytes(type, output.cols);
  }
  let otherBytes = 0;
  let otherRead = 0;
  for (const tensor of architecture.topTensors) {
    const type = KEPT[tensor.role] ?? fits(BASE[ftype], tensor.cols);
    count(type);
    const one = tensor.rows * rowBytes(type, tensor.cols) * tensor.copies;
    otherBytes += one;
    if (tensor.role !== 'per_layer_embd' && tensor.role !== 'position_embd') otherRead += one;
  }
  const layerBytes = layers.reduce((sum, layer) => sum + layer.bytes, 0);
  const layerRead = layers.reduce((sum, layer) => sum + layer.readBytes, 0);
  // A tied head is the embedding matrix, read in full for each token's logits.
  const headRead = output ? outputBytes : outputBytes + embeddingBytes;
  return {
    layers,
    embeddingBytes,
    outputBytes,
    otherBytes,
    tiedHead: architecture.output === null,
    totalBytes: Math.ceil(layerBytes + embeddingBytes + outputBytes + otherBytes),
    readPerTokenBytes: Math.ceil(layerRead + headRead + otherRead),
    typeCounts,
  };
}
