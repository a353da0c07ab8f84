// The baseline for the demo's speed: Transformers.js with nothing around it, loading the base fixture model and
// generating greedily, timed the way the demo's worker times itself (tokens after the first over the time after
// the first). Bundled and served by scripts/bench/demo-speed.ts.
import { AutoModelForCausalLM, AutoTokenizer, TextStreamer, env } from '@huggingface/transformers';

declare global {
  interface Window {
    benchResult?: { tokensPerSecond: number } | { error: string };
  }
}

const params = new URLSearchParams(location.search);
const tokensToGenerate = Number(params.get('tokens') ?? 256);
env.allowRemoteModels = false;
env.allowLocalModels = true;
env.localModelPath = '/models/';
(env.backends.onnx as { wasm: { wasmPaths: unknown } }).wasm.wasmPaths = {
  mjs: `${location.origin}/ort/ort-wasm-simd-threaded.asyncify.mjs`,
  wasm: `${location.origin}/ort/ort-wasm-simd-threaded.asyncify.wasm`,
};

try {
  const id = 'fixtures/tiny-llama-base';
  const tokenizer = await AutoTokenizer.from_pretrained(id);
  // The base fixture keeps its weights in an external data file, as the real export does; the demo's worker says so too.
  const model = await AutoModelForCausalLM.from_pretrained(id, { dtype: 'q4', device: 'wasm', use_external_data_format: 1 });
  let first = 0;
  let tokens = 0;
  const streamer = new TextStreamer(tokenizer, {
    skip_prompt: true,
    token_callback_function: () => {
      tokens += 1;
      if (!first) first = performance.now();
    },
  });
  await model.generate({ ...tokenizer('What is the capital of France?'), max_new_tokens: tokensToGenerate, do_sample: false, streamer });
  window.benchResult = { tokensPerSecond: (tokens - 1) / ((performance.now() - first) / 1000) };
} catch (error) {
  window.benchResult = { error: String(error) };
}
