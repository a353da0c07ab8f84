/**
 * The memory estimate: what a model needs to run or fine-tune at a given precision, context and batch, and how
 * that lands on GPUs. Every component is an integer count of bytes; formatting happens at the edges.
 */
import { countParameters, type ParameterShapes } from '../catalog/parameters';
import type { Architecture, Gpu } from '../catalog/schema';
import { kvBytesPerToken, kvCacheBytes, type KvShapes } from './kv-cache';
import { KV_PRECISIONS, WEIGHT_PRECISIONS, weightsBytesFor, type KvPrecisionId, type WeightPrecisionId } from './precisions';
import { ADAPTER_BYTES, FULL_FINE_TUNE_BYTES, loraParameters, trainingActivationBytes, type LoraTarget } from './training';

export type Mode = 'inference' | 'full' | 'lora' | 'qlora';

export type EstimateShapes = ParameterShapes & KvShapes & Pick<Architecture, 'contextLength'>;

export interface MemoryInput {
  shapes: EstimateShapes;
  /** Exact total when known (catalog models); otherwise counted from the shapes. */
  parameters?: number;
  activeParameters?: number;
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
  /** Sliding-window layers keep only their window (true for llama.cpp and vLLM). */
  capSlidingWindow: boolean;
}

export interface MemoryBreakdown {
  parameters: number;
  activeParameters: number;
  trainableParameters: number;
  /** Precision the weights are held in; full fine-tuning and QLoRA fix it whatever was asked. */
  weightPrecision: WeightPrecisionId;
  weightsBytes: number;
  kvCacheBytes: number;
  kvBytesPerToken: number;
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
 * states, attention input and output (4h), the query, key and value projections, and the MLP's gate, up and
 * product (3 x its active width); plus fp32 logits for each sequence's next token. Assumes flash attention, so no
 * full attention-score matrix is ever materialised.
 */
export function inferenceActivationBytes(shapes: EstimateShapes, contextTokens: number, batch: number): number {
  const tokensInFlight = Math.min(batch * contextTokens, INFERENCE_CHUNK_TOKENS);
  const mlpWidth = shapes.moe
    ? shapes.moe.expertsPerToken * shapes.moe.expertIntermediateSize + (shapes.moe.sharedExpertIntermediateSize ?? 0)
    : shapes.intermediateSize;
  const projections = (shapes.attentionHeads + 2 * shapes.kvHeads) * shapes.headDim;
  const perToken = 2 * (4 * shapes.hiddenSize + projections + 3 * mlpWidth);
  return tokensInFlight * perToken + batch * shapes.vocabSize * 4;
}

/** Weights, cache, activations and training state, before any GPU is chosen. */
export function estimateMemory(input: MemoryInput): MemoryBreakdown {
  const counted = countParameters(input.shapes);
  const parameters = input.parameters ?? counted.total;
  // A dense model uses every parameter per token; only mixture-of-experts models have a smaller active set.
  const activeParameters = input.activeParameters ?? (input.shapes.moe ? counted.active : parameters);
  const weightPrecision: WeightPrecisionId = input.mode === 'full' ? 'bf16' : input.mode === 'qlora' ? 'nf4' : input.weightPrecision;
  const weightsBytes = weightsBytesFor(WEIGHT_PRECISIONS[weightPrecision], parameters, counted.embedding);

  const kvBits = KV_PRECISIONS[input.kvPrecision].bitsPerValue;
  const inference = input.mode === 'inference';
  // Training runs full sequences without a decode cache; inference keeps one cache per concurrent sequence.
  const kvCache = inference
    ? kvCacheBytes(input.shapes, { contextTokens: input.contextTokens, batch: input.batch, bitsPerElement: kvBits, capSlidingWindow: input.capSlidingWindow })
    : 0;

  let trainableParameters = 0;
  let gradientsBytes = 0;
  let optimizerBytes = 0;
  let activationsBytes: number;
  if (inference) {
    activationsBytes = inferenceActivationBytes(input.shapes, input.contextTokens, input.batch);
  } else {
    const perParameter = input.mode === 'full' ? FULL_FINE_TUNE_BYTES : ADAPTER_BYTES;
    trainableParameters = input.mode === 'full' ? parameters : loraParameters(input.shapes, input.loraRank, input.loraTargets);
    gradientsBytes = trainableParameters * perParameter.gradients;
    optimizerBytes = trainableParameters * perParameter.optimizer;
    activationsBytes = trainingActivationBytes(input.shapes, {
      sequenceTokens: input.contextTokens,
      batch: input.batch,
      gradientCheckpointing: input.gradientCheckpointing,
    });
  }
  // Adapter weights are held in fp32 beside the frozen base weights.
  const adapterWeightsBytes = input.mode === 'lora' || input.mode === 'qlora' ? trainableParameters * ADAPTER_BYTES.weights : 0;
  const weightsTotal = weightsBytes + adapterWeightsBytes;

  return {
    parameters,
    activeParameters,
    trainableParameters,
    weightPrecision,
    weightsBytes: weightsTotal,
    kvCacheBytes: kvCache,
    kvBytesPerToken: kvBytesPerToken(input.shapes, kvBits),
    activationsBytes,
    overheadBytes: input.overheadBytes,
    gradientsBytes,
    optimizerBytes,
    totalBytes: weightsTotal + kvCache + activationsBytes + input.overheadBytes + gradientsBytes + optimizerBytes,
  };
}
