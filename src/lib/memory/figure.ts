/**
 * A memory figure the guide states in its prose ("Llama 3.1 70B at 16-bit needs about 145 GB"), computed from the
 * same calculator address the sentence links to, so the number in the sentence is the number the reader finds on
 * following the link. A typed figure drifts the moment the engine or a catalog entry changes; this one cannot.
 */
import { answerMemoryRequest } from './answer';
import { parseMemoryRequest, type MemoryCatalog } from './request';
import { decodeConfigurations } from './url-state';
import type { GpuSpec } from './placement';
import type { SpeedCalibration } from '../runtime/speed';

/**
 * Which part of the estimate a sentence states: the whole need, the weights alone, the KV cache alone, what the
 * fullest GPU holds, or the weights kept in system RAM (llama.cpp's -ngl, --cpu-moe, --n-cpu-moe). The last two
 * need a GPU in the address, since they describe a placement.
 */
export const FIGURE_PARTS = ['total', 'weights', 'kv-cache', 'gpu', 'system-ram'] as const;
export type FigurePart = (typeof FIGURE_PARTS)[number];

export interface FigureCatalog extends MemoryCatalog {
  gpus: readonly GpuSpec[];
}

/**
 * Bytes of one part of the estimate for a calculator address such as `model=llama-3.1-70b&precision=bf16`
 * (fields it leaves out take the calculator's defaults). An address the calculator would refuse throws, naming
 * the address and the field, so a page with a broken figure fails to build instead of printing a wrong number.
 */
export function memoryFigureBytes(query: string, part: FigurePart, catalog: FigureCatalog, calibration: SpeedCalibration): number {
  // The calculator would fill in its default model; a sentence about a model must name it.
  const [raw] = decodeConfigurations(query);
  if (!new URLSearchParams(query).get('model') || !raw) throw new Error(`Memory figure "${query}": name a catalog model with model=<id>`);
  const parsed = parseMemoryRequest(raw, catalog);
  if (!parsed.ok) {
    throw new Error(`Memory figure "${query}": ${parsed.errors.map((error) => `${error.field}: ${error.message}`).join('; ')}`);
  }
  const { breakdown, onGpu } = answerMemoryRequest(parsed.request, catalog.gpus, calibration);
  if (part === 'gpu' || part === 'system-ram') {
    if (!onGpu) throw new Error(`Memory figure "${query}": the part "${part}" needs a GPU in the address (gpu=<id>)`);
    return part === 'gpu' ? onGpu.placement.bytesPerGpu : onGpu.placement.offloadedBytes;
  }
  if (part === 'weights') return breakdown.weightsBytes;
  if (part === 'kv-cache') return breakdown.kvCacheBytes;
  return breakdown.totalBytes;
}
