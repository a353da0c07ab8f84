/**
 * "Show the math": each component of an estimate as a formula with the request's own numbers filled in. Pure
 * text from engine values, so the page never recomputes anything itself.
 */
import { layerCounts } from '../architecture/assemble';
import type { LayerKind, ModelArchitecture } from '../architecture/types';
import { formatBytesBoth } from '../format/bytes';
import { formatInteger } from '../format/numbers';
import type { MemoryAnswer } from './answer';
import { activationBytesPerToken, LOSS_BYTES_PER_LOGIT, VLLM_CUDA_GRAPH_BYTES, VLLM_NON_TORCH_BYTES } from './buffers';
import type { MemoryBreakdown, MemoryInput } from './estimate';
import { KV_PRECISIONS, WEIGHT_PRECISIONS } from './precisions';
import { ADAPTER_BYTES, FULL_FINE_TUNE_BYTES } from './training';

/** How each runtime holds a recurrent layer's state (kv-cache.ts stateBytesPerLayer). */
const STATE_WORDS: Record<MemoryBreakdown['runtime'], string> = {
  'llama.cpp': 'the last kernel - 1 convolution columns and the recurrent state, both in float32',
  vllm: 'the last kernel - 1 convolution columns in 16-bit and the recurrent state in the dtype the config declares, else 16-bit',
  transformers: 'kernel convolution columns in 16-bit and the recurrent state in float32',
};

/** Where a stack other than Transformers differs, with its own published figures. */
export const OTHER_STACK = {
  what: 'These figures are for Hugging Face Transformers with PEFT and FlashAttention 2. Unsloth, with its own kernels, chunked loss and offloaded checkpoints, fitted 78,475 tokens of Llama 3.1 8B QLoRA (rank 32, every linear layer) in 24 GB where Transformers with FlashAttention 2 fitted 5,789: about 13 times longer',
  source: 'Unsloth README, context length benchmarks, https://github.com/unslothai/unsloth/blob/000252c947fe9421071216c19fd53e5d0495a1c0/README.md',
} as const;

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
  // Kinds that differ only outside attention (a dense and a MoE MLP) cache alike: one group, their counts added.
  const groups = new Map<string, { name: string; count: number }>();
  architecture.layerKinds.forEach((kind, index) => {
    if (!kind.attention) return;
    const window = kind.attention.window === null ? '' : ` (${n(kind.attention.window)}-token window)`;
    // Stryker disable next-line StringLiteral,LogicalOperator: every windowed layer names its kind (sliding or chunked); 'sliding' only guards an unnamed one.
    const name = `${kind.attention.window === null ? (kind.mixer === 'latent' ? 'latent-attention' : 'full-attention') : (kind.attention.windowKind ?? 'sliding')}${window}`;
    const key = `${name} ${cacheValuesText(kind)}`;
    const group = groups.get(key) ?? { name, count: 0 };
    group.count += counts[index]!;
    groups.set(key, group);
  });
  const text = [...groups.entries()].map(([key, { name, count }]) => `${plural(count, `${name} layer`)} × ${key.slice(name.length + 1)}`).join(' + ');
  // Stryker disable next-line ConditionalExpression,StringLiteral: every supported model has attention layers; the words guard a custom shape.
  return text || 'no attention layers';
}

/** How the runtime's buffers were sized, in words with the request's numbers. */
function buffersText(input: MemoryInput, breakdown: MemoryBreakdown): string {
  const vocab = n(input.architecture.vocabSize);
  const perToken = n(activationBytesPerToken(input.architecture));
  switch (breakdown.runtime) {
    case 'llama.cpp':
      return `llama.cpp's compute buffer for a ${n(input.runtime.ubatch)}-token micro-batch: F32 logits over the ${vocab}-token vocabulary for every token of it (or the widest layer's F32 work, when larger), plus the attention mask over the cache`;
    case 'vllm': {
      const { maxBatchedTokens, maxSequences } = breakdown.detail.vllm;
      return `vLLM's profiling peak: ${n(maxBatchedTokens)} tokens × ${perToken} bytes of 16-bit activations + F32 logits for ${n(maxSequences)} sequences, shared over the GPUs; plus ${formatBytesBoth(VLLM_CUDA_GRAPH_BYTES)} of CUDA graphs and ${formatBytesBoth(VLLM_NON_TORCH_BYTES)} outside PyTorch per GPU`;
    }
    case 'transformers':
      return `the whole prompt at once: ${n(input.contextTokens)} tokens × ${plural(input.batch, 'sequence')} × ${perToken} bytes of 16-bit activations, plus F32 logits over the ${vocab}-token vocabulary per sequence`;
  }
}

export function explainAnswer(input: MemoryInput, answer: MemoryAnswer): MathLine[] {
  const { breakdown } = answer;
  const { architecture } = input;
  const precision = WEIGHT_PRECISIONS[breakdown.weightPrecision];
  const lines: MathLine[] = [];
  const training = input.mode !== 'inference';
  const layers = architecture.layerOrder.length;

  const { typeCounts } = breakdown.detail.layout;
  const quantizedPart = typeCounts
    ? `${n(breakdown.parameters)} parameters in GGUF tensors of the types llama.cpp's quantizer picks for each (${Object.entries(typeCounts)
        .sort(([, a], [, b]) => b - a)
        .map(([type, count]) => `${count} × ${type}`)
        .join(', ')}): ${((breakdown.weightsBytes * 8) / breakdown.parameters).toFixed(3)} bits a weight on average`
    : breakdown.weightPrecision === 'mxfp4'
      ? `routed experts × ${precision.bitsPerValue} bits ÷ 8 + every other weight × 2 bytes`
      : precision.appliesToEmbeddings
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
        formula: `${plural(recurrent, 'linear-attention or state-space layer')} × (${STATE_WORDS[breakdown.runtime]}) × ${plural(input.batch, 'sequence')}; the same at any context length`,
        result: formatBytesBoth(breakdown.stateBytes),
      });
    }
    lines.push({ label: 'Activations and runtime buffers', formula: buffersText(input, breakdown), result: formatBytesBoth(breakdown.activationsBytes) });
    if (breakdown.hostBuffersBytes > 0) {
      lines.push({
        label: 'In system RAM',
        formula: `each sequence's next-token logits and the host compute buffer (llama.cpp also keeps the token embedding there; see the placement below)`,
        result: formatBytesBoth(breakdown.hostBuffersBytes),
      });
    }
  } else {
    const perParameter = input.mode === 'full' ? FULL_FINE_TUNE_BYTES : ADAPTER_BYTES;
    const who = input.mode === 'full' ? 'every parameter' : `${n(breakdown.trainableParameters)} adapter parameters (rank ${input.loraRank} on ${input.loraTargets.join(', ')})`;
    lines.push({ label: 'Gradients', formula: `${who} × ${perParameter.gradients} bytes`, result: formatBytesBoth(breakdown.gradientsBytes) });
    lines.push({ label: 'Optimizer (AdamW)', formula: `${who} × ${perParameter.optimizer} bytes`, result: formatBytesBoth(breakdown.optimizerBytes) });
    const hidden = n(architecture.hiddenSize);
    lines.push({
      label: 'Activations',
      formula:
        (input.gradientCheckpointing
          ? `${layers} layers × 2 × ${n(input.contextTokens)} tokens × ${input.batch} × ${hidden} hidden (checkpointed inputs) + one layer × 34 × tokens × hidden`
          : `${layers} layers × 34 × ${n(input.contextTokens)} tokens × ${input.batch} × ${hidden} hidden`) +
        ` + ${LOSS_BYTES_PER_LOGIT} × tokens × ${n(architecture.vocabSize)} vocabulary (the loss: 16-bit logits, their float32 copy, log-softmax and gradients)` +
        (input.mode === 'qlora'
          ? ` + the largest matrix dequantized to 16-bit with its gradient + the input each 4-bit matmul keeps for backward (bitsandbytes), ${input.gradientCheckpointing ? 'for the recomputed layer' : 'in every layer'}`
          : ''),
      result: formatBytesBoth(breakdown.activationsBytes),
    });
    lines.push({
      label: 'Other training stacks',
      formula: `${OTHER_STACK.what} (${OTHER_STACK.source})`,
      result: 'not modelled',
    });
  }
  lines.push({ label: 'Runtime overhead', formula: 'CUDA context and library workspaces, per GPU', result: formatBytesBoth(breakdown.overheadBytes) });
  lines.push({ label: 'Total', formula: 'sum of the lines above', result: formatBytesBoth(breakdown.totalBytes) });

  const onGpu = answer.onGpu;
  if (onGpu) {
    const { placement } = onGpu;
    const count = plural(placement.gpuCount, 'GPU');
    lines.push({
      label: 'On the fullest GPU',
      formula:
        breakdown.runtime === 'vllm'
          ? `vLLM takes ${Math.round(input.runtime.gpuMemoryUtilization * 100)}% of each GPU up front (weights ÷ ${count}, buffers, then a pool of KV blocks), plus the CUDA context`
          : placement.split === 'layer'
            ? `whole layers with their caches, in even runs over ${count}; the last also holds the output layer and the logits buffer${breakdown.runtime === 'llama.cpp' ? '; the token embedding stays in system RAM' : ''}`
            : `weights, caches${training ? ', gradients and optimizer state' : ''} ÷ ${count}, plus each GPU's buffers and overhead`,
      result: formatBytesBoth(placement.bytesPerGpu),
    });
    if (placement.offloadedBytes > 0) {
      lines.push({ label: 'Weights in system RAM', formula: 'layers, experts or the embedding kept on the CPU side', result: formatBytesBoth(placement.offloadedBytes) });
    }
    if (onGpu.speed) {
      const ram = onGpu.speed.bytesReadFromRam;
      lines.push({
        label: 'Decode bound',
        formula:
          placement.split === 'layer'
            ? `each step reads ${formatBytesBoth(onGpu.speed.bytesReadPerStep - ram)} from the GPUs one after another at ${n(onGpu.gpu.memoryBandwidthBytesPerSecond / 1e9)} GB/s${ram > 0 ? ` and ${formatBytesBoth(ram)} from system RAM at ${n(input.runtime.ramBandwidthBytesPerSecond / 1e9)} GB/s` : ''} (active weights, every sequence's cache)`
            : `${count} read their shares in parallel at ${n(onGpu.gpu.memoryBandwidthBytesPerSecond / 1e9)} GB/s each: ${formatBytesBoth(onGpu.speed.bytesReadPerStep)} per step in all (active weights, every sequence's cache, heads replicated where the GPUs outnumber them)`,
        result: `${onGpu.speed.decodeTokensPerSecondUpperBound.toFixed(1)} tokens/s per sequence`,
      });
    }
  }
  return lines;
}
