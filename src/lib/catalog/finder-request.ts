/**
 * The finder's question as text (form fields and URL parameters share these names) and its checked form. Fields
 * are read with the same FieldReader as the calculators, so a message names the field by its label and says what
 * it allows.
 */
import { FieldReader, type FieldError } from '../input/fields';
import { decodeFields, encodeEveryField } from '../input/query';
import { quote } from '../input/quote';
import { soldGigabytesToBytes } from '../format/gpu-memory';
import { DEFAULT_GPU_ID, LIMITS } from '../memory/defaults';
import type { GpuSpec } from '../memory/placement';
import { FINDER_SORTS, type FinderQuery, type FinderSort } from './finder';
import { LICENSE_NEED_LABELS, type LicenseNeed, type OpennessNeed } from './labels';
import { TASKS, taskById } from './tasks';

export const FINDER_FIELDS = ['task', 'gpu', 'gpus', 'memory', 'license', 'openness', 'context', 'sort'] as const;
export type FinderField = (typeof FINDER_FIELDS)[number];
export type RawFinderRequest = Partial<Record<FinderField, string>>;

/** The GPU value that stands for a card described by its memory alone. */
export const CUSTOM_GPU = 'custom';

export const FINDER_DEFAULTS: Readonly<Record<FinderField, string>> = {
  task: 'chat',
  gpu: DEFAULT_GPU_ID,
  gpus: '1',
  // The default card's sold size, so switching to "Other" starts from a familiar number.
  memory: '24',
  license: 'any',
  openness: 'any',
  context: '8192',
  sort: 'best',
};

/** Labels as the page shows them; messages name fields by these. */
export const FINDER_FIELD_LABELS: Record<FinderField, string> = {
  task: 'Task',
  gpu: 'GPU',
  gpus: 'Number of GPUs',
  memory: 'Memory per GPU (GiB)',
  license: 'Licence',
  openness: 'Openness',
  context: 'Context needed (tokens)',
  sort: 'Sort by',
};

export const OPENNESS_NEED_LABELS: Record<OpennessNeed, string> = {
  any: 'Any',
  'open-weights': 'Weights without a gate',
  'fully-open': 'Fully open (data, code, weights)',
};

export type FinderParseResult = { ok: true; query: FinderQuery } | { ok: false; errors: Array<FieldError<FinderField>> };

/** A card known only by the memory the reader typed, in the unit it is sold in (24 means an RTX 4090's 24 GiB). */
export function memoryOnlyGpu(memoryGiB: number): GpuSpec {
  return {
    id: CUSTOM_GPU,
    name: `A GPU with ${memoryGiB} GiB`,
    kind: 'consumer',
    memoryBytes: soldGigabytesToBytes(memoryGiB),
    usableMemoryFraction: 1,
    // Unknown; FinderHardware.speedKnown is false, so the finder never reads it.
    memoryBandwidthBytesPerSecond: 1,
  };
}

/** Absent fields take FINDER_DEFAULTS; a present but blank number is an error, so a cleared box is pointed out. */
export function parseFinderRequest(raw: RawFinderRequest, gpus: readonly GpuSpec[]): FinderParseResult {
  const read = new FieldReader<FinderField>({ ...FINDER_DEFAULTS, ...raw }, (field) => FINDER_FIELD_LABELS[field]);
  const taskId = read.choice('task', TASKS.map((task) => task.id), FINDER_DEFAULTS.task);
  const gpuCount = read.number('gpus', { min: 1, max: LIMITS.gpus, integer: true });
  let gpu: GpuSpec | undefined;
  const gpuText = read.text('gpu') ?? '';
  if (gpuText === CUSTOM_GPU) {
    const memoryGiB = read.number('memory', { min: 0.5, max: LIMITS.customGpuMemoryGiB, unit: 'GiB' });
    if (memoryGiB !== undefined) gpu = memoryOnlyGpu(memoryGiB);
  } else {
    gpu = gpus.find((candidate) => candidate.id === gpuText);
    if (!gpu) read.fail('gpu', `must be one of the listed GPUs (such as ${DEFAULT_GPU_ID}) or ${CUSTOM_GPU}; got ${quote(gpuText)}`);
  }
  const license = read.choice('license', Object.keys(LICENSE_NEED_LABELS) as LicenseNeed[], 'any');
  const openness = read.choice('openness', Object.keys(OPENNESS_NEED_LABELS) as OpennessNeed[], 'any');
  const contextTokens = read.number('context', { min: 1, max: LIMITS.contextTokens, integer: true });
  const sort = read.choice<FinderSort>('sort', FINDER_SORTS, 'best');
  const task = taskById(taskId);
  // Stryker disable next-line ConditionalExpression,LogicalOperator: type narrowing; every undefined value has its error recorded.
  if (read.errors.length > 0 || !task || !gpu || gpuCount === undefined || contextTokens === undefined) return { ok: false, errors: read.errors };
  return {
    ok: true,
    query: { task, hardware: { gpu, count: gpuCount, speedKnown: gpuText !== CUSTOM_GPU }, license, openness, contextTokens, sort },
  };
}

/**
 * The question as a query string, every field written (defaults too), so a shared link keeps its meaning if the
 * page's defaults change. The memory field is written only with the custom GPU, the one case where it counts.
 */
export function encodeFinderRequest(raw: RawFinderRequest): string {
  const written = FINDER_FIELDS.filter((field) => field !== 'memory' || raw.gpu === CUSTOM_GPU);
  return encodeEveryField(written, raw).toString();
}

/** A query string back to field text; fields it lacks take the defaults, and bad values are kept for their message. */
export function decodeFinderRequest(search: string): Record<FinderField, string> {
  return decodeFields(FINDER_FIELDS, new URLSearchParams(search), FINDER_DEFAULTS) as Record<FinderField, string>;
}
