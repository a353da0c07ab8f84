/**
 * The guide's shortlist (content/shortlist.json): for each hardware tier, the current catalog models that fit it
 * and need it (they do not fit the tier below), newest first; and for each need, which of those meet it. Fit is
 * the model table's common setting (fit.ts: Q4_K_M weights, 8,192 tokens, one sequence, llama.cpp), so the
 * shortlist, the catalog table and the calculator links agree. The page runs this at build time; no prose names a
 * model as fitting.
 */
import { z } from 'astro/zod';
import { estimateMemory } from '../memory/estimate';
import { memoryCalculatorQuery } from '../memory/calculator-link';
import { place, usableBytes, type GpuSpec } from '../memory/placement';
import { FIT_CONTEXT_TOKENS, FIT_MAX_GPUS, FIT_PRECISION, fitInput, gpusForModel } from './fit';
import { opennessMeets, opennessTier } from './labels';
import { modelKinds, sourceSchema, type Model, type ModelKind } from './schema';

const id = z.string().regex(/^[a-z0-9][a-z0-9.-]*$/);

const tierSchema = z
  .strictObject({
    id,
    label: z.string().min(1),
    /** A catalog GPU, or `memoryGiB` for a device described by the memory a model may take (a laptop, a phone). */
    gpu: id.optional(),
    memoryGiB: z.number().positive().optional(),
    /** How many of `gpu` the tier has: a model may use up to this many. */
    maxGpus: z.number().int().min(1).max(FIT_MAX_GPUS).default(1),
    /** A smaller card the tier also covers: each pick says whether it fits there too. */
    smallerGpu: id.optional(),
    /** The next smaller tier: a model that fits there is listed there, not here. */
    below: id.optional(),
  })
  .refine((tier) => (tier.gpu === undefined) !== (tier.memoryGiB === undefined), { message: 'give a tier either gpu or memoryGiB' });

const needSchema = z.strictObject({
  id,
  label: z.string().min(1),
  /** Model kinds that meet the need, the model's own or one of its variants'. */
  kinds: z.array(z.enum(modelKinds)).optional(),
  openness: z.enum(['fully-open', 'open-weights']).optional(),
  /** Languages the model card lists, at least. */
  minLanguages: z.number().int().positive().optional(),
  /** A part the checkpoint holds, read from its config.json (a vision encoder). */
  checkpointPart: z.enum(['vision encoder', 'audio encoder']).optional(),
  /** Models that meet the need by what their makers say, where the catalog has no field for it; each sourced. */
  models: z.array(z.strictObject({ id, source: sourceSchema })).default([]),
});

export const shortlistSchema = z.strictObject({ tiers: z.array(tierSchema).min(1), needs: z.array(needSchema).min(1) });
export type Shortlist = z.infer<typeof shortlistSchema>;
export type Tier = Shortlist['tiers'][number];
export type Need = Shortlist['needs'][number];

export type ShortlistModel = Pick<Model, 'id' | 'name' | 'family' | 'kind' | 'released' | 'parameters' | 'architecture' | 'openness' | 'languages' | 'variants'>;

export interface TierPick {
  model: ShortlistModel;
  /** GPUs the model takes on this tier (1 on a single card or a memory budget). */
  gpuCount: number;
  /** Memory on the fullest GPU, or the whole need on a memory-budget tier. */
  neededBytes: number;
  /** Memory a program may use on each GPU, or the tier's budget. */
  availableBytes: number;
  /** On a tier with a smaller card: whether the model fits that card too. */
  fitsSmallerGpu?: boolean;
  /** The memory calculator's address for exactly this setting (without "?"). */
  calculatorQuery: string;
}

/** Current means released in the catalog's newest year or the one before, as the finder counts it. */
export function currentSince(models: readonly ShortlistModel[]): number {
  return Math.max(...models.map((model) => Number(model.released.slice(0, 4)))) - 1;
}

const ASSISTANT_KINDS: readonly ModelKind[] = ['instruct', 'chat', 'preference-tuned', 'code'];

/** Whether the model, or a variant published beside it, answers requests (a base model alone does not). */
function usableAsReleased(model: ShortlistModel): boolean {
  return ASSISTANT_KINDS.includes(model.kind) || model.variants.some((variant) => ASSISTANT_KINDS.includes(variant.kind));
}

function gpuById(gpus: readonly GpuSpec[], gpuId: string): GpuSpec {
  const gpu = gpus.find((candidate) => candidate.id === gpuId);
  if (!gpu) throw new Error(`content/shortlist.json: no GPU "${gpuId}" in the catalog`);
  return gpu;
}

function contextFor(model: ShortlistModel): number {
  return Math.min(FIT_CONTEXT_TOKENS, model.architecture.contextLength);
}

/** How the model runs on the tier at the common setting, or undefined when it does not fit. */
export function fitOnTier(model: ShortlistModel, tier: Tier, gpus: readonly GpuSpec[]): Omit<TierPick, 'model'> | undefined {
  const contextTokens = contextFor(model);
  if (tier.memoryGiB !== undefined) {
    const availableBytes = tier.memoryGiB * 2 ** 30;
    const neededBytes = estimateMemory(fitInput(model)).totalBytes;
    if (neededBytes > availableBytes) return undefined;
    return { gpuCount: 1, neededBytes, availableBytes, calculatorQuery: memoryCalculatorQuery({ modelId: model.id, precision: FIT_PRECISION, contextTokens, gpuId: 'none' }) };
  }
  const gpu = gpuById(gpus, tier.gpu!);
  const gpuCount = gpusForModel(model, gpu);
  if (gpuCount === null || gpuCount > tier.maxGpus) return undefined;
  const placed = place(fitInput(model), gpu, gpuCount).placement;
  const smaller = tier.smallerGpu ? { fitsSmallerGpu: gpusForModel(model, gpuById(gpus, tier.smallerGpu)) === 1 } : {};
  return {
    gpuCount,
    neededBytes: placed.bytesPerGpu,
    availableBytes: usableBytes(gpu),
    ...smaller,
    calculatorQuery: memoryCalculatorQuery({ modelId: model.id, precision: FIT_PRECISION, contextTokens, gpuId: gpu.id, gpuCount }),
  };
}

/** Newest first; within a release month, larger first; then by name. */
function newestFirst(a: ShortlistModel, b: ShortlistModel): number {
  return b.released.localeCompare(a.released) || b.parameters - a.parameters || a.name.localeCompare(b.name, 'en');
}

/**
 * The tier's picks: current models that answer requests as released, fit the tier and not the tier below, newest
 * first. A model is left out when a newer model of its family and kind is listed on the same tier (its successor).
 */
export function tierPicks(models: readonly ShortlistModel[], tierId: string, shortlist: Shortlist, gpus: readonly GpuSpec[]): TierPick[] {
  const tier = shortlist.tiers.find((candidate) => candidate.id === tierId);
  if (!tier) throw new Error(`content/shortlist.json: no tier "${tierId}"`);
  const below = tier.below ? shortlist.tiers.find((candidate) => candidate.id === tier.below) : undefined;
  if (tier.below && !below) throw new Error(`content/shortlist.json: tier "${tier.id}" names a missing tier below, "${tier.below}"`);
  const since = currentSince(models);
  const picks = [...models]
    .filter((model) => Number(model.released.slice(0, 4)) >= since && usableAsReleased(model))
    .filter((model) => !below || !fitOnTier(model, below, gpus))
    .sort(newestFirst)
    .flatMap((model) => {
      const fit = fitOnTier(model, tier, gpus);
      return fit ? [{ model, ...fit }] : [];
    });
  return picks.filter(
    ({ model }) => !picks.some(({ model: other }) => other.family === model.family && other.kind === model.kind && other.released > model.released),
  );
}

/** Whether a model meets a need: any of the need's criteria, or its sourced list. */
export function meetsNeed(model: ShortlistModel, need: Need): boolean {
  if (need.models.some((entry) => entry.id === model.id)) return true;
  if (need.kinds && (need.kinds.includes(model.kind) || model.variants.some((variant) => need.kinds!.includes(variant.kind)))) return true;
  if (need.openness && opennessMeets(opennessTier(model.openness), need.openness)) return true;
  if (need.minLanguages !== undefined && model.languages.length >= need.minLanguages) return true;
  if (need.checkpointPart && model.architecture.extras.some((part) => part.name === need.checkpointPart)) return true;
  return false;
}

/** For each tier, the newest of its picks that meet the need (at most `perTier`). */
export function needPicks(models: readonly ShortlistModel[], needId: string, shortlist: Shortlist, gpus: readonly GpuSpec[], perTier = 2): Array<{ tier: Tier; picks: TierPick[] }> {
  const need = shortlist.needs.find((candidate) => candidate.id === needId);
  if (!need) throw new Error(`content/shortlist.json: no need "${needId}"`);
  return shortlist.tiers.map((tier) => ({ tier, picks: tierPicks(models, tier.id, shortlist, gpus).filter(({ model }) => meetsNeed(model, need)).slice(0, perTier) }));
}

/** Every model id the file names, for the check that each is in the catalog. */
export function namedModelIds(shortlist: Shortlist): string[] {
  return shortlist.needs.flatMap((need) => need.models.map((entry) => entry.id));
}
