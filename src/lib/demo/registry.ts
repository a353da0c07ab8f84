/**
 * The demo's model pairs (content/demo-models.json): which files to download for a device, and how much. Pure
 * functions only, so the page's island stays small; the schema lives in ./schema.ts for the build and the tests.
 */
import type { DemoDevice, DemoDtype } from './types';
import type { DemoModel, DemoPair } from './schema';

export type { DemoModel, DemoPair };

/**
 * Weight formats to try, best first, for each runtime: 4-bit with 16-bit activations needs WebGPU's shader-f16;
 * WebAssembly runs 8-bit fastest where a file exists, else 4-bit.
 */
const PREFERENCE: Record<'webgpu-f16' | 'webgpu' | 'wasm', DemoDtype[]> = {
  'webgpu-f16': ['q4f16', 'fp16', 'q4', 'q8', 'fp32'],
  webgpu: ['q4', 'fp32', 'q8'],
  wasm: ['q8', 'q4', 'fp32'],
};

export function chooseDtype(model: DemoModel, device: DemoDevice, hasShaderF16: boolean): DemoDtype {
  const order = PREFERENCE[device === 'webgpu' ? (hasShaderF16 ? 'webgpu-f16' : 'webgpu') : 'wasm'];
  const dtype = order.find((candidate) => model.files[candidate] !== undefined);
  if (!dtype) throw new Error(`${model.repo} has no ONNX file usable on ${device}`);
  return dtype;
}

export interface DownloadPlan {
  files: Array<{ repo: string; file: string; bytes: number | null }>;
  /** Sum of the known sizes. */
  knownBytes: number;
  /** Whether some file's size is not known, so the total is a lower bound. */
  incomplete: boolean;
}

/** How many external data files the chosen weights come with (0 when the graph holds its own weights). */
export function externalDataChunks(model: DemoModel, dtype: DemoDtype): number {
  return model.files[dtype]?.data?.length ?? 0;
}

/** The files holding a model's weights in `dtype`: the graph, then its external data files. */
export function weightFiles(model: DemoModel, dtype: DemoDtype): Array<{ file: string; bytes: number | null }> {
  const weights = model.files[dtype];
  if (!weights) throw new Error(`${model.repo} has no ${dtype} weights`);
  return [weights, ...(weights.data ?? [])];
}

/** What one model's worker fetches for `dtype`: the graph, its external data files, then the other files. */
export function modelFiles(model: DemoModel, dtype: DemoDtype): { files: string[]; dataFiles: string[]; bytes: Record<string, number | null> } {
  const weights = weightFiles(model, dtype);
  const entries = [...weights, ...model.otherFiles];
  return {
    files: entries.map((entry) => entry.file),
    dataFiles: weights.slice(1).map((entry) => entry.file),
    bytes: Object.fromEntries(entries.map((entry) => [entry.file, entry.bytes])),
  };
}

export function downloadPlan(pair: DemoPair, device: DemoDevice, hasShaderF16: boolean): DownloadPlan {
  const files = [pair.base, pair.instruct].flatMap((model) =>
    [...weightFiles(model, chooseDtype(model, device, hasShaderF16)), ...model.otherFiles].map((entry) => ({ repo: model.repo, file: entry.file, bytes: entry.bytes })),
  );
  return {
    files,
    knownBytes: files.reduce((sum, entry) => sum + (entry.bytes ?? 0), 0),
    incomplete: files.some((entry) => entry.bytes === null),
  };
}

/** Where model files come from: the Hugging Face Hub, or the site's own /models/ folder. */
export function modelSourceDescription(source: { kind: 'hub' } | { kind: 'local'; path: string }): string {
  return source.kind === 'hub' ? 'the Hugging Face Hub (huggingface.co)' : `this site (${source.path})`;
}
