/** A catalog model's engine input: its architecture with the calculator's defaults, then overrides. */
import type { ModelArchitecture } from '../architecture/types';
import { DEFAULT_MEMORY_SETTINGS } from './defaults';
import { estimateMemory, type MemoryBreakdown, type MemoryInput } from './estimate';

export interface EstimableModel {
  architecture: ModelArchitecture;
}

export function memoryInputForModel(model: EstimableModel, overrides: Partial<MemoryInput> = {}): MemoryInput {
  return { ...DEFAULT_MEMORY_SETTINGS, architecture: model.architecture, ...overrides };
}

export function estimateForModel(model: EstimableModel, overrides: Partial<MemoryInput> = {}): MemoryBreakdown {
  return estimateMemory(memoryInputForModel(model, overrides));
}
