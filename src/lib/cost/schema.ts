/** Schemas of the dated price lists in content/prices/. Every entry names where its number was read. */
import { z } from 'astro/zod';
import { webUrl } from '../content/integrity';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-11-22');
const usd = z.number().nonnegative();

export const apiPriceSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/),
  provider: z.string().min(1),
  model: z.string().min(1),
  kind: z.enum(['closed', 'open-hosted']),
  catalogModel: z.string().optional(),
  inputUsdPerMillion: usd,
  outputUsdPerMillion: usd,
  cachedInputUsdPerMillion: usd.optional(),
  /** Writing prompt tokens into the provider's cache, where it bills that apart (the shortest cache lifetime). */
  cacheWriteUsdPerMillion: usd.optional(),
  /**
   * A request whose prompt is longer than `aboveInputTokens` is billed whole at higher rates: every input rate
   * (cached and cache writes too) times `inputMultiplier`, output times `outputMultiplier`. Sources that list the
   * higher prices outright are stored as their ratio to the base prices.
   */
  longContext: z
    .strictObject({
      aboveInputTokens: z.number().int().positive(),
      inputMultiplier: z.number().min(1),
      outputMultiplier: z.number().min(1),
    })
    .optional(),
  /** The date the source gives for its prices, when it gives one. */
  asOf: isoDate.nullable(),
  url: webUrl,
  read: isoDate,
  /** What the source printed. */
  as: z.string().min(1),
});

export const gpuHourPriceSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/),
  provider: z.string().min(1),
  gpu: z.string().min(1),
  pricing: z.enum(['on-demand', 'spot', 'reserved']),
  usdPerGpuHour: z.number().positive(),
  gpusPerInstance: z.number().int().positive().optional(),
  instance: z.string().optional(),
  asOf: isoDate.nullable(),
  url: webUrl,
  read: isoDate,
  as: z.string().min(1),
});

export type ApiPriceEntry = z.infer<typeof apiPriceSchema>;
export type GpuHourPriceEntry = z.infer<typeof gpuHourPriceSchema>;
