/**
 * Random valid inputs for the engines, shared by the property tests (test/unit/*.test.ts) and the bench
 * (scripts/bench.ts, which samples them with a fixed seed), so both exercise the same space of questions.
 */
import fc from 'fast-check';
import type { Model } from '../../../src/lib/catalog/schema';
import { runtimeSettings, type MemoryInput } from '../../../src/lib/memory/estimate';
import { memoryInputForModel } from '../../../src/lib/memory/for-model';
import type { WeightPrecisionId } from '../../../src/lib/memory/precisions';
import type { RuntimeId } from '../../../src/lib/runtime/runtime';
import type { CostCatalog, RawCostRequest } from '../../../src/lib/cost/request';

/** The formats each runtime loads. */
export const RUNTIME_FORMATS_SAMPLED: Record<RuntimeId, WeightPrecisionId[]> = {
  'llama.cpp': ['bf16', 'q8_0', 'q4_k_m', 'q2_k', 'mxfp4'],
  vllm: ['bf16', 'fp8', 'awq-4bit', 'mxfp4'],
  transformers: ['bf16', 'nf4', 'int8'],
};

/** A catalog model on a runtime, in a format that runtime loads, at any context, batch and GPU count. */
export function memoryInputArbitrary(models: readonly Model[]): fc.Arbitrary<MemoryInput> {
  return fc
    .record({
      model: fc.constantFrom(...models),
      runtime: fc.constantFrom<RuntimeId>('llama.cpp', 'vllm', 'transformers'),
      format: fc.nat(),
      kvPrecision: fc.constantFrom('fp16', 'bf16', 'q8_0', 'q4_0' as const),
      contextTokens: fc.integer({ min: 1, max: 300_000 }),
      batch: fc.integer({ min: 1, max: 64 }),
      gpuCount: fc.integer({ min: 1, max: 8 }),
    })
    .map(({ model, runtime, format, ...rest }) =>
      memoryInputForModel(model, { runtime: runtimeSettings(runtime), ...rest, weightPrecision: RUNTIME_FORMATS_SAMPLED[runtime][format % RUNTIME_FORMATS_SAMPLED[runtime].length]! }),
    );
}

/** The cost page's fields as a reader fills them: valid values across the whole catalog and price lists. */
export function costFieldsArbitrary(catalog: CostCatalog, weightIds: readonly string[]): fc.Arbitrary<RawCostRequest> {
  const whole = (min: number, max: number) => fc.integer({ min, max }).map(String);
  return fc.record({
    requests: whole(1, 1_000_000),
    input: whole(1, 8_000),
    output: whole(1, 2_000),
    reasoning: whole(0, 4_000),
    cached: whole(0, 89),
    growth: whole(0, 19),
    model: fc.constantFrom(...catalog.models.map((model) => model.id)),
    precision: fc.constantFrom(...weightIds),
    gpu: fc.constantFrom(...catalog.gpus.map((gpu) => gpu.id)),
    // Blank: the usual runtime for the format; a runtime that cannot serve the format is a field error.
    runtime: fc.constantFrom('', 'vllm', 'llama.cpp'),
    'gpu-price': fc.integer({ min: 20, max: 820 }).map((cents) => (cents / 100).toFixed(2)),
    seqs: whole(1, 64),
    util: whole(10, 99),
    hours: whole(1, 24),
    api1: fc.constantFrom(...catalog.apiPrices.map((price) => price.id)),
    api2: fc.constantFrom(...catalog.apiPrices.map((price) => price.id)),
  });
}
