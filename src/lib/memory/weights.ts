/**
 * Bytes of a model's weights in a format on a runtime, layer by layer, and the bytes one decoding step reads: every
 * weight but the input embedding (a lookup of one row per token) and the experts a token is not sent to.
 * llama.cpp stores GGUF, whose types it picks tensor by tensor (../runtime/gguf.ts); other runtimes hold the
 * checkpoint's format: quantized linear layers, with the embedding and head in 16-bit where the format keeps them
 * so, and MXFP4 only in the experts.
 */
import { countParameters, layerParameters } from '../architecture/count';
import { isKept } from '../architecture/unquantized';
import type { ModelArchitecture, TensorRole } from '../architecture/types';
import { ggufLayout, type GgufFileType, type GgufLayout } from '../runtime/gguf';
import type { RuntimeId } from '../runtime/runtime';
import { WEIGHT_PRECISIONS, type WeightPrecisionId } from './precisions';

/** Bytes by layer and part; for a GGUF file also how many tensors llama.cpp stores at each type. */
export type WeightLayout = Omit<GgufLayout, 'typeCounts'> & { typeCounts?: GgufLayout['typeCounts'] };

const GGUF_FILE_TYPES: Partial<Record<WeightPrecisionId, GgufFileType>> = {
  fp32: 'F32',
  fp16: 'F16',
  bf16: 'BF16',
  q8_0: 'Q8_0',
  q6_k: 'Q6_K',
  q5_k_m: 'Q5_K_M',
  q5_0: 'Q5_0',
  q4_k_m: 'Q4_K_M',
  q4_k_s: 'Q4_K_S',
  q4_0: 'Q4_0',
  q3_k_m: 'Q3_K_M',
  q2_k: 'Q2_K',
  iq4_xs: 'IQ4_XS',
  mxfp4: 'MXFP4_MOE',
};

/** The GGUF file type a format maps to in llama.cpp, or undefined when llama.cpp cannot load it. */
export function ggufFileType(precision: WeightPrecisionId): GgufFileType | undefined {
  return GGUF_FILE_TYPES[precision];
}

const EXPERT_ROLES = new Set(['ffn_gate_exps', 'ffn_up_exps', 'ffn_down_exps']);

/**
 * NF4 without double quantization: 4-bit values in blocks of 64, each block with a float32 absmax, 4 + 32/64 bits
 * (QLoRA, arXiv 2305.14314, section 3, "Double Quantization": 32/64 = 0.5 bits a parameter, cut to 0.127 by
 * quantizing the constants).
 */
export const NF4_SINGLE_QUANT_BITS = 4.5;

/** Checkpoint formats: linear weights at the format's bits, the rest per the format's rule. */
function checkpointLayout(architecture: ModelArchitecture, precisionId: WeightPrecisionId, scale: number, doubleQuantization: boolean): WeightLayout {
  const precision = WEIGHT_PRECISIONS[precisionId];
  const bits = precisionId === 'nf4' && !doubleQuantization ? NF4_SINGLE_QUANT_BITS : precision.bitsPerValue;
  const expertsOnly = precisionId === 'mxfp4';
  // The checkpoint's own recipe, when the reader picks the format it ships in: Llama 3.1 405B FP8 keeps attention
  // and its first and last MLPs in BF16 (quantization_config.modules_to_not_convert).
  const kept = precisionId === 'fp8' && architecture.checkpoint?.weightFormat === 'fp8' ? architecture.checkpoint.unquantized : undefined;
  const layerBits = (layer: number, role: TensorRole) => (isKept(kept, layer, role) ? 16 : expertsOnly ? (EXPERT_ROLES.has(role) ? bits : 16) : bits);
  const outerBits = precision.appliesToEmbeddings ? bits : 16;
  // Small vectors (norms, biases) stay 16-bit in quantized checkpoints, or take the format's width when that is wider.
  const vectorBytes = Math.max(2, bits / 8);
  const layers = architecture.layerOrder.map((index, position) => {
    const kind = architecture.layerKinds[index]!;
    let bytes = kind.vectorParameters * vectorBytes * scale;
    let readBytes = bytes;
    let expertBytes = 0;
    for (const tensor of kind.tensors) {
      const one = (tensor.rows * tensor.cols * layerBits(position, tensor.role) * scale) / 8;
      bytes += one * tensor.copies;
      readBytes += one * tensor.activeCopies;
      if (EXPERT_ROLES.has(tensor.role)) expertBytes += one * tensor.copies;
    }
    return { bytes, expertBytes, readBytes };
  });
  const counted = countParameters(architecture);
  const embeddingBytes = (counted.embedding * outerBits * scale) / 8;
  const outputBytes = ((counted.head * outerBits + architecture.topVectorParameters * 16) * scale) / 8;
  const otherBytes = (architecture.topTensors.reduce((sum, tensor) => sum + tensor.rows * tensor.cols * tensor.copies, 0) * 16 * scale) / 8;
  const layerBytes = layers.reduce((sum, layer) => sum + layer.bytes, 0);
  const layerRead = layers.reduce((sum, layer) => sum + layer.readBytes, 0);
  const headRead = counted.head > 0 ? outputBytes : outputBytes + embeddingBytes;
  return {
    layers,
    embeddingBytes,
    outputBytes,
    otherBytes,
    tiedHead: counted.head === 0,
    totalBytes: Math.ceil(layerBytes + embeddingBytes + outputBytes + otherBytes),
    readPerTokenBytes: Math.ceil(layerRead + headRead),
  };
}

/**
 * `statedParameters` (a custom architecture's stated total) scales the counts in proportion. On llama.cpp a
 * format it cannot load falls back to the checkpoint rule; the request parser refuses that combination first.
 */
export function weightLayout(architecture: ModelArchitecture, precision: WeightPrecisionId, runtime: RuntimeId, statedParameters?: number, doubleQuantization = true): WeightLayout {
  const scale = statedParameters === undefined ? 1 : statedParameters / countParameters(architecture).total;
  const fileType = ggufFileType(precision);
  if (runtime === 'llama.cpp' && fileType && scale === 1) {
    // A checkpoint that stores the tied head converts to a GGUF with its own output tensor.
    // Stryker disable next-line ConditionalExpression: the schema allows storesTiedHead only on tied models, whose head has the embedding's shape anyway.
    const converted = architecture.output === null && architecture.checkpoint?.storesTiedHead ? { ...architecture, output: { ...architecture.embedding } } : architecture;
    return ggufLayout(converted, fileType);
  }
  return checkpointLayout(architecture, precision, scale, doubleQuantization);
}

/** Parameters per layer, for rules that need a layer's share (tensor-parallel and offload placement). */
export function layerParameterCounts(architecture: ModelArchitecture): number[] {
  return architecture.layerOrder.map((index) => layerParameters(architecture.layerKinds[index]!).total);
}

/**
 * Share of a layer's routed experts a batch of `batch` tokens reads, with `perTokenShare` = k/E experts a token is
 * sent to. With routing spread evenly an expert escapes one token with chance 1 - k/E, so a batch reads a share
 * 1 - (1 - k/E)^batch of them: "reads only its active experts" holds for one sequence, not for a batch.
 */
export function expertsTouchedShare(perTokenShare: number, batch: number): number {
  if (perTokenShare >= 1) return 1;
  return 1 - (1 - perTokenShare) ** batch;
}

/** Bytes a decoding step of `batch` sequences reads from one layer: its dense part and the experts the batch uses. */
export function layerReadForBatch(layer: WeightLayout['layers'][number], batch: number): number {
  // Stryker disable next-line ConditionalExpression,EqualityOperator: for one sequence the formula gives readBytes too (up to rounding); the shortcut keeps it exact.
  if (layer.expertBytes === 0 || batch <= 1) return layer.readBytes;
  const dense = layer.bytes - layer.expertBytes;
  const perTokenShare = (layer.readBytes - dense) / layer.expertBytes;
  return dense + layer.expertBytes * expertsTouchedShare(perTokenShare, batch);
}

/** Weights a decoding step of `batch` sequences reads: every layer's share for the batch, plus the head. */
export function weightsReadForBatch(layout: WeightLayout, batch: number): number {
  const layersRead = layout.layers.reduce((sum, layer) => sum + layer.readBytes, 0);
  const headRead = layout.readPerTokenBytes - layersRead;
  return headRead + layout.layers.reduce((sum, layer) => sum + layerReadForBatch(layer, batch), 0);
}
