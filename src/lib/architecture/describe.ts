/** An architecture as rows of label and value for model pages, read off its summary and counts. */
import { formatCount, formatInteger } from '../format/numbers';
import { countParameters } from './count';
import { ATTENTION_LABELS } from '../catalog/labels';
import { summarize } from './summary';
import type { ModelArchitecture } from './types';


export function architectureRows(architecture: ModelArchitecture): Array<[string, string]> {
  const summary = summarize(architecture);
  const counted = countParameters(architecture);
  const rows: Array<[string, string]> = [
    ['Model type (config)', architecture.modelType],
    ['Layers', formatInteger(summary.layers)],
    ['Hidden size', formatInteger(summary.hiddenSize)],
    ['Attention', ATTENTION_LABELS[summary.attention]],
  ];
  if (summary.heads) {
    rows.push(['Query heads / KV heads', summary.latent ? `${summary.heads.query} (keys and values rebuilt from a shared latent)` : `${summary.heads.query} / ${summary.heads.kv}`]);
    rows.push(['Head dimension', String(summary.heads.dim)]);
  }
  if (summary.recurrentLayers > 0) rows.push(['Linear-attention or state-space layers', `${summary.recurrentLayers} of ${summary.layers}, each with a fixed-size state per sequence`]);
  for (const window of summary.windows) {
    rows.push([window.kind === 'chunked' ? 'Chunked attention' : 'Sliding window', `${formatInteger(window.tokens)} tokens on ${window.layers} of ${summary.layers} layers`]);
  }
  if (summary.mlpWidth !== null) rows.push(['MLP width', formatInteger(summary.mlpWidth)]);
  if (summary.moe) {
    const shared = summary.moe.sharedWidth > 0 ? `, plus a shared expert ${formatInteger(summary.moe.sharedWidth)} wide` : '';
    rows.push(['Experts', `${summary.moe.experts} routed, ${summary.moe.perToken} per token, each ${formatInteger(summary.moe.expertWidth)} wide${shared}; in ${summary.moe.moeLayers} of ${summary.layers} layers`]);
  }
  rows.push(
    ['Vocabulary', formatInteger(summary.vocabSize)],
    ['Context length', `${formatInteger(summary.contextLength)} tokens`],
    ['Tied embeddings', summary.tiedEmbeddings ? 'Yes' : 'No'],
    ['Embedding and output head', `${formatCount(counted.embedding + counted.head)} of the parameters`],
  );
  for (const part of architecture.extras) {
    rows.push([`Not in the text model: ${part.name}`, part.parameters === null ? 'in the checkpoint; size not counted here' : `${formatCount(part.parameters)} parameters (${formatInteger(part.parameters)})`]);
  }
  return rows;
}
