/**
 * The catalog's older shape block (content/models/*.json `architecture`, written from each model's config.json
 * before the adapters existed) as a ModelArchitecture, and the custom architecture readers type into the
 * calculator. Sliding-window layers alternate from the first layer when only some layers slide (Gemma 2, gpt-oss),
 * as those configs place them.
 */
import { assemble } from './assemble';
import { attention, denseMlp, latentAttention, layer, matrix, moe, type Part } from './parts';
import type { LayerKind, ModelArchitecture } from './types';

export interface LegacyShapes {
  modelType?: string;
  layers: number;
  hiddenSize: number;
  intermediateSize: number;
  attentionHeads: number;
  kvHeads: number;
  headDim: number;
  vocabSize: number;
  contextLength: number;
  tiedEmbeddings: boolean;
  mlp?: 'gated' | 'standard';
  norm?: 'rmsnorm' | 'layernorm' | 'nonparametric';
  normsPerLayer?: number;
  attentionBias?: boolean;
  attentionOutputBias?: boolean;
  mlpBias?: boolean;
  attentionSinks?: boolean;
  qkNorm?: boolean;
  positionEmbeddings?: 'learned';
  slidingWindow?: { size: number; layers: number };
  moe?: {
    experts: number;
    expertsPerToken: number;
    expertIntermediateSize: number;
    sharedExperts?: number;
    sharedExpertIntermediateSize?: number;
    denseLayers?: number;
    routerBias?: boolean;
    expertBias?: boolean;
  };
  mla?: { qLoraRank: number | null; kvLoraRank: number; qkNopeHeadDim: number; qkRopeHeadDim: number; vHeadDim: number };
}

export function architectureFromShapes(shapes: LegacyShapes): ModelArchitecture {
  const hidden = shapes.hiddenSize;
  const gated = (shapes.mlp ?? 'gated') === 'gated';
  const norm = shapes.norm ?? 'rmsnorm';
  const normVectors = norm === 'layernorm' ? 2 * hidden : norm === 'rmsnorm' ? hidden : 0;
  const window = shapes.slidingWindow;
  const slides = (index: number) => (window ? window.layers >= shapes.layers || (index % 2 === 0 && Math.floor(index / 2) < window.layers) : false);

  const mixer = (index: number): Part =>
    shapes.mla
      ? latentAttention({ hidden, heads: shapes.attentionHeads, ...shapes.mla })
      : attention({
          hidden,
          heads: shapes.attentionHeads,
          kvHeads: shapes.kvHeads,
          headDim: shapes.headDim,
          qkvBias: shapes.attentionBias,
          outputBias: shapes.attentionOutputBias,
          sinks: shapes.attentionSinks,
          qkNorm: shapes.qkNorm ? 'per-head' : null,
          window: slides(index) ? window!.size : null,
        });
  const dense = denseMlp({ hidden, width: shapes.intermediateSize, gated, bias: shapes.mlpBias });
  const experts = shapes.moe
    ? moe({
        hidden,
        experts: shapes.moe.experts,
        perToken: shapes.moe.expertsPerToken,
        expertWidth: shapes.moe.expertIntermediateSize,
        gated,
        routerBiases: shapes.moe.routerBias ? shapes.moe.experts : 0,
        expertBias: shapes.moe.expertBias,
        sharedWidth: shapes.moe.sharedExperts ? (shapes.moe.sharedExpertIntermediateSize ?? 0) : 0,
      })
    : undefined;
  const denseLayers = shapes.moe?.denseLayers ?? 0;
  const normsPerLayer = (shapes.normsPerLayer ?? 2) * normVectors;
  const layers: LayerKind[] = Array.from({ length: shapes.layers }, (_, index) =>
    layer(shapes.mla ? 'latent' : slides(index) ? 'sliding' : 'full', [mixer(index), experts && index >= denseLayers ? experts : dense], normsPerLayer),
  );
  return assemble({
    modelType: shapes.modelType ?? 'custom',
    hiddenSize: hidden,
    vocabSize: shapes.vocabSize,
    contextLength: shapes.contextLength,
    layers,
    tiedEmbeddings: shapes.tiedEmbeddings,
    topTensors: shapes.positionEmbeddings === 'learned' ? [matrix('position_embd', shapes.contextLength, hidden)] : [],
    topVectorParameters: normVectors,
    // gpt-oss is published with MXFP4 experts; the older shape blocks predate the config field that says so.
    ...(shapes.modelType === 'gpt_oss' ? { checkpoint: { expertFormat: 'mxfp4' as const } } : {}),
  });
}
