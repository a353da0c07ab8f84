/**
 * Published serving runs (content/serving-measurements.json): one replica's output tokens per second at a stated
 * concurrency, request size and GPU, with the source. The tests hold the capacity engine to them.
 */
import { z } from 'astro/zod';
import { webUrl } from '../content/integrity';
import measurements from '../../../content/serving-measurements.json';

export const servingMeasurementSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/),
  source: webUrl,
  read: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  publisher: z.string().min(1),
  /** SGLang allocates memory and batches as vLLM does, so the engine models both as vLLM. */
  engine: z.enum(['vllm', 'sglang']),
  engineVersion: z.string().min(1),
  model: z.string().min(1),
  checkpoint: z.string().min(1),
  precision: z.enum(['bf16', 'fp16', 'fp8']),
  gpu: z.string().min(1),
  gpuCount: z.number().int().positive(),
  concurrency: z.number().int().positive(),
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().positive(),
  outputTokensPerSecond: z.number().positive(),
  setting: z.string().min(1),
});

export type ServingMeasurement = z.infer<typeof servingMeasurementSchema>;

export const SERVING_MEASUREMENTS: readonly ServingMeasurement[] = (measurements as unknown[]).map((entry, index) => {
  const parsed = servingMeasurementSchema.safeParse(entry);
  if (!parsed.success) throw new Error(`content/serving-measurements.json entry ${index}: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  return parsed.data;
});
