/** The facts about an architecture that pages show and filters use, read off its layers. */
import { layerCounts } from './assemble';
import type { LayerKind, ModelArchitecture } from './types';

export const ATTENTION_KINDS = ['mha', 'gqa', 'mqa', 'mla', 'hybrid', 'recurrent'] as const;
export type AttentionKind = (typeof ATTENTION_KINDS)[number];

export interface WindowGroup {
  kind: 'sliding' | 'chunked';
  tokens: number;
  layers: number;
}

export interface ArchitectureSummary {
  layers: number;
  hiddenSize: number;
  vocabSize: number;
  contextLength: number;
  tiedEmbeddings: boolean;
  /** Heads of the most common attention layer; null for a model without attention. */
  heads: { query: number; kv: number; dim: number } | null;
  attention: AttentionKind;
  attentionLayers: number;
  /** Linear-attention or state-space layers, whose memory is a constant state. */
  recurrentLayers: number;
  windows: WindowGroup[];
  moe: { experts: number; perToken: number; expertWidth: number; sharedWidth: number; moeLayers: number } | null;
  /** The widest dense MLP. */
  mlpWidth: number | null;
  latent: boolean;
}

function mostCommon(kinds: readonly LayerKind[], counts: readonly number[], has: (kind: LayerKind) => boolean): LayerKind | undefined {
  let best: LayerKind | undefined;
  let bestCount = 0;
  kinds.forEach((kind, index) => {
    if (has(kind) && counts[index]! > bestCount) {
      best = kind;
      bestCount = counts[index]!;
    }
  });
  return best;
}

export function summarize(architecture: ModelArchitecture): ArchitectureSummary {
  const kinds = architecture.layerKinds;
  const counts = layerCounts(architecture);
  const sum = (has: (kind: LayerKind) => boolean) => kinds.reduce((total, kind, index) => total + (has(kind) ? counts[index]! : 0), 0);
  const attentionLayers = sum((kind) => kind.heads !== null);
  const recurrentLayers = sum((kind) => kind.recurrent !== null);
  const headsKind = mostCommon(kinds, counts, (kind) => kind.heads !== null && kind.mixer !== 'sliding' && kind.mixer !== 'chunked') ?? mostCommon(kinds, counts, (kind) => kind.heads !== null);
  const heads = headsKind?.heads ?? null;
  const latent = kinds.some((kind) => kind.mixer === 'latent');
  let attention: AttentionKind;
  if (attentionLayers === 0) attention = 'recurrent';
  else if (recurrentLayers > 0) attention = 'hybrid';
  else if (latent) attention = 'mla';
  else attention = heads!.kv === heads!.query ? 'mha' : heads!.kv === 1 ? 'mqa' : 'gqa';

  const windows = new Map<string, WindowGroup>();
  kinds.forEach((kind, index) => {
    const cache = kind.attention;
    if (!cache || cache.window === null || cache.windowKind === null) return;
    const key = `${cache.windowKind}:${cache.window}`;
    const group = windows.get(key) ?? { kind: cache.windowKind, tokens: cache.window, layers: 0 };
    group.layers += counts[index]!;
    windows.set(key, group);
  });

  const moeKind = mostCommon(kinds, counts, (kind) => kind.mlp?.kind === 'moe');
  const moeMlp = moeKind?.mlp?.kind === 'moe' ? moeKind.mlp : undefined;
  const denseWidths = kinds.flatMap((kind) => (kind.mlp?.kind === 'dense' ? [kind.mlp.width] : []));
  return {
    layers: architecture.layerOrder.length,
    hiddenSize: architecture.hiddenSize,
    vocabSize: architecture.vocabSize,
    contextLength: architecture.contextLength,
    tiedEmbeddings: architecture.output === null,
    heads,
    attention,
    attentionLayers,
    recurrentLayers,
    windows: [...windows.values()],
    moe: moeMlp ? { experts: moeMlp.experts, perToken: moeMlp.perToken, expertWidth: moeMlp.expertWidth, sharedWidth: moeMlp.sharedWidth, moeLayers: sum((kind) => kind.mlp?.kind === 'moe') } : null,
    mlpWidth: denseWidths.length ? Math.max(...denseWidths) : null,
    latent,
  };
}
