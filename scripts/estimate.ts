// The memory calculator on the command line: `npm run -s estimate -- --model llama-3.1-8b --gpu rtx-4090 --json`.
// Same engine as the page. Bad input: one line naming the flag and what it allows, exit code 2.
import { answerMemoryRequest } from '../src/lib/memory/answer';
import { FIELDS, parseMemoryRequest, type Field, type RawRequest } from '../src/lib/memory/request';
import { WEIGHT_PRECISIONS } from '../src/lib/memory/precisions';
import { formatBytesBoth } from '../src/lib/format/bytes';
import { formatInteger } from '../src/lib/format/numbers';
import { loadGpus, loadModels } from './lib/catalog';

function fail(message: string): never {
  process.stderr.write(`estimate: ${message}\n`);
  process.exit(2);
}

function parseFlags(argv: readonly string[]): { raw: RawRequest; json: boolean } {
  const raw: RawRequest = {};
  let json = false;
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index]!;
    if (argument === '--json') {
      json = true;
      continue;
    }
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(argument);
    if (!match || !(FIELDS as readonly string[]).includes(match[1]!)) {
      fail(`unknown argument "${argument}"; flags are --json and ${FIELDS.map((field) => `--${field}`).join(', ')}`);
    }
    const field = match[1] as Field;
    const value = match[2] ?? argv[index + 1];
    if (match[2] === undefined) index += 1;
    if (value === undefined || value.startsWith('--')) fail(`--${field} needs a value`);
    raw[field] = value;
  }
  return { raw, json };
}

const { raw, json } = parseFlags(process.argv.slice(2));
const models = loadModels().map(({ model }) => model);
const gpus = loadGpus().map(({ gpu }) => gpu);
if (!raw.model && !raw.params && !raw.layers) raw.model = 'llama-3.1-8b';

const parsed = parseMemoryRequest(raw, { models, gpus });
if (!parsed.ok) fail(`--${parsed.errors[0]!.message}`);

const { request } = parsed;
const { breakdown, onGpu } = answerMemoryRequest(request, gpus);
const result = {
  model: request.modelId ?? 'custom',
  precision: breakdown.weightPrecision,
  mode: request.input.mode,
  contextTokens: request.input.contextTokens,
  batch: request.input.batch,
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
    gpus: request.gpuCount,
    bytesPerGpu: onGpu.placement.bytesPerGpu,
    usableBytesPerGpu: onGpu.placement.usableBytesPerGpu,
    gpusNeeded: onGpu.placement.gpusNeeded,
    fits: onGpu.placement.fits,
    maxContextTokens: onGpu.maxContextTokens,
    decodeTokensPerSecondUpperBound: onGpu.speed ? Number(onGpu.speed.decodeTokensPerSecondUpperBound.toFixed(2)) : null,
  }),
};

if (json) {
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} else {
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
      ['GPU', `${request.gpuCount} x ${onGpu.gpu.name}: ${formatBytesBoth(placement.bytesPerGpu)} of ${formatBytesBoth(placement.usableBytesPerGpu)} each`],
      ['Fits', placement.fits ? 'yes' : `no; needs ${placement.gpusNeeded ?? 'more than 1024'} of these GPUs`],
      ['Longest context', `${formatInteger(onGpu.maxContextTokens)} tokens`],
    );
    if (speed) rows.push(['Decode bound', `${speed.decodeTokensPerSecondUpperBound.toFixed(1)} tokens/s per sequence`]);
  }
  const width = Math.max(...rows.map(([label]) => label.length));
  process.stdout.write(`${rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n')}\n`);
}
