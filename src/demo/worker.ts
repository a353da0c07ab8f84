/// <reference lib="webworker" />
/**
 * One model in a module Web Worker, so loading and generating never block the page and a failure in one model
 * leaves the other untouched. Protocol in ./protocol.ts: load, inspect, generate, interrupt, reset.
 */
import { AutoModelForCausalLM, AutoTokenizer, InterruptableStoppingCriteria, TextStreamer, env } from '@huggingface/transformers';
// ONNX Runtime's WebAssembly build, emitted by the bundler as assets of this site so no CDN is ever contacted.
import ortWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import ortGlueUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.mjs?url';
import type { GenerateRequest, InspectRequest, LoadRequest, WorkerEvent, WorkerRequest } from './protocol';
import { readDemoModelConfig } from '../lib/demo/model-config';
import { guardedFetch } from '../lib/demo/origins';

type Tokenizer = Awaited<ReturnType<typeof AutoTokenizer.from_pretrained>>;
type Model = Awaited<ReturnType<typeof AutoModelForCausalLM.from_pretrained>>;

let loaded: { tokenizer: Tokenizer; model: Model; contextTokens: number } | null = null;
let generating = false;
const stopping = new InterruptableStoppingCriteria();
const post = (event: WorkerEvent) => self.postMessage(event);
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** A request the reader can fix (a prompt too long for the context); the model itself is fine. */
class RequestError extends Error {}

/** The fetch the worker started with; every request goes through guardedFetch around it. */
const unguardedFetch = self.fetch.bind(self);

function configure(request: LoadRequest) {
  // Requests go to this site, and to the Hub only when models come from there. A Content-Security-Policy header
  // says the same where the host sends one; on hosts that cannot (GitHub Pages), no policy reaches a worker, so the
  // worker enforces it itself: Transformers.js through env.fetch, ONNX Runtime through the global fetch.
  const fetch = guardedFetch(unguardedFetch, self.location.origin, request.source.kind === 'hub');
  self.fetch = fetch;
  env.fetch = fetch;
  env.useBrowserCache = true;
  // Load ONNX Runtime's files straight from this site (the browser caches them) rather than through blob: URLs,
  // which the Content-Security-Policy does not allow.
  env.useWasmCache = false;
  if (request.source.kind === 'local') {
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.localModelPath = request.source.path;
  } else {
    env.allowRemoteModels = true;
    env.allowLocalModels = false;
  }
  const onnx = env.backends.onnx as { wasm?: { wasmPaths?: unknown } };
  if (onnx.wasm) onnx.wasm.wasmPaths = { mjs: new URL(ortGlueUrl, self.location.href).href, wasm: new URL(ortWasmUrl, self.location.href).href };
}

/** One turn of the event loop (a macrotask), so messages such as "interrupt" are handled between steps. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}

async function load(request: LoadRequest) {
  configure(request);
  if (request.fresh) await forgetCachedFiles(request.repo);
  const progress_callback = (data: unknown) => post({ type: 'progress', data: data as Record<string, unknown> });
  // Every file downloads at the pinned revision. (Transformers.js 4.3.1 first checks that tokenizer_config.json
  // exists with a one-byte request to the repository's main branch, whatever the revision; that reads no content.)
  const options = { revision: request.revision, progress_callback };
  const [tokenizer, model] = await Promise.all([
    AutoTokenizer.from_pretrained(request.repo, options),
    AutoModelForCausalLM.from_pretrained(request.repo, {
      ...options,
      dtype: request.dtype,
      device: request.device,
      // Said explicitly rather than left to the model's config.json, so what loads is what the page said it would.
      ...(request.externalDataChunks > 0 ? { use_external_data_format: request.externalDataChunks } : {}),
    }),
  ]);
  // On WebAssembly a decoding step completes without ever returning to the event loop, so a Stop message would
  // wait until generation ended. Yielding before a forward pass lets the interrupt arrive between tokens; doing it
  // at most once a frame keeps Stop prompt without slowing fast models.
  const forward = model.forward.bind(model);
  let lastYield = 0;
  model.forward = async (inputs: Parameters<typeof forward>[0]) => {
    if (performance.now() - lastYield > 16) {
      await yieldToEventLoop();
      lastYield = performance.now();
    }
    return forward(inputs);
  };
  const { contextTokens } = readDemoModelConfig(model.config, `${request.repo}/config.json`);
  loaded = { tokenizer, model, contextTokens };
  post({ type: 'ready', device: request.device, dtype: request.dtype, contextTokens: loaded.contextTokens });
}

/**
 * A download that arrived complete but broken (or an earlier partial file) would be served again from the browser
 * cache on Retry, so a failed load removes this model's cached files first.
 */
async function forgetCachedFiles(repo: string) {
  if (!('caches' in self)) return;
  const cache = await caches.open('transformers-cache');
  const keys = await cache.keys();
  await Promise.all(keys.filter((request) => request.url.includes(`/${repo}/`)).map((request) => cache.delete(request)));
}

function promptText(request: InspectRequest | GenerateRequest): string {
  if (!request.chat) return request.prompt;
  return loaded!.tokenizer.apply_chat_template([{ role: 'user', content: request.prompt }], {
    tokenize: false,
    add_generation_prompt: true,
  }) as string;
}

function inspect(request: InspectRequest) {
  const text = promptText(request);
  const tokens = loaded!.tokenizer(text).input_ids.dims.at(-1) as number;
  post({ type: 'prompt', text, tokens });
}

async function generate(request: GenerateRequest) {
  const { tokenizer, model, contextTokens } = loaded!;
  const text = promptText(request);
  const inputs = tokenizer(text);
  const promptTokens = inputs.input_ids.dims.at(-1) as number;
  if (promptTokens + request.maxNewTokens > contextTokens) {
    throw new RequestError(`The prompt is ${promptTokens} tokens; with ${request.maxNewTokens} new tokens that exceeds this model's ${contextTokens}-token context.`);
  }
  post({ type: 'prompt', text, tokens: promptTokens });
  let started = 0;
  let firstTokenAt = 0;
  let tokens = 0;
  const streamer = new TextStreamer(tokenizer, {
    skip_prompt: true,
    skip_special_tokens: true,
    callback_function: (chunk: string) => post({ type: 'token', text: chunk }),
    token_callback_function: () => {
      tokens += 1;
      if (!firstTokenAt) firstTokenAt = performance.now();
    },
  });
  stopping.reset();
  started = performance.now();
  await model.generate({
    ...inputs,
    max_new_tokens: request.maxNewTokens,
    do_sample: request.temperature > 0,
    ...(request.temperature > 0 ? { temperature: request.temperature } : {}),
    streamer,
    stopping_criteria: stopping,
  });
  const finished = performance.now();
  const decodeSeconds = (finished - (firstTokenAt || finished)) / 1000;
  post({
    type: 'done',
    stats: {
      tokens,
      timeToFirstTokenMs: firstTokenAt ? firstTokenAt - started : 0,
      // Tokens after the first, over the time after the first: the steady decode rate.
      tokensPerSecond: tokens > 1 && decodeSeconds > 0 ? (tokens - 1) / decodeSeconds : 0,
      interrupted: stopping.interrupted,
    },
  });
}

self.onmessage = async ({ data: request }: MessageEvent<WorkerRequest>) => {
  switch (request.type) {
    case 'load':
      try {
        await load(request);
      } catch (error) {
        loaded = null;
        post({ type: 'error', phase: 'load', message: `Loading failed: ${message(error)}`, reload: true });
      }
      break;
    case 'inspect':
      if (loaded) inspect(request);
      break;
    case 'generate':
      // A second request while one runs is ignored: the page also disables Run, this guards the worker itself.
      if (!loaded || generating) break;
      generating = true;
      try {
        await generate(request);
      } catch (error) {
        const reload = !(error instanceof RequestError);
        const text = reload ? `Generation failed; reload the model to run it again. The runtime said: ${message(error)}` : message(error);
        post({ type: 'error', phase: 'generate', message: text, reload });
      } finally {
        generating = false;
      }
      break;
    case 'interrupt':
      stopping.interrupt();
      break;
    case 'reset':
      stopping.interrupt();
      await loaded?.model.dispose();
      loaded = null;
      break;
  }
};
