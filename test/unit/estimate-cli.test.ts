import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runEstimate } from '../../scripts/lib/estimate-cli';
import { parseMemoryRequest, MEMORY_DEFAULTS } from '../../src/lib/memory/request';
import { answerMemoryRequest } from '../../src/lib/memory/answer';
import { DECODE_CALIBRATION } from '../../src/lib/runtime/decode-measurements';
import { loadGpus, loadModels } from './support/catalog';

const catalog = { models: loadModels().map(({ model }) => model), gpus: loadGpus().map(({ gpu }) => gpu) };
const run = (...argv: string[]) => runEstimate(argv, catalog);
const json = async (...argv: string[]) => {
  const result = await run(...argv, '--json');
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as Record<string, unknown>;
};

describe('estimate CLI', () => {
  it('answers the page\'s starting question when given no flags', async () => {
    const page = parseMemoryRequest(MEMORY_DEFAULTS, catalog);
    if (!page.ok) throw new Error('defaults should parse');
    const answer = answerMemoryRequest(page.request, catalog.gpus, DECODE_CALIBRATION);
    const cli = await json();
    expect(cli).toMatchObject({ model: 'llama-3.1-8b', contextTokens: 8192, gpu: 'rtx-4090', gpus: 1 });
    expect(cli.totalBytes).toBe(answer.breakdown.totalBytes);
    expect(cli.bytesPerGpu).toBe(answer.onGpu!.placement.bytesPerGpu);
  });

  it('keeps its JSON contract', async () => {
    const result = await json('--model', 'llama-3.1-8b', '--precision', 'q4_k_m', '--context', '8192', '--gpu', 'rtx-4090');
    expect(Object.keys(result)).toEqual([
      'model', 'precision', 'mode', 'runtime', 'contextTokens', 'batch', 'parameters', 'activeParameters', 'trainableParameters', 'weightsBytes',
      'kvCacheBytes', 'kvBytesPerToken', 'stateBytes', 'activationsBytes', 'overheadBytes', 'gradientsBytes', 'optimizerBytes', 'totalBytes',
      'gpu', 'gpus', 'split', 'bytesPerGpu', 'kvCacheBytesPerGpu', 'offloadedBytes', 'usableBytesPerGpu', 'gpusNeeded', 'fits', 'verdict',
      'maxConcurrentSequences', 'maxContextTokens', 'decodeTokensPerSecondUpperBound', 'decodeTokensPerSecond',
    ]);
    // Llama 3.1 8B at FP16: 2 x 32 layers x 8 KV heads x 128 dims x 2 bytes = 131,072 bytes per token.
    expect(result.kvBytesPerToken).toBe(131_072);
    expect(result.kvCacheBytes).toBe(131_072 * 8192);
  });

  it('leaves the GPU fields out for --gpu none', async () => {
    const result = await json('--gpu', 'none');
    expect(result.gpu).toBeUndefined();
    expect(result.fits).toBeUndefined();
  });

  it('gives no speed and says so when the setup does not fit', async () => {
    // Llama 3.1 70B in BF16 is about 141 GB of weights: it cannot fit on one 24 GB card.
    const result = await json('--model', 'llama-3.1-70b', '--gpu', 'rtx-4090');
    expect(result.fits).toBe(false);
    expect(result.decodeTokensPerSecondUpperBound).toBeNull();
    expect(result.maxContextTokens).toBe(0);
    const text = (await run('--model', 'llama-3.1-70b', '--gpu', 'rtx-4090')).stdout;
    expect(text).toMatch(/Longest context +none: the weights alone do not fit/);
    expect(text).not.toMatch(/Decode bound/);
  });

  it('prints a table by default', async () => {
    const result = await run('--model', 'llama-3.1-8b', '--gpu', 'rtx-4090');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Model +llama-3\.1-8b \(8,030,261,248 parameters\)$/m);
    expect(result.stdout).toMatch(/^Fits +yes$/m);
    expect(result.stdout).toMatch(/^Decode bound +[\d.]+ tokens\/s per sequence$/m);
  });

  it('explains itself with --help: every flag, its default, and examples', async () => {
    const result = await run('--help');
    expect(result.code).toBe(0);
    for (const flag of ['--model', '--precision', '--context', '--gpu', '--gpus', '--json', '--mode', '--rank']) expect(result.stdout).toContain(flag);
    expect(result.stdout).toContain('(default llama-3.1-8b)');
    expect(result.stdout).toContain('(default 8192;');
    expect(result.stdout).toContain('(default rtx-4090)');
    expect(result.stdout).toMatch(/Examples:\n {2}npm run -s estimate -- /);
  });

  it.each<[string, string[], string]>([
    ['an unknown flag', ['--bogus'], 'estimate: Unknown option "--bogus"; see --help'],
    ['a flag twice', ['--context', '1', '--context', '2'], 'estimate: --context is given 2 times; give it once'],
    ['a flag without its value', ['--context'], 'estimate: Option "--context <value>" argument missing; see --help'],
    ['a stray word', ['llama'], 'estimate: Unexpected argument "llama". This command does not take positional arguments; see --help'],
    ['hexadecimal', ['--context', '0x100'], 'estimate: --context must be a whole number from 1 to 10,000,000; only digits, one decimal point and an exponent such as 7e9 are understood: "0x100"'],
    ['a model and custom shapes', ['--model', 'llama-3.1-8b', '--params', '7e9'], 'estimate: --model cannot be combined with --params: give a catalog model or a custom architecture, not both'],
    ['incomplete custom shapes', ['--hidden', '4096'], 'estimate: a custom architecture also needs --params, --layers, --heads, --vocab (it has --hidden)'],
    ['a precision QLoRA overrides', ['--precision', 'fp16', '--mode', 'qlora'], 'estimate: --precision "fp16" does not apply with --mode qlora, which keeps the base model in nf4; leave --precision out'],
    ['a precision full fine-tuning overrides', ['--precision', 'q4_k_m', '--mode', 'full'], 'estimate: --precision "q4_k_m" does not apply with --mode full, which trains bf16 weights with fp32 master copies; leave --precision out'],
    ['a LoRA rank without LoRA', ['--rank', '8'], 'estimate: --rank applies only with --mode lora or qlora (the mode is "inference")'],
    ['LoRA targets without LoRA', ['--targets', 'q_proj', '--mode', 'full'], 'estimate: --targets applies only with --mode lora or qlora (the mode is "full")'],
    ['checkpointing without training', ['--checkpointing', 'false'], 'estimate: --checkpointing applies only when training (--mode full, lora or qlora)'],
    ['a KV format when training', ['--mode', 'lora', '--kv-precision', 'q8_0'], 'estimate: --kv-precision applies only to inference: training keeps no KV cache (the mode is "lora")'],
    ['a GPU count without a GPU', ['--gpu', 'none', '--gpus', '4'], 'estimate: --gpus needs a GPU: give --gpu ID too'],
    ['a newline in an unknown flag', ['--fo\no'], 'estimate: Unknown option "--fo\\no"; see --help'],
    ['an escape sequence', ['--model', 'x\u001b[2J'], 'estimate: --model "x\\u001b[2J" is not in the catalog; use a catalog id (such as llama-3.1-8b) or give a custom architecture'],
  ])('refuses %s with one line and exit code 2', async (_, argv, line) => {
    const result = await run(...argv);
    expect(result).toEqual({ code: 2, stdout: '', stderr: `${line}\n` });
  });

  it('accepts precision nf4 with QLoRA and bf16 with full fine-tuning, which say what the mode does anyway', async () => {
    expect((await json('--mode', 'qlora', '--precision', 'nf4')).precision).toBe('nf4');
    expect((await json('--mode', 'full', '--precision', 'bf16')).precision).toBe('bf16');
  });

  it('sizes a custom architecture from its flags', async () => {
    const result = await json('--params', '7e9', '--layers', '32', '--hidden', '4096', '--heads', '32', '--kv-heads', '8', '--vocab', '32000');
    expect(result.model).toBe('custom');
    expect(result.parameters).toBe(7e9);
    // 2 x 32 layers x 8 KV heads x 128 dims x 2 bytes.
    expect(result.kvBytesPerToken).toBe(131_072);
  });

  it.each<[string, string[], string]>([
    ['llama.cpp settings on vLLM', ['--runtime', 'vllm', '--cpu-moe'], 'estimate: --cpu-moe applies only to llama.cpp (the runtime is "vllm")'],
    ['a micro-batch on the usual FP8 runtime', ['--precision', 'fp8', '--ubatch', '256'], 'estimate: --ubatch applies only to llama.cpp (the runtime is "vllm")'],
    ['vLLM\'s share on llama.cpp', ['--precision', 'q4_k_m', '--gpu-memory-utilization', '0.8'], 'estimate: --gpu-memory-utilization applies only to vLLM (the runtime is "llama.cpp")'],
    ['runtime settings when training', ['--mode', 'lora', '--split', 'tensor'], 'estimate: --split applies only to inference (the mode is "lora")'],
    ['a runtime that cannot train', ['--mode', 'lora', '--runtime', 'vllm'], 'estimate: --runtime must be transformers for fine-tuning: vLLM (also SGLang) does not train; got "vllm"'],
    ['an unknown runtime', ['--runtime', 'tgi'], 'estimate: --runtime must be one of llama.cpp, vllm, transformers (or ollama, lm-studio, lmstudio, llamacpp, llama-cpp, sglang, hf); got "tgi"'],
    ['a format the runtime cannot load', ['--runtime', 'vllm', '--precision', 'q4_k_m'], 'estimate: --precision "q4_k_m" does not load in vLLM (also SGLang); it loads fp16, bf16, fp8, int8, int4, nf4, gptq-4bit, awq-4bit, mxfp4'],
    ['a layer split on vLLM', ['--runtime', 'vllm', '--split', 'layer'], 'estimate: --split must be tensor for vLLM, which splits every layer over the GPUs (tensor parallelism)'],
    ['more GPUs than a server', ['--gpus', '9'], 'estimate: --gpus must be a whole number from 1 to 8; got "9"'],
    ['a config and a model', ['--config', 'x.json', '--model', 'llama-3.1-8b'], 'estimate: --config cannot be combined with --model: the config describes the model'],
    ['a config and a Hub id', ['--config', 'x.json', '--hf', 'a/b'], 'estimate: --config and --hf both name a model; give one'],
  ])('refuses %s with one line and exit code 2', async (_, argv, line) => {
    expect(await run(...argv)).toEqual({ code: 2, stdout: '', stderr: `${line}\n` });
  });

  it('takes the runtime\'s other names and its settings', async () => {
    expect((await json('--runtime', 'ollama', '--precision', 'q4_k_m')).runtime).toBe('llama.cpp');
    expect((await json('--runtime', 'sglang')).runtime).toBe('vllm');
    const vllm = await json('--runtime', 'vllm', '--gpu', 'rtx-4090');
    // Five 8,192-token caches fit in what 0.92 of the 23.64 GiB CUDA reports leaves (see memory.test.ts, "vLLM serving").
    expect(vllm).toMatchObject({ split: 'tensor', maxConcurrentSequences: 5, verdict: 'fits' });
    const offloaded = await json('--model', 'gpt-oss-20b', '--precision', 'mxfp4', '--cpu-moe', '--gpu', 'rtx-4090');
    expect(offloaded.offloadedBytes).toBeGreaterThan(10e9);
    expect((await json('--precision', 'q4_k_m', '--gpu-layers', '10')).offloadedBytes).toBeGreaterThan((await json('--precision', 'q4_k_m')).offloadedBytes as number);
  });

  it('gives a decode range beside the bound when the setup fits', async () => {
    const result = await json('--precision', 'q4_k_m');
    const range = result.decodeTokensPerSecond as { low: number; high: number };
    expect(range.low).toBeGreaterThan(0);
    expect(range.low).toBeLessThan(range.high);
    expect(range.high).toBeLessThanOrEqual(result.decodeTokensPerSecondUpperBound as number);
  });

  it('sizes a model from a config.json file, and names what is wrong with a bad one', async () => {
    const files: Record<string, string> = {
      'good.json': JSON.stringify({ model_type: 'llama', hidden_size: 64, intermediate_size: 128, num_hidden_layers: 2, num_attention_heads: 4, vocab_size: 100, max_position_embeddings: 512 }),
      'bad.json': JSON.stringify({ model_type: 'rwkv7' }),
      'broken.json': '{ nope',
    };
    const io = {
      readFile: (path: string) => {
        if (!(path in files)) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
        return files[path]!;
      },
      fetch: (() => Promise.reject(new Error('offline'))) as typeof fetch,
    };
    const good = await runEstimate(['--config', 'good.json', '--json', '--gpu', 'none'], catalog, io);
    // 2 layers x (4 x 64 x 64 + 3 x 64 x 128 + 2 x 64) = 82,176; untied embedding and head 2 x 100 x 64; final norm 64: 95,040.
    expect(JSON.parse(good.stdout)).toMatchObject({ model: 'config', parameters: 95_040, stateBytes: 0 });
    expect((await runEstimate(['--config', 'bad.json'], catalog, io)).stderr).toMatch(/^estimate: config\.json: model_type "rwkv7" is not supported; supported types are .*llama.*\n$/);
    expect((await runEstimate(['--config', 'broken.json'], catalog, io)).stderr).toBe('estimate: broken.json is not valid JSON; a config.json holds one JSON object\n');
    expect((await runEstimate(['--config', 'gone.json'], catalog, io)).stderr).toBe('estimate: --config "gone.json" could not be read (ENOENT)\n');
  });

  it('fetches a config from the Hub, and says plainly when it cannot', async () => {
    const config = JSON.stringify({ model_type: 'llama', hidden_size: 64, intermediate_size: 128, num_hidden_layers: 2, num_attention_heads: 4, vocab_size: 100, max_position_embeddings: 512 });
    const answer = (status: number, body = '') => ({ readFile: () => '', fetch: (async () => new Response(body, { status })) as typeof fetch });
    const ok = await runEstimate(['--hf', 'https://huggingface.co/org/tiny/tree/main', '--json', '--gpu', 'none'], catalog, answer(200, config));
    expect(JSON.parse(ok.stdout)).toMatchObject({ model: 'org/tiny', parameters: 95_040 });
    expect((await runEstimate(['--hf', 'org/gated'], catalog, answer(401))).stderr).toMatch(/^estimate: --hf "org\/gated": the repository is gated/);
    expect((await runEstimate(['--hf', 'org/none'], catalog, answer(404))).stderr).toMatch(/^estimate: --hf "org\/none": no such repository/);
    expect((await runEstimate(['--hf', 'org/busy'], catalog, answer(429))).stderr).toMatch(/limiting requests/);
    expect((await runEstimate(['--hf', 'not a repo'], catalog, answer(200))).stderr).toBe('estimate: --hf must be a repository id such as Qwen/Qwen3-8B, or its Hub URL; got "not a repo"\n');
    const offline = { readFile: () => '', fetch: (() => Promise.reject(new TypeError('fetch failed'))) as typeof fetch };
    expect((await runEstimate(['--hf', 'org/x'], catalog, offline)).stderr).toMatch(/could not be reached/);
  });

  it('runs as npm run estimate, with the exit code and streams of the function', async () => {
    const child = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/estimate.ts', '--context', '0'], { encoding: 'utf8' });
    expect(child.status).toBe(2);
    expect(child.stdout).toBe('');
    expect(child.stderr).toBe('estimate: --context must be a whole number from 1 to 10,000,000; got "0"\n');
  });
});
