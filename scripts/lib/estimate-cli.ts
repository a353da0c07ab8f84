// The memory calculator's command line as a function of its arguments, so the tests can run it in-process:
// `npm run -s estimate -- --model llama-3.1-8b --gpu rtx-4090 --json`. Same engine, defaults and limits as the
// page. Bad input, conflicting flags or incomplete ones: one line naming the flag, exit code 2.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fetchHubConfig, parseHubRepo, readConfigText } from '../../src/lib/architecture/hub';
import type { Gpu, Model } from '../../src/lib/catalog/schema';
import { formatBytesBoth } from '../../src/lib/format/bytes';
import { formatInteger, formatRate } from '../../src/lib/format/numbers';
import { quote } from '../../src/lib/input/quote';
import { answerMemoryRequest } from '../../src/lib/memory/answer';
import { DECODE_CALIBRATION } from '../../src/lib/runtime/decode-measurements';
import { LIMITS } from '../../src/lib/memory/defaults';
import { MAX_GPUS } from '../../src/lib/memory/placement';
import { RUNTIME_ALIASES, RUNTIME_IDS, RUNTIME_LABELS, defaultRuntime } from '../../src/lib/runtime/runtime';
import { KV_PRECISIONS, WEIGHT_PRECISIONS } from '../../src/lib/memory/precisions';
import { CUSTOM_FIELDS, FIELDS, MEMORY_DEFAULTS, MODES, RUNTIME_FIELDS, parseMemoryRequest, type Field, type RawRequest } from '../../src/lib/memory/request';
import { LORA_TARGETS } from '../../src/lib/memory/training';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

const NAME = 'estimate';
const flag = (field: Field) => `--${field}`;

/** One line per flag: what it takes and its default, from the same defaults the page uses. */
const FLAG_HELP: Record<Field, string> = {
  model: `catalog model id (default ${MEMORY_DEFAULTS.model}); leave out and give a custom architecture instead`,
  params: 'custom architecture: total parameters, e.g. 7e9',
  layers: 'custom architecture: decoder layers',
  hidden: 'custom architecture: hidden size',
  heads: 'custom architecture: attention heads',
  'kv-heads': 'custom architecture: key/value heads (default: heads)',
  'head-dim': 'custom architecture: head dimension (default: hidden / heads)',
  vocab: 'custom architecture: vocabulary size',
  precision: `weight format (default ${MEMORY_DEFAULTS.precision}): ${Object.keys(WEIGHT_PRECISIONS).join(', ')}`,
  'kv-precision': `KV cache format (default ${MEMORY_DEFAULTS['kv-precision']}): ${Object.keys(KV_PRECISIONS).join(', ')}`,
  context: `tokens per sequence (default ${MEMORY_DEFAULTS.context}; at most ${formatInteger(LIMITS.contextTokens)})`,
  batch: `concurrent sequences, or the training batch (default ${MEMORY_DEFAULTS.batch})`,
  mode: `${MODES.join(' | ')} (default ${MEMORY_DEFAULTS.mode})`,
  rank: `LoRA rank, with --mode lora or qlora (default ${MEMORY_DEFAULTS.rank})`,
  targets: `LoRA target layers, comma-separated (default all: ${LORA_TARGETS.join(',')})`,
  checkpointing: `gradient checkpointing when training: true | false (default ${MEMORY_DEFAULTS.checkpointing})`,
  'overhead-gib': `runtime overhead per GPU in GiB (default ${MEMORY_DEFAULTS['overhead-gib']})`,
  swa: `sliding-window layers keep only their window: true | false (default ${MEMORY_DEFAULTS.swa})`,
  gpu: `GPU id (default ${MEMORY_DEFAULTS.gpu}), custom (with --gpu-memory-gib and --gpu-bandwidth-gbs), or none`,
  'gpu-memory-gib': 'with --gpu custom: the GPU\'s memory in GiB',
  'gpu-bandwidth-gbs': 'with --gpu custom: its memory bandwidth in GB/s',
  gpus: `how many of that GPU (default ${MEMORY_DEFAULTS.gpus}; at most ${formatInteger(LIMITS.gpus)}, one server)`,
  runtime: `${RUNTIME_IDS.join(' | ')} (also ${Object.keys(RUNTIME_ALIASES).join(', ')}); default: llama.cpp for GGUF, 16-bit and MXFP4, vLLM for FP8, AWQ, GPTQ and INT4, Transformers for bitsandbytes and for fine-tuning`,
  split: 'layer | tensor: how several GPUs share the model (default layer for llama.cpp and Transformers, tensor for vLLM)',
  ubatch: `llama.cpp micro-batch in tokens (default ${MEMORY_DEFAULTS.ubatch})`,
  'gpu-memory-utilization': `vLLM's share of each GPU (default ${MEMORY_DEFAULTS['gpu-memory-utilization']})`,
  'max-num-batched-tokens': 'vLLM: prompt tokens one step may process, which sizes its activation profile (default: vLLM\'s, by GPU)',
  'gpu-layers': 'llama.cpp layers on the GPUs, -ngl (default all, and the output layer)',
  'cpu-moe': 'llama.cpp: keep every layer\'s routed experts in system RAM (a flag, no value)',
  'n-cpu-moe': 'llama.cpp: keep the routed experts of the first N layers in system RAM (default 0)',
  'ram-bandwidth-gbs': `system RAM bandwidth for offloaded layers and experts (default ${MEMORY_DEFAULTS['ram-bandwidth-gbs']}, dual-channel DDR5-5600)`,
};

export function helpText(gpus: readonly Pick<Gpu, 'id'>[]): string {
  const width = Math.max(...FIELDS.map((field) => flag(field).length), '--config PATH'.length) + 2;
  return [
    'Usage: npm run -s estimate -- [flags]',
    '',
    'How much memory a model needs to run or fine-tune, and whether it fits on a GPU. Same engine as the',
    'memory calculator page; with no flags it answers for the page\'s starting setup.',
    '',
    'Flags:',
    ...FIELDS.map((field) => `  ${flag(field).padEnd(width)}${FLAG_HELP[field]}`),
    `  ${'--config PATH'.padEnd(width)}size the model a Hugging Face config.json describes, instead of --model`,
    `  ${'--hf ORG/NAME'.padEnd(width)}fetch that repository's config.json from huggingface.co (needs the network)`,
    `  ${'--json'.padEnd(width)}print one JSON object instead of a table`,
    `  ${'--help'.padEnd(width)}print this text`,
    '',
    `GPU ids: ${gpus.map((gpu) => gpu.id).join(', ')}`,
    '',
    'Examples:',
    '  npm run -s estimate -- --model llama-3.1-8b --precision q4_k_m --context 8192 --gpu rtx-4090',
    '  npm run -s estimate -- --model mixtral-8x7b-v0.1 --gpu h100-sxm --gpus 2 --json',
    '  npm run -s estimate -- --model llama-3.1-8b --mode qlora --rank 16 --context 2048',
    '  npm run -s estimate -- --model gpt-oss-120b --precision mxfp4 --gpu rtx-5090 --cpu-moe',
    '  npm run -s estimate -- --model llama-3.1-70b --precision fp8 --runtime vllm --gpu h100-sxm --gpus 2 --json',
    '  npm run -s estimate -- --config ./config.json --precision q4_k_m --gpu rtx-4090',
    '  npm run -s estimate -- --params 7e9 --layers 32 --hidden 4096 --heads 32 --kv-heads 8 --vocab 32000 --json',
    '',
    'Bad input prints one line naming the flag and exits with code 2.',
    '',
  ].join('\n');
}

class UsageError extends Error {}

interface Flags {
  raw: RawRequest;
  json: boolean;
  help: boolean;
  config?: string;
  hf?: string;
}

function readFlags(argv: readonly string[]): Flags {
  const options = Object.fromEntries(FIELDS.map((field) => [field, { type: field === 'cpu-moe' ? ('boolean' as const) : ('string' as const) }]));
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { ...options, config: { type: 'string' }, hf: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
      tokens: true,
    });
  } catch (error) {
    // node:util names the offending argument in single quotes. Quote and escape that first (it may hold a newline
    // or an escape sequence), then keep the first line, so what the reader typed is never cut or passed through.
    const message = (error as Error).message.replace(/'([^']*)'/g, (_, text: string) => quote(text)).split('\n')[0]!;
    throw new UsageError(`${message}; see --help`);
  }
  const seen = new Map<string, number>();
  for (const token of parsed.tokens ?? []) {
    if (token.kind === 'option') seen.set(token.name, (seen.get(token.name) ?? 0) + 1);
  }
  const repeated = [...seen].find(([, count]) => count > 1);
  if (repeated) throw new UsageError(`--${repeated[0]} is given ${repeated[1]} times; give it once`);
  const { json = false, help = false, config, hf, 'cpu-moe': cpuMoe, ...values } = parsed.values as Record<string, string | boolean | undefined>;
  const raw = values as RawRequest;
  if (cpuMoe) raw['cpu-moe'] = 'true';
  return { raw, json: json as boolean, help: help as boolean, config: config as string | undefined, hf: hf as string | undefined };
}

/** Flag combinations the engine would otherwise answer silently for something the reader did not ask. */
function checkCombinations(flags: Flags): void {
  const { raw } = flags;
  const given = (field: Field) => raw[field] !== undefined;
  const custom = CUSTOM_FIELDS.filter(given);
  if (flags.config !== undefined && flags.hf !== undefined) throw new UsageError('--config and --hf both name a model; give one');
  const source = flags.config !== undefined ? '--config' : flags.hf !== undefined ? '--hf' : undefined;
  if (source && (given('model') || custom.length > 0)) {
    throw new UsageError(`${source} cannot be combined with ${[...(given('model') ? ['model'] : []), ...custom].map((field) => flag(field as Field)).join(', ')}: the config describes the model`);
  }
  if (given('model') && custom.length > 0) {
    throw new UsageError(`--model cannot be combined with ${custom.map(flag).join(', ')}: give a catalog model or a custom architecture, not both`);
  }
  if (!given('model') && custom.length > 0) {
    const missing = (['params', 'layers', 'hidden', 'heads', 'vocab'] as const).filter((field) => !given(field));
    if (missing.length > 0) {
      throw new UsageError(`a custom architecture also needs ${missing.map(flag).join(', ')} (it has ${custom.map(flag).join(', ')})`);
    }
  }
  const mode = raw.mode ?? MEMORY_DEFAULTS.mode ?? 'inference';
  if (given('precision') && mode === 'qlora' && raw.precision !== 'nf4') {
    throw new UsageError(`--precision ${quote(raw.precision!)} does not apply with --mode qlora, which keeps the base model in nf4; leave --precision out`);
  }
  if (given('precision') && mode === 'full' && raw.precision !== 'bf16') {
    throw new UsageError(`--precision ${quote(raw.precision!)} does not apply with --mode full, which trains bf16 weights with fp32 master copies; leave --precision out`);
  }
  const adapters = mode === 'lora' || mode === 'qlora';
  for (const field of ['rank', 'targets'] as const) {
    if (given(field) && !adapters) throw new UsageError(`--${field} applies only with --mode lora or qlora (the mode is ${quote(mode)})`);
  }
  if (given('checkpointing') && mode === 'inference') throw new UsageError('--checkpointing applies only when training (--mode full, lora or qlora)');
  if (given('kv-precision') && mode !== 'inference') throw new UsageError(`--kv-precision applies only to inference: training keeps no KV cache (the mode is ${quote(mode)})`);
  if (given('gpus') && (raw.gpu === 'none' || raw.gpu === '')) throw new UsageError('--gpus needs a GPU: give --gpu ID too');
  for (const field of ['gpu-memory-gib', 'gpu-bandwidth-gbs'] as const) {
    if (given(field) && raw.gpu !== 'custom') throw new UsageError(`--${field} describes your own GPU: give --gpu custom too`);
  }
  // Runtime settings that the chosen (or usual) runtime would ignore.
  const typed = raw.runtime?.toLowerCase();
  const named = typed === undefined || typed === '' || typed === 'auto' ? undefined : (RUNTIME_ALIASES[typed] ?? typed);
  const precision = raw.precision ?? MEMORY_DEFAULTS.precision ?? 'bf16';
  const runtime = named ?? (mode === 'inference' && precision in WEIGHT_PRECISIONS ? defaultRuntime('inference', precision as keyof typeof WEIGHT_PRECISIONS) : 'transformers');
  for (const field of ['ubatch', 'gpu-layers', 'cpu-moe', 'n-cpu-moe'] as const) {
    if (given(field) && runtime !== 'llama.cpp') throw new UsageError(`--${field} applies only to llama.cpp (the runtime is ${quote(runtime)})`);
  }
  for (const field of ['gpu-memory-utilization', 'max-num-batched-tokens'] as const) {
    if (given(field) && runtime !== 'vllm') throw new UsageError(`--${field} applies only to vLLM (the runtime is ${quote(runtime)})`);
  }
  if (mode !== 'inference') {
    for (const field of RUNTIME_FIELDS) {
      if (given(field) && field !== 'runtime') throw new UsageError(`--${field} applies only to inference (the mode is ${quote(mode)})`);
    }
  }
}

/** Reads the model a --config file or --hf repository describes; a one-line message when it cannot. */
async function modelFromConfig(flags: Flags, io: CliIo): Promise<Pick<Model, 'id' | 'architecture'>> {
  let text: string;
  let where: string;
  if (flags.config !== undefined) {
    where = flags.config;
    try {
      text = io.readFile(flags.config);
    } catch (error) {
      throw new UsageError(`--config ${quote(flags.config)} could not be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
  } else {
    const repo = parseHubRepo(flags.hf!);
    if (!repo) throw new UsageError(`--hf must be a repository id such as Qwen/Qwen3-8B, or its Hub URL; got ${quote(flags.hf!)}`);
    where = repo;
    const fetched = await fetchHubConfig(repo, io.fetch);
    if (!fetched.ok) throw new UsageError(`--hf ${quote(repo)}: ${fetched.message}`);
    text = fetched.text;
  }
  const read = readConfigText(text);
  if (!read.ok) throw new UsageError(read.message.startsWith('is not valid JSON') ? `${where} ${read.message}` : read.message);
  return { id: flags.hf ? parseHubRepo(flags.hf)! : 'config', architecture: read.architecture };
}

export interface CliIo {
  readFile: (path: string) => string;
  fetch: typeof fetch;
}

const NODE_IO: CliIo = { readFile: (path) => readFileSync(path, 'utf8'), fetch: (...args) => fetch(...args) };

export async function runEstimate(argv: readonly string[], catalog: { models: readonly Model[]; gpus: readonly Gpu[] }, io: CliIo = NODE_IO): Promise<CliResult> {
  const fail = (message: string): CliResult => ({ code: 2, stdout: '', stderr: `${NAME}: ${message}\n` });
  let flags: Flags;
  let models: ReadonlyArray<Pick<Model, 'id' | 'architecture'>> = catalog.models;
  try {
    flags = readFlags(argv);
    if (flags.help) return { code: 0, stdout: helpText(catalog.gpus), stderr: '' };
    checkCombinations(flags);
    if (flags.config !== undefined || flags.hf !== undefined) {
      const model = await modelFromConfig(flags, io);
      models = [model];
      flags.raw.model = model.id;
    }
  } catch (error) {
    if (error instanceof UsageError) return fail(error.message);
    throw error;
  }
  const { raw, json } = flags;
  // No model and no custom architecture: the page's starting model. A custom architecture leaves the model out.
  const request = CUSTOM_FIELDS.some((field) => raw[field] !== undefined) ? { ...raw, model: '' } : raw;
  const parsed = parseMemoryRequest(request, { models, gpus: catalog.gpus }, flag);
  if (!parsed.ok) return fail(parsed.errors[0]!.message);

  const { request: checked } = parsed;
  const { breakdown, onGpu } = answerMemoryRequest(checked, catalog.gpus, DECODE_CALIBRATION);
  const fits = onGpu?.placement.fits ?? false;
  const range = onGpu?.decode?.low != null && onGpu.decode.high != null ? { low: onGpu.decode.low, high: onGpu.decode.high } : null;
  const result = {
    model: checked.modelId ?? 'custom',
    precision: breakdown.weightPrecision,
    mode: checked.input.mode,
    runtime: breakdown.runtime,
    contextTokens: checked.input.contextTokens,
    batch: checked.input.batch,
    parameters: breakdown.parameters,
    activeParameters: breakdown.activeParameters,
    trainableParameters: breakdown.trainableParameters,
    weightsBytes: breakdown.weightsBytes,
    kvCacheBytes: breakdown.kvCacheBytes,
    kvBytesPerToken: breakdown.kvBytesPerToken,
    stateBytes: breakdown.stateBytes,
    activationsBytes: breakdown.activationsBytes,
    overheadBytes: breakdown.overheadBytes,
    gradientsBytes: breakdown.gradientsBytes,
    optimizerBytes: breakdown.optimizerBytes,
    totalBytes: breakdown.totalBytes,
    ...(onGpu && {
      gpu: onGpu.gpu.id,
      gpus: checked.gpuCount,
      split: onGpu.placement.split,
      bytesPerGpu: onGpu.placement.bytesPerGpu,
      kvCacheBytesPerGpu: onGpu.placement.kvCacheBytesPerGpu,
      offloadedBytes: onGpu.placement.offloadedBytes,
      usableBytesPerGpu: onGpu.placement.usableBytesPerGpu,
      gpusNeeded: onGpu.gpusNeeded,
      fits,
      verdict: onGpu.placement.verdict,
      maxConcurrentSequences: onGpu.placement.maxConcurrentSequences,
      maxContextTokens: onGpu.maxContextTokens,
      // No speed for a setup that does not fit: it would not run at all.
      decodeTokensPerSecondUpperBound: onGpu.speed ? Number(onGpu.speed.decodeTokensPerSecondUpperBound.toFixed(2)) : null,
      decodeTokensPerSecond: range ? { low: Number(range.low.toFixed(2)), high: Number(range.high.toFixed(2)) } : null,
    }),
  };
  if (json) return { code: 0, stdout: `${JSON.stringify(result, null, 2)}\n`, stderr: '' };

  const rows: Array<[string, string]> = [
    ['Model', `${result.model} (${formatInteger(result.parameters)} parameters)`],
    ['Runtime', RUNTIME_LABELS[breakdown.runtime]],
    ['Weights', `${formatBytesBoth(result.weightsBytes)} at ${WEIGHT_PRECISIONS[breakdown.weightPrecision].label}`],
    ['KV cache', `${formatBytesBoth(result.kvCacheBytes)} (${formatInteger(result.contextTokens)} tokens x ${result.batch})`],
  ];
  if (result.stateBytes > 0) rows.push(['Recurrent state', formatBytesBoth(result.stateBytes)]);
  rows.push(
    ['Buffers', formatBytesBoth(result.activationsBytes)],
    ['Overhead', formatBytesBoth(result.overheadBytes)],
    ['Gradients', formatBytesBoth(result.gradientsBytes)],
    ['Optimizer', formatBytesBoth(result.optimizerBytes)],
    ['Total', formatBytesBoth(result.totalBytes)],
  );
  if (onGpu) {
    const { placement } = onGpu;
    const verdicts = { fits: 'yes', tight: 'yes, but tight: under 8% of the memory is left', 'does-not-fit': 'no' };
    rows.push(['GPU', `${checked.gpuCount} x ${onGpu.gpu.name} (${placement.split} split): ${formatBytesBoth(placement.bytesPerGpu)} of ${formatBytesBoth(placement.usableBytesPerGpu)} on the fullest`]);
    if (placement.offloadedBytes > 0) rows.push(['In system RAM', `${formatBytesBoth(placement.offloadedBytes)} of weights`]);
    rows.push(['Fits', fits ? verdicts[placement.verdict] : `no; needs ${onGpu.gpusNeeded === null ? `more than ${formatInteger(MAX_GPUS)}` : onGpu.gpusNeeded} of these GPUs${(onGpu.gpusNeeded ?? Infinity) > LIMITS.gpus ? ` (more than one ${LIMITS.gpus}-GPU server)` : ''}`]);
    if (placement.maxConcurrentSequences !== null) rows.push(['Sequences at once', `${formatInteger(placement.maxConcurrentSequences)} of ${formatInteger(result.contextTokens)} tokens`]);
    rows.push(['Longest context', onGpu.maxContextTokens > 0 ? `${formatInteger(onGpu.maxContextTokens)} tokens` : 'none: the weights alone do not fit']);
    if (onGpu.speed) rows.push(['Decode bound', `${formatRate(onGpu.speed.decodeTokensPerSecondUpperBound)} tokens/s per sequence`]);
    if (onGpu.decode) rows.push(['Decode, expected', range ? `${formatRate(range.low)}-${formatRate(range.high)} tokens/s (${onGpu.decode.basis})` : `a bound only: ${onGpu.decode.basis}`]);
  }
  const width = Math.max(...rows.map(([label]) => label.length));
  return { code: 0, stdout: `${rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n')}\n`, stderr: '' };
}
