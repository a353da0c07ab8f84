/**
 * How much traffic one replica of a model serves: how many sequences fit at the workload's context, and the
 * aggregate decode and prefill rates at that concurrency, from a roofline per decoding step.
 *
 * - Sequences that fit: vLLM (and SGLang) preallocate a share of each GPU and give the cache whatever the weights
 *   and the profiled activations leave (the memory engine's placement); llama.cpp's slots are the sequences whose
 *   caches fit beside the weights.
 * - One decoding step produces one token for every running sequence. It reads the weights once (for a
 *   mixture-of-experts model, the experts the whole batch is routed to: with k of E experts per token and routing
 *   spread evenly, an expert escapes one token with chance 1 - k/E, so a batch of B touches a share
 *   1 - (1 - k/E)^B of them) plus every sequence's cache; it computes 2 x active parameters per token plus
 *   attention over the cached context. The step takes the longer of its memory time and its compute time.
 * - A measured efficiency per runtime scales those bounds to what engines reach (./efficiency.ts).
 */
import type { ModelArchitecture } from '../architecture/types';
import { estimateMemory, runtimeSettings } from '../memory/estimate';
import { memoryInputForModel, type EstimableModel } from '../memory/for-model';
import { LIMITS } from '../memory/defaults';
import { gpusNeeded, place, type GpuSpec } from '../memory/placement';
import type { WeightPrecisionId } from '../memory/precisions';
import { RUNTIME_FORMATS } from '../runtime/runtime';
import { weightsReadForBatch } from '../memory/weights';

import type { ServingRuntime } from './runtimes';

export { SERVING_RUNTIMES, type ServingRuntime } from './runtimes';

/** The most GPUs one replica may span: one server. */
export const MAX_GPUS_PER_REPLICA = LIMITS.gpus;

export interface ServingInput {
  model: EstimableModel;
  weightPrecision: WeightPrecisionId;
  /** Defaults to vLLM where it loads the format, llama.cpp otherwise (GGUF). */
  runtime?: ServingRuntime;
  gpu: GpuSpec;
  /** Prompt and generated tokens of a typical request (reasoning tokens count as generated). */
  inputTokens: number;
  outputTokens: number;
  /** The most sequences the server runs at once (vLLM's max_num_seqs, llama.cpp's -np). */
  maxSequences: number;
  /** Shares of the bandwidth and compute bounds the runtime reaches, 0 to 1. */
  efficiency: { decode: number; prefill: number };
  /** GPUs per replica when the reader sets them (a measured run's tensor-parallel size); else the fewest that fit. */
  gpuCount?: number;
  /**
   * The speed each user must see, in tokens per second: the replica then runs no more sequences at once than keep
   * every user at or above it, and the load takes more replicas instead.
   */
  perUserTarget?: number;
}

export interface StepRoofline {
  /** Bytes one decoding step reads across the replica's GPUs. */
  bytesPerStep: number;
  /** Floating-point operations of one step. */
  flopsPerStep: number;
  /** The step's time bound: the longer of reading and computing. */
  stepSeconds: number;
  boundBy: 'memory' | 'compute';
}

export interface ServingCapacity {
  runtime: ServingRuntime;
  /** null when the model does not fit on MAX_GPUS_PER_REPLICA of these GPUs. */
  gpusPerReplica: number | null;
  /** The fewest GPUs that hold one sequence, even beyond one server; null when no count the search tries does. */
  gpusNeeded: number | null;
  /** Sequences of the request's full length the replica's memory holds at once. */
  maxConcurrentSequences: number;
  /** Sequences it runs at once: the memory limit, the server's own or the per-user speed target's, the lowest. */
  concurrency: number;
  /** What set `concurrency`. */
  limitedBy: 'memory' | 'server' | 'speed-target';
  /** Whether each user gets the per-user target; null without one. False: not even one sequence alone reaches it. */
  targetMet: boolean | null;
  roofline: StepRoofline | null;
  /** Generated tokens per second summed over the running sequences: the roofline bound, and after efficiency. */
  decodeBoundTokensPerSecond: number;
  aggregateTokensPerSecond: number;
  /** What each user sees while the replica runs `concurrency` sequences. */
  perUserTokensPerSecond: number;
  /** Prompt tokens per second the replica reads (compute-bound): the bound (null without a compute figure), and
   * after efficiency (Infinity without a compute figure: prompt reading is then not counted). */
  prefillBoundTokensPerSecond: number | null;
  prefillTokensPerSecond: number;
  /** Reading one prompt on an idle replica. */
  timeToFirstTokenSeconds: number;
  /** Requests per second the replica sustains: prompt reading and generation share its time. */
  requestsPerSecond: number;
}

export { expertsTouchedShare } from '../memory/weights';

/** Attention work per token at a cached length: 2 FLOPs per multiply-add, for scores and for the weighted sum. */
export function attentionFlopsPerToken(architecture: ModelArchitecture, contextTokens: number): number {
  return architecture.layerOrder.reduce((sum, index) => {
    const kind = architecture.layerKinds[index]!;
    if (!kind.heads || !kind.attention) return sum;
    const attended = Math.min(contextTokens, kind.attention.window ?? contextTokens);
    return sum + 4 * kind.heads.query * kind.heads.dim * attended;
  }, 0);
}

const NONE = (runtime: ServingRuntime, gpusNeeded: number | null): ServingCapacity => ({
  runtime,
  gpusPerReplica: null,
  gpusNeeded,
  maxConcurrentSequences: 0,
  concurrency: 0,
  limitedBy: 'memory',
  targetMet: null,
  roofline: null,
  decodeBoundTokensPerSecond: 0,
  aggregateTokensPerSecond: 0,
  perUserTokensPerSecond: 0,
  prefillBoundTokensPerSecond: null,
  prefillTokensPerSecond: 0,
  timeToFirstTokenSeconds: Number.POSITIVE_INFINITY,
  requestsPerSecond: 0,
});

export function defaultServingRuntime(precision: WeightPrecisionId): ServingRuntime {
  return RUNTIME_FORMATS.vllm.includes(precision) ? 'vllm' : 'llama.cpp';
}

/** The decoding step of `batch` sequences whose caches hold `contextTokens` each, on `gpuCount` GPUs. */
export function stepRoofline(input: ServingInput, runtime: ServingRuntime, gpuCount: number, batch: number, contextTokens: number): StepRoofline {
  const memoryInput = memoryInputForModel(input.model, { weightPrecision: input.weightPrecision, contextTokens, batch, runtime: runtimeSettings(runtime) });
  const breakdown = estimateMemory({ ...memoryInput, gpuCount, gpu: input.gpu });
  const { layout } = breakdown.detail;
  const weightsRead = weightsReadForBatch(layout, batch);
  const cacheRead = breakdown.kvCacheBytes + breakdown.stateBytes;
  // Tensor parallelism (vLLM) reads each GPU's share at once; a layer split (llama.cpp) reads the GPUs in turn.
  const parallelGpus = runtime === 'vllm' ? gpuCount : 1;
  // vLLM keeps a latent (MLA) cache whole on every rank, which the memory engine's per-GPU figure already holds.
  const cachePerGpu = runtime === 'vllm' ? breakdown.detail.kvPerGpu + breakdown.stateBytes / gpuCount : cacheRead;
  const memorySeconds = (weightsRead / parallelGpus + cachePerGpu) / input.gpu.memoryBandwidthBytesPerSecond;
  const flopsPerStep = batch * (2 * breakdown.activeParameters + attentionFlopsPerToken(input.model.architecture, contextTokens));
  const computeSeconds = input.gpu.fp16Tflops ? flopsPerStep / (input.gpu.fp16Tflops * 1e12 * gpuCount) : 0;
  return {
    bytesPerStep: weightsRead + (runtime === 'vllm' ? cachePerGpu * gpuCount : cacheRead),
    flopsPerStep,
    stepSeconds: Math.max(memorySeconds, computeSeconds),
    boundBy: computeSeconds > memorySeconds ? 'compute' : 'memory',
  };
}

/** The largest batch in [1, limit] for which `fits` holds, given that it holds for 1 and fails past some point. */
function largestFitting(limit: number, fits: (batch: number) => boolean): number {
  let low = 1;
  let high = limit;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fits(middle)) low = middle;
    else high = middle - 1;
  }
  return low;
}

export function servingCapacity(input: ServingInput): ServingCapacity {
  const runtime = input.runtime ?? defaultServingRuntime(input.weightPrecision);
  const contextTokens = Math.max(1, input.inputTokens + input.outputTokens);
  const memoryInput = memoryInputForModel(input.model, { weightPrecision: input.weightPrecision, contextTokens, batch: 1, runtime: runtimeSettings(runtime) });
  const fewest = gpusNeeded(memoryInput, input.gpu);
  if (fewest === null || fewest > MAX_GPUS_PER_REPLICA || (input.gpuCount !== undefined && input.gpuCount < fewest)) return NONE(runtime, fewest);
  const gpus = input.gpuCount ?? fewest;

  let maxConcurrentSequences: number;
  if (runtime === 'vllm') {
    maxConcurrentSequences = place(memoryInput, input.gpu, gpus).placement.maxConcurrentSequences ?? 1;
  } else {
    const fits = (batch: number) => place({ ...memoryInput, batch }, input.gpu, gpus).placement.fits;
    maxConcurrentSequences = largestFitting(Math.max(1, input.maxSequences * 4), fits);
  }
  const allowed = Math.max(1, Math.min(maxConcurrentSequences, input.maxSequences));
  // While a request is generated its cache grows from the prompt to the full length: on average the prompt plus half.
  const averageContext = Math.max(1, Math.round(input.inputTokens + input.outputTokens / 2));
  const perUserAt = (batch: number) => input.efficiency.decode / stepRoofline(input, runtime, gpus, batch, averageContext).stepSeconds;
  let concurrency = allowed;
  let limitedBy: ServingCapacity['limitedBy'] = maxConcurrentSequences <= input.maxSequences ? 'memory' : 'server';
  let targetMet: boolean | null = null;
  if (input.perUserTarget !== undefined) {
    // Each added sequence adds its cache (and, for a mixture of experts, experts) to every step: what each user
    // sees only falls as the batch grows, so the largest batch that still meets the target is found by halving.
    const target = input.perUserTarget;
    targetMet = perUserAt(1) >= target;
    const meeting = targetMet ? largestFitting(allowed, (batch) => perUserAt(batch) >= target) : 1;
    if (meeting < allowed) {
      concurrency = meeting;
      limitedBy = 'speed-target';
    }
  }
  const roofline = stepRoofline(input, runtime, gpus, concurrency, averageContext);
  const decodeBoundTokensPerSecond = concurrency / roofline.stepSeconds;
  const aggregateTokensPerSecond = decodeBoundTokensPerSecond * input.efficiency.decode;
  const activeParameters = estimateMemory({ ...memoryInput, gpuCount: gpus, gpu: input.gpu }).activeParameters;
  const prefillFlopsPerToken = 2 * activeParameters + attentionFlopsPerToken(input.model.architecture, Math.max(1, Math.round(input.inputTokens / 2)));
  const prefillBoundTokensPerSecond = input.gpu.fp16Tflops ? (input.gpu.fp16Tflops * 1e12 * gpus) / prefillFlopsPerToken : null;
  const prefillTokensPerSecond = prefillBoundTokensPerSecond === null ? Number.POSITIVE_INFINITY : prefillBoundTokensPerSecond * input.efficiency.prefill;
  const secondsPerRequest = input.inputTokens / prefillTokensPerSecond + input.outputTokens / aggregateTokensPerSecond;
  return {
    runtime,
    gpusPerReplica: gpus,
    gpusNeeded: fewest,
    maxConcurrentSequences,
    concurrency,
    limitedBy,
    targetMet,
    roofline,
    decodeBoundTokensPerSecond,
    aggregateTokensPerSecond,
    perUserTokensPerSecond: aggregateTokensPerSecond / concurrency,
    prefillBoundTokensPerSecond,
    prefillTokensPerSecond,
    timeToFirstTokenSeconds: input.inputTokens / prefillTokensPerSecond,
    // Stryker disable next-line ConditionalExpression,EqualityOperator: a request writes at least one token, so its time is never 0.
    requestsPerSecond: secondsPerRequest > 0 ? 1 / secondsPerRequest : Number.POSITIVE_INFINITY,
  };
}
