/** Messages between the demo page and a model worker. One worker holds one model. */

import type { DemoDevice, DemoDtype } from '../lib/demo/types';

export type { DemoDevice, DemoDtype };

export type ModelSource =
  | { kind: 'hub' }
  /** A folder the site serves itself, holding `<repo>/<file>` (see `npm run models:fetch`). */
  | { kind: 'local'; path: string };

export interface LoadRequest {
  type: 'load';
  repo: string;
  revision: string;
  dtype: DemoDtype;
  /** External data files that come with the weights (`<graph>_data`...), as the registry lists them; 0 for none. */
  externalDataChunks: number;
  device: DemoDevice;
  source: ModelSource;
  /** Drop any cached copy of the model's files first: a retry after a failed or corrupted download. */
  fresh?: boolean;
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
  | { type: 'ready'; device: DemoDevice; dtype: DemoDtype; contextTokens: number }
  | { type: 'prompt'; text: string; tokens: number }
  | { type: 'token'; text: string }
  | { type: 'done'; stats: GenerationStats }
  /**
   * `phase` says what failed. A generation that failed in the runtime (out of memory, WebGPU device lost...) leaves
   * the model unusable, so `reload` asks for a new worker; a prompt too long for the context does not.
   */
  | { type: 'error'; phase: 'load' | 'generate'; message: string; reload: boolean };
