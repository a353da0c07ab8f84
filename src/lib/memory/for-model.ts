/** A catalog model's engine input: its shapes and exact counts with the calculator's defaults, then overrides. */
import type { Model } from '../catalog/schema';
import { DEFAULT_MEMORY_SETTINGS } from './defaults';
import { estimateMemory, type MemoryBreakdown, type MemoryInput } from './estimate';

export type EstimableModel = Pick<Model, 'parameters' | 'activeParameters' | 'architecture'>;

export function memoryInputForModel(model: EstimableModel, overrides: Partial<MemoryInput> = {}): MemoryInput {
  return {
    ...DEFAULT_MEMORY_SETTINGS,
    shapes: model.architecture,
    parameters: model.parameters,
    activeParameters: model.activeParameters,
    ...overrides,
  };
}

export function estimateForModel(model: EstimableModel, overrides: Partial<MemoryInput> = {}): MemoryBreakdown {
  return estimateMemory(memoryInputForModel(model, overrides));
}
