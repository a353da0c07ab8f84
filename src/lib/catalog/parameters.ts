/**
 * Exact parameter counts from a model's shapes. Every term corresponds to a tensor in the checkpoint, so the
 * result can be checked against the count the Hub reads from safetensors metadata.
 */
import type { Architecture } from './schema';

/** The shape fields the count needs; catalog architectures and custom ones typed into the calculator both fit. */
export type ParameterShapes = Pick<
  Architecture,
  'layers' | 'hiddenSize' | 'intermediateSize' | 'attentionHeads' | 'kvHeads' | 'headDim' | 'vocabSize' | 'tiedEmbeddings'
> &
  Partial<
    Pick<
      Architecture,
      | 'contextLength'
      | 'mlp'
      | 'norm'
      | 'normsPerLayer'
      | 'attentionBias'
      | 'attentionOutputBias'
      | 'mlpBias'
      | 'attentionSinks'
      | 'qkNorm'
      | 'positionEmbeddings'
      | 'moe'
      | 'mla'
    >
  >;

export interface ParameterCount {
  /** Every weight in the model, all experts included. */
  total: number;
  /** Weights a single token passes through (differs from total only for mixture-of-experts models). */
  active: number;
  /** Input embedding plus output head (the head is 0 when tied to the embedding). */
  embedding: number;
}

function attentionParameters(shapes: ParameterShapes): number {
  const hidden = shapes.hiddenSize;
  const heads = shapes.attentionHeads;
  if (shapes.mla) {
    const { qLoraRank, kvLoraRank, qkNopeHeadDim, qkRopeHeadDim, vHeadDim } = shapes.mla;
    const queryHeadDim = qkNopeHeadDim + qkRopeHeadDim;
    // Queries go through an optional low-rank bottleneck (with its own norm); keys and values are rebuilt from
    // one compressed latent of kvLoraRank plus a shared rotary key of qkRopeHeadDim.
    const query = qLoraRank ? hidden * qLoraRank + qLoraRank + qLoraRank * heads * queryHeadDim : hidden * heads * queryHeadDim;
    const keyValue = hidden * (kvLoraRank + qkRopeHeadDim) + kvLoraRank + kvLoraRank * heads * (qkNopeHeadDim + vHeadDim);
    return query + keyValue + heads * vHeadDim * hidden;
  }
  const queryWidth = heads * shapes.headDim;
  const keyValueWidth = shapes.kvHeads * shapes.headDim;
  let total = hidden * queryWidth + 2 * hidden * keyValueWidth + queryWidth * hidden;
  if (shapes.attentionBias) total += queryWidth + 2 * keyValueWidth;
  if (shapes.attentionOutputBias) total += hidden;
  if (shapes.attentionSinks) total += heads;
  if (shapes.qkNorm) total += 2 * shapes.headDim;
  return total;
}

function mlpParameters(shapes: ParameterShapes, width: number, bias: boolean): number {
  const hidden = shapes.hiddenSize;
  // Gated MLPs (SwiGLU, GeGLU) have gate, up and down projections; plain ones only up and down.
  return (shapes.mlp ?? 'gated') === 'gated'
    ? 3 * hidden * width + (bias ? 2 * width + hidden : 0)
    : 2 * hidden * width + (bias ? width + hidden : 0);
}

function normParameters(shapes: ParameterShapes): number {
  const norm = shapes.norm ?? 'rmsnorm';
  return norm === 'layernorm' ? 2 * shapes.hiddenSize : norm === 'rmsnorm' ? shapes.hiddenSize : 0;
}

/** Counts total and per-token-active parameters from the shapes. */
export function countParameters(shapes: ParameterShapes): ParameterCount {
  const hidden = shapes.hiddenSize;
  const norm = normParameters(shapes);
  const perLayerShared = attentionParameters(shapes) + (shapes.normsPerLayer ?? 2) * norm;

  let mlpTotal: number;
  let mlpActive: number;
  const moe = shapes.moe;
  if (moe) {
    const denseLayers = moe.denseLayers ?? 0;
    const moeLayers = shapes.layers - denseLayers;
    const dense = denseLayers * mlpParameters(shapes, shapes.intermediateSize, shapes.mlpBias ?? false);
    const expert = mlpParameters(shapes, moe.expertIntermediateSize, moe.expertBias ?? false);
    const router = hidden * moe.experts + (moe.routerBias ? moe.experts : 0);
    const shared = moe.sharedExperts ? mlpParameters(shapes, moe.sharedExpertIntermediateSize ?? 0, false) : 0;
    mlpTotal = dense + moeLayers * (moe.experts * expert + router + shared);
    mlpActive = dense + moeLayers * (moe.expertsPerToken * expert + router + shared);
  } else {
    mlpTotal = mlpActive = shapes.layers * mlpParameters(shapes, shapes.intermediateSize, shapes.mlpBias ?? false);
  }

  const embedding = shapes.vocabSize * hidden * (shapes.tiedEmbeddings ? 1 : 2);
  const positions = shapes.positionEmbeddings === 'learned' ? (shapes.contextLength ?? 0) * hidden : 0;
  const common = embedding + positions + shapes.layers * perLayerShared + norm;
  return { total: common + mlpTotal, active: common + mlpActive, embedding };
}
