/** Messages between the demo page and a model worker. One worker holds one model. */

import type { DemoDevice, DemoDtype } from '../lib/demo/types';
import type { LoadFailure } from '../lib/demo/model-files';
import type { RuntimeBuild } from '../lib/demo/runtime';

export type { DemoDevice, DemoDtype, LoadFailure };

export type ModelSource =
  | { kind: 'hub' }
  /** A folder the site serves itself, holding `<repo>/<file>` (see `npm run models:fetch`). */
  | { kind: 'local'; path: string };

export interface LoadRequest {
  type: 'load';
  repo: string;
  revision: string;
  dtype: DemoDtype;
  /** Every file the model needs, as the registry lists them: the graph first, then its external data, then the rest. */
  files: string[];
  /** The external data files among `files` (`<graph>_data`...), in order; empty when the graph holds its weights. */
  dataFiles: string[];
  device: DemoDevice;
  source: ModelSource;
  /** Which ONNX Runtime WebAssembly build to load (lib/demo/runtime.ts). */
  runtime: RuntimeBuild;
}

export interface GenerateRequest {
  type: 'generate';
  prompt: string;
  /** Wrap the prompt in the tokenizer's chat template (instruct models) or send it as is (base models). */
  chat: boolean;
  maxNewTokens: number;
  /** 0 means greedy decoding. */
  temperature: number;
}

export interface InspectRequest {
  type: 'inspect';
  prompt: string;
  chat: boolean;
}

export type WorkerRequest = LoadRequest | GenerateRequest | InspectRequest | { type: 'interrupt' } | { type: 'reset' };

export interface GenerationStats {
  tokens: number;
  timeToFirstTokenMs: number;
  tokensPerSecond: number;
  interrupted: boolean;
}

export type WorkerEvent =
  /** Transformers.js progress events, forwarded as they come (status, file, loaded, total, progress...). */
  | { type: 'progress'; data: Record<string, unknown> }
  /** Every file is here; ONNX Runtime now builds the session and runs one warm-up step. */
  | { type: 'preparing' }
  | { type: 'ready'; device: DemoDevice; dtype: DemoDtype; contextTokens: number }
  | { type: 'prompt'; text: string; tokens: number }
  /** New text, with the tokens generated so far (end-of-turn and other special tokens not counted) and the time since the first. */
  | { type: 'token'; text: string; tokens: number; sinceFirstMs: number }
  /** The model was unloaded (`reset`); the worker can be ended. */
  | { type: 'unloaded' }
  | { type: 'done'; stats: GenerationStats }
  /**
   * `phase` says what failed. A generation that failed in the runtime (out of memory, WebGPU device lost...) leaves
   * the model unusable, so `reload` asks for a new worker; a prompt too long for the context does not.
   */
  | { type: 'error'; phase: 'load' | 'generate'; message: string; reload: boolean; failure?: LoadFailure };
