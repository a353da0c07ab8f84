/**
 * The memory estimate: what a model needs to run or fine-tune at a given precision, context and batch on a
 * runtime. Every component is an integer count of bytes; formatting happens at the edges. Where the bytes land
 * (which GPU, system RAM) is ./placement.ts's job.
 */
import { countParameters } from '../architecture/count';
import type { ModelArchitecture } from '../architecture/types';
import { RUNTIME_DEFAULTS, type RuntimeSettings } from '../runtime/runtime';
import { inferenceBuffers, trainingActivationBytes, vllmSchedulerDefaults, type InferenceBuffers } from './buffers';
import { kvBytesPerToken, kvCacheBytes, kvCacheBytesByLayer, kvCacheBytesPerGpu, stateBytes, stateBytesPerLayer, type CacheSettings } from './kv-cache';
import { KV_PRECISIONS, type KvPrecisionId, type WeightPrecisionId } from './precisions';
import { ADAPTER_BYTES, FULL_FINE_TUNE_BYTES, fsdpNoSyncGradientBytes, loraParameters, type LoraTarget } from './training';
import { weightLayout, type WeightLayout } from './weights';

export type Mode = 'inference' | 'full' | 'lora' | 'qlora';

export interface MemoryInput {
  architecture: ModelArchitecture;
  /** The total when the reader stated it (a custom architecture); otherwise counted from the architecture. */
  parameters?: number;
  weightPrecision: WeightPrecisionId;
  kvPrecision: KvPrecisionId;
  contextTokens: number;
  batch: number;
  mode: Mode;
  loraRank: number;
  loraTargets: readonly LoraTarget[];
  gradientCheckpointing: boolean;
  /**
   * bitsandbytes NF4 with double-quantized block scales (bnb_4bit_use_double_quant; LitGPT's bnb.nf4-dq), as the
   * QLoRA paper trains; false for plain NF4 (LitGPT's bnb.nf4), whose fp32 block scales cost 0.5 bits a weight.
   * Unset means double quantization.
   */
  doubleQuantization?: boolean;
  /**
   * LoRA on several GPUs under FSDP with gradient accumulation, as LitGPT's 2023 finetune/lora.py ran it (see
   * fsdpNoSyncGradientBytes in ./training.ts): each GPU also holds a full 16-bit gradient of every transformer block.
   * Unset or false: gradients are those of the adapters only, sharded like the rest.
   */
  fsdpNoSyncGradients?: boolean;
  /** Fixed per-GPU cost of the runtime (CUDA context, library workspaces). */
  overheadBytes: number;
  /** Windowed layers keep only their window, where the runtime implements windows. */
  capSlidingWindow: boolean;
  /** The runtime and its settings; training always runs in Transformers. */
  runtime: RuntimeSettings;
  /** GPUs one copy of the model spans (vLLM replicates KV heads and splits activations by it). */
  gpuCount: number;
  /** The chosen GPU, when there is one (vLLM's scheduler defaults depend on its memory). */
  gpu?: { id: string; memoryBytes: number };
}

export interface MemoryBreakdown {
  runtime: RuntimeSettings['runtime'];
  parameters: number;
  activeParameters: number;
  trainableParameters: number;
  /** Precision the weights are held in; full fine-tuning and QLoRA fix it whatever was asked. */
  weightPrecision: WeightPrecisionId;
  weightsBytes: number;
  /** Weight bytes one decoding step reads: all but the input embedding and the experts not chosen. */
  weightsReadPerTokenBytes: number;
  kvCacheBytes: number;
  kvBytesPerToken: number;
  /** Recurrent state of linear-attention and state-space layers, for all sequences; constant in context. */
  stateBytes: number;
  /** The runtime's compute or activation buffers on the GPU (on the GPU holding the output layer, when split). */
  activationsBytes: number;
  /** Buffers the runtime keeps in system RAM (llama.cpp's logits and host compute buffer). */
  hostBuffersBytes: number;
  overheadBytes: number;
  gradientsBytes: number;
  optimizerBytes: number;
  /** Gradients every GPU holds whole, not sharded (fsdpNoSyncGradients); 0 otherwise. */
  unshardedGradientsBytes: number;
  /** Everything above that sits on GPUs, for one GPU's worth of the model (weights, caches, buffers, overhead, training state). */
  totalBytes: number;
  /** Layer by layer, for placement. */
  detail: {
    layout: WeightLayout;
    kvByLayer: number[];
    stateByLayer: number[];
    buffers: InferenceBuffers;
    /** KV bytes on each GPU of a tensor-parallel replica. */
    kvPerGpu: number;
    vllm: { maxBatchedTokens: number; maxSequences: number };
  };
}

/** vLLM's tokens and sequences per step: its defaults for the GPU, or the tokens the reader set. */
function vllmScheduler(input: MemoryInput): { maxBatchedTokens: number; maxSequences: number } {
  const defaults = vllmSchedulerDefaults(input.gpu);
  return input.runtime.maxBatchedTokens === null ? defaults : { ...defaults, maxBatchedTokens: input.runtime.maxBatchedTokens };
}

export function cacheSettings(input: MemoryInput): CacheSettings {
  const scheduler = vllmScheduler(input);
  return {
    runtime: input.runtime.runtime,
    contextTokens: input.contextTokens,
    sequences: input.batch,
    bitsPerElement: KV_PRECISIONS[input.kvPrecision].bitsPerValue,
    capWindows: input.capSlidingWindow,
    ubatch: input.runtime.ubatch,
    maxBatchedTokens: scheduler.maxBatchedTokens,
    tensorParallel: input.runtime.runtime === 'vllm' ? input.gpuCount : 1,
  };
}

/** Weights, caches, state, buffers and training state on the chosen runtime. */
export function estimateMemory(input: MemoryInput): MemoryBreakdown {
  const { architecture } = input;
  const inference = input.mode === 'inference';
  const runtime = inference ? input.runtime.runtime : 'transformers';
  const counted = countParameters(architecture);
  const parameters = input.parameters ?? counted.total;
  // A stated total scales the active count in proportion (only custom architectures state one).
  // Stryker disable next-line ConditionalExpression: without a stated total, (active / total) x total rounds back to active.
  const activeParameters = input.parameters === undefined ? counted.active : Math.round((counted.active / counted.total) * parameters);
  const weightPrecision: WeightPrecisionId = input.mode === 'full' ? 'bf16' : input.mode === 'qlora' ? 'nf4' : input.weightPrecision;
  const layout = weightLayout(architecture, weightPrecision, runtime, input.parameters, input.doubleQuantization ?? true);

  const settings = { ...cacheSettings(input), runtime };
  const scheduler = vllmScheduler(input);
  const kvCache = inference ? kvCacheBytes(architecture, settings) : 0;
  const state = inference ? stateBytes(architecture, input.batch, runtime) : 0;
  const kvByLayer = inference ? kvCacheBytesByLayer(architecture, settings) : architecture.layerOrder.map(() => 0);
  const stateByLayer = architecture.layerOrder.map((index) => (inference ? input.batch * stateBytesPerLayer(architecture.layerKinds[index]!, runtime) : 0));
  const buffers = inference
    ? inferenceBuffers(architecture, {
        runtime,
        contextTokens: input.contextTokens,
        sequences: input.batch,
        ubatch: input.runtime.ubatch,
        maxBatchedTokens: scheduler.maxBatchedTokens,
        maxSequences: scheduler.maxSequences,
        cacheCells: Math.ceil(input.contextTokens / 256) * 256 * input.batch,
        tensorParallel: settings.tensorParallel,
        flashAttention: input.runtime.flashAttention ?? true,
      })
    : { outputGpuBytes: 0, otherGpuBytes: 0, hostBytes: 0 };

  let trainableParameters = 0;
  let gradientsBytes = 0;
  let optimizerBytes = 0;
  let unshardedGradientsBytes = 0;
  let activationsBytes = buffers.outputGpuBytes;
  if (!inference) {
    const perParameter = input.mode === 'full' ? FULL_FINE_TUNE_BYTES : ADAPTER_BYTES;
    trainableParameters = input.mode === 'full' ? parameters : loraParameters(architecture, input.loraRank, input.loraTargets);
    gradientsBytes = trainableParameters * perParameter.gradients;
    optimizerBytes = trainableParameters * perParameter.optimizer;
    activationsBytes = trainingActivationBytes(architecture, {
      sequenceTokens: input.contextTokens,
      batch: input.batch,
      gradientCheckpointing: input.gradientCheckpointing,
      dequantizes: input.mode === 'qlora',
    });
    // Only plain LoRA on 16- or 32-bit weights: a quantized base (QLoRA) has no such gradient, and one GPU no sharding.
    const gradientElementBytes = { fp32: 4, fp16: 2, bf16: 2 }[weightPrecision as string];
    if (input.fsdpNoSyncGradients && input.mode === 'lora' && input.gpuCount > 1 && gradientElementBytes) {
      unshardedGradientsBytes = fsdpNoSyncGradientBytes(architecture, input.loraTargets, gradientElementBytes);
    }
  }
  // Adapter weights are held in fp32 beside the frozen base weights.
  const adapterWeightsBytes = input.mode === 'lora' || input.mode === 'qlora' ? trainableParameters * ADAPTER_BYTES.weights : 0;
  const weightsTotal = layout.totalBytes + adapterWeightsBytes;

  return {
    runtime,
    parameters,
    activeParameters,
    trainableParameters,
    weightPrecision,
    weightsBytes: weightsTotal,
    weightsReadPerTokenBytes: layout.readPerTokenBytes,
    kvCacheBytes: kvCache,
    kvBytesPerToken: kvBytesPerToken(architecture, settings.bitsPerElement, runtime, input.capSlidingWindow),
    stateBytes: state,
    activationsBytes,
    hostBuffersBytes: buffers.hostBytes,
    overheadBytes: input.overheadBytes,
    gradientsBytes,
    optimizerBytes,
    unshardedGradientsBytes,
    totalBytes: weightsTotal + kvCache + state + activationsBytes + input.overheadBytes + gradientsBytes + optimizerBytes + unshardedGradientsBytes,
    detail: {
      layout,
      kvByLayer,
      stateByLayer,
      buffers,
      kvPerGpu: inference ? kvCacheBytesPerGpu(architecture, settings) : 0,
      vllm: scheduler,
    },
  };
}

/** Settings for a runtime with the defaults, e.g. to estimate a catalog model as a reader would first run it. */
export function runtimeSettings(runtime: RuntimeSettings['runtime'], overrides: Partial<RuntimeSettings> = {}): RuntimeSettings {
  return { ...RUNTIME_DEFAULTS, split: runtime === 'vllm' ? 'tensor' : 'layer', runtime, ...overrides };
}
