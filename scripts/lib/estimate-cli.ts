// The memory calculator's command line as a function of its arguments, so the tests can run it in-process:
// `npm run -s estimate -- --model llama-3.1-8b --gpu rtx-4090 --json`. Same engine, defaults and limits as the
// page. Bad input, conflicting flags or incomplete ones: one line naming the flag, exit code 2.
import { parseArgs } from 'node:util';
import type { Gpu, Model } from '../../src/lib/catalog/schema';
import { formatBytesBoth } from '../../src/lib/format/bytes';
import { formatInteger } from '../../src/lib/format/numbers';
import { quote } from '../../src/lib/input/quote';
import { answerMemoryRequest } from '../../src/lib/memory/answer';
import { LIMITS } from '../../src/lib/memory/defaults';
import { KV_PRECISIONS, WEIGHT_PRECISIONS } from '../../src/lib/memory/precisions';
import { CUSTOM_FIELDS, FIELDS, MEMORY_DEFAULTS, MODES, parseMemoryRequest, type Field, type RawRequest } from '../../src/lib/memory/request';
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
  gpu: `GPU id (default ${MEMORY_DEFAULTS.gpu}), or none`,
  gpus: `how many of that GPU (default ${MEMORY_DEFAULTS.gpus}; at most ${formatInteger(LIMITS.gpus)})`,
};

export function helpText(gpus: readonly Pick<Gpu, 'id'>[]): string {
  const width = Math.max(...FIELDS.map((field) => flag(field).length)) + 2;
  return [
    'Usage: npm run -s estimate -- [flags]',
    '',
    'How much memory a model needs to run or fine-tune, and whether it fits on a GPU. Same engine as the',
    'memory calculator page; with no flags it answers for the page\'s starting setup.',
    '',
    'Flags:',
    ...FIELDS.map((field) => `  ${flag(field).padEnd(width)}${FLAG_HELP[field]}`),
    `  ${'--json'.padEnd(width)}print one JSON object instead of a table`,
    `  ${'--help'.padEnd(width)}print this text`,
    '',
    `GPU ids: ${gpus.map((gpu) => gpu.id).join(', ')}`,
    '',
    'Examples:',
    '  npm run -s estimate -- --model llama-3.1-8b --precision q4_k_m --context 8192 --gpu rtx-4090',
    '  npm run -s estimate -- --model mixtral-8x7b-v0.1 --gpu h100-sxm --gpus 2 --json',
    '  npm run -s estimate -- --model llama-3.1-8b --mode qlora --rank 16 --context 2048',
    '  npm run -s estimate -- --params 7e9 --layers 32 --hidden 4096 --heads 32 --kv-heads 8 --vocab 32000 --json',
    '',
    'Bad input prints one line naming the flag and exits with code 2.',
    '',
  ].join('\n');
}

class UsageError extends Error {}

function readFlags(argv: readonly string[]): { raw: RawRequest; json: boolean; help: boolean } {
  const options = Object.fromEntries(FIELDS.map((field) => [field, { type: 'string' as const }]));
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { ...options, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
      tokens: true,
    });
  } catch (error) {
    // node:util names the offending argument; keep its first line and escape what the reader typed.
    const message = (error as Error).message.split('\n')[0]!.replace(/'([^']*)'/g, (_, text: string) => quote(text));
    throw new UsageError(`${message}; see --help`);
  }
  const seen = new Map<string, number>();
  for (const token of parsed.tokens ?? []) {
    if (token.kind === 'option') seen.set(token.name, (seen.get(token.name) ?? 0) + 1);
  }
  const repeated = [...seen].find(([, count]) => count > 1);
  if (repeated) throw new UsageError(`--${repeated[0]} is given ${repeated[1]} times; give it once`);
  const { json = false, help = false, ...values } = parsed.values as Record<string, string | boolean | undefined>;
  return { raw: values as RawRequest, json: json as boolean, help: help as boolean };
}

/** Flag combinations the engine would otherwise answer silently for something the reader did not ask. */
function checkCombinations(raw: RawRequest): void {
  const given = (field: Field) => raw[field] !== undefined;
  const custom = CUSTOM_FIELDS.filter(given);
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
}

export function runEstimate(argv: readonly string[], catalog: { models: readonly Model[]; gpus: readonly Gpu[] }): CliResult {
  const fail = (message: string): CliResult => ({ code: 2, stdout: '', stderr: `${NAME}: ${message}\n` });
  let flags;
  try {
    flags = readFlags(argv);
    if (flags.help) return { code: 0, stdout: helpText(catalog.gpus), stderr: '' };
    checkCombinations(flags.raw);
  } catch (error) {
    if (error instanceof UsageError) return fail(error.message);
    throw error;
  }
  const { raw, json } = flags;
  // No model and no custom architecture: the page's starting model. A custom architecture leaves the model out.
  const request = CUSTOM_FIELDS.some((field) => raw[field] !== undefined) ? { ...raw, model: '' } : raw;
  const parsed = parseMemoryRequest(request, catalog, flag);
  if (!parsed.ok) return fail(parsed.errors[0]!.message);

  const { request: checked } = parsed;
  const { breakdown, onGpu } = answerMemoryRequest(checked, catalog.gpus);
  const fits = onGpu?.placement.fits ?? false;
  const result = {
    model: checked.modelId ?? 'custom',
    precision: breakdown.weightPrecision,
    mode: checked.input.mode,
    contextTokens: checked.input.contextTokens,
    batch: checked.input.batch,
    parameters: breakdown.parameters,
    activeParameters: breakdown.activeParameters,
    trainableParameters: breakdown.trainableParameters,
    weightsBytes: breakdown.weightsBytes,
    kvCacheBytes: breakdown.kvCacheBytes,
    kvBytesPerToken: breakdown.kvBytesPerToken,
    activationsBytes: breakdown.activationsBytes,
    overheadBytes: breakdown.overheadBytes,
    gradientsBytes: breakdown.gradientsBytes,
    optimizerBytes: breakdown.optimizerBytes,
    totalBytes: breakdown.totalBytes,
    ...(onGpu && {
      gpu: onGpu.gpu.id,
      gpus: checked.gpuCount,
      bytesPerGpu: onGpu.placement.bytesPerGpu,
      usableBytesPerGpu: onGpu.placement.usableBytesPerGpu,
      gpusNeeded: onGpu.placement.gpusNeeded,
      fits,
      maxContextTokens: onGpu.maxContextTokens,
      // No speed for a setup that does not fit: it would not run at all.
      decodeTokensPerSecondUpperBound: onGpu.speed && fits ? Number(onGpu.speed.decodeTokensPerSecondUpperBound.toFixed(2)) : null,
    }),
  };
  if (json) return { code: 0, stdout: `${JSON.stringify(result, null, 2)}\n`, stderr: '' };

  const rows: Array<[string, string]> = [
    ['Model', `${result.model} (${formatInteger(result.parameters)} parameters)`],
    ['Weights', `${formatBytesBoth(result.weightsBytes)} at ${WEIGHT_PRECISIONS[breakdown.weightPrecision].label}`],
    ['KV cache', `${formatBytesBoth(result.kvCacheBytes)} (${formatInteger(result.contextTokens)} tokens x ${result.batch})`],
    ['Activations', formatBytesBoth(result.activationsBytes)],
    ['Overhead', formatBytesBoth(result.overheadBytes)],
    ['Gradients', formatBytesBoth(result.gradientsBytes)],
    ['Optimizer', formatBytesBoth(result.optimizerBytes)],
    ['Total', formatBytesBoth(result.totalBytes)],
  ];
  if (onGpu) {
    const { placement, speed } = onGpu;
    rows.push(
      ['GPU', `${checked.gpuCount} x ${onGpu.gpu.name}: ${formatBytesBoth(placement.bytesPerGpu)} of ${formatBytesBoth(placement.usableBytesPerGpu)} each`],
      ['Fits', fits ? 'yes' : `no; needs ${placement.gpusNeeded ?? `more than ${formatInteger(LIMITS.gpus)}`} of these GPUs`],
      ['Longest context', onGpu.maxContextTokens > 0 ? `${formatInteger(onGpu.maxContextTokens)} tokens` : 'none: the weights alone do not fit'],
    );
    if (speed && fits) rows.push(['Decode bound', `${speed.decodeTokensPerSecondUpperBound.toFixed(1)} tokens/s per sequence`]);
  }
  const width = Math.max(...rows.map(([label]) => label.length));
  return { code: 0, stdout: `${rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n')}\n`, stderr: '' };
}
