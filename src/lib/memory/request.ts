/**
 * Reading a memory question from text (URL parameters or command-line flags, which share these names) into a
 * checked request. Every problem comes back as a message for one field, naming what is allowed, so the page can
 * show it beside that field and the command line can print it.
 */
import { countParameters } from '../catalog/parameters';
import type { Gpu, Model } from '../catalog/schema';
import { DEFAULT_MEMORY_SETTINGS, DEFAULT_OVERHEAD_BYTES } from './defaults';
import type { EstimateShapes, MemoryInput, Mode } from './estimate';
import { KV_PRECISIONS, WEIGHT_PRECISIONS, isKvPrecision, isWeightPrecision } from './precisions';
import { LORA_TARGETS, type LoraTarget } from './training';

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

export interface FieldError {
  field: Field;
  message: string;
}

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
function readInteger(
  raw: RawRequest,
  field: Field,
  errors: FieldError[],
  min: number,
  max: number,
  fallback?: number,
  blankMeansDefault = false,
): number | undefined {
  const text = raw[field]?.trim();
  const range = `a whole number from ${min} to ${max.toLocaleString('en-US')}`;
  if (text === undefined || (text === '' && blankMeansDefault)) {
    if (fallback === undefined) errors.push({ field, message: `${field} is required: ${range}` });
    return fallback;
  }
  if (text === '') {
    errors.push({ field, message: `${field} is required: ${range}` });
    return undefined;
  }
  const value = Number(text.replaceAll('_', '').replaceAll(',', ''));
  if (!Number.isFinite(value) || !Number.isInteger(value) || value < min || value > max) {
    errors.push({ field, message: `${field} must be a whole number from ${min} to ${max.toLocaleString('en-US')}, got "${text}"` });
    return undefined;
  }
  return value;
}

function readChoice<T extends string>(raw: RawRequest, field: Field, errors: FieldError[], allowed: readonly T[], fallback: T): T {
  const text = raw[field]?.trim();
  if (text === undefined || text === '') return fallback;
  if ((allowed as readonly string[]).includes(text)) return text as T;
  errors.push({ field, message: `${field} must be one of ${allowed.join(', ')}; got "${text}"` });
  return fallback;
}

function readBoolean(raw: RawRequest, field: Field, errors: FieldError[], fallback: boolean): boolean {
  const text = raw[field]?.trim().toLowerCase();
  if (text === undefined || text === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(text)) return true;
  if (['0', 'false', 'no', 'off'].includes(text)) return false;
  errors.push({ field, message: `${field} must be true or false; got "${text}"` });
  return fallback;
}

/**
 * A custom architecture from the command-line contract's flags. The MLP width is not among them, so it is solved
 * from the total parameter count assuming a gated MLP, untied embeddings and RMSNorm (the Llama layout).
 */
function customShapes(raw: RawRequest, errors: FieldError[]): { shapes: EstimateShapes; parameters: number } | undefined {
  const before = errors.length;
  const layers = readInteger(raw, 'layers', errors, 1, LIMITS.layers);
  const hidden = readInteger(raw, 'hidden', errors, 1, LIMITS.hidden);
  const heads = readInteger(raw, 'heads', errors, 1, LIMITS.heads);
  const kvHeads = readInteger(raw, 'kv-heads', errors, 1, LIMITS.heads, heads, true);
  const vocab = readInteger(raw, 'vocab', errors, 1, LIMITS.vocab);
  const parameters = readInteger(raw, 'params', errors, 1, LIMITS.parameters);
  const defaultHeadDim = hidden && heads ? Math.max(1, Math.floor(hidden / heads)) : undefined;
  const headDim = readInteger(raw, 'head-dim', errors, 1, LIMITS.hidden, defaultHeadDim, true);
  if (errors.length > before || !layers || !hidden || !heads || !kvHeads || !vocab || !parameters || !headDim) return undefined;
  if (kvHeads > heads || heads % kvHeads !== 0) {
    errors.push({ field: 'kv-heads', message: `kv-heads must divide heads (${heads}); got ${kvHeads}` });
    return undefined;
  }
  const base = { layers, hiddenSize: hidden, attentionHeads: heads, kvHeads, headDim, vocabSize: vocab, tiedEmbeddings: false, contextLength: LIMITS.contextTokens };
  const withoutMlp = countParameters({ ...base, intermediateSize: 0 }).total;
  const intermediateSize = Math.round((parameters - withoutMlp) / (3 * layers * hidden));
  if (intermediateSize < 1) {
    errors.push({ field: 'params', message: `params (${parameters.toLocaleString('en-US')}) is smaller than the attention and embedding weights these shapes already need (${withoutMlp.toLocaleString('en-US')})` });
    return undefined;
  }
  const attention = kvHeads === heads ? 'mha' : kvHeads === 1 ? 'mqa' : 'gqa';
  return { shapes: { ...base, intermediateSize, attention, mlp: 'gated', norm: 'rmsnorm', normsPerLayer: 2 } as EstimateShapes, parameters };
}

export function parseMemoryRequest(raw: RawRequest, catalog: Catalog): ParseResult {
  const errors: FieldError[] = [];
  const defaults = DEFAULT_MEMORY_SETTINGS;

  let modelId: string | undefined;
  let shapes: EstimateShapes | undefined;
  let parameters: number | undefined;
  let activeParameters: number | undefined;
  const requestedModel = raw.model?.trim();
  if (requestedModel) {
    const model = catalog.models.find((candidate) => candidate.id === requestedModel);
    if (model) {
      modelId = model.id;
      shapes = model.architecture;
      parameters = model.parameters;
      activeParameters = model.activeParameters;
    } else {
      errors.push({ field: 'model', message: `model "${requestedModel}" is not in the catalog; use a catalog id (such as llama-3.1-8b) or give a custom architecture` });
    }
  } else {
    const custom = customShapes(raw, errors);
    if (custom) ({ shapes, parameters } = custom);
  }

  const precisionIds = Object.keys(WEIGHT_PRECISIONS);
  const precision = readChoice(raw, 'precision', errors, precisionIds, defaults.weightPrecision);
  const kvPrecision = readChoice(raw, 'kv-precision', errors, Object.keys(KV_PRECISIONS), defaults.kvPrecision);
  const contextTokens = readInteger(raw, 'context', errors, 1, LIMITS.contextTokens, defaults.contextTokens);
  const batch = readInteger(raw, 'batch', errors, 1, LIMITS.batch, defaults.batch);
  const mode = readChoice(raw, 'mode', errors, MODES, defaults.mode);
  const loraRank = readInteger(raw, 'rank', errors, 1, LIMITS.rank, defaults.loraRank);
  const gradientCheckpointing = readBoolean(raw, 'checkpointing', errors, defaults.gradientCheckpointing);
  const capSlidingWindow = readBoolean(raw, 'swa', errors, defaults.capSlidingWindow);
  const gpuCount = readInteger(raw, 'gpus', errors, 1, LIMITS.gpus, 1);

  let loraTargets: readonly LoraTarget[] = defaults.loraTargets;
  const targetsText = raw.targets?.trim();
  if (targetsText) {
    const names = targetsText.split(',').map((name) => name.trim()).filter(Boolean);
    const unknown = names.filter((name) => !(LORA_TARGETS as readonly string[]).includes(name));
    if (unknown.length || names.length === 0) {
      errors.push({ field: 'targets', message: `targets must be a comma-separated list of ${LORA_TARGETS.join(', ')}; unknown: ${unknown.join(', ') || '(none given)'}` });
    } else {
      loraTargets = names as LoraTarget[];
    }
  }

  let overheadBytes = DEFAULT_OVERHEAD_BYTES;
  const overheadText = raw['overhead-gib']?.trim();
  if (overheadText !== undefined) {
    const gib = Number(overheadText);
    if (overheadText === '' || !Number.isFinite(gib) || gib < 0 || gib > LIMITS.overheadGiB) {
      errors.push({ field: 'overhead-gib', message: `overhead-gib must be a number of GiB from 0 to ${LIMITS.overheadGiB}; got "${overheadText}"` });
    } else {
      overheadBytes = Math.round(gib * 2 ** 30);
    }
  }

  let gpuId: string | undefined;
  const gpuText = raw.gpu?.trim();
  if (gpuText) {
    if (catalog.gpus.some((gpu) => gpu.id === gpuText)) gpuId = gpuText;
    else errors.push({ field: 'gpu', message: `gpu must be one of ${catalog.gpus.map((gpu) => gpu.id).join(', ')}; got "${gpuText}"` });
  }

  if (errors.length > 0 || !shapes || contextTokens === undefined || batch === undefined || loraRank === undefined || gpuCount === undefined) {
    return { ok: false, errors };
  }
  if (!isWeightPrecision(precision) || !isKvPrecision(kvPrecision)) return { ok: false, errors };
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
        weightPrecision: precision,
        kvPrecision,
        contextTokens,
        batch,
        mode,
        loraRank,
        loraTargets,
        gradientCheckpointing,
        overheadBytes,
        capSlidingWindow,
      },
    },
  };
}
