/**
 * Published serving runs (content/serving-measurements.json): one replica's output tokens per second at a stated
 * concurrency, request size and GPU, with the source. The tests hold the capacity engine to them.
 */
import { z } from 'astro/zod';
import { webUrl } from '../content/integrity';
import measurements from '../../../content/serving-measurements.json';
import type { EstimableModel } from '../memory/for-model';
import type { GpuSpec } from '../memory/placement';
import { servingCapacity } from './capacity';

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
  /** The source's own lines that give the numbers, copied for checking. */
  quote: z.string().min(1).optional(),
});

export type ServingMeasurement = z.infer<typeof servingMeasurementSchema>;

export const SERVING_MEASUREMENTS: readonly ServingMeasurement[] = (measurements as unknown[]).map((entry, index) => {
  const parsed = servingMeasurementSchema.safeParse(entry);
  if (!parsed.success) throw new Error(`content/serving-measurements.json entry ${index}: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  return parsed.data;
});

/**
 * The engine's figure for a published run, as the run measured it: the same GPUs, requests in flight and request
 * size, and a wall-clock output rate, so prompt reading shares the time (as in requestsPerSecond).
 */
export function estimateServingRun(entry: ServingMeasurement, model: EstimableModel, gpu: GpuSpec, efficiency: { decode: number; prefill: number }): number {
  const capacity = servingCapacity({
    model,
    weightPrecision: entry.precision,
    runtime: 'vllm',
    gpu,
    gpuCount: entry.gpuCount,
    inputTokens: entry.inputTokens,
    outputTokens: entry.outputTokens,
    maxSequences: entry.concurrency,
    efficiency,
  });
  return capacity.requestsPerSecond * entry.outputTokens;
}
