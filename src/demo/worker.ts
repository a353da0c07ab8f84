/// <reference lib="webworker" />
/**
 * One model in a module Web Worker, so loading and generating never block the page and a failure in one model
 * leaves the other untouched. Protocol in ./protocol.ts: load, inspect, generate, interrupt, reset.
 */
import { AutoModelForCausalLM, AutoTokenizer, InterruptableStoppingCriteria, Tensor, TextStreamer, env, ones_like } from '@huggingface/transformers';
// ONNX Runtime's WebAssembly builds, emitted by the bundler as assets of this site so no CDN is ever contacted: the
// asyncify build, and the plain one for Safari below 26 (see lib/demo/runtime.ts). Only the one asked for is fetched.
import asyncifyWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import asyncifyGlueUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.mjs?url';
import plainWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import plainGlueUrl from 'onnxruntime-web/ort-wasm-simd-threaded.mjs?url';
import type { GenerateRequest, InspectRequest, LoadRequest, WorkerEvent, WorkerRequest } from './protocol';
import { ModelFileError, readDemoModelConfig } from '../lib/demo/model-config';
import { guardedFetch } from '../lib/demo/origins';
import { decodeTokensPerSecond } from '../lib/demo/speed';
import { unusableLogits } from '../lib/demo/logits';
import { filesToForget, modelFileUrl, pinnedInsteadOfMain, type LoadFailure } from '../lib/demo/model-files';
import { DownloadError, cachedResponse, fetchModelFile, forget, unparsableJson, type FileProgress } from './downloads';

type Tokenizer = Awaited<ReturnType<typeof AutoTokenizer.from_pretrained>>;
type Model = Awaited<ReturnType<typeof AutoModelForCausalLM.from_pretrained>>;

let loaded: { tokenizer: Tokenizer; model: Model; contextTokens: number } | null = null;
let generating = false;
const stopping = new InterruptableStoppingCriteria();
const post = (event: WorkerEvent) => self.postMessage(event);
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The model was built but the runtime failed to run it: the files are not suspect. */
class WarmUpError extends Error {}

/**
 * The warm-up's scores were NaN or all the same. On WebGPU that points to the runtime (WebAssembly is offered); on
 * WebAssembly, where the kernels are the reference ones, to the weights, which are dropped so Retry fetches them.
 */
class UnusableOutputError extends Error {}

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
  const [glue, wasm] = request.runtime === 'plain' ? [plainGlueUrl, plainWasmUrl] : [asyncifyGlueUrl, asyncifyWasmUrl];
  if (onnx.wasm) onnx.wasm.wasmPaths = { mjs: new URL(glue, self.location.href).href, wasm: new URL(wasm, self.location.href).href };
}

/** One turn of the event loop (a macrotask), so messages such as "interrupt" are handled between steps. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}

/** The request being loaded, so a stray rejection (see below) can end it. */
let failCurrentLoad: ((error: unknown) => void) | null = null;

/**
 * A rejection nobody handles (a library promise that is never awaited) would otherwise leave a load waiting for
 * ever: it ends the current load with its reason instead.
 */
self.addEventListener('unhandledrejection', (event) => {
  event.preventDefault();
  failCurrentLoad?.(event.reason);
});

const urlOf = (request: LoadRequest, file: string) => modelFileUrl(request.source, request.repo, request.revision, file, self.location.href);

/**
 * Answers the library's lookups on the unpinned `main` branch from the pinned revision (see pinnedInsteadOfMain),
 * from the cache when it holds the file, so a second visit needs no network at all.
 */
function answeringUnpinned(inner: typeof fetch, request: LoadRequest): typeof fetch {
  const pins = new Map([[request.repo, request.revision]]);
  return async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    const pinned = pinnedInsteadOfMain(url, pins);
    if (!pinned) return inner(input, init);
    const cached = await cachedResponse(pinned);
    return cached ?? inner(pinned, init);
  };
}

async function downloadAll(request: LoadRequest, fetchFn: typeof fetch): Promise<Map<string, Uint8Array>> {
  const onProgress = (progress: FileProgress) => post({ type: 'progress', data: { status: 'progress', ...progress } });
  // Every download runs to its end even when another fails, so whatever arrived is cached for Retry.
  const results = await Promise.allSettled(
    request.files.map(async (file) => [file, await fetchModelFile(fetchFn, urlOf(request, file), file, onProgress, request.dataFiles.includes(file))] as const),
  );
  const failed = results.find((result) => result.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
  return new Map(results.map((result) => (result as PromiseFulfilledResult<readonly [string, Uint8Array]>).value));
}

async function load(request: LoadRequest) {
  configure(request);
  const fetchFn = env.fetch as typeof fetch;
  env.fetch = answeringUnpinned(fetchFn, request);
  const bytes = await downloadAll(request, fetchFn);
  post({ type: 'preparing' });
  // Every file is cached now, so the library reads them from there; the external data goes to ONNX Runtime
  // directly (use_external_data_format 0 keeps the library from fetching it again, see downloads.ts).
  const options = { revision: request.revision };
  const tokenizer = await AutoTokenizer.from_pretrained(request.repo, options);
  const model = await AutoModelForCausalLM.from_pretrained(request.repo, {
    ...options,
    dtype: request.dtype,
    device: request.device,
    ...(request.dataFiles.length > 0
      ? {
          use_external_data_format: 0,
          session_options: { externalData: request.dataFiles.map((file) => ({ path: file.split('/').at(-1)!, data: bytes.get(file)! })) },
        }
      : {}),
  });
  bytes.clear();
  const { contextTokens } = readDemoModelConfig(model.config, `${request.repo}/config.json`);
  // One forward pass builds ONNX Runtime's kernels (and WebGPU's shaders) now, so the reader's first run measures
  // decoding, not set-up, and its scores are checked before the reader relies on them. Tokens 0 and 1 exist in
  // every vocabulary.
  const warmUpIds = new Tensor('int64', BigInt64Array.from([0n, 1n]), [1, 2]);
  const { logits } = (await model({ input_ids: warmUpIds, attention_mask: ones_like(warmUpIds) }).catch((error: unknown) => {
    throw new WarmUpError(`the runtime failed its warm-up step: ${message(error)}`);
  })) as { logits: Tensor };
  const unusable = unusableLogits(logits.data as ArrayLike<number>, logits.type, logits.dims.at(-1)!);
  if (unusable) {
    throw new UnusableOutputError(
      `the model's first scores were ${unusable === 'NaN' ? 'not numbers (NaN)' : 'all the same'}, so it cannot choose a word${request.device === 'webgpu' ? ': WebGPU may not run this format correctly on this device' : ''}`,
    );
  }
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
  loaded = { tokenizer, model, contextTokens };
  post({ type: 'ready', device: request.device, dtype: request.dtype, contextTokens: loaded.contextTokens });
}

/** What a failed load says about the files (see LoadFailure), after removing those it proves corrupt. */
async function diagnose(request: LoadRequest, error: unknown): Promise<LoadFailure> {
  if (error instanceof DownloadError) return 'network';
  if (error instanceof WarmUpError) return 'device';
  if (error instanceof UnusableOutputError && request.device === 'webgpu') return 'device';
  if (error instanceof TypeError && /fetch|network/i.test(error.message)) return 'network';
  // The library's own "file not found" (utils/hub/utils.js, handleError): missing, not corrupt.
  if (/could not locate file|not found/i.test(message(error))) return 'network';
  const urls = request.files.map((file) => urlOf(request, file));
  const badJson = error instanceof ModelFileError ? [urlOf(request, 'config.json')] : await unparsableJson(urls);
  // On WebGPU a failure to build the session is more likely the GPU than the file: the files stay.
  const failure: LoadFailure = badJson.length === 0 && request.device === 'webgpu' ? 'device' : 'corrupt';
  const weights = request.files.filter((file) => file.startsWith('onnx/')).map((file) => urlOf(request, file));
  await forget(filesToForget(failure, weights, badJson));
  return failure;
}

async function loadOrFail(request: LoadRequest) {
  try {
    await new Promise<void>((resolve, reject) => {
      failCurrentLoad = reject;
      load(request).then(resolve, reject);
    });
  } catch (error) {
    loaded = null;
    const failure = await diagnose(request, error).catch((): LoadFailure => 'network');
    post({ type: 'error', phase: 'load', message: `Loading failed: ${message(error)}`, reload: true, failure });
  } finally {
    failCurrentLoad = null;
  }
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
  let lastTokenAt = 0;
  // The end-of-turn token (and any other special token) ends the answer; it is not part of it, so it is not counted.
  const special = new Set(tokenizer.all_special_ids.map(BigInt));
  const streamer = new TextStreamer(tokenizer, {
    skip_prompt: true,
    skip_special_tokens: true,
    callback_function: (chunk: string) => post({ type: 'token', text: chunk, tokens, sinceFirstMs: lastTokenAt - firstTokenAt }),
    token_callback_function: (ids: bigint[]) => {
      if (!firstTokenAt) firstTokenAt = performance.now();
      if (ids.every((id) => special.has(BigInt(id)))) return;
      tokens += 1;
      lastTokenAt = performance.now();
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
  post({
    type: 'done',
    stats: {
      tokens,
      timeToFirstTokenMs: firstTokenAt ? firstTokenAt - started : 0,
      tokensPerSecond: decodeTokensPerSecond(tokens, lastTokenAt - firstTokenAt),
      interrupted: stopping.interrupted,
    },
  });
}

self.onmessage = async ({ data: request }: MessageEvent<WorkerRequest>) => {
  switch (request.type) {
    case 'load':
      await loadOrFail(request);
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
      await loaded?.model.dispose().catch(() => undefined);
      loaded = null;
      post({ type: 'unloaded' });
      break;
  }
};
