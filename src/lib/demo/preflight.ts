/**
 * The check before any download: are the two models of a pair likely to fit in the memory this device reports? When
 * they may not, the page says so next to the Load button and offers the pair that needs least.
 */
import { chooseDtype, weightFiles, type DemoModel, type DemoPair } from './registry';
import type { DemoDevice } from './types';

/**
 * A model's weights are held twice while its session is built: the worker keeps the downloaded bytes and hands them
 * to ONNX Runtime as external data, which copies them into its own WebAssembly memory or GPU buffers
 * (src/demo/worker.ts). So loading needs about twice the weight files, for both models at once.
 */
export const LOAD_COPIES = 2;

/**
 * The share of the reported memory that loading may take before the page warns. The system, the browser and this
 * page need the rest. This is a margin the project chose, not a measurement.
 */
export const SAFE_SHARE = 0.5;

const GIB = 1024 ** 3;

export interface MemoryHints {
  /**
   * navigator.deviceMemory: the device's memory in GiB, rounded to a power of two and capped at 8 (W3C Device Memory
   * API; Chromium-based browsers only). Undefined where the browser does not say.
   */
  deviceMemoryGiB?: number;
  /** Whether the browser reports a phone or tablet. */
  mobile: boolean;
}

export interface PreflightOption {
  pairId: string;
  label: string;
  /** Memory needed while both sessions are built (LOAD_COPIES times the weight files). */
  peakBytes: number;
}

export interface Preflight {
  /** The chosen pair's need. */
  need: PreflightOption;
  /** The memory the warning is measured against, or null when the device does not report it (a phone that does not say). */
  limitBytes: number | null;
  /** The pair that needs least on this device, when it needs less than the chosen one. */
  smaller?: PreflightOption & { fits: boolean };
}

/** The weight files (graph and external data) of one model in the format it runs in on `device`. */
function weightBytes(model: DemoModel, device: DemoDevice, shaderF16: boolean): number {
  return weightFiles(model, chooseDtype(model, device, shaderF16)).reduce((sum, entry) => sum + (entry.bytes ?? 0), 0);
}

export function loadPeakBytes(pair: DemoPair, device: DemoDevice, shaderF16: boolean): number {
  return LOAD_COPIES * (weightBytes(pair.base, device, shaderF16) + weightBytes(pair.instruct, device, shaderF16));
}

/**
 * A warning when loading `pairId` may not fit: its peak passes SAFE_SHARE of the reported memory, or the device is a
 * phone that does not report its memory (phones end a tab under memory pressure first). Null when nothing suggests
 * a problem, including a desktop browser that does not report its memory.
 */
export function preflight(pairs: DemoPair[], pairId: string, device: DemoDevice, shaderF16: boolean, hints: MemoryHints): Preflight | null {
  const options = pairs.map((pair) => ({ pairId: pair.id, label: pair.label, peakBytes: loadPeakBytes(pair, device, shaderF16) }));
  const need = options.find((option) => option.pairId === pairId) ?? options[0]!;
  const gib = hints.deviceMemoryGiB ?? 0;
  const limitBytes = Number.isFinite(gib) && gib > 0 ? SAFE_SHARE * gib * GIB : null;
  if (limitBytes === null ? !hints.mobile : need.peakBytes <= limitBytes) return null;
  const least = options.reduce((best, option) => (option.peakBytes < best.peakBytes ? option : best));
  const smaller = least.peakBytes < need.peakBytes ? { ...least, fits: limitBytes === null || least.peakBytes <= limitBytes } : undefined;
  return { need, limitBytes, ...(smaller ? { smaller } : {}) };
}
