// The serving cost on the command line, as a function of its arguments so tests can run it in-process:
// `npm run -s cost -- --model llama-3.1-8b --gpu h100-sxm --requests-per-second 5 --json`. One replica's capacity
// and the replicas a load needs, self-hosted cost against per-token APIs, and the break-even volume. Bad input or a
// missing or conflicting flag: one line naming the flag, exit code 2.
import { parseArgs } from 'node:util';
import type { Gpu, Model } from '../../src/lib/catalog/schema';
import { MAX_PEAK_TO_AVERAGE, type Ownership } from '../../src/lib/cost/cost';
import { COST_DEFAULTS, COST_LIMITS, cheapestOnDemand, toApiPrice } from '../../src/lib/cost/request';
import type { ApiPriceEntry, GpuHourPriceEntry } from '../../src/lib/cost/schema';
import { formatSeconds } from '../../src/lib/cost/explain';
import { formatUsd } from '../../src/lib/format/money';
import { formatCount, formatInteger, formatRate } from '../../src/lib/format/numbers';
import { FieldReader } from '../../src/lib/input/fields';
import { quote } from '../../src/lib/input/quote';
import { toGpuSpecs } from '../../src/lib/memory/placement';
import { WEIGHT_PRECISIONS, type WeightPrecisionId } from '../../src/lib/memory/precisions';
import { defaultServingRuntime, type ServingRuntime } from '../../src/lib/serving/capacity';
import { RUNTIME_FORMATS } from '../../src/lib/runtime/runtime';
import { defaultMaxSequences } from '../../src/lib/serving/defaults';
import { servingEfficiency } from '../../src/lib/serving/efficiency';
import { SECONDS_PER_DAY, planServing } from '../../src/lib/serving/plan';

export interface CostCatalog {
  models: readonly Model[];
  gpus: readonly Gpu[];
  apiPrices: readonly ApiPriceEntry[];
  gpuHourPrices: readonly GpuHourPriceEntry[];
}

import type { CliResult } from './estimate-cli';

const NAME = 'cost';
const NUMBER_FLAGS = [
  'gpu-hour-usd', 'requests-per-second', 'tokens-per-day', 'input-tokens', 'output-tokens', 'reasoning-tokens', 'cached-share', 'cache-write-share',
  'per-user-tokens-per-second', 'first-token-seconds', 'peak-to-average', 'card-usd', 'years', 'watts', 'kwh-usd',
] as const;
const TEXT_FLAGS = ['model', 'precision', 'runtime', 'gpu'] as const;

const DEFAULTS = {
  precision: COST_DEFAULTS.precision!,
  'input-tokens': COST_DEFAULTS.input!,
  'output-tokens': COST_DEFAULTS.output!,
  'reasoning-tokens': '0',
  'cached-share': '0',
  'cache-write-share': '0',
  'peak-to-average': '1',
  years: COST_DEFAULTS.years!,
};
const DEFAULT_APIS = [COST_DEFAULTS.api1!, COST_DEFAULTS.api2!, COST_DEFAULTS.api3!];

export function costHelp(catalog: CostCatalog): string {
  const rows: Array<[string, string]> = [
    ['--model ID', 'catalog model id (required)'],
    ['--precision P', `weight format (default ${DEFAULTS.precision}): ${Object.keys(WEIGHT_PRECISIONS).join(', ')}`],
    ['--runtime R', 'vllm | llama.cpp (default: vLLM where it loads the format, llama.cpp for GGUF)'],
    ['--gpu ID', 'GPU id (required)'],
    ['--gpu-hour-usd N', 'price of one GPU-hour (default: the cheapest listed on-demand price for the GPU)'],
    ['--requests-per-second N', 'the load to serve, as an average rate (give this or --tokens-per-day)'],
    ['--tokens-per-day N', 'the load as prompt + answer + reasoning tokens a day'],
    ['--input-tokens N', `prompt tokens per request (default ${DEFAULTS['input-tokens']})`],
    ['--output-tokens N', `answer tokens per request (default ${DEFAULTS['output-tokens']})`],
    ['--reasoning-tokens N', 'hidden reasoning tokens per request, generated and billed as output (default 0)'],
    ['--cached-share F', 'share of prompt tokens an API serves from its cache, 0 to 1 (default 0)'],
    ['--cache-write-share F', 'share of prompt tokens written into an API\'s cache, billed at its cache-write price (default 0)'],
    ['--first-token-seconds N', 'the time to first token each request must see: replicas run less busy, more of them (default none)'],
    ['--peak-to-average F', 'the busiest hour\'s rate over the average, 1 to 2: replicas are sized for it (default 1)'],
    ['--per-user-tokens-per-second N', 'the speed each user must see: fewer sequences at once per replica, more replicas (default none)'],
    ['--card-usd N', 'buy the GPUs instead of renting: the price of one (then --kwh-usd is needed)'],
    ['--years N', `bought GPUs: years to write one off (default ${DEFAULTS.years})`],
    ['--watts N', 'bought GPUs: power each draws (default: the GPU\'s board power)'],
    ['--kwh-usd N', 'bought GPUs: electricity price per kWh'],
    ['--api ID', `an API price to compare; repeat for several (default ${DEFAULT_APIS.join(', ')})`],
    ['--json', 'print one JSON object'],
    ['--help', 'print this text'],
  ];
  const width = Math.max(...rows.map(([flag]) => flag.length)) + 2;
  return [
    'Usage: npm run -s cost -- --model ID --gpu ID (--requests-per-second N | --tokens-per-day N) [flags]',
    '',
    'What serving a model costs at a load: one replica\'s capacity (sequences that fit, tokens per second), the',
    'replicas the load needs, and the monthly cost against per-token APIs, with the break-even volume.',
    '',
    ...rows.map(([flag, text]) => `  ${flag.padEnd(width)}${text}`),
    '',
    `GPU ids: ${catalog.gpus.map((gpu) => gpu.id).join(', ')}`,
    `API ids: ${catalog.apiPrices.map((price) => price.id).join(', ')}`,
    '',
    'Example: npm run -s cost -- --model llama-3.1-8b --precision fp8 --gpu h100-sxm --requests-per-second 5',
    '',
  ].join('\n');
}

class UsageError extends Error {}

function readArgs(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        ...Object.fromEntries([...TEXT_FLAGS, ...NUMBER_FLAGS].map((flag) => [flag, { type: 'string' as const }])),
        api: { type: 'string', multiple: true },
        json: { type: 'boolean' },
        help: { type: 'boolean' },
      },
    }).values as Record<string, string | string[] | boolean | undefined>;
  } catch (error) {
    const message = (error as Error).message.split('\n')[0]!;
    throw new UsageError(
      message
        .replace(/^Unknown option '(--[^']+)'.*/, 'unknown flag $1; see --help')
        // "--requests-per-second -1": the parser takes -1 for a flag.
        .replace(/^Option '(--[^' ]+)[^']*' argument is ambiguous.*/, '$1 needs a value; write $1=VALUE for one that starts with a minus sign')
        .replace(/^Option '(--[^' ]+)[^']*' argument missing.*/, '$1 needs a value'),
    );
  }
}

export function runCost(argv: readonly string[], catalog: CostCatalog): CliResult {
  const fail = (message: string): CliResult => ({ code: 2, stdout: '', stderr: `${NAME}: ${message}\n` });
  let values: ReturnType<typeof readArgs>;
  try {
    values = readArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) return fail(error.message);
    throw error;
  }
  if (values.help) return { code: 0, stdout: costHelp(catalog), stderr: '' };
  // A flag given twice is a slip: node's parser would keep the last silently.
  for (const flag of [...TEXT_FLAGS, ...NUMBER_FLAGS]) {
    if (argv.filter((arg) => arg === `--${flag}` || arg.startsWith(`--${flag}=`)).length > 1) return fail(`--${flag} is given twice`);
  }
  if (values.model === undefined) return fail('--model is required: a catalog model id');
  if (values.gpu === undefined) return fail('--gpu is required: a GPU id');
  const hasRate = values['requests-per-second'] !== undefined;
  const hasTokens = values['tokens-per-day'] !== undefined;
  if (hasRate === hasTokens) return fail(hasRate ? '--requests-per-second and --tokens-per-day cannot both be given' : 'give the load: --requests-per-second N or --tokens-per-day N');

  const raw: Record<string, string> = { ...DEFAULTS };
  for (const flag of [...TEXT_FLAGS, ...NUMBER_FLAGS]) if (typeof values[flag] === 'string') raw[flag] = values[flag] as string;
  const read = new FieldReader<string>(raw, (field) => `--${field}`);
  const model = catalog.models.find((entry) => entry.id === raw.model);
  if (!model) return fail(`--model must be a catalog model id; got ${quote(raw.model!)}`);
  const gpu = toGpuSpecs(catalog.gpus).find((entry) => entry.id === raw.gpu);
  if (!gpu) return fail(`--gpu must be one of ${catalog.gpus.map((entry) => entry.id).join(', ')}; got ${quote(raw.gpu!)}`);
  const precision = read.choice('precision', Object.keys(WEIGHT_PRECISIONS) as WeightPrecisionId[], DEFAULTS.precision as WeightPrecisionId);
  const runtime: ServingRuntime = raw.runtime === undefined ? defaultServingRuntime(precision) : (read.choice('runtime', ['vllm', 'llama.cpp'] as const, 'vllm') as ServingRuntime);
  const inputTokens = read.number('input-tokens', { min: 0, max: 10_000_000, integer: true });
  const outputTokens = read.number('output-tokens', { min: 1, max: 10_000_000, integer: true });
  const reasoningTokens = read.number('reasoning-tokens', { min: 0, max: 10_000_000, integer: true });
  const cachedShare = read.number('cached-share', { min: 0, max: 1 });
  const cacheWriteShare = read.number('cache-write-share', { min: 0, max: 1 });
  if (cachedShare !== undefined && cacheWriteShare !== undefined && cachedShare + cacheWriteShare > 1) {
    read.fail('cache-write-share', `and --cached-share are shares of the same prompt tokens, so together at most 1; use at most ${Number((1 - cachedShare).toFixed(6))}`);
  }
  const peakToAverage = read.number('peak-to-average', { min: 1, max: MAX_PEAK_TO_AVERAGE });
  const firstTokenTarget = raw['first-token-seconds'] === undefined ? undefined : read.number('first-token-seconds', { min: 0.01, max: 3600, unit: 's' });
  let ownership: Ownership | undefined;
  if (raw['card-usd'] !== undefined) {
    const cardUsd = read.number('card-usd', { min: 1, max: COST_LIMITS.cardUsd, unit: 'USD' });
    const years = read.number('years', { min: 0.5, max: 15 });
    const watts = read.number('watts', { min: 1, max: 5000, fallback: gpu.boardPowerWatts, unit: 'W' });
    const usdPerKwh = raw['kwh-usd'] === undefined ? read.fail('kwh-usd', 'is needed with --card-usd: the electricity price per kWh') : read.number('kwh-usd', { min: 0.001, max: 5, unit: 'USD per kWh' });
    if (cardUsd !== undefined && years !== undefined && watts !== undefined && usdPerKwh !== undefined) ownership = { cardUsd, years, watts, usdPerKwh };
  } else {
    for (const flag of ['watts', 'kwh-usd'] as const) if (raw[flag] !== undefined) read.fail(flag, 'is for bought GPUs: give --card-usd too');
  }
  const listed = cheapestOnDemand(catalog.gpuHourPrices, gpu.id);
  const usdPerGpuHour = read.number('gpu-hour-usd', { min: 0.01, max: 1000, fallback: listed?.usdPerGpuHour, unit: 'USD' });
  const rate = hasRate ? read.number('requests-per-second', { min: 0, smallestNonZero: 1e-6, max: 1e7 }) : undefined;
  const tokensPerDay = hasTokens ? read.number('tokens-per-day', { min: 0, smallestNonZero: 1, max: 1e15 }) : undefined;
  const perUserTarget = raw['per-user-tokens-per-second'] === undefined ? undefined : read.number('per-user-tokens-per-second', { min: 0.1, max: 100_000, unit: 'tokens/s' });
  if (read.errors.length > 0) return fail(read.errors[0]!.message);
  if (!RUNTIME_FORMATS[runtime].includes(precision)) {
    return fail(`--precision ${precision} does not load in ${runtime}, which takes ${RUNTIME_FORMATS[runtime].join(', ')}`);
  }
  const apis = [];
  for (const id of (values.api as string[] | undefined) ?? DEFAULT_APIS) {
    const entry = catalog.apiPrices.find((price) => price.id === id);
    if (!entry) return fail(`--api must be a listed API price id; got ${quote(id)}`);
    apis.push(toApiPrice(entry));
  }
  const perRequest = inputTokens! + outputTokens! + reasoningTokens!;
  const requestsPerSecond = rate ?? tokensPerDay! / SECONDS_PER_DAY / perRequest;
  const plan = planServing({
    model,
    weightPrecision: precision,
    runtime,
    gpu,
    maxSequences: defaultMaxSequences(runtime, gpu),
    efficiency: servingEfficiency(runtime),
    ...(perUserTarget !== undefined && { perUserTarget }),
    ...(firstTokenTarget !== undefined && { firstTokenTarget }),
    load: {
      requestsPerSecond,
      inputTokens: inputTokens!,
      outputTokens: outputTokens!,
      reasoningTokens: reasoningTokens!,
      cachedShare: cachedShare!,
      cacheWriteShare: cacheWriteShare!,
      peakToAverage: peakToAverage!,
    },
    usdPerGpuHour: usdPerGpuHour!,
    ...(ownership && { ownership }),
    apis,
  });
  const { capacity, selfHosted } = plan;
  const result = {
    model: model.id,
    precision,
    runtime,
    gpu: gpu.id,
    usdPerGpuHour,
    requestsPerSecond,
    monthlyTokens: plan.monthlyTokens,
    selfHosted: selfHosted && {
      maxConcurrentSequences: capacity.maxConcurrentSequences,
      aggregateTokensPerSecond: capacity.aggregateTokensPerSecond,
      perUserTokensPerSecond: capacity.perUserTokensPerSecond,
      // Only with the optional target, so the contract's object is unchanged without it.
      ...(perUserTarget !== undefined && { concurrentSequences: capacity.concurrency, perUserTargetMet: capacity.targetMet }),
      replicas: selfHosted.replicas,
      gpusPerReplica: capacity.gpusPerReplica,
      monthlyUsd: selfHosted.monthlyUsd,
      usdPerMillionTokens: selfHosted.usdPerMillionTokens,
    },
    apis: plan.apis,
    breakEvenMonthlyTokens: plan.breakEvenMonthlyTokens,
    hybrid: plan.hybrid,
    // Only with the optional target: the utilization it allows (null when even an idle replica is too slow).
    ...(plan.firstTokenUtilization !== undefined && { firstTokenUtilization: plan.firstTokenUtilization }),
    ...(ownership && { ownership }),
  };
  if (values.json) return { code: 0, stdout: `${JSON.stringify(result, null, 2)}\n`, stderr: '' };
  const lines = [
    `${model.name} (${WEIGHT_PRECISIONS[precision].label}) on ${gpu.name} with ${runtime}, ${
      ownership
        ? `GPUs bought at ${formatUsd(ownership.cardUsd)} each, written off over ${ownership.years} years, ${formatInteger(ownership.watts)} W at ${formatUsd(ownership.usdPerKwh)} per kWh`
        : `${formatUsd(usdPerGpuHour!)} per GPU-hour`
    }`,
    `Load: ${formatRate(requestsPerSecond)} requests/s of ${formatInteger(inputTokens!)} + ${formatInteger(outputTokens!)}${reasoningTokens ? ` + ${formatInteger(reasoningTokens)} reasoning` : ''} tokens = ${formatCount(plan.monthlyTokens)} tokens a month`,
  ];
  if (plan.firstTokenUtilization !== undefined) {
    lines.push(
      plan.firstTokenUtilization === null
        ? `First token within ${formatSeconds(firstTokenTarget!)}: not even an idle replica starts that fast (${formatSeconds(capacity.timeToFirstTokenSeconds)})`
        : `First token within ${formatSeconds(firstTokenTarget!)}: replicas run at most ${Math.round(plan.firstTokenUtilization * 100)}% busy (idle: ${formatSeconds(capacity.timeToFirstTokenSeconds)})`,
    );
  }
  if (selfHosted) {
    lines.push(
      `One replica: ${capacity.gpusPerReplica} GPU${capacity.gpusPerReplica === 1 ? '' : 's'}, ${formatInteger(capacity.maxConcurrentSequences)} sequences fit, runs ${formatInteger(capacity.concurrency)} at once: ${formatInteger(capacity.aggregateTokensPerSecond)} tokens/s in all, ${formatRate(capacity.perUserTokensPerSecond)} tokens/s per user${capacity.targetMet === false ? ` (below the ${formatRate(perUserTarget!)} tokens/s asked: one sequence alone cannot reach it)` : ''}`,
      `Self-hosted: ${selfHosted.replicas} replica${selfHosted.replicas === 1 ? '' : 's'}, ${formatUsd(selfHosted.monthlyUsd)} a month, ${formatUsd(selfHosted.usdPerMillionTokens)} per million tokens`,
    );
  } else {
    lines.push(`Self-hosted: ${model.name} does not fit on one server of ${gpu.name}`);
  }
  for (const api of plan.apis) {
    const breakEven = plan.breakEvenMonthlyTokens[api.id];
    lines.push(`${api.id}: ${formatUsd(api.monthlyUsd)} a month, ${formatUsd(api.usdPerMillionTokens)} per million; self-hosting is cheaper ${breakEven === null ? 'at no volume' : `from ${formatCount(breakEven ?? 0)} tokens a month`}`);
  }
  if (plan.hybrid) {
    const { hybrid } = plan;
    lines.push(
      hybrid.replicas === 0
        ? `Hybrid: no own replica pays; ${hybrid.apiId} alone, ${formatUsd(hybrid.monthlyUsd)} a month`
        : hybrid.overflowMonthlyTokens === 0
          ? `Hybrid: no API overflow pays; the same ${hybrid.replicas} own replica${hybrid.replicas === 1 ? '' : 's'}`
          : `Hybrid: ${hybrid.replicas} own replica${hybrid.replicas === 1 ? '' : 's'} for the base, ${formatCount(hybrid.overflowMonthlyTokens)} peak tokens a month to ${hybrid.apiId}: ${formatUsd(hybrid.monthlyUsd)} a month`,
    );
  }
  return { code: 0, stdout: `${lines.join('\n')}\n`, stderr: '' };
}
