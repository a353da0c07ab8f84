/**
 * Reading a memory question from text (URL parameters or command-line flags, which share these names) into a
 * checked request. Every problem comes back as a message for one field, naming what is allowed, so the page can
 * show it beside that field and the command line can print it.
 */
import { countParameters } from '../catalog/parameters';
import type { Gpu, Model } from '../catalog/schema';
import { DEFAULT_MEMORY_SETTINGS, DEFAULT_OVERHEAD_BYTES } from './defaults';
import type { EstimateShapes, MemoryInput, Mode } from './estimate';
import { KV_PRECISIONS, WEIGHT_PRECISIONS, type KvPrecisionId, type WeightPrecisionId } from './precisions';
import { LORA_TARGETS, type LoraTarget } from './training';
import { FieldReader, type FieldError as GenericFieldError } from '../input/fields';

export const MODES: readonly Mode[] = ['inference', 'full', 'lora', 'qlora'];

/** Field names, as URL parameters and as `--flags`. */
export const FIELDS = [
  'model', 'params', 'layers', 'hidden', 'heads', 'kv-heads', 'head-dim', 'vocab', 'precision', 'kv-precision',
  'context', 'batch', 'mode', 'rank', 'targets', 'checkpointing', 'overhead-gib', 'swa', 'gpu', 'gpus',
] as const;
export type Field = (typeof FIELDS)[number];
export type RawRequest = Partial<Record<Field, string>>;

/** Limits beyond which an input is a typing slip rather than a question. */
export const LIMITS = {
  contextTokens: 10_000_000,
  batch: 4096,
  gpus: 1024,
  rank: 4096,
  overheadGiB: 64,
  layers: 1000,
  hidden: 1_000_000,
  heads: 10_000,
  vocab: 10_000_000,
  parameters: 1e14,
} as const;

export interface MemoryRequest {
  /** Catalog id, or undefined for a custom architecture. */
  modelId?: string;
  input: MemoryInput;
  gpuId?: string;
  gpuCount: number;
}

export type FieldError = GenericFieldError<Field>;

export type ParseResult = { ok: true; request: MemoryRequest } | { ok: false; errors: FieldError[] };

interface Catalog {
  models: ReadonlyArray<Pick<Model, 'id' | 'parameters' | 'activeParameters' | 'architecture'>>;
  gpus: ReadonlyArray<Pick<Gpu, 'id'>>;
}

/**
 * An absent field takes its default; a field present but blank (a cleared input) is an error, so a reader who
 * empties a box is told so instead of silently getting a different answer. `blankMeansDefault` marks fields whose
 * blank value is documented to mean "derive it".
 */
/**
 * A custom architecture from the command-line contract's flags. The MLP width is not among them, so it is solved
 * from the total parameter count assuming a gated MLP, untied embeddings and RMSNorm (the Llama layout).
 */
function customShapes(read: FieldReader<Field>): { shapes: EstimateShapes; parameters: number } | undefined {
  const before = read.errors.length;
  const whole = (max: number, fallback?: number, blankMeansDefault = false) => ({ min: 1, max, integer: true, fallback, blankMeansDefault });
  const layers = read.number('layers', whole(LIMITS.layers));
  const hidden = read.number('hidden', whole(LIMITS.hidden));
  const heads = read.number('heads', whole(LIMITS.heads));
  const kvHeads = read.number('kv-heads', whole(LIMITS.heads, heads, true));
  const vocab = read.number('vocab', whole(LIMITS.vocab));
  const parameters = read.number('params', whole(LIMITS.parameters));
  const defaultHeadDim = hidden && heads ? Math.max(1, Math.floor(hidden / heads)) : undefined;
  const headDim = read.number('head-dim', whole(LIMITS.hidden, defaultHeadDim, true));
  if (read.errors.length > before || !layers || !hidden || !heads || !kvHeads || !vocab || !parameters || !headDim) return undefined;
  if (kvHeads > heads || heads % kvHeads !== 0) return read.fail('kv-heads', `kv-heads must divide heads (${heads}); got ${kvHeads}`);
  const base = { layers, hiddenSize: hidden, attentionHeads: heads, kvHeads, headDim, vocabSize: vocab, tiedEmbeddings: false, contextLength: LIMITS.contextTokens };
  const withoutMlp = countParameters({ ...base, intermediateSize: 0 }).total;
  const intermediateSize = Math.round((parameters - withoutMlp) / (3 * layers * hidden));
  if (intermediateSize < 1) {
    return read.fail('params', `params (${parameters.toLocaleString('en-US')}) is smaller than the attention and embedding weights these shapes already need (${withoutMlp.toLocaleString('en-US')})`);
  }
  const attention = kvHeads === heads ? 'mha' : kvHeads === 1 ? 'mqa' : 'gqa';
  return { shapes: { ...base, intermediateSize, attention, mlp: 'gated', norm: 'rmsnorm', normsPerLayer: 2 } as EstimateShapes, parameters };
}

export function parseMemoryRequest(raw: RawRequest, catalog: Catalog): ParseResult {
  const read = new FieldReader<Field>(raw);
  const defaults = DEFAULT_MEMORY_SETTINGS;
  const whole = (max: number, fallback: number) => ({ min: 1, max, integer: true, fallback });

  let modelId: string | undefined;
  let shapes: EstimateShapes | undefined;
  let parameters: number | undefined;
  let activeParameters: number | undefined;
  const requestedModel = read.text('model');
  if (requestedModel) {
    const model = catalog.models.find((candidate) => candidate.id === requestedModel);
    if (model) {
      modelId = model.id;
      shapes = model.architecture;
      parameters = model.parameters;
      activeParameters = model.activeParameters;
    } else {
      read.fail('model', `model "${requestedModel}" is not in the catalog; use a catalog id (such as llama-3.1-8b) or give a custom architecture`);
    }
  } else {
    ({ shapes, parameters } = customShapes(read) ?? {});
  }

  const weightPrecision = read.choice('precision', Object.keys(WEIGHT_PRECISIONS) as WeightPrecisionId[], defaults.weightPrecision);
  const kvPrecision = read.choice('kv-precision', Object.keys(KV_PRECISIONS) as KvPrecisionId[], defaults.kvPrecision);
  const contextTokens = read.number('context', whole(LIMITS.contextTokens, defaults.contextTokens));
  const batch = read.number('batch', whole(LIMITS.batch, defaults.batch));
  const mode = read.choice('mode', MODES, defaults.mode);
  const loraRank = read.number('rank', whole(LIMITS.rank, defaults.loraRank));
  const gradientCheckpointing = read.boolean('checkpointing', defaults.gradientCheckpointing);
  const capSlidingWindow = read.boolean('swa', defaults.capSlidingWindow);
  const gpuCount = read.number('gpus', whole(LIMITS.gpus, 1));
  const overheadGiB = read.number('overhead-gib', { min: 0, max: LIMITS.overheadGiB, fallback: DEFAULT_OVERHEAD_BYTES / 2 ** 30, unit: 'GiB' });

  let loraTargets: readonly LoraTarget[] = defaults.loraTargets;
  const targetsText = read.text('targets');
  if (targetsText) {
    const names = targetsText.split(',').map((name) => name.trim()).filter(Boolean);
    const unknown = names.filter((name) => !(LORA_TARGETS as readonly string[]).includes(name));
    if (unknown.length || names.length === 0) {
      read.fail('targets', `targets must be a comma-separated list of ${LORA_TARGETS.join(', ')}; unknown: ${unknown.join(', ') || '(none given)'}`);
    } else {
      loraTargets = names as LoraTarget[];
    }
  }

  let gpuId: string | undefined;
  const gpuText = read.text('gpu');
  if (gpuText) {
    if (catalog.gpus.some((gpu) => gpu.id === gpuText)) gpuId = gpuText;
    else read.fail('gpu', `gpu must be one of ${catalog.gpus.map((gpu) => gpu.id).join(', ')}; got "${gpuText}"`);
  }

  if (read.errors.length > 0 || !shapes || contextTokens === undefined || batch === undefined || loraRank === undefined || gpuCount === undefined || overheadGiB === undefined) {
    return { ok: false, errors: read.errors };
  }
  return {
    ok: true,
    request: {
      modelId,
      gpuId,
      gpuCount,
      input: {
        shapes,
        parameters,
        activeParameters,
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
      },
    },
  };
}
