/**
 * "Show the math": each component of an estimate as a formula with the request's own numbers filled in. Pure
 * text from engine values, so the page never recomputes anything itself.
 */
import { layerCounts } from '../architecture/assemble';
import type { LayerKind, ModelArchitecture } from '../architecture/types';
import { formatBytesBoth } from '../format/bytes';
import { formatInteger } from '../format/numbers';
import type { MemoryAnswer } from './answer';
import { INFERENCE_CHUNK_TOKENS, type MemoryInput } from './estimate';
import { KV_PRECISIONS, WEIGHT_PRECISIONS } from './precisions';
import { ADAPTER_BYTES, FULL_FINE_TUNE_BYTES } from './training';

export interface MathLine {
  label: string;
  formula: string;
  result: string;
}

const n = formatInteger;
const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** What one token adds to one layer's cache, in words: "2 × 8 KV heads × 128 dims", or latent attention's parts. */
export function cacheValuesText(kind: LayerKind): string {
  if (kind.mixer === 'latent') return `${n(kind.attention!.valuesPerToken)} latent and rotary-key values`;
  return `2 × ${kind.heads!.kv} KV heads × ${kind.heads!.dim} dims`;
}

/** Each kind of caching layer with its count: "24 full layers × 2 × 8 KV heads × 128 dims + 24 sliding (4,096-token window) layers × ...". */
export function cacheLayersText(architecture: ModelArchitecture): string {
  const counts = layerCounts(architecture);
  const groups = architecture.layerKinds.flatMap((kind, index) => {
    if (!kind.attention) return [];
    const window = kind.attention.window === null ? '' : ` (${n(kind.attention.window)}-token window)`;
    const name = kind.attention.window === null ? (kind.mixer === 'latent' ? 'latent-attention' : 'full-attention') : (kind.attention.windowKind ?? 'sliding');
    return [`${plural(counts[index]!, `${name}${window} layer`)} × ${cacheValuesText(kind)}`];
  });
  return groups.length ? groups.join(' + ') : 'no attention layers';
}

export function explainAnswer(input: MemoryInput, answer: MemoryAnswer): MathLine[] {
  const { breakdown } = answer;
  const { architecture } = input;
  const precision = WEIGHT_PRECISIONS[breakdown.weightPrecision];
  const lines: MathLine[] = [];
  const training = input.mode !== 'inference';
  const layers = architecture.layerOrder.length;

  const quantizedPart = precision.appliesToEmbeddings
    ? `${n(breakdown.parameters)} parameters × ${precision.bitsPerValue} bits ÷ 8`
    : `(${n(breakdown.parameters)} − embedding and head) × ${precision.bitsPerValue} bits ÷ 8 + embedding and head × 2 bytes`;
  const adapters = input.mode === 'lora' || input.mode === 'qlora' ? ` + ${n(breakdown.trainableParameters)} adapter parameters × ${ADAPTER_BYTES.weights} bytes` : '';
  lines.push({ label: `Weights (${precision.label})`, formula: `${quantizedPart}${adapters}`, result: formatBytesBoth(breakdown.weightsBytes) });

  if (!training) {
    const kv = KV_PRECISIONS[input.kvPrecision];
    const windows = input.capSlidingWindow ? 'windowed layers hold at most their window' : 'every layer keeps every token';
    lines.push({
      label: `KV cache (${kv.label})`,
      formula: `(${cacheLayersText(architecture)}) values per token × ${kv.bitsPerValue} bits ÷ 8 × up to ${n(input.contextTokens)} tokens × ${plural(input.batch, 'sequence')}; ${windows}`,
      result: formatBytesBoth(breakdown.kvCacheBytes),
    });
    if (breakdown.stateBytes > 0) {
      const counts = layerCounts(architecture);
      const recurrent = architecture.layerKinds.reduce((sum, kind, index) => sum + (kind.recurrent ? counts[index]! : 0), 0);
      lines.push({
        label: 'Recurrent state',
        formula: `${plural(recurrent, 'linear-attention or state-space layer')} × (convolution window in 2-byte values + recurrent state) × ${plural(input.batch, 'sequence')}; the same at any context length`,
        result: formatBytesBoth(breakdown.stateBytes),
      });
    }
    lines.push({
      label: 'Activations',
      formula: `working buffers for up to ${INFERENCE_CHUNK_TOKENS} prompt tokens at a time in 16-bit, plus 4-byte logits over a ${n(architecture.vocabSize)}-token vocabulary per sequence`,
      result: formatBytesBoth(breakdown.activationsBytes),
    });
  } else {
    const perParameter = input.mode === 'full' ? FULL_FINE_TUNE_BYTES : ADAPTER_BYTES;
    const who = input.mode === 'full' ? 'every parameter' : `${n(breakdown.trainableParameters)} adapter parameters (rank ${input.loraRank} on ${input.loraTargets.join(', ')})`;
    lines.push({ label: 'Gradients', formula: `${who} × ${perParameter.gradients} bytes`, result: formatBytesBoth(breakdown.gradientsBytes) });
    lines.push({ label: 'Optimizer (AdamW)', formula: `${who} × ${perParameter.optimizer} bytes`, result: formatBytesBoth(breakdown.optimizerBytes) });
    const hidden = n(architecture.hiddenSize);
    lines.push({
      label: 'Activations',
      formula: input.gradientCheckpointing
        ? `${layers} layers × 2 × ${n(input.contextTokens)} tokens × ${input.batch} × ${hidden} hidden (checkpointed inputs) + one layer × 34 × tokens × hidden + 4 × tokens × ${n(architecture.vocabSize)} vocabulary (fp32 logits)`
        : `${layers} layers × 34 × ${n(input.contextTokens)} tokens × ${input.batch} × ${hidden} hidden + 4 × tokens × ${n(architecture.vocabSize)} vocabulary (fp32 logits)`,
      result: formatBytesBoth(breakdown.activationsBytes),
    });
  }
  lines.push({ label: 'Runtime overhead', formula: 'CUDA context and library workspaces, per GPU', result: formatBytesBoth(breakdown.overheadBytes) });
  lines.push({ label: 'Total', formula: 'sum of the lines above', result: formatBytesBoth(breakdown.totalBytes) });

  const onGpu = answer.onGpu;
  if (onGpu) {
    lines.push({
      label: 'Per GPU',
      formula: `(weights + KV cache + state + gradients + optimizer) ÷ ${onGpu.placement.gpuCount} GPUs + activations + overhead`,
      result: formatBytesBoth(onGpu.placement.bytesPerGpu),
    });
    if (onGpu.speed) {
      lines.push({
        label: 'Decode bound',
        formula: `${n(onGpu.gpu.memoryBandwidthBytesPerSecond / 1e9)} GB/s × ${onGpu.placement.gpuCount} ÷ (${formatBytesBoth(onGpu.speed.bytesReadPerStep)} read per step: active weights + every sequence's cache)`,
        result: `${onGpu.speed.decodeTokensPerSecondUpperBound.toFixed(1)} tokens/s per sequence`,
      });
    }
  }
  return lines;
}
