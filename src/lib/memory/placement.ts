/**
 * Where an estimate lands and how fast it can decode, runtime by runtime:
 * - llama.cpp splits by layer (its default): the last -ngl layers go to the GPUs in even shares, the output layer
 *   counts as one more and lands on the last GPU only when every layer is offloaded, the token embedding always
 *   stays in system RAM, and each layer's cache lives with the layer (src/llama-model.cpp load_tensors;
 *   docs/multi-gpu.md). --cpu-moe keeps routed experts in RAM, --n-cpu-moe N those of the first N layers. A token passes through the GPUs one after another,
 *   so decoding time is the sum of each part's bytes over its own bandwidth, system RAM's included.
 *   --split-mode tensor (experimental) spreads every layer over all GPUs instead.
 * - vLLM splits every layer over the GPUs (tensor parallelism) and fills each GPU to gpu_memory_utilization:
 *   weights, activations and graphs first, then a pool of KV blocks, whose size sets how many sequences it serves
 *   at once.
 * - Transformers places layers on GPUs in turn for inference (device_map="auto") and, for training, shards weights,
 *   gradients and optimizer state over them (FSDP, ZeRO stage 3).
 */
import type { Gpu } from '../catalog/schema';
import { LIMITS } from './defaults';
import { estimateMemory, type MemoryBreakdown, type MemoryInput } from './estimate';
import { layerReadForBatch, weightsReadForBatch } from './weights';

/** The accelerator facts the calculator uses (catalog entries carry notes and sources as well). */
export type GpuSpec = Pick<Gpu, 'id' | 'name' | 'kind' | 'memoryBytes' | 'reportedMemoryBytes' | 'usableMemoryFraction' | 'memoryBandwidthBytesPerSecond' | 'fp16Tflops' | 'boardPowerWatts'>;

/** Just the facts the engines read, so pages hand islands small props; smallest memory first when sorted. */
export function toGpuSpecs(gpus: readonly Gpu[]): GpuSpec[] {
  return gpus
    .map(({ id, name, kind, memoryBytes, reportedMemoryBytes, usableMemoryFraction, memoryBandwidthBytesPerSecond, fp16Tflops, boardPowerWatts }) => ({
      id,
      name,
      kind,
      memoryBytes,
      ...(reportedMemoryBytes !== undefined && { reportedMemoryBytes }),
      usableMemoryFraction,
      memoryBandwidthBytesPerSecond,
      fp16Tflops,
      ...(boardPowerWatts !== undefined && { boardPowerWatts }),
    }))
    .sort((a, b) => a.memoryBytes - b.memoryBytes || a.name.localeCompare(b.name));
}

/** The most GPUs the calculator searches when asked how many a model needs; replicas larger than a server are flagged. */
export const MAX_GPUS = LIMITS.gpusNeededSearch;

/** A verdict says "tight" when less than this share of a GPU's usable memory is left. */
export const TIGHT_SHARE = 0.08;

/** Memory a program may use on one GPU: all of a discrete card, the OS-permitted share of unified memory. */
export function usableBytes(gpu: GpuSpec): number {
  return Math.floor(gpu.memoryBytes * gpu.usableMemoryFraction);
}

/**
 * The device total a runtime sizes its share from: what the driver reports where the catalog has a published figure
 * (an 80 GB H100 reports 79.11 GiB), else the card's size.
 */
export function reportedTotalBytes(gpu: GpuSpec): number {
  return gpu.reportedMemoryBytes ?? gpu.memoryBytes;
}

export type Verdict = 'fits' | 'tight' | 'does-not-fit';

export interface Placement {
  gpuId: string;
  gpuCount: number;
  split: 'layer' | 'tensor';
  usableBytesPerGpu: number;
  /** On the fullest GPU. */
  bytesPerGpu: number;
  /** On each GPU, in order (equal shares under a tensor split). */
  bytesByGpu: number[];
  kvCacheBytesPerGpu: number;
  /** System RAM the runtime uses: weights kept on the CPU (the token embedding, in llama.cpp), their caches, host buffers. */
  hostBytes: number;
  /** Weight bytes kept in system RAM. */
  offloadedBytes: number;
  /** vLLM: sequences of the requested context the KV pool holds at once; null elsewhere. */
  maxConcurrentSequences: number | null;
  kvPoolBytesPerGpu: number | null;
  fits: boolean;
  verdict: Verdict;
}

export interface SpeedBounds {
  /** Tokens per second each sequence can receive when every step must read its bytes at full bandwidth. */
  decodeTokensPerSecondUpperBound: number;
  /** The same summed over the batch. */
  decodeTokensPerSecondAggregate: number;
  /** Prompt tokens per second if compute were the only limit (2 FLOPs per active parameter per token). */
  prefillTokensPerSecondUpperBound: number | null;
  bytesReadPerStep: number;
  /** Bytes a step reads from system RAM (layers or experts kept on the CPU). */
  bytesReadFromRam: number;
}

export interface Placed {
  breakdown: MemoryBreakdown;
  placement: Placement;
  speed: SpeedBounds | null;
}

/** Fits, tight (less than TIGHT_SHARE of the usable memory left) or does not fit. */
export function verdictOf(bytesPerGpu: number, usable: number): Verdict {
  if (bytesPerGpu > usable) return 'does-not-fit';
  return usable - bytesPerGpu < TIGHT_SHARE * usable ? 'tight' : 'fits';
}

/** vLLM's verdict: does its cache pool hold the request, and with less than TIGHT_SHARE of the pool to spare? */
export function poolVerdict(poolBytes: number, neededBytes: number, budgetFits: boolean): Verdict {
  if (!budgetFits || poolBytes < neededBytes) return 'does-not-fit';
  return poolBytes - neededBytes < TIGHT_SHARE * poolBytes ? 'tight' : 'fits';
}

function prefillBound(breakdown: MemoryBreakdown, gpu: GpuSpec, gpuCount: number): number | null {
  return gpu.fp16Tflops ? (gpu.fp16Tflops * 1e12 * gpuCount) / (2 * breakdown.activeParameters) : null;
}

/** llama.cpp (and Transformers inference): whole layers per GPU, the rest in system RAM. Inference only: training splits by tensor. */
function layerSplit(input: MemoryInput, breakdown: MemoryBreakdown, gpu: GpuSpec, gpuCount: number): Omit<Placed, 'breakdown'> {
  const { layout, kvByLayer, stateByLayer, buffers } = breakdown.detail;
  const layers = layout.layers.length;
  const requested = input.runtime.gpuLayers ?? layers + 1;
  const onGpu = Math.min(requested, layers + 1);
  const cpuLayers = Math.max(0, layers - onGpu);
  const outputOnGpu = onGpu >= layers + 1;
  const expertsInRam = (index: number) => breakdown.runtime === 'llama.cpp' && (input.runtime.cpuMoe || index < input.runtime.cpuMoeLayers);
  // Slots: the GPU layers in order, then the output layer; each GPU takes an even run of them.
  const slots = layers - cpuLayers + (outputOnGpu ? 1 : 0);
  // Slot s of `slots` goes to GPU floor(s x gpus / slots), always below gpuCount since s < slots.
  const gpuOf = (slot: number) => Math.floor((slot * gpuCount) / Math.max(1, slots));
  const perGpu = Array.from({ length: gpuCount }, () => ({ bytes: input.overheadBytes, kv: 0, read: 0 }));
  let hostBytes = breakdown.hostBuffersBytes;
  let offloaded = 0;
  let ramRead = 0;
  // llama.cpp keeps the token embedding in system RAM; Transformers puts it on the first GPU.
  if (breakdown.runtime === 'llama.cpp') {
    hostBytes += layout.embeddingBytes;
    offloaded += layout.embeddingBytes;
  } else {
    perGpu[0]!.bytes += layout.embeddingBytes;
  }
  layout.layers.forEach((layer, index) => {
    const kv = kvByLayer[index]! + stateByLayer[index]!;
    // One step for the whole batch: a mixture-of-experts layer reads the experts any of its tokens is sent to.
    const layerRead = layerReadForBatch(layer, input.batch);
    if (index < cpuLayers) {
      hostBytes += layer.bytes + kv;
      offloaded += layer.bytes;
      ramRead += layerRead + kv;
      return;
    }
    const target = perGpu[gpuOf(index - cpuLayers)]!;
    const experts = expertsInRam(index) ? layer.expertBytes : 0;
    // Experts in RAM are read in proportion to the share of them a token uses.
    const expertRead = experts > 0 ? layerRead - (layer.bytes - layer.expertBytes) : 0;
    target.bytes += layer.bytes - experts + kv;
    target.kv += kv;
    target.read += layerRead - expertRead + kv;
    hostBytes += experts;
    offloaded += experts;
    ramRead += expertRead;
  });
  // A tied head is the embedding matrix: llama.cpp duplicates it onto the output layer's device
  // (TENSOR_DUPLICATED in load_tensors); Transformers shares the one copy. Either way each token reads it in full.
  const duplicate = layout.tiedHead && breakdown.runtime === 'llama.cpp' ? layout.embeddingBytes : 0;
  const outputRead = layout.outputBytes + (layout.tiedHead ? layout.embeddingBytes : 0);
  if (outputOnGpu) {
    const last = perGpu[gpuOf(slots - 1)]!;
    // Stryker disable next-line ArithmeticOperator: no supported model type has top-level tensors besides the embedding and head (otherBytes is 0); the term keeps position tables counted.
    last.bytes += layout.outputBytes + layout.otherBytes + duplicate;
    last.read += outputRead;
  } else {
    // Stryker disable next-line ArithmeticOperator: otherBytes is 0 for every supported model type (see above).
    hostBytes += layout.outputBytes + layout.otherBytes;
    // Stryker disable next-line ArithmeticOperator: otherBytes is 0 for every supported model type (see above).
    offloaded += layout.outputBytes + layout.otherBytes;
    ramRead += outputRead;
  }
  // Compute buffers: the logits on the GPU with the output layer (or the first GPU when it stays on the CPU).
  const outputGpu = outputOnGpu ? gpuOf(slots - 1) : 0;
  perGpu.forEach((entry, index) => (entry.bytes += index === outputGpu ? buffers.outputGpuBytes : buffers.otherGpuBytes));

  // Stryker disable next-line EqualityOperator: on a tie both GPUs hold the same bytes; the first is reported.
  const fullest = perGpu.reduce((max, entry) => (entry.bytes > max.bytes ? entry : max));
  const usable = usableBytes(gpu);
  const verdict = verdictOf(fullest.bytes, usable);
  // One after another: each GPU reads its part at its bandwidth, system RAM its part at RAM bandwidth.
  const gpuSeconds = perGpu.reduce((sum, entry) => sum + entry.read / gpu.memoryBandwidthBytesPerSecond, 0);
  const seconds = gpuSeconds + ramRead / input.runtime.ramBandwidthBytesPerSecond;
  const speed: SpeedBounds = {
    decodeTokensPerSecondUpperBound: 1 / seconds,
    decodeTokensPerSecondAggregate: input.batch / seconds,
    prefillTokensPerSecondUpperBound: prefillBound(breakdown, gpu, 1),
    bytesReadPerStep: perGpu.reduce((sum, entry) => sum + entry.read, 0) + ramRead,
    bytesReadFromRam: ramRead,
  };
  return {
    placement: {
      gpuId: gpu.id,
      gpuCount,
      split: 'layer',
      usableBytesPerGpu: usable,
      bytesPerGpu: fullest.bytes,
      bytesByGpu: perGpu.map((entry) => entry.bytes),
      kvCacheBytesPerGpu: fullest.kv,
      hostBytes,
      offloadedBytes: offloaded,
      maxConcurrentSequences: null,
      kvPoolBytesPerGpu: null,
      fits: verdict !== 'does-not-fit',
      verdict,
    },
    speed,
  };
}

/** Every layer spread over all GPUs: vLLM's tensor parallelism, llama.cpp's experimental tensor split, and FSDP training. */
function tensorSplit(input: MemoryInput, breakdown: MemoryBreakdown, gpu: GpuSpec, gpuCount: number): Omit<Placed, 'breakdown'> {
  const usable = usableBytes(gpu);
  const vllm = breakdown.runtime === 'vllm';
  const weightsPerGpu = Math.ceil(breakdown.weightsBytes / gpuCount);
  const kvPerGpu = vllm ? breakdown.detail.kvPerGpu : Math.ceil((breakdown.kvCacheBytes + breakdown.stateBytes) / gpuCount);
  const statePerGpu = vllm ? Math.ceil(breakdown.stateBytes / gpuCount) : 0;
  // Gradients FSDP keeps whole on each GPU while it accumulates (fsdpNoSyncGradients) are not divided.
  const trainingPerGpu = Math.ceil((breakdown.gradientsBytes + breakdown.optimizerBytes) / gpuCount) + breakdown.unshardedGradientsBytes;
  const buffers = breakdown.activationsBytes;
  let bytesPerGpu: number;
  let maxConcurrentSequences: number | null = null;
  let kvPoolBytesPerGpu: number | null = null;
  let verdict: Verdict;
  if (vllm) {
    // vLLM takes its share of the total CUDA reports, not of the card's sold size (requested_memory =
    // total_memory x gpu_memory_utilization, vllm/v1/worker/gpu_worker.py; SGLang's mem_fraction_static likewise);
    // the cache gets what weights and activations leave of it.
    const budget = Math.floor(reportedTotalBytes(gpu) * input.runtime.gpuMemoryUtilization);
    const left = budget - weightsPerGpu - buffers - statePerGpu;
    kvPoolBytesPerGpu = Math.max(0, left);
    const perSequence = (kvPerGpu + statePerGpu) / input.batch;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: a guard for a model with neither cache nor state; every supported type has one or the other.
    maxConcurrentSequences = perSequence > 0 ? Math.floor(kvPoolBytesPerGpu / perSequence) : null;
    bytesPerGpu = budget + input.overheadBytes;
    // When the weights alone overfill the budget the pool is empty, and no cache fits in it.
    verdict = poolVerdict(kvPoolBytesPerGpu, kvPerGpu, bytesPerGpu <= usable);
  } else {
    bytesPerGpu = weightsPerGpu + kvPerGpu + trainingPerGpu + buffers + input.overheadBytes;
    verdict = verdictOf(bytesPerGpu, usable);
  }
  let speed: SpeedBounds | null = null;
  if (input.mode === 'inference') {
    // Each GPU reads its share of the weights and its share of the caches in parallel.
    const readPerGpu = weightsReadForBatch(breakdown.detail.layout, input.batch) / gpuCount + kvPerGpu + statePerGpu;
    const seconds = readPerGpu / gpu.memoryBandwidthBytesPerSecond;
    speed = {
      decodeTokensPerSecondUpperBound: 1 / seconds,
      decodeTokensPerSecondAggregate: input.batch / seconds,
      prefillTokensPerSecondUpperBound: prefillBound(breakdown, gpu, gpuCount),
      bytesReadPerStep: readPerGpu * gpuCount,
      bytesReadFromRam: 0,
    };
  }
  return {
    placement: {
      gpuId: gpu.id,
      gpuCount,
      split: 'tensor',
      usableBytesPerGpu: usable,
      bytesPerGpu,
      bytesByGpu: Array.from({ length: gpuCount }, () => bytesPerGpu),
      kvCacheBytesPerGpu: kvPerGpu,
      hostBytes: breakdown.hostBuffersBytes,
      offloadedBytes: 0,
      maxConcurrentSequences,
      kvPoolBytesPerGpu,
      fits: verdict !== 'does-not-fit',
      verdict,
    },
    speed,
  };
}

/** The estimate for `gpuCount` of `gpu`, where it lands, and the decode bound. */
export function place(input: MemoryInput, gpu: GpuSpec, gpuCount: number): Placed {
  const sized: MemoryInput = { ...input, gpuCount, gpu };
  const breakdown = estimateMemory(sized);
  const training = input.mode !== 'inference';
  const tensor = breakdown.runtime === 'vllm' || training || input.runtime.split === 'tensor';
  const placed = tensor ? tensorSplit(sized, breakdown, gpu, gpuCount) : layerSplit(sized, breakdown, gpu, gpuCount);
  return { breakdown, ...placed };
}

/**
 * Fewest GPUs of this kind that hold the model, or null when even MAX_GPUS cannot. Memory per GPU never rises with
 * more GPUs, so a binary search finds it.
 */
export function gpusNeeded(input: MemoryInput, gpu: GpuSpec): number | null {
  const fits = (count: number) => place(input, gpu, count).placement.fits;
  if (!fits(MAX_GPUS)) return null;
  let low = 1;
  let high: number = MAX_GPUS;
  if (fits(1)) return 1;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (fits(middle)) high = middle;
    else low = middle;
  }
  return high;
}

/**
 * Largest context (in tokens, up to `limit`) that still fits on `gpuCount` GPUs, found by bisection because memory
 * only grows with context. 0 when even one token does not fit.
 */
export function maxContextThatFits(input: MemoryInput, gpu: GpuSpec, gpuCount: number, limit: number): number {
  const fits = (contextTokens: number) => place({ ...input, contextTokens }, gpu, gpuCount).placement.fits;
  if (!fits(1)) return 0;
  if (fits(limit)) return limit;
  let low = 1;
  let high = limit;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (fits(middle)) low = middle;
    else high = middle;
  }
  return low;
}
