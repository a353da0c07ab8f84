/**
 * Published measurements the engine is checked against (content/validation.json): each names the model, the
 * runtime and settings it was taken with, the quantity measured, and where it was published. The page's
 * validation table and the unit tests read the same checks through `evaluateCheck`.
 */
import { z } from 'zod';
import { webUrl } from '../content/integrity';
import { KV_PRECISIONS, WEIGHT_PRECISIONS } from '../memory/precisions';
import { RUNTIME_IDS, SPLITS } from '../runtime/runtime';
import { LORA_TARGETS } from '../memory/training';

export const QUANTITIES = {
  weightsBytes: { label: 'weights', unit: 'bytes' },
  kvCacheBytes: { label: 'KV cache', unit: 'bytes' },
  kvCacheBytesPerGpu: { label: 'KV cache per GPU', unit: 'bytes' },
  stateBytes: { label: 'recurrent state', unit: 'bytes' },
  activationsBytes: { label: 'compute buffers', unit: 'bytes' },
  weightsBytesPerGpu: { label: 'weights per GPU', unit: 'bytes' },
  kvPoolBytesPerGpu: { label: 'KV pool per GPU', unit: 'bytes' },
  kvPoolTokens: { label: 'KV pool in tokens', unit: 'tokens' },
  trainingPeakBytes: { label: 'training peak', unit: 'bytes' },
  maxContextTokens: { label: 'longest context', unit: 'tokens' },
  decodeTokensPerSecond: { label: 'decode speed', unit: 'tokens/s' },
} as const;
export type Quantity = keyof typeof QUANTITIES;

const ids = <T extends string>(list: readonly T[]) => z.enum(list as [T, ...T[]]);

const gpuRefSchema = z.union([
  z.string(),
  z.strictObject({
    name: z.string(),
    memoryBytes: z.number().positive(),
    memoryBandwidthBytesPerSecond: z.number().positive(),
    usableMemoryFraction: z.number().positive().max(1).default(1),
    source: z.string().url(),
  }),
]);

export const checkSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/),
  /** What kind of published figure: a runtime's memory log, a file listing, a training peak, a speed run. */
  kind: z.enum(['memory-log', 'file-size', 'training-peak', 'speed']),
  /** The program that printed or measured it, as its authors name it (llama.cpp b4343, vLLM 0.8, LitGPT). */
  tool: z.string(),
  runtime: ids(RUNTIME_IDS),
  /** A catalog model id, or "config:<file>" for a recorded config.json in content/validation/configs. */
  model: z.string(),
  label: z.string(),
  setting: z
    .strictObject({
      weightPrecision: ids(Object.keys(WEIGHT_PRECISIONS) as Array<keyof typeof WEIGHT_PRECISIONS>).optional(),
      kvPrecision: ids(Object.keys(KV_PRECISIONS) as Array<keyof typeof KV_PRECISIONS>).optional(),
      contextTokens: z.number().int().positive().optional(),
      batch: z.number().int().positive().optional(),
      mode: z.enum(['inference', 'full', 'lora', 'qlora']).optional(),
      loraRank: z.number().int().positive().optional(),
      loraTargets: z.array(ids(LORA_TARGETS)).optional(),
      gradientCheckpointing: z.boolean().optional(),
      doubleQuantization: z.boolean().optional(),
      fsdpNoSyncGradients: z.boolean().optional(),
      overheadBytes: z.number().int().nonnegative().optional(),
      capSlidingWindow: z.boolean().optional(),
      split: ids(SPLITS).optional(),
      ubatch: z.number().int().positive().optional(),
      gpuMemoryUtilization: z.number().positive().max(1).optional(),
      maxBatchedTokens: z.number().int().positive().optional(),
      gpuLayers: z.number().int().nonnegative().optional(),
      cpuMoe: z.boolean().optional(),
      cpuMoeLayers: z.number().int().nonnegative().optional(),
      gpuCount: z.number().int().positive().optional(),
      flashAttention: z.boolean().optional(),
    })
    .default({}),
  /** The device it ran on: a catalog GPU id or the device's own figures with their source. */
  gpu: gpuRefSchema.optional(),
  quantity: ids(Object.keys(QUANTITIES) as Quantity[]),
  measured: z.number().positive(),
  /** Relative tolerance for sizes (default 10%); speed checks use the calculator's range instead. */
  tolerance: z.number().positive().max(1).default(0.1),
  /** For speed: the decode-efficiency record this is, left out of the range it is checked against. */
  calibrationId: z.string().optional(),
  as: z.string(),
  url: webUrl,
  read: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  notes: z.string().optional(),
  /** Why the engine misses this one, shown on the page; a check outside its tolerance must have it. */
  miss: z.string().optional(),
});

export type ValidationCheck = z.infer<typeof checkSchema>;
export type GpuRef = z.infer<typeof gpuRefSchema>;
