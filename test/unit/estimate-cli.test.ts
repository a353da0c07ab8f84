import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runEstimate } from '../../scripts/lib/estimate-cli';
import { parseMemoryRequest, MEMORY_DEFAULTS } from '../../src/lib/memory/request';
import { answerMemoryRequest } from '../../src/lib/memory/answer';
import { loadGpus, loadModels } from './support/catalog';

const catalog = { models: loadModels().map(({ model }) => model), gpus: loadGpus().map(({ gpu }) => gpu) };
const run = (...argv: string[]) => runEstimate(argv, catalog);
const json = (...argv: string[]) => {
  const result = run(...argv, '--json');
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as Record<string, unknown>;
};

describe('estimate CLI', () => {
  it('answers the page\'s starting question when given no flags', () => {
    const page = parseMemoryRequest(MEMORY_DEFAULTS, catalog);
    if (!page.ok) throw new Error('defaults should parse');
    const answer = answerMemoryRequest(page.request, catalog.gpus);
    const cli = json();
    expect(cli).toMatchObject({ model: 'llama-3.1-8b', contextTokens: 8192, gpu: 'rtx-4090', gpus: 1 });
    expect(cli.totalBytes).toBe(answer.breakdown.totalBytes);
    expect(cli.bytesPerGpu).toBe(answer.onGpu!.placement.bytesPerGpu);
  });

  it('keeps its JSON contract', () => {
    const result = json('--model', 'llama-3.1-8b', '--precision', 'q4_k_m', '--context', '8192', '--gpu', 'rtx-4090');
    expect(Object.keys(result)).toEqual([
      'model', 'precision', 'mode', 'contextTokens', 'batch', 'parameters', 'activeParameters', 'trainableParameters', 'weightsBytes',
      'kvCacheBytes', 'kvBytesPerToken', 'activationsBytes', 'overheadBytes', 'gradientsBytes', 'optimizerBytes', 'totalBytes',
      'gpu', 'gpus', 'bytesPerGpu', 'usableBytesPerGpu', 'gpusNeeded', 'fits', 'maxContextTokens', 'decodeTokensPerSecondUpperBound',
    ]);
    // Llama 3.1 8B at FP16: 2 x 32 layers x 8 KV heads x 128 dims x 2 bytes = 131,072 bytes per token.
    expect(result.kvBytesPerToken).toBe(131_072);
    expect(result.kvCacheBytes).toBe(131_072 * 8192);
  });

  it('leaves the GPU fields out for --gpu none', () => {
    const result = json('--gpu', 'none');
    expect(result.gpu).toBeUndefined();
    expect(result.fits).toBeUndefined();
  });

  it('gives no speed and says so when the setup does not fit', () => {
    // Llama 3.1 70B in BF16 is about 141 GB of weights: it cannot fit on one 24 GB card.
    const result = json('--model', 'llama-3.1-70b', '--gpu', 'rtx-4090');
    expect(result.fits).toBe(false);
    expect(result.decodeTokensPerSecondUpperBound).toBeNull();
    expect(result.maxContextTokens).toBe(0);
    const text = run('--model', 'llama-3.1-70b', '--gpu', 'rtx-4090').stdout;
    expect(text).toMatch(/Longest context +none: the weights alone do not fit/);
    expect(text).not.toMatch(/Decode bound/);
  });

  it('prints a table by default', () => {
    const result = run('--model', 'llama-3.1-8b', '--gpu', 'rtx-4090');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Model +llama-3\.1-8b \(8,030,261,248 parameters\)$/m);
    expect(result.stdout).toMatch(/^Fits +yes$/m);
    expect(result.stdout).toMatch(/^Decode bound +[\d.]+ tokens\/s per sequence$/m);
  });

  it('explains itself with --help: every flag, its default, and examples', () => {
    const result = run('--help');
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
    ['an escape sequence', ['--model', 'x\u001b[2J'], 'estimate: --model "x\\u001b[2J" is not in the catalog; use a catalog id (such as llama-3.1-8b) or give a custom architecture'],
  ])('refuses %s with one line and exit code 2', (_, argv, line) => {
    const result = run(...argv);
    expect(result).toEqual({ code: 2, stdout: '', stderr: `${line}\n` });
  });

  it('accepts precision nf4 with QLoRA and bf16 with full fine-tuning, which say what the mode does anyway', () => {
    expect(json('--mode', 'qlora', '--precision', 'nf4').precision).toBe('nf4');
    expect(json('--mode', 'full', '--precision', 'bf16').precision).toBe('bf16');
  });

  it('sizes a custom architecture from its flags', () => {
    const result = json('--params', '7e9', '--layers', '32', '--hidden', '4096', '--heads', '32', '--kv-heads', '8', '--vocab', '32000');
    expect(result.model).toBe('custom');
    expect(result.parameters).toBe(7e9);
    // 2 x 32 layers x 8 KV heads x 128 dims x 2 bytes.
    expect(result.kvBytesPerToken).toBe(131_072);
  });

  it('runs as npm run estimate, with the exit code and streams of the function', () => {
    const child = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/estimate.ts', '--context', '0'], { encoding: 'utf8' });
    expect(child.status).toBe(2);
    expect(child.stdout).toBe('');
    expect(child.stderr).toBe('estimate: --context must be a whole number from 1 to 10,000,000; got "0"\n');
  });
});
