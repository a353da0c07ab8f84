/**
 * "Show the math": each component of an estimate as a formula with the request's own numbers filled in. Pure
 * text from engine values, so the page never recomputes anything itself.
 */
import { formatBytesBoth } from '../format/bytes';
import { formatInteger } from '../format/numbers';
import type { MemoryAnswer } from './answer';
import { INFERENCE_CHUNK_TOKENS, type MemoryInput } from './estimate';
import { kvElementsPerTokenPerLayer, type KvShapes } from './kv-cache';
import { KV_PRECISIONS, WEIGHT_PRECISIONS } from './precisions';
import { ADAPTER_BYTES, FULL_FINE_TUNE_BYTES } from './training';

export interface MathLine {
  label: string;
  formula: string;
  result: string;
}

const n = formatInteger;

/** What one token adds to the cache in each layer, in words: "2 × 8 KV heads × 128 dims", or MLA's latent and rotary key. */
export function kvValuesPerLayerText(shapes: KvShapes): string {
  return shapes.mla ? `(${shapes.mla.kvLoraRank} latent + ${shapes.mla.qkRopeHeadDim} rotary) values` : `2 × ${shapes.kvHeads} KV heads × ${shapes.headDim} dims`;
}

export function explainAnswer(input: MemoryInput, answer: MemoryAnswer): MathLine[] {
  const { breakdown } = answer;
  const shapes = input.shapes;
  const precision = WEIGHT_PRECISIONS[breakdown.weightPrecision];
  const lines: MathLine[] = [];
  const training = input.mode !== 'inference';

  const quantizedPart = precision.appliesToEmbeddings
    ? `${n(breakdown.parameters)} parameters × ${precision.bitsPerValue} bits ÷ 8`
    : `(${n(breakdown.parameters)} − embedding and head) × ${precision.bitsPerValue} bits ÷ 8 + embedding and head × 2 bytes`;
  const adapters = input.mode === 'lora' || input.mode === 'qlora' ? ` + ${n(breakdown.trainableParameters)} adapter parameters × ${ADAPTER_BYTES.weights} bytes` : '';
  lines.push({ label: `Weights (${precision.label})`, formula: `${quantizedPart}${adapters}`, result: formatBytesBoth(breakdown.weightsBytes) });

  if (!training) {
    const kvBits = KV_PRECISIONS[input.kvPrecision].bitsPerValue;
    const perLayer = kvElementsPerTokenPerLayer(shapes);
    const perLayerText = kvValuesPerLayerText(shapes);
    const window = shapes.slidingWindow && input.capSlidingWindow && input.contextTokens > shapes.slidingWindow.size
      ? ` (the ${shapes.slidingWindow.layers} sliding-window layers hold only ${n(shapes.slidingWindow.size)} tokens)`
      : '';
    lines.push({
      label: `KV cache (${KV_PRECISIONS[input.kvPrecision].label})`,
      formula: `${shapes.layers} layers × ${perLayerText} = ${n(perLayer)} values per token per layer; × ${kvBits} bits ÷ 8 × ${n(input.contextTokens)} tokens × ${input.batch} sequences${window}`,
      result: formatBytesBoth(breakdown.kvCacheBytes),
    });
    lines.push({
      label: 'Activations',
      formula: `working buffers for up to ${INFERENCE_CHUNK_TOKENS} prompt tokens at a time in 16-bit, plus 4-byte logits over a ${n(shapes.vocabSize)}-token vocabulary per sequence`,
      result: formatBytesBoth(breakdown.activationsBytes),
    });
  } else {
    const perParameter = input.mode === 'full' ? FULL_FINE_TUNE_BYTES : ADAPTER_BYTES;
    const who = input.mode === 'full' ? 'every parameter' : `${n(breakdown.trainableParameters)} adapter parameters (rank ${input.loraRank} on ${input.loraTargets.join(', ')})`;
    lines.push({ label: 'Gradients', formula: `${who} × ${perParameter.gradients} bytes`, result: formatBytesBoth(breakdown.gradientsBytes) });
    lines.push({ label: 'Optimizer (AdamW)', formula: `${who} × ${perParameter.optimizer} bytes`, result: formatBytesBoth(breakdown.optimizerBytes) });
    lines.push({
      label: 'Activations',
      formula: input.gradientCheckpointing
        ? `${shapes.layers} layers × 2 × ${n(input.contextTokens)} tokens × ${input.batch} × ${n(shapes.hiddenSize)} hidden (checkpointed inputs) + one layer × 34 × tokens × hidden + 4 × tokens × ${n(shapes.vocabSize)} vocabulary (fp32 logits)`
        : `${shapes.layers} layers × 34 × ${n(input.contextTokens)} tokens × ${input.batch} × ${n(shapes.hiddenSize)} hidden + 4 × tokens × ${n(shapes.vocabSize)} vocabulary (fp32 logits)`,
      result: formatBytesBoth(breakdown.activationsBytes),
    });
  }
  lines.push({ label: 'Runtime overhead', formula: 'CUDA context and library workspaces, per GPU', result: formatBytesBoth(breakdown.overheadBytes) });
  lines.push({ label: 'Total', formula: 'sum of the lines above', result: formatBytesBoth(breakdown.totalBytes) });

  const onGpu = answer.onGpu;
  if (onGpu) {
    lines.push({
      label: 'Per GPU',
      formula: `(weights + KV cache + gradients + optimizer) ÷ ${onGpu.placement.gpuCount} GPUs + activations + overhead`,
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
