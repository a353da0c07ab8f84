/**
 * The model finder: which catalog models suit a task on the reader's GPUs under licence, openness and context
 * limits, each with the reasons it fits or does not, the format that fits, the memory it needs per GPU and the
 * decode speed the memory engine expects there, ranked by best match, by size or by speed.
 */
import { memoryInputForModel } from '../memory/for-model';
import { place, usableBytes, type GpuSpec } from '../memory/placement';
import { WEIGHT_PRECISIONS, type WeightPrecisionId } from '../memory/precisions';
import { formatBytes } from '../format/bytes';
import { formatContextTokens, formatCount, formatRate } from '../format/numbers';
import { decodeForPlacement, type DecodeRange, type SpeedCalibration } from '../runtime/speed';
import { KIND_LABELS, LICENSE_NEED_LABELS, licenseMeets, opennessMeets, opennessTier, type LicenseNeed, type OpennessNeed } from './labels';
import type { Model } from './schema';
import type { Task } from './tasks';

export type FinderModel = Pick<
  Model,
  'id' | 'name' | 'kind' | 'parameters' | 'activeParameters' | 'released' | 'architecture' | 'license' | 'openness' | 'variants'
>;

export const FINDER_SORTS = ['best', 'largest', 'fastest'] as const;
export type FinderSort = (typeof FINDER_SORTS)[number];

export const FINDER_SORT_LABELS: Record<FinderSort, string> = {
  best: 'Best match',
  largest: 'Largest that fits',
  fastest: 'Fastest',
};

/** The GPUs a model must run on: `count` of one card, as the memory calculator places a model on them. */
export interface FinderHardware {
  gpu: GpuSpec;
  count: number;
  /**
   * False for a card the reader describes by its memory alone: its bandwidth is unknown, so no speed is shown
   * (the spec's bandwidth is a placeholder the finder never reads).
   */
  speedKnown: boolean;
}

export interface FinderQuery {
  task: Task;
  hardware: FinderHardware;
  license: LicenseNeed;
  openness: OpennessNeed;
  /** Context the reader needs, in tokens; the task's own minimum applies when it is larger. */
  contextTokens: number;
  sort: FinderSort;
}

export interface Reason {
  ok: boolean;
  /** A caution that lowers the rank without ruling the model out. */
  soft?: boolean;
  text: string;
}

export interface FinderSpeed {
  /** Expected decode range for one sequence, or the bound alone (low and high null) with why. */
  decode: DecodeRange;
  boundTokensPerSecond: number;
}

export interface FinderResult {
  model: FinderModel;
  recommended: boolean;
  /** Highest-quality weight format that fits on the GPUs, if any. */
  precision?: WeightPrecisionId;
  /** On the fullest GPU, at `precision` when one fits, else at the smallest format tried. */
  neededBytesPerGpu: number;
  /** Memory a program may use on each GPU. */
  usableBytesPerGpu: number;
  /** Only where a format fits and the card's bandwidth is known. */
  speed?: FinderSpeed;
  /** The context the model was sized at: the need, or the model's own limit when that is shorter. */
  sizedContextTokens: number;
  reasons: Reason[];
}

/** Formats tried from best to smallest: 16-bit, then 8-bit and 4-bit GGUF. */
const FORMATS_BY_QUALITY: readonly WeightPrecisionId[] = ['bf16', 'q8_0', 'q4_0'];

function kindReason(model: FinderModel, task: Task): Reason {
  if (task.suitedKinds.includes(model.kind)) return { ok: true, text: `${KIND_LABELS[model.kind]} models suit ${task.label.toLowerCase()}.` };
  const variant = model.variants.find((candidate) => task.suitedKinds.includes(candidate.kind));
  if (variant) return { ok: true, text: `Use its ${KIND_LABELS[variant.kind].toLowerCase()} variant, ${variant.name}.` };
  if (model.kind === 'base' && task.baseWorksWithExamples) return { ok: true, text: 'A base model: show it a few worked examples in the prompt.' };
  return { ok: false, text: `${KIND_LABELS[model.kind]} models are not suited to ${task.label.toLowerCase()} as released.` };
}

function opennessReason(model: FinderModel, need: FinderQuery['openness']): Reason | undefined {
  if (need === 'any') return undefined;
  const meets = opennessMeets(opennessTier(model.openness), need);
  if (need === 'fully-open') {
    return meets
      ? { ok: true, text: 'Fully open: weights, data and code are released.' }
      : { ok: false, text: 'Not fully open: training data or code is not released.' };
  }
  return meets
    ? { ok: true, text: 'Weights download without an access gate.' }
    : { ok: false, text: 'Weights sit behind an access form or licence acceptance.' };
}

/** "9.1 GiB of 24 GiB", or on several GPUs the fullest one's share: "9.1 GiB on the fullest of 2 GPUs, of 24 GiB each". */
function memoryComparison(neededBytes: number, hardware: FinderHardware): string {
  const needed = formatBytes(neededBytes, { system: 'binary' });
  const usable = formatBytes(usableBytes(hardware.gpu), { system: 'binary' });
  return hardware.count === 1 ? `${needed} of ${usable}` : `${needed} on the fullest of ${hardware.count} GPUs, of ${usable} each`;
}

interface Fit {
  precision?: WeightPrecisionId;
  neededBytesPerGpu: number;
  usableBytesPerGpu: number;
  speed?: FinderSpeed;
}

/** The best format that fits on the GPUs, placed by the memory engine, with its decode speed there. */
function fitOnHardware(model: FinderModel, contextTokens: number, hardware: FinderHardware, calibration: SpeedCalibration): Fit {
  let last: Fit | undefined;
  const room = usableBytes(hardware.gpu) * hardware.count;
  for (const [index, precision] of FORMATS_BY_QUALITY.entries()) {
    // Placing a model is the costly step (every tensor's type, every layer's cache). A format whose weights alone,
    // at 80% of the format's nominal bits, overfill every GPU together cannot fit, so it is skipped unplaced; real
    // files stay well above that share (today's Q2_K files run 12-14% under the nominal figure). The last format is
    // always placed, for the "needs about" figure of a model that fits at none.
    const lowerBound = (model.parameters * WEIGHT_PRECISIONS[precision].bitsPerValue * 0.8) / 8;
    if (lowerBound > room && index < FORMATS_BY_QUALITY.length - 1) continue;
    const input = memoryInputForModel(model, { weightPrecision: precision, contextTokens });
    const placed = place(input, hardware.gpu, hardware.count);
    const fit: Fit = { neededBytesPerGpu: placed.placement.bytesPerGpu, usableBytesPerGpu: placed.placement.usableBytesPerGpu };
    if (placed.placement.fits) {
      const decode = hardware.speedKnown ? decodeForPlacement(input, placed, calibration) : undefined;
      const speed = decode && placed.speed ? { decode, boundTokensPerSecond: placed.speed.decodeTokensPerSecondUpperBound } : undefined;
      return { ...fit, precision, speed };
    }
    last = fit;
  }
  return last!;
}

export function evaluateModel(model: FinderModel, query: FinderQuery, calibration: SpeedCalibration): FinderResult {
  const { task } = query;
  const reasons: Reason[] = [];
  let recommended = true;
  const add = (reason: Reason | undefined) => {
    if (!reason) return;
    reasons.push(reason);
    if (!reason.ok) recommended = false;
  };

  if (task.needsMultimodal) add({ ok: false, text: 'Text only: it takes no image input.' });
  add(kindReason(model, task));
  if (query.license !== 'any') {
    add(
      licenseMeets(model.license, query.license)
        ? { ok: true, text: `Licence meets “${LICENSE_NEED_LABELS[query.license]}”.` }
        : { ok: false, text: `Licence (${model.license.name}) does not meet “${LICENSE_NEED_LABELS[query.license]}”.` },
    );
  }
  add(opennessReason(model, query.openness));

  const context = Math.max(query.contextTokens, task.minContextTokens);
  if (model.architecture.contextLength < context) {
    add({ ok: false, text: `Context of ${formatContextTokens(model.architecture.contextLength)} tokens is shorter than the ${formatContextTokens(context)} needed.` });
  }

  // A model whose context is too short is still sized at its own longest context, so the reader sees what it needs.
  const sizedContextTokens = Math.min(context, model.architecture.contextLength);
  const fit = fitOnHardware(model, sizedContextTokens, query.hardware, calibration);
  const comparison = memoryComparison(fit.neededBytesPerGpu, query.hardware);
  add(
    fit.precision
      ? { ok: true, text: `Fits at ${WEIGHT_PRECISIONS[fit.precision].label}: about ${comparison}.` }
      : { ok: false, text: `Even at 4-bit it needs about ${comparison}.` },
  );

  if (model.parameters < task.minParameters) {
    reasons.push({ ok: false, soft: true, text: `At ${formatCount(model.parameters)} it is below the ${formatCount(task.minParameters)} we suggest for this task.` });
  }
  return { model, recommended, ...fit, sizedContextTokens, reasons };
}

/**
 * The one figure "Fastest" sorts by: the middle of the expected range, or the bound where no runs set a range.
 * Zero where there is no speed (nothing fits, or the card's bandwidth is unknown).
 */
export function expectedTokensPerSecond(result: FinderResult): number {
  if (!result.speed) return 0;
  const { decode, boundTokensPerSecond } = result.speed;
  return decode.low !== null && decode.high !== null ? (decode.low + decode.high) / 2 : boundTokensPerSecond;
}

/** "33–56 tok/s", or "at most 120 tok/s" where only the bound is known; undefined where there is no speed. */
export function speedText(result: FinderResult): string | undefined {
  if (!result.speed) return undefined;
  const { decode, boundTokensPerSecond } = result.speed;
  if (decode.low !== null && decode.high !== null) return `${formatRate(decode.low)}–${formatRate(decode.high)} tok/s`;
  return `at most ${formatRate(boundTokensPerSecond)} tok/s`;
}

/** A model counts as current when released in the newest year of the catalog or the one before. */
const CURRENT_YEARS = 2;

function bestMatchKey(result: FinderResult, task: Task, newestYear: number): number[] {
  const bigEnough = result.model.parameters >= task.minParameters ? 1 : 0;
  const formatQuality = result.precision ? FORMATS_BY_QUALITY.length - FORMATS_BY_QUALITY.indexOf(result.precision) : 0;
  const releaseYear = Number(result.model.released.slice(0, 4));
  const releaseMonth = releaseYear * 12 + Number(result.model.released.slice(5, 7));
  const current = releaseYear > newestYear - CURRENT_YEARS ? 1 : 0;
  const specialist = task.specialistKind !== undefined && result.model.kind === task.specialistKind ? 1 : 0;
  return [bigEnough, current, specialist, releaseMonth, result.model.parameters, formatQuality];
}

/**
 * The key a sort compares, larger first. Every sort keeps models that meet every need above the rest, and those
 * that fit above those that do not; then "best match" prefers models large enough for the task, current ones
 * (released in the catalog's newest two years), a task's specialists (code models for code), newer generations,
 * larger models and higher-precision formats; "largest" goes by parameters and "fastest" by expected decode
 * speed, each falling back on the best-match order for ties.
 */
function rankKey(result: FinderResult, query: FinderQuery, newestYear: number): number[] {
  const head = [result.recommended ? 1 : 0, result.precision ? 1 : 0];
  const best = bestMatchKey(result, query.task, newestYear);
  if (query.sort === 'largest') return [...head, result.model.parameters, ...best];
  if (query.sort === 'fastest') return [...head, expectedTokensPerSecond(result), ...best];
  return [...head, ...best];
}

/** All models, ordered by the query's sort (see rankKey), ties broken by name. */
export function findModels(models: readonly FinderModel[], query: FinderQuery, calibration: SpeedCalibration): FinderResult[] {
  const results = models.map((model) => evaluateModel(model, query, calibration));
  // Stryker disable next-line MethodExpression: with no models there is nothing to rank.
  const newestYear = Math.max(...models.map((model) => Number(model.released.slice(0, 4))));
  const keys = new Map(results.map((result) => [result, rankKey(result, query, newestYear)]));
  return results.sort((a, b) => {
    const keyA = keys.get(a)!;
    const keyB = keys.get(b)!;
    for (let index = 0; index < keyA.length; index += 1) {
      if (keyA[index] !== keyB[index]) return keyB[index]! - keyA[index]!;
    }
    return a.model.name.localeCompare(b.model.name, 'en');
  });
}

/** A ranked answer as plain data, each model named by id: what the page worked out at build time, for the island. */
export type StoredResult = Omit<FinderResult, 'model'> & { modelId: string };

export function storeResults(results: readonly FinderResult[]): StoredResult[] {
  return results.map(({ model, ...rest }) => ({ ...rest, modelId: model.id }));
}

/** The stored answer back with its models; undefined if the catalog no longer has one of them. */
export function restoreResults(stored: readonly StoredResult[], models: readonly FinderModel[]): FinderResult[] | undefined {
  const byId = new Map(models.map((model) => [model.id, model]));
  const restored: FinderResult[] = [];
  for (const { modelId, ...rest } of stored) {
    const model = byId.get(modelId);
    if (!model) return undefined;
    restored.push({ ...rest, model });
  }
  return restored;
}
