/**
 * The model finder: which catalog models suit a task under memory, licence, openness and context limits, ranked,
 * each with the reasons it fits or does not.
 */
import { estimateForModel } from '../memory/for-model';
import { WEIGHT_PRECISIONS, type WeightPrecisionId } from '../memory/precisions';
import { formatBytes } from '../format/bytes';
import { formatContextTokens, formatCount } from '../format/numbers';
import { KIND_LABELS, LICENSE_NEED_LABELS, licenseMeets, opennessMeets, opennessTier, type LicenseNeed, type OpennessNeed } from './labels';
import type { Model } from './schema';
import type { Task } from './tasks';

export type FinderModel = Pick<
  Model,
  'id' | 'name' | 'kind' | 'parameters' | 'activeParameters' | 'released' | 'architecture' | 'license' | 'openness' | 'variants'
>;

export interface FinderQuery {
  task: Task;
  /** Memory available to the model, in bytes. */
  memoryBytes: number;
  license: LicenseNeed;
  openness: OpennessNeed;
  /** Context the reader needs, in tokens; the task's own minimum applies when it is larger. */
  contextTokens: number;
}

export interface Reason {
  ok: boolean;
  /** A caution that lowers the rank without ruling the model out. */
  soft?: boolean;
  text: string;
}

export interface FinderResult {
  model: FinderModel;
  recommended: boolean;
  /** Highest-quality weight format that fits in memory, if any. */
  precision?: WeightPrecisionId;
  neededBytes?: number;
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

export function evaluateModel(model: FinderModel, query: FinderQuery): FinderResult {
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

  let precision: WeightPrecisionId | undefined;
  let neededBytes: number | undefined;
  const contextForMemory = Math.min(context, model.architecture.contextLength);
  for (const candidate of FORMATS_BY_QUALITY) {
    const estimate = estimateForModel(model, { weightPrecision: candidate, contextTokens: contextForMemory });
    if (estimate.totalBytes <= query.memoryBytes) {
      precision = candidate;
      neededBytes = estimate.totalBytes;
      break;
    }
    neededBytes = estimate.totalBytes;
  }
  const available = formatBytes(query.memoryBytes, { system: 'decimal' });
  add(
    precision
      ? { ok: true, text: `Fits at ${WEIGHT_PRECISIONS[precision].label}: about ${formatBytes(neededBytes!, { system: 'decimal' })} of ${available}.` }
      : { ok: false, text: `Needs about ${formatBytes(neededBytes!, { system: 'decimal' })} even at 4-bit; ${available} is available.` },
  );

  if (model.parameters < task.minParameters) {
    reasons.push({ ok: false, soft: true, text: `At ${formatCount(model.parameters)} it is below the ${formatCount(task.minParameters)} we suggest for this task.` });
  }
  return { model, recommended, precision, neededBytes, reasons };
}

/** A model counts as current when released in the newest year of the catalog or the one before. */
const CURRENT_YEARS = 2;

function rankKey(result: FinderResult, task: Task, newestYear: number): number[] {
  const bigEnough = result.model.parameters >= task.minParameters ? 1 : 0;
  const formatQuality = result.precision ? FORMATS_BY_QUALITY.length - FORMATS_BY_QUALITY.indexOf(result.precision) : 0;
  const releaseYear = Number(result.model.released.slice(0, 4));
  const releaseMonth = releaseYear * 12 + Number(result.model.released.slice(5, 7));
  const current = releaseYear > newestYear - CURRENT_YEARS ? 1 : 0;
  const specialist = task.specialistKind !== undefined && result.model.kind === task.specialistKind ? 1 : 0;
  return [result.recommended ? 1 : 0, bigEnough, current, specialist, releaseMonth, result.model.parameters, formatQuality];
}

/**
 * All models, best first: those meeting every requirement, then those large enough for the task, then current
 * ones (released in the catalog's newest two years), among them a task's specialists (code models for code), then
 * newer generations, then larger models, then those that fit at a higher-precision format.
 */
export function findModels(models: readonly FinderModel[], query: FinderQuery): FinderResult[] {
  const results = models.map((model) => evaluateModel(model, query));
  // Stryker disable next-line MethodExpression: with no models there is nothing to rank.
  const newestYear = Math.max(...models.map((model) => Number(model.released.slice(0, 4))));
  const keys = new Map(results.map((result) => [result, rankKey(result, query.task, newestYear)]));
  return results.sort((a, b) => {
    const keyA = keys.get(a)!;
    const keyB = keys.get(b)!;
    for (let index = 0; index < keyA.length; index += 1) {
      if (keyA[index] !== keyB[index]) return keyB[index]! - keyA[index]!;
    }
    return a.model.name.localeCompare(b.model.name, 'en');
  });
}
