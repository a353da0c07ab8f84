/**
 * The cost question as text (URL parameters or form fields) and its checked form. Prices come from the dated
 * price lists, and every one can be overridden by the reader.
 */
import { FieldReader, type FieldError } from '../input/fields';
import { quote } from '../input/quote';
import type { Model } from '../catalog/schema';
import type { GpuSpec } from '../memory/placement';
import { WEIGHT_PRECISIONS, type WeightPrecisionId } from '../memory/precisions';
import { RUNTIME_FORMATS, RUNTIME_LABELS } from '../runtime/runtime';
import { SERVING_RUNTIMES, defaultServingRuntime, type ServingRuntime } from '../serving/capacity';

export { SERVING_RUNTIMES };
import { defaultMaxSequences } from '../serving/defaults';
import { MAX_PEAK_TO_AVERAGE, type ApiPrice, type Ownership, type Workload } from './cost';
import type { ApiPriceEntry, GpuHourPriceEntry } from './schema';

export const API_SLOTS = [1, 2, 3] as const;

export const COST_FIELDS = [
  'volume', 'requests', 'tokens-day', 'input', 'output', 'reasoning', 'cached', 'cache-write', 'growth', 'model', 'precision', 'runtime', 'gpu', 'pay', 'gpu-price', 'card-usd', 'years', 'watts', 'kwh-usd', 'seqs', 'per-user', 'util', 'hours', 'peak', 'ttft', 'tps',
  ...API_SLOTS.flatMap((slot) => [`api${slot}`, `api${slot}-in`, `api${slot}-out`, `api${slot}-cached`, `api${slot}-write`] as const),
  'prices',
] as const;
export type CostField = (typeof COST_FIELDS)[number];
export type RawCostRequest = Partial<Record<CostField, string>>;

/** Rented by the hour, or bought. */
export const PAY_MODES = ['rent', 'buy'] as const;

/** How the reader states their volume: requests a day (each of so many tokens), or tokens a day. */
export const VOLUME_MODES = ['requests', 'tokens'] as const;
export type VolumeMode = (typeof VOLUME_MODES)[number];

export const COST_DEFAULTS: Readonly<RawCostRequest> = {
  volume: 'requests',
  requests: '10000',
  input: '1500',
  output: '300',
  reasoning: '0',
  cached: '0',
  'cache-write': '0',
  growth: '0',
  model: 'llama-3.1-8b',
  precision: 'fp8',
  gpu: 'l4',
  pay: 'rent',
  years: '3',
  util: '60',
  hours: '24',
  peak: '1',
  api1: 'openai-gpt-6-2-sol',
  api2: 'anthropic-claude-haiku-5-5',
  api3: 'deepinfra-llama-3-1-8b-instruct',
};

export interface CostCatalog {
  models: ReadonlyArray<Pick<Model, 'id' | 'name' | 'parameters' | 'activeParameters' | 'architecture'>>;
  gpus: readonly GpuSpec[];
  apiPrices: readonly ApiPriceEntry[];
  gpuHourPrices: readonly GpuHourPriceEntry[];
}

export interface CostRequest {
  /** In tokens mode the requests a day are worked out from the tokens a day and the tokens per request. */
  volumeMode: VolumeMode;
  workload: Workload;
  apis: ApiPrice[];
  modelId: string;
  weightPrecision: WeightPrecisionId;
  runtime: ServingRuntime;
  /** Hidden reasoning tokens per request, already counted in the workload's output tokens. */
  reasoningTokensPerRequest: number;
  gpuId: string;
  usdPerGpuHour: number;
  /** GPUs bought instead of rented; undefined when rented. */
  ownership?: Ownership;
  /** Where the GPU price came from, when the reader did not type one. */
  gpuPriceSource?: GpuHourPriceEntry;
  /** The most sequences the server runs at once (vLLM's max_num_seqs, llama.cpp's slots). */
  maxSequences: number;
  /** The speed each user must see, tokens per second; undefined for none. */
  perUserTarget?: number;
  utilization: number;
  hoursPerDay: number;
  /** The busiest moment's traffic over the day's average, 1 to 2: replicas are sized for it. */
  peakToAverage: number;
  /** The time to first token each request must see, in seconds; undefined for none. */
  firstTokenTarget?: number;
  /** Output tokens per second per replica measured by the reader, replacing the estimate. */
  measuredOutputTokensPerSecond?: number;
}

export type CostParseResult = { ok: true; request: CostRequest } | { ok: false; errors: Array<FieldError<CostField>> };

/** The cheapest on-demand price listed for a GPU, the default the page starts from. */
export function cheapestOnDemand(prices: readonly GpuHourPriceEntry[], gpuId: string): GpuHourPriceEntry | undefined {
  return prices
    .filter((price) => price.gpu === gpuId && price.pricing === 'on-demand')
    .sort((a, b) => a.usdPerGpuHour - b.usdPerGpuHour)[0];
}

/** Labels as the page shows them; messages name fields by these. */
export const COST_FIELD_LABELS = {
  volume: 'Volume given as',
  requests: 'Requests per day',
  'tokens-day': 'Tokens per day (input + output)',
  prices: 'Prices read on',
  input: 'Input tokens per request',
  output: 'Output tokens per request',
  reasoning: 'Reasoning tokens per request',
  cached: 'Cached input (%)',
  'cache-write': 'Input written to the cache (%)',
  growth: 'Growth per month (%)',
  model: 'Model',
  precision: 'Weight format',
  runtime: 'Serving runtime',
  gpu: 'GPU',
  pay: 'Renting or buying',
  'gpu-price': '$ per GPU-hour',
  'card-usd': 'Price of one GPU ($)',
  years: 'Years to write it off',
  watts: 'Power per GPU (W)',
  'kwh-usd': 'Electricity ($ per kWh)',
  seqs: 'Most sequences at once',
  'per-user': 'Speed each user needs (tokens/s)',
  util: 'Utilization (%)',
  hours: 'Hours running per day',
  peak: 'Peak traffic over average (×)',
  ttft: 'First token within (s)',
  tps: 'Measured output tokens/s',
  ...Object.fromEntries(
    API_SLOTS.flatMap((slot) => [
      [`api${slot}`, `API ${slot}`],
      [`api${slot}-in`, `API ${slot} input $/1M`],
      [`api${slot}-out`, `API ${slot} output $/1M`],
      [`api${slot}-cached`, `API ${slot} cached input $/1M`],
      [`api${slot}-write`, `API ${slot} cache writes $/1M`],
    ]),
  ),
} as Record<CostField, string>;

export const costFieldLabel = (field: CostField): string => COST_FIELD_LABELS[field];

/** A listed API price as the cost engine takes it, labelled by model and provider. */
export function toApiPrice(entry: ApiPriceEntry): ApiPrice {
  return {
    id: entry.id,
    label: `${entry.model} (${entry.provider})`,
    inputUsdPerMillion: entry.inputUsdPerMillion,
    outputUsdPerMillion: entry.outputUsdPerMillion,
    cachedInputUsdPerMillion: entry.cachedInputUsdPerMillion,
    cacheWriteUsdPerMillion: entry.cacheWriteUsdPerMillion,
    ...(entry.longContext && { longContext: entry.longContext }),
  };
}

/** The day the newest price in the lists was read: the date a shared link's prices belong to. */
export function pricesReadOn(catalog: Pick<CostCatalog, 'apiPrices' | 'gpuHourPrices'>): string {
  return [...catalog.apiPrices, ...catalog.gpuHourPrices].map((price) => price.read).sort().at(-1) ?? '';
}

const listedText = (value: number | undefined) => (value === undefined ? '' : String(value));

/** The runtime a blank Serving runtime box stands for: vLLM where it loads the format, llama.cpp for GGUF. */
function usualRuntime(precision: string | undefined): ServingRuntime {
  const known = precision !== undefined && precision in WEIGHT_PRECISIONS;
  return known ? defaultServingRuntime(precision as WeightPrecisionId) : 'vllm';
}

/**
 * The listed prices, the usual runtime for the format and that runtime's own limit on sequences written into the
 * boxes the reader has left blank, so the boxes show the numbers the answer uses (not grey placeholders), and a
 * shared link carries them and the date the prices were read.
 */
export function withListedPrices(raw: RawCostRequest, catalog: CostCatalog): RawCostRequest {
  const filled: RawCostRequest = { ...COST_DEFAULTS, ...raw };
  filled.runtime ||= usualRuntime(filled.precision);
  const gpu = catalog.gpus.find((candidate) => candidate.id === filled.gpu);
  if (gpu && (SERVING_RUNTIMES as readonly string[]).includes(filled.runtime)) filled.seqs ||= String(defaultMaxSequences(filled.runtime as ServingRuntime, gpu));
  for (const slot of API_SLOTS) {
    const entry = catalog.apiPrices.find((price) => price.id === filled[`api${slot}`]);
    if (!entry) continue;
    filled[`api${slot}-in`] ||= listedText(entry.inputUsdPerMillion);
    filled[`api${slot}-out`] ||= listedText(entry.outputUsdPerMillion);
    filled[`api${slot}-cached`] ||= listedText(entry.cachedInputUsdPerMillion);
    filled[`api${slot}-write`] ||= listedText(entry.cacheWriteUsdPerMillion);
  }
  filled['gpu-price'] ||= listedText(cheapestOnDemand(catalog.gpuHourPrices, filled.gpu ?? '')?.usdPerGpuHour);
  filled.watts ||= listedText(gpu?.boardPowerWatts);
  filled.prices ||= pricesReadOn(catalog);
  return filled;
}

/** Choosing another API or GPU replaces its price boxes with that choice's listed prices. */
export function choose(raw: RawCostRequest, field: CostField, value: string, catalog: CostCatalog): RawCostRequest {
  const next: RawCostRequest = { ...raw, [field]: value };
  const slot = API_SLOTS.find((candidate) => field === `api${candidate}`);
  if (slot) {
    next[`api${slot}-in`] = '';
    next[`api${slot}-out`] = '';
    next[`api${slot}-cached`] = '';
    next[`api${slot}-write`] = '';
  }
  if (field === 'gpu') {
    next['gpu-price'] = '';
    next.watts = '';
  }
  // The runtime follows the format, and the limit on sequences follows the runtime and the GPU, unless typed after.
  if (field === 'precision') next.runtime = '';
  if (field === 'precision' || field === 'runtime' || field === 'gpu') next.seqs = '';
  // Switching how the volume is given carries the same volume over, so the answer does not jump.
  const parsed = field === 'volume' ? parseCostRequest(raw, catalog) : undefined;
  if (parsed?.ok) {
    const { workload } = parsed.request;
    const tokensPerDay = workload.requestsPerDay * (workload.inputTokensPerRequest + workload.outputTokensPerRequest);
    if (value === 'tokens') next['tokens-day'] = String(Math.round(tokensPerDay));
    else next.requests = String(Math.max(COST_LIMITS.smallestRequestsPerDay, Math.round(workload.requestsPerDay)));
  }
  return withListedPrices(next, catalog);
}

/** Limits beyond which an input is a typing slip rather than a question. */
export const COST_LIMITS = {
  requestsPerDay: 1e10,
  /** A billion requests a day of ten thousand tokens: past any single deployment. */
  tokensPerDay: 1e15,
  /** Fewer than one request a day (but more than none) is a slip; below ~1e-308 the cost per token overflows. */
  smallestRequestsPerDay: 1,
  /** A tenth of a cent per million tokens, below any listed price; smaller prices put break-even past 1e20 tokens. */
  smallestUsdPerMillionTokens: 0.001,
  tokensPerRequest: 10_000_000,
  usdPerGpuHour: 1000,
  /** A million dollars a card: past any single accelerator on sale. */
  cardUsd: 1_000_000,
  usdPerMillionTokens: 10_000,
  maxSequences: 1024,
  measuredTokensPerSecond: 10_000_000,
} as const;

/**
 * Absent fields take COST_DEFAULTS. A blank price means the listed price (a reader clears a box to go back to it);
 * a blank measured speed means "estimate it".
 */
export function parseCostRequest(raw: RawCostRequest, catalog: CostCatalog, name: (field: CostField) => string = costFieldLabel): CostParseResult {
  const read = new FieldReader<CostField>({ ...COST_DEFAULTS, ...raw }, name);
  const volumeMode = read.choice('volume', VOLUME_MODES, 'requests');
  const inputTokensPerRequest = read.number('input', { min: 0, max: COST_LIMITS.tokensPerRequest, integer: true });
  const answerTokens = read.number('output', { min: 1, max: COST_LIMITS.tokensPerRequest, integer: true });
  const reasoningTokensPerRequest = read.number('reasoning', { min: 0, max: COST_LIMITS.tokensPerRequest, integer: true });
  // Reasoning tokens are generated and billed like output, so they count with it from here on.
  const outputTokensPerRequest = answerTokens === undefined || reasoningTokensPerRequest === undefined ? undefined : answerTokens + reasoningTokensPerRequest;
  let requestsPerDay: number | undefined;
  if (volumeMode === 'requests') {
    requestsPerDay = read.number('requests', { min: 0, smallestNonZero: COST_LIMITS.smallestRequestsPerDay, max: COST_LIMITS.requestsPerDay });
  } else {
    const tokensPerDay = read.number('tokens-day', { min: 0, smallestNonZero: 1, max: COST_LIMITS.tokensPerDay });
    // The tokens per request still matter (they size each sequence's context), so the volume becomes requests.
    if (tokensPerDay !== undefined && inputTokensPerRequest !== undefined && outputTokensPerRequest !== undefined) {
      requestsPerDay = tokensPerDay / (inputTokensPerRequest + outputTokensPerRequest);
    }
  }
  const cachedPercent = read.number('cached', { min: 0, max: 100, unit: '%' });
  const writtenPercent = read.number('cache-write', { min: 0, max: 100, unit: '%' });
  if (cachedPercent !== undefined && writtenPercent !== undefined && cachedPercent + writtenPercent > 100) {
    read.fail('cache-write', `and ${read.name('cached')} (${cachedPercent}%) are shares of the same prompt tokens, so together at most 100%; use at most ${100 - cachedPercent}%`);
  }
  const growthPercent = read.number('growth', { min: -100, max: 1000, unit: '% a month' });

  const modelId = read.text('model') ?? '';
  if (!catalog.models.some((model) => model.id === modelId)) {
    read.fail('model', `must be a catalog id such as ${COST_DEFAULTS.model}; got ${quote(modelId)}`);
  }
  const weightPrecision = read.choice('precision', Object.keys(WEIGHT_PRECISIONS) as WeightPrecisionId[], COST_DEFAULTS.precision as WeightPrecisionId);
  const runtime = read.choice('runtime', SERVING_RUNTIMES, usualRuntime(weightPrecision));
  if (read.errors.every((error) => error.field !== 'runtime') && !RUNTIME_FORMATS[runtime].includes(weightPrecision)) {
    read.fail('runtime', `${RUNTIME_LABELS[runtime]} does not serve ${WEIGHT_PRECISIONS[weightPrecision].label} weights; choose ${runtime === 'vllm' ? 'llama.cpp' : 'vLLM'} or another format`);
  }
  const gpuId = read.text('gpu') ?? '';
  const gpu = catalog.gpus.find((candidate) => candidate.id === gpuId);
  if (!gpu) read.fail('gpu', `must be one of ${catalog.gpus.map((candidate) => candidate.id).join(', ')}; got ${quote(gpuId)}`);

  const listed = cheapestOnDemand(catalog.gpuHourPrices, gpuId);
  const pay = read.choice('pay', PAY_MODES, 'rent');
  // A blank price box means the listed price; with no listed price the reader must enter one. Bought GPUs have
  // no hourly price: their card price, write-off and electricity replace it.
  const typedPrice = read.text('gpu-price');
  const usdPerGpuHour =
    pay === 'rent' ? read.number('gpu-price', { min: 0.01, max: COST_LIMITS.usdPerGpuHour, fallback: listed?.usdPerGpuHour, blankMeansDefault: true, unit: 'USD per GPU-hour' }) : 0;
  let ownership: Ownership | undefined;
  if (pay === 'buy') {
    const cardUsd = read.number('card-usd', { min: 1, max: COST_LIMITS.cardUsd, unit: 'USD' });
    const years = read.number('years', { min: 0.5, max: 15 });
    const watts = read.number('watts', { min: 1, max: 5000, fallback: gpu?.boardPowerWatts, blankMeansDefault: true, unit: 'W' });
    const usdPerKwh = read.number('kwh-usd', { min: 0.001, max: 5, unit: 'USD per kWh' });
    // Stryker disable next-line ConditionalExpression,LogicalOperator: type narrowing; the reader has recorded an error for any undefined.
    if (cardUsd !== undefined && years !== undefined && watts !== undefined && usdPerKwh !== undefined) ownership = { cardUsd, years, watts, usdPerKwh };
  }
  // A blank box means the runtime's own default on this GPU (see withListedPrices); an unknown GPU has its own error.
  const maxSequences = read.number('seqs', { min: 1, max: COST_LIMITS.maxSequences, integer: true, fallback: gpu ? defaultMaxSequences(runtime, gpu) : 1, blankMeansDefault: true });
  const perUserTarget = read.text('per-user') ? read.number('per-user', { min: 0.1, max: 100_000 }) : undefined;
  const utilizationPercent = read.number('util', { min: 1, max: 100, unit: '%' });
  const hoursPerDay = read.number('hours', { min: 0.5, max: 24 });
  const peakToAverage = read.number('peak', { min: 1, max: MAX_PEAK_TO_AVERAGE, unit: 'times the average' });
  const firstTokenTarget = read.text('ttft') ? read.number('ttft', { min: 0.01, max: 3600, unit: 's' }) : undefined;
  const measured = read.text('tps') ? read.number('tps', { min: 0.01, max: COST_LIMITS.measuredTokensPerSecond }) : undefined;

  const apis: ApiPrice[] = [];
  for (const slot of API_SLOTS) {
    const id = read.text(`api${slot}`);
    if (!id) continue;
    const entry = catalog.apiPrices.find((price) => price.id === id);
    if (!entry) {
      read.fail(`api${slot}`, `must be a listed API price id; got ${quote(id)}`);
      continue;
    }
    const priceField = { min: 0, smallestNonZero: COST_LIMITS.smallestUsdPerMillionTokens, max: COST_LIMITS.usdPerMillionTokens, unit: 'USD per million tokens' };
    const input = read.number(`api${slot}-in`, { ...priceField, fallback: entry.inputUsdPerMillion, blankMeansDefault: true });
    const output = read.number(`api${slot}-out`, { ...priceField, fallback: entry.outputUsdPerMillion, blankMeansDefault: true });
    const cached = read.text(`api${slot}-cached`) ? read.number(`api${slot}-cached`, priceField) : entry.cachedInputUsdPerMillion;
    const written = read.text(`api${slot}-write`) ? read.number(`api${slot}-write`, priceField) : entry.cacheWriteUsdPerMillion;
    // Stryker disable next-line ConditionalExpression,LogicalOperator: type narrowing only; the reader has recorded an error whenever it returns undefined.
    if (input === undefined || output === undefined) continue;
    apis.push({ ...toApiPrice(entry), inputUsdPerMillion: input, outputUsdPerMillion: output, cachedInputUsdPerMillion: cached, cacheWriteUsdPerMillion: written });
  }

  // Stryker disable ConditionalExpression,LogicalOperator: the undefined checks narrow types; the reader has recorded an error whenever it returns undefined.
  if (
    read.errors.length > 0 ||
    requestsPerDay === undefined ||
    inputTokensPerRequest === undefined ||
    outputTokensPerRequest === undefined ||
    cachedPercent === undefined ||
    writtenPercent === undefined ||
    growthPercent === undefined ||
    usdPerGpuHour === undefined ||
    maxSequences === undefined ||
    utilizationPercent === undefined ||
    hoursPerDay === undefined ||
    peakToAverage === undefined
  ) {
    return { ok: false, errors: read.errors };
  }
  // Stryker restore ConditionalExpression,LogicalOperator
  return {
    ok: true,
    request: {
      volumeMode,
      workload: {
        requestsPerDay,
        inputTokensPerRequest,
        outputTokensPerRequest,
        cachedInputShare: cachedPercent / 100,
        cacheWriteShare: writtenPercent / 100,
        monthlyGrowth: growthPercent / 100,
      },
      apis,
      modelId,
      weightPrecision,
      runtime,
      reasoningTokensPerRequest: reasoningTokensPerRequest ?? 0,
      gpuId,
      usdPerGpuHour,
      ...(ownership && { ownership }),
      // A price box holding the listed price still credits its source.
      gpuPriceSource: pay === 'buy' || (typedPrice && usdPerGpuHour !== listed?.usdPerGpuHour) ? undefined : listed,
      maxSequences,
      perUserTarget,
      utilization: utilizationPercent / 100,
      hoursPerDay,
      peakToAverage,
      ...(firstTokenTarget !== undefined && { firstTokenTarget }),
      measuredOutputTokensPerSecond: measured,
    },
  };
}
