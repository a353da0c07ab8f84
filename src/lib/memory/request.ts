/**
 * Reading a memory question from text (URL parameters or command-line flags, which share these names) into a
 * checked request. Every problem comes back as a message for one field, naming the field as the reader knows it
 * (its label on the page, its flag on the command line) and what is allowed.
 */
import { countParameters } from '../architecture/count';
import { architectureFromShapes } from '../architecture/legacy';
import type { ModelArchitecture } from '../architecture/types';
import type { Gpu, Model } from '../catalog/schema';
import { quote } from '../input/quote';
import { FieldReader, type FieldError as GenericFieldError, type FieldNamer } from '../input/fields';
import { RUNTIME_ALIASES, RUNTIME_DEFAULTS, RUNTIME_FORMATS, RUNTIME_IDS, RUNTIME_LABELS, SPLITS, defaultRuntime, type RuntimeId, type RuntimeSettings, type Split } from '../runtime/runtime';
import { DEFAULT_GPU_COUNT, DEFAULT_GPU_ID, DEFAULT_MEMORY_SETTINGS, DEFAULT_MODEL_ID, LIMITS } from './defaults';
import type { MemoryInput, Mode } from './estimate';
import type { GpuSpec } from './placement';
import { KV_PRECISIONS, WEIGHT_PRECISIONS, type KvPrecisionId, type WeightPrecisionId } from './precisions';
import { LORA_TARGETS, type LoraTarget } from './training';

export const MODES: readonly Mode[] = ['inference', 'full', 'lora', 'qlora'];

/** Field names, as URL parameters and as `--flags`. */
export const FIELDS = [
  'model', 'params', 'layers', 'hidden', 'heads', 'kv-heads', 'head-dim', 'vocab', 'precision', 'kv-precision',
  'context', 'batch', 'mode', 'rank', 'targets', 'checkpointing', 'overhead-gib', 'swa', 'gpu', 'gpus', 'gpu-memory-gib', 'gpu-bandwidth-gbs',
  'runtime', 'split', 'ubatch', 'gpu-memory-utilization', 'max-num-batched-tokens', 'gpu-layers', 'cpu-moe', 'n-cpu-moe', 'ram-bandwidth-gbs',
] as const;

/** The runtime settings, which apply to inference only. */
export const RUNTIME_FIELDS = ['runtime', 'split', 'ubatch', 'gpu-memory-utilization', 'max-num-batched-tokens', 'gpu-layers', 'cpu-moe', 'n-cpu-moe', 'ram-bandwidth-gbs'] as const satisfies readonly Field[];
export type Field = (typeof FIELDS)[number];
export type RawRequest = Partial<Record<Field, string>>;

/** The fields that describe a custom architecture instead of a catalog model. */
export const CUSTOM_FIELDS = ['params', 'layers', 'hidden', 'heads', 'kv-heads', 'head-dim', 'vocab'] as const satisfies readonly Field[];

/** Every field's starting value as text, from the engine's defaults: what the page shows and the CLI assumes. */
export const MEMORY_DEFAULTS: Readonly<RawRequest> = {
  model: DEFAULT_MODEL_ID,
  precision: DEFAULT_MEMORY_SETTINGS.weightPrecision,
  'kv-precision': DEFAULT_MEMORY_SETTINGS.kvPrecision,
  context: String(DEFAULT_MEMORY_SETTINGS.contextTokens),
  batch: String(DEFAULT_MEMORY_SETTINGS.batch),
  mode: DEFAULT_MEMORY_SETTINGS.mode,
  rank: String(DEFAULT_MEMORY_SETTINGS.loraRank),
  checkpointing: String(DEFAULT_MEMORY_SETTINGS.gradientCheckpointing),
  swa: String(DEFAULT_MEMORY_SETTINGS.capSlidingWindow),
  'overhead-gib': String(DEFAULT_MEMORY_SETTINGS.overheadBytes / 2 ** 30),
  gpu: DEFAULT_GPU_ID,
  gpus: String(DEFAULT_GPU_COUNT),
  // Blank runtime and split mean "the usual one for this format and mode" (see defaultRuntime).
  runtime: '',
  split: '',
  ubatch: String(RUNTIME_DEFAULTS.ubatch),
  'gpu-memory-utilization': String(RUNTIME_DEFAULTS.gpuMemoryUtilization),
  'max-num-batched-tokens': '',
  'gpu-layers': '',
  'cpu-moe': 'false',
  'n-cpu-moe': String(RUNTIME_DEFAULTS.cpuMoeLayers),
  'ram-bandwidth-gbs': String(RUNTIME_DEFAULTS.ramBandwidthBytesPerSecond / 1e9),
};

const LABELS: Record<Field, string> = {
  model: 'Model',
  params: 'Parameters',
  layers: 'Layers',
  hidden: 'Hidden size',
  heads: 'Attention heads',
  'kv-heads': 'KV heads',
  'head-dim': 'Head dimension',
  vocab: 'Vocabulary',
  precision: 'Weight format',
  'kv-precision': 'KV cache format',
  context: 'Context (tokens)',
  batch: 'Concurrent sequences',
  mode: 'Task',
  rank: 'LoRA rank',
  targets: 'Adapted layers',
  checkpointing: 'Gradient checkpointing',
  'overhead-gib': 'Runtime overhead (GiB per GPU)',
  swa: 'Sliding-window cache',
  gpu: 'GPU',
  gpus: 'Number of GPUs',
  'gpu-memory-gib': 'GPU memory (GiB)',
  'gpu-bandwidth-gbs': 'GPU memory bandwidth (GB/s)',
  runtime: 'Runtime',
  split: 'Multi-GPU split',
  ubatch: 'Micro-batch (tokens)',
  'gpu-memory-utilization': 'GPU memory utilization',
  'max-num-batched-tokens': 'Max batched tokens per step',
  'gpu-layers': 'Layers on the GPU',
  'cpu-moe': 'Experts in system RAM',
  'n-cpu-moe': 'Layers with experts in system RAM',
  'ram-bandwidth-gbs': 'System RAM bandwidth (GB/s)',
};

/** A field's label on the page; context and batch read differently when training. */
export function memoryFieldLabel(field: Field, mode: Mode = 'inference'): string {
  if (mode !== 'inference' && field === 'context') return 'Sequence length';
  if (mode !== 'inference' && field === 'batch') return 'Batch size';
  return LABELS[field];
}

/** The GPU id that stands for a GPU described by its memory and bandwidth. */
export const CUSTOM_GPU_ID = 'custom';

/** A GPU the catalog lacks, from the two figures the calculator needs: all of its memory usable, no compute figure. */
export function customGpuSpec(memoryGiB: number, bandwidthGbs: number): GpuSpec {
  return {
    id: CUSTOM_GPU_ID,
    name: `Custom GPU (${memoryGiB} GiB, ${bandwidthGbs} GB/s)`,
    kind: 'consumer',
    memoryBytes: Math.round(memoryGiB * 2 ** 30),
    usableMemoryFraction: 1,
    memoryBandwidthBytesPerSecond: Math.round(bandwidthGbs * 1e9),
  };
}

export interface MemoryRequest {
  /** Catalog id, or undefined for a custom architecture. */
  modelId?: string;
  input: MemoryInput;
  gpuId?: string;
  /** The reader's own GPU, when gpuId is CUSTOM_GPU_ID. */
  customGpu?: GpuSpec;
  gpuCount: number;
}

export type FieldError = GenericFieldError<Field>;

export type ParseResult = { ok: true; request: MemoryRequest } | { ok: false; errors: FieldError[] };

export interface MemoryCatalog {
  models: ReadonlyArray<Pick<Model, 'id' | 'architecture'>>;
  gpus: ReadonlyArray<Pick<Gpu, 'id'>>;
}

// Stryker disable next-line BooleanLiteral: callers that leave blankMeansDefault out pass no fallback, so a blank field is "required" either way.
const whole = (max: number, fallback?: number, blankMeansDefault = false) => ({ min: 1, max, integer: true, fallback, blankMeansDefault });

/**
 * A custom architecture from the command-line contract's flags. The MLP width is not among them, so it is solved
 * from the total parameter count assuming a gated MLP, untied embeddings and RMSNorm (the Llama layout).
 */
function customArchitecture(read: FieldReader<Field>): Pick<MemoryInput, 'architecture' | 'parameters'> | undefined {
  const before = read.errors.length;
  const layers = read.number('layers', whole(LIMITS.layers));
  const hidden = read.number('hidden', whole(LIMITS.hidden));
  const heads = read.number('heads', whole(LIMITS.heads));
  const kvHeads = read.number('kv-heads', whole(LIMITS.heads, heads, true));
  const vocab = read.number('vocab', whole(LIMITS.vocab));
  const parameters = read.number('params', whole(LIMITS.parameters));
  const defaultHeadDim = hidden && heads ? Math.max(1, Math.floor(hidden / heads)) : undefined;
  const headDim = read.number('head-dim', whole(LIMITS.hidden, defaultHeadDim, true));
  // Stryker disable next-line ConditionalExpression,LogicalOperator: type narrowing; a value is undefined exactly when the reader recorded an error.
  if (read.errors.length > before || !layers || !hidden || !heads || !kvHeads || !vocab || !parameters || !headDim) return undefined;
  // Stryker disable next-line ConditionalExpression: more KV heads than heads also leaves a remainder, so the second test catches it too.
  if (kvHeads > heads || heads % kvHeads !== 0) return read.fail('kv-heads', `must divide ${read.name('heads')} (${heads}); got ${kvHeads}`);
  const base = { layers, hiddenSize: hidden, attentionHeads: heads, kvHeads, headDim, vocabSize: vocab, tiedEmbeddings: false, contextLength: LIMITS.contextTokens };
  const withoutMlp = countParameters(architectureFromShapes({ ...base, intermediateSize: 0 })).total;
  const intermediateSize = Math.round((parameters - withoutMlp) / (3 * layers * hidden));
  if (intermediateSize < 1) {
    return read.fail('params', `(${parameters.toLocaleString('en-US')}) is smaller than the attention and embedding weights these shapes already need (${withoutMlp.toLocaleString('en-US')})`);
  }
  return { architecture: architectureFromShapes({ ...base, intermediateSize, mlp: 'gated', norm: 'rmsnorm', normsPerLayer: 2 }), parameters };
}

/**
 * The runtime and its settings. Blank runtime means the usual one for the mode and format; fine-tuning runs in
 * Transformers; a format the runtime cannot load, or a split it does not do, is an error on that field.
 */
function readRuntime(read: FieldReader<Field>, mode: Mode, precision: WeightPrecisionId, architecture: ModelArchitecture | undefined): RuntimeSettings | undefined {
  const before = read.errors.length;
  const layers = architecture?.layerOrder.length;
  const typed = read.text('runtime')?.toLowerCase() ?? '';
  let runtime: RuntimeId = defaultRuntime(mode, precision);
  if (typed !== '' && typed !== 'auto') {
    const named = (RUNTIME_IDS as readonly string[]).includes(typed) ? (typed as RuntimeId) : RUNTIME_ALIASES[typed];
    if (!named) read.fail('runtime', `must be one of ${RUNTIME_IDS.join(', ')} (or ${Object.keys(RUNTIME_ALIASES).join(', ')}); got ${quote(typed)}`);
    else if (mode !== 'inference' && named !== 'transformers') read.fail('runtime', `must be transformers for fine-tuning: ${RUNTIME_LABELS[named]} does not train; got ${quote(typed)}`);
    else runtime = named;
  }
  if (mode === 'inference' && !RUNTIME_FORMATS[runtime].includes(precision)) {
    read.fail('precision', `${quote(precision)} does not load in ${RUNTIME_LABELS[runtime]}; it loads ${RUNTIME_FORMATS[runtime].join(', ')}`);
  }
  // Stryker disable next-line StringLiteral: read.choice gives back the default for a blank field anyway.
  const splitText = read.text('split') ?? '';
  let split: Split = runtime === 'vllm' ? 'tensor' : 'layer';
  // Stryker disable next-line ConditionalExpression,StringLiteral: as above, a blank split reads as the default.
  if (splitText !== '') {
    const chosen = read.choice('split', SPLITS, split);
    if (runtime === 'vllm' && chosen === 'layer') read.fail('split', 'must be tensor for vLLM, which splits every layer over the GPUs (tensor parallelism)');
    split = chosen;
  }
  const ubatch = read.number('ubatch', whole(65_536));
  const utilization = read.number('gpu-memory-utilization', { min: 0.05, max: 1 });
  const batchedText = read.text('max-num-batched-tokens') ?? '';
  const maxBatchedTokens = batchedText === '' ? null : read.number('max-num-batched-tokens', whole(LIMITS.contextTokens));
  const layersText = read.text('gpu-layers') ?? '';
  const gpuLayers = layersText === '' || layersText === 'all' ? null : read.number('gpu-layers', { min: 0, max: (layers ?? LIMITS.layers) + 1, integer: true });
  const cpuMoe = read.boolean('cpu-moe', RUNTIME_DEFAULTS.cpuMoe);
  const cpuMoeLayers = read.number('n-cpu-moe', { min: 0, max: layers ?? LIMITS.layers, integer: true });
  const moe = architecture?.layerKinds.some((kind) => kind.mlp?.kind === 'moe') ?? true;
  if (!moe && cpuMoe) read.fail('cpu-moe', 'applies only to mixture-of-experts models, and this model has no experts');
  if (!moe && cpuMoeLayers) read.fail('n-cpu-moe', `applies only to mixture-of-experts models, and this model has no experts; got ${cpuMoeLayers}`);
  const ramGbs = read.number('ram-bandwidth-gbs', { min: 1, max: 100_000, unit: 'GB/s' });
  // Stryker disable next-line ConditionalExpression,LogicalOperator: type narrowing only; the reader has recorded an error whenever a value is undefined, and parseMemoryRequest refuses the request whenever the reader holds an error, whatever this returns.
  if (read.errors.length > before || ubatch === undefined || utilization === undefined || ramGbs === undefined || gpuLayers === undefined || cpuMoeLayers === undefined || maxBatchedTokens === undefined) return undefined;
  return { runtime, split, ubatch, gpuMemoryUtilization: utilization, maxBatchedTokens, gpuLayers, cpuMoe, cpuMoeLayers, ramBandwidthBytesPerSecond: ramGbs * 1e9 };
}

/**
 * Absent fields take MEMORY_DEFAULTS; a present but blank field is an error (except where blank is documented to
 * mean "derive it"), so a reader who empties a box is told so instead of silently getting another answer. A blank
 * model means a custom architecture; a blank GPU (or "none") means no GPU.
 */
export function parseMemoryRequest(raw: RawRequest, catalog: MemoryCatalog, name?: FieldNamer<Field>): ParseResult {
  const text = { ...MEMORY_DEFAULTS, ...raw };
  const mode = new FieldReader<Field>(text).choice('mode', MODES, DEFAULT_MEMORY_SETTINGS.mode);
  const read = new FieldReader<Field>(text, name ?? ((field) => memoryFieldLabel(field, mode)));
  const defaults = DEFAULT_MEMORY_SETTINGS;
  read.choice('mode', MODES, defaults.mode);

  let modelId: string | undefined;
  let base: Pick<MemoryInput, 'architecture' | 'parameters'> | undefined;
  const requestedModel = read.text('model');
  if (requestedModel) {
    const model = catalog.models.find((candidate) => candidate.id === requestedModel);
    if (model) {
      modelId = model.id;
      base = { architecture: model.architecture };
    } else {
      read.fail('model', `${quote(requestedModel)} is not in the catalog; use a catalog id (such as ${DEFAULT_MODEL_ID}) or give a custom architecture`);
    }
  } else {
    base = customArchitecture(read);
  }

  const weightPrecision = read.choice('precision', Object.keys(WEIGHT_PRECISIONS) as WeightPrecisionId[], defaults.weightPrecision);
  const kvPrecision = read.choice('kv-precision', Object.keys(KV_PRECISIONS) as KvPrecisionId[], defaults.kvPrecision);
  const contextTokens = read.number('context', whole(LIMITS.contextTokens));
  const batch = read.number('batch', whole(LIMITS.batch));
  const loraRank = read.number('rank', whole(LIMITS.rank));
  const gradientCheckpointing = read.boolean('checkpointing', defaults.gradientCheckpointing);
  const capSlidingWindow = read.boolean('swa', defaults.capSlidingWindow);
  const gpuCount = read.number('gpus', whole(LIMITS.gpus));
  const overheadGiB = read.number('overhead-gib', { min: 0, max: LIMITS.overheadGiB, unit: 'GiB' });

  let loraTargets: readonly LoraTarget[] = defaults.loraTargets;
  const targetsText = read.text('targets');
  if (targetsText) {
    const names = targetsText.split(',').map((target) => target.trim()).filter(Boolean);
    const unknown = names.filter((target) => !(LORA_TARGETS as readonly string[]).includes(target));
    if (unknown.length || names.length === 0) {
      read.fail('targets', `must be a comma-separated list of ${LORA_TARGETS.join(', ')}; unknown: ${unknown.map(quote).join(', ') || '(none given)'}`);
    } else {
      loraTargets = names as LoraTarget[];
    }
  }

  let gpuId: string | undefined;
  let customGpu: GpuSpec | undefined;
  const gpuText = read.text('gpu');
  if (gpuText === CUSTOM_GPU_ID) {
    // A GPU the catalog lacks: its memory and bandwidth, as the reader types them.
    const memoryGiB = read.number('gpu-memory-gib', { min: 0.5, max: LIMITS.customGpuMemoryGiB, unit: 'GiB' });
    const bandwidthGbs = read.number('gpu-bandwidth-gbs', { min: 1, max: LIMITS.customGpuBandwidthGbs, unit: 'GB/s' });
    // Stryker disable next-line ConditionalExpression,LogicalOperator: type narrowing; an undefined value has its error recorded, which refuses the request.
    if (memoryGiB !== undefined && bandwidthGbs !== undefined) {
      gpuId = CUSTOM_GPU_ID;
      customGpu = customGpuSpec(memoryGiB, bandwidthGbs);
    }
  } else if (gpuText && gpuText !== 'none') {
    if (catalog.gpus.some((gpu) => gpu.id === gpuText)) gpuId = gpuText;
    else read.fail('gpu', `must be one of ${catalog.gpus.map((gpu) => gpu.id).join(', ')}, ${CUSTOM_GPU_ID} or none; got ${quote(gpuText)}`);
  }

  const runtime = readRuntime(read, mode, weightPrecision, base?.architecture);
  // Stryker disable next-line ConditionalExpression,LogicalOperator: the undefined checks narrow types; the reader has recorded an error whenever it returns undefined.
  if (read.errors.length > 0 || !base || !runtime || contextTokens === undefined || batch === undefined || loraRank === undefined || gpuCount === undefined || overheadGiB === undefined) {
    return { ok: false, errors: read.errors };
  }
  return {
    ok: true,
    request: {
      modelId,
      gpuId,
      ...(customGpu && { customGpu }),
      gpuCount,
      input: {
        ...base,
        weightPrecision,
        kvPrecision,
        contextTokens,
        batch,
        mode,
        loraRank,
        loraTargets,
        gradientCheckpointing,
        overheadBytes: Math.round(overheadGiB * 2 ** 30),
        capSlidingWindow,
        runtime,
        gpuCount,
      },
    },
  };
}
