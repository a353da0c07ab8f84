/**
 * The link from a memory calculator setup to the cost calculator with the same model, format, GPU and runtime, so
 * the reader who has found a setup that fits can see what serving it costs at their traffic.
 */
import type { WeightPrecisionId } from '../memory/precisions';
import { RUNTIME_FORMATS, type RuntimeId } from '../runtime/runtime';
import { SERVING_RUNTIMES } from '../serving/runtimes';

export interface ServedSetup {
  /** A catalog model id; models read from the Hub or pasted are not in the cost calculator's list. */
  modelId: string | undefined;
  /** A catalog GPU id; a custom GPU has no price list. */
  gpuId: string | undefined;
  precision: WeightPrecisionId;
  runtime: RuntimeId;
}

/**
 * The cost calculator's query for a setup, or null when it cannot price it. A runtime the cost calculator does not
 * model (Transformers) is left out, so it takes the usual serving runtime for the format.
 */
export function costQueryFor(setup: ServedSetup, catalog: { modelIds: ReadonlySet<string>; gpuIds: ReadonlySet<string> }): URLSearchParams | null {
  if (!setup.modelId || !catalog.modelIds.has(setup.modelId) || !setup.gpuId || !catalog.gpuIds.has(setup.gpuId)) return null;
  const query = new URLSearchParams({ model: setup.modelId, precision: setup.precision, gpu: setup.gpuId });
  const served = (SERVING_RUNTIMES as readonly RuntimeId[]).includes(setup.runtime) && RUNTIME_FORMATS[setup.runtime].includes(setup.precision);
  if (served) query.set('runtime', setup.runtime);
  return query;
}
