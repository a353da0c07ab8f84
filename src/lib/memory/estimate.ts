/**
 * The memory estimate: what a model needs to run or fine-tune at a given precision, context and batch, and how
 * that lands on GPUs. Every component is an integer count of bytes; formatting happens at the edges.
 */
import { countParameters } from '../architecture/count';
import type { ModelArchitecture } from '../architecture/types';
import { kvBytesPerToken, kvCacheBytes, stateBytes } from './kv-cache';
import { KV_PRECISIONS, WEIGHT_PRECISIONS, type KvPrecisionId, type WeightPrecisionId } from './precisions';
import { weightBytes } from './weights';
import { ADAPTER_BYTES, FULL_FINE_TUNE_BYTES, loraParameters, trainingActivationBytes, type LoraTarget } from './training';

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
  /** Fixed per-GPU cost of the runtime (CUDA context, library workspaces). */
  overheadBytes: number;
  /** Windowed layers keep only their window (true for llama.cpp and vLLM). */
  capSlidingWindow: boolean;
}

export interface MemoryBreakdown {
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
  activationsBytes: number;
  overheadBytes: number;
  gradientsBytes: number;
  optimizerBytes: number;
  totalBytes: number;
}

/** Tokens one prefill step holds in flight, across all sequences (llama.cpp's default micro-batch is 512). */
export const INFERENCE_CHUNK_TOKENS = 512;

/**
 * Working memory of one inference step over a prefill chunk, in 16-bit: per token the residual and normed hidden
 * states, attention input and output (4h), and the widest layer's projections and active MLP width; plus fp32
 * logits for each sequence's next token. Assumes flash attention, so no attention-score matrix is materialised.
 */
export function inferenceActivationBytes(architecture: ModelArchitecture, contextTokens: number, batch: number): number {
  const tokensInFlight = Math.min(batch * contextTokens, INFERENCE_CHUNK_TOKENS);
  const widest = Math.max(...architecture.layerKinds.map((kind) => kind.workValuesPerToken));
  const perToken = 2 * (4 * architecture.hiddenSize + widest);
  return tokensInFlight * perToken + batch * architecture.vocabSize * 4;
}

/** Weights, cache, state, activations and training state, before any GPU is chosen. */
export function estimateMemory(input: MemoryInput): MemoryBreakdown {
  const { architecture } = input;
  const counted = countParameters(architecture);
  const parameters = input.parameters ?? counted.total;
  // A stated total scales the active count in proportion (only custom architectures state one).
  const activeParameters = input.parameters === undefined ? counted.active : Math.round((counted.active / counted.total) * parameters);
  const weightPrecision: WeightPrecisionId = input.mode === 'full' ? 'bf16' : input.mode === 'qlora' ? 'nf4' : input.weightPrecision;
  const weights = weightBytes(architecture, WEIGHT_PRECISIONS[weightPrecision], input.parameters);

  const kvBits = KV_PRECISIONS[input.kvPrecision].bitsPerValue;
  const inference = input.mode === 'inference';
  // Training runs full sequences without a decode cache; inference keeps one cache per concurrent sequence.
  const kvCache = inference
    ? kvCacheBytes(architecture, { contextTokens: input.contextTokens, batch: input.batch, bitsPerElement: kvBits, capSlidingWindow: input.capSlidingWindow })
    : 0;
  const state = inference ? stateBytes(architecture, input.batch) : 0;

  let trainableParameters = 0;
  let gradientsBytes = 0;
  let optimizerBytes = 0;
  let activationsBytes: number;
  if (inference) {
    activationsBytes = inferenceActivationBytes(architecture, input.contextTokens, input.batch);
  } else {
    const perParameter = input.mode === 'full' ? FULL_FINE_TUNE_BYTES : ADAPTER_BYTES;
    trainableParameters = input.mode === 'full' ? parameters : loraParameters(architecture, input.loraRank, input.loraTargets);
    gradientsBytes = trainableParameters * perParameter.gradients;
    optimizerBytes = trainableParameters * perParameter.optimizer;
    activationsBytes = trainingActivationBytes(architecture, {
      sequenceTokens: input.contextTokens,
      batch: input.batch,
      gradientCheckpointing: input.gradientCheckpointing,
    });
  }
  // Adapter weights are held in fp32 beside the frozen base weights.
  const adapterWeightsBytes = input.mode === 'lora' || input.mode === 'qlora' ? trainableParameters * ADAPTER_BYTES.weights : 0;
  const weightsTotal = weights.totalBytes + adapterWeightsBytes;

  return {
    parameters,
    activeParameters,
    trainableParameters,
    weightPrecision,
    weightsBytes: weightsTotal,
    weightsReadPerTokenBytes: weights.readPerTokenBytes,
    kvCacheBytes: kvCache,
    kvBytesPerToken: kvBytesPerToken(architecture, kvBits, input.capSlidingWindow),
    stateBytes: state,
    activationsBytes,
    overheadBytes: input.overheadBytes,
    gradientsBytes,
    optimizerBytes,
    totalBytes: weightsTotal + kvCache + state + activationsBytes + input.overheadBytes + gradientsBytes + optimizerBytes,
  };
}
