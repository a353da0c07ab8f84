/** Puts layers together into a ModelArchitecture, keeping each distinct kind of layer once. */
import type { ExtraPart, LayerKind, ModelArchitecture, Tensor } from './types';

export interface AssembleInput {
  modelType: string;
  hiddenSize: number;
  vocabSize: number;
  contextLength: number;
  /** Every decoder layer in order; equal layers may be the same object or equal copies. */
  layers: readonly LayerKind[];
  tiedEmbeddings: boolean;
  topTensors?: Tensor[];
  /** Vectors at the top: the final norm (and its bias for LayerNorm) and anything else outside the layers. */
  topVectorParameters: number;
  extras?: ExtraPart[];
  checkpoint?: ModelArchitecture['checkpoint'];
}

export function assemble(input: AssembleInput): ModelArchitecture {
  const kinds: LayerKind[] = [];
  const keys: string[] = [];
  const layerOrder = input.layers.map((layer) => {
    const key = JSON.stringify(layer);
    let index = keys.indexOf(key);
    if (index < 0) {
      index = kinds.length;
      keys.push(key);
      kinds.push(layer);
    }
    return index;
  });
  return {
    modelType: input.modelType,
    hiddenSize: input.hiddenSize,
    vocabSize: input.vocabSize,
    contextLength: input.contextLength,
    layerKinds: kinds,
    layerOrder,
    embedding: { rows: input.vocabSize, cols: input.hiddenSize },
    output: input.tiedEmbeddings ? null : { rows: input.vocabSize, cols: input.hiddenSize },
    topTensors: input.topTensors ?? [],
    topVectorParameters: input.topVectorParameters,
    extras: input.extras ?? [],
    ...(input.checkpoint ? { checkpoint: input.checkpoint } : {}),
  };
}

/** How many layers of each kind, in the order the kinds are listed. */
export function layerCounts(architecture: ModelArchitecture): number[] {
  const counts = architecture.layerKinds.map(() => 0);
  for (const index of architecture.layerOrder) counts[index]! += 1;
  return counts;
}
