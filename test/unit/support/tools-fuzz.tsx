/**
 * Fuzzing the tools through their page addresses: a hostile query string for the memory calculator and for the
 * cost calculator is parsed, answered and rendered with the same code the page runs, and the text a reader would
 * see is checked. Used by test/unit/tools-fuzz.test.tsx (a few hundred seeded cases) and by `npm run fuzz`
 * (100,000 or more). Each check throws with the query that broke it.
 */
import { signal } from '@preact/signals';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { renderToString } from 'preact-render-to-string';
import { answerCostRequest } from '../../../src/lib/cost/answer';
import { COST_FIELDS, parseCostRequest, COST_DEFAULTS, type CostCatalog } from '../../../src/lib/cost/request';
import { apiPriceSchema, gpuHourPriceSchema } from '../../../src/lib/cost/schema';
import { decodeFields } from '../../../src/lib/input/query';
import { answerMemoryRequest, fitAcrossGpus } from '../../../src/lib/memory/answer';
import { explainAnswer } from '../../../src/lib/memory/explain';
import { toGpuSpecs } from '../../../src/lib/memory/placement';
import { FIELDS, parseMemoryRequest } from '../../../src/lib/memory/request';
import { decodeConfigurations } from '../../../src/lib/memory/url-state';
import { DECODE_CALIBRATION } from '../../../src/lib/runtime/decode-measurements';
import { servingEfficiencies } from '../../../src/lib/serving/efficiency';
import { CostResult } from '../../../src/islands/CostCalculator';
import ResultView from '../../../src/islands/memory/ResultView';
import ComparisonTable from '../../../src/islands/memory/ComparisonTable';
import type { Evaluated } from '../../../src/islands/MemoryCalculator';
import { loadGpus, loadModels } from '../../../scripts/lib/catalog';

const models = loadModels().map(({ model }) => model);
const allGpus = toGpuSpecs(loadGpus().map(({ gpu }) => gpu));
const readList = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as unknown[];

export const costCatalog: CostCatalog = {
  models,
  gpus: toGpuSpecs(loadGpus().map(({ gpu }) => gpu).filter((gpu) => gpu.kind !== 'apple-unified')),
  apiPrices: readList('content/prices/api.json').map((entry) => apiPriceSchema.parse(entry)),
  gpuHourPrices: readList('content/prices/gpu-hours.json').map((entry) => gpuHourPriceSchema.parse(entry)),
};
const memoryCatalog = { models, gpus: allGpus };
const efficiency = servingEfficiencies();

/** Values that have broken number fields somewhere: underflow, overflow, signs, other notations, markup. */
const HOSTILE_TEXT = [
  '', ' ', '0', '-0', '-1', '1e-320', '5e-324', '1e-300', '1e-7', '0.0000001', '1e308', '1e309', '1e300', '99999999999999999999',
  'NaN', 'Infinity', '-Infinity', '0x10', '1,5', '2,500', '1_000', '1e9', '.5', '5.', '+3', '\n', '<b>x</b>', 'null', 'undefined', '🙂',
];

function valueArbitrary(ids: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_TEXT) },
    { weight: 2, arbitrary: fc.double().map(String) },
    { weight: 2, arbitrary: fc.integer({ min: -10, max: 2_000_000 }).map(String) },
    { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
    { weight: ids.length ? 3 : 0, arbitrary: fc.constantFrom(...(ids.length ? ids : [''])) },
  );
}

/** A query string setting any subset of `fields` to hostile, random or valid values. */
export function queryArbitrary(fields: readonly string[], ids: readonly string[]): fc.Arbitrary<string> {
  return fc
    .dictionary(fc.constantFrom(...fields), valueArbitrary(ids), { maxKeys: 8 })
    .map((values) => new URLSearchParams(values).toString());
}

const memoryIds = [...models.map((model) => model.id), ...allGpus.map((gpu) => gpu.id), 'q4_k_m', 'fp16', 'mxfp4', 'nf4', 'lora', 'qlora', 'full', 'vllm', 'llama.cpp', 'transformers', 'custom', 'none', 'true', 'layer', 'row'];
const costIds = [...costCatalog.models.map((model) => model.id), ...costCatalog.gpus.map((gpu) => gpu.id), ...costCatalog.apiPrices.map((price) => price.id), 'fp8', 'q4_k_m', 'bf16', 'vllm', 'llama.cpp', 'buy', 'rent'];

export const memoryQuery = fc.oneof(
  queryArbitrary(FIELDS, memoryIds),
  // Compared configurations nest a second and third query.
  fc.tuple(queryArbitrary(FIELDS, memoryIds), queryArbitrary(FIELDS, memoryIds)).map(([first, second]) => `${first}&c2=${encodeURIComponent(second)}`),
);
export const costQuery = queryArbitrary(COST_FIELDS, costIds);

/** What no reader should ever see in a result. */
function checkText(html: string, query: string): void {
  const text = html.replace(/<[^>]+>/g, ' ').replace(/&#x2F;/g, '/').replace(/&amp;/g, '&');
  const problems = [
    [/\bNaN\b/, 'NaN'],
    [/Infinity|∞/, 'an infinite figure'],
    [/\bundefined\b/, 'undefined'],
    [/\$[\d,.]{26,}/, 'a dollar figure of 26 characters or more'],
    [/[\d,.]{40,}/, 'a number of 40 characters or more'],
    [/(?:^|[\s(])[-−]\$/, 'a negative amount of money'],
  ] as const;
  for (const [pattern, what] of problems) {
    const match = pattern.exec(text);
    if (match) throw new Error(`?${query} shows ${what}: …${text.slice(Math.max(0, match.index - 60), match.index + 60)}…`);
  }
}

function finiteNonNegative(value: number, name: string, query: string): void {
  if (!Number.isFinite(value) || value < 0) throw new Error(`?${query}: ${name} is ${value}`);
}

/** The memory calculator opened at `?query`: every configuration parsed, answered and rendered. */
export function checkMemoryQuery(query: string): void {
  const evaluated: Evaluated[] = decodeConfigurations(query).map((raw) => {
    const parsed = parseMemoryRequest(raw, memoryCatalog);
    if (!parsed.ok) {
      for (const error of parsed.errors) if (!error.message.trim()) throw new Error(`?${query}: an empty message for ${error.field}`);
      // Opened from a link, there is no earlier result of the reader's to keep showing.
      return { raw, errors: parsed.errors, stale: true };
    }
    const answer = answerMemoryRequest(parsed.request, allGpus, DECODE_CALIBRATION);
    finiteNonNegative(answer.breakdown.totalBytes, 'the total', query);
    // The math and the every-GPU list render only once opened in the browser; check what they would show.
    const math = explainAnswer(parsed.request.input, answer).map((line) => `${line.label}: ${line.result} ${line.formula}`);
    const fits = fitAcrossGpus(parsed.request.input, allGpus).map(({ gpu, gpusNeeded }) => `${gpu.name} ${gpusNeeded ?? 'none'}`);
    checkText([...math, ...fits].join('\n'), query);
    return { raw, errors: [], request: parsed.request, answer, stale: false };
  });
  let html = evaluated.map((entry, index) => renderToString(<ResultView evaluated={entry} gpus={allGpus} idPrefix={`c${index}`} waiting={signal(false)} />)).join('');
  if (evaluated.length > 1) html += renderToString(<ComparisonTable evaluated={evaluated} models={models} />);
  checkText(html, query);
}

/** The cost calculator opened at `?query`. */
export function checkCostQuery(query: string): void {
  const raw = decodeFields(COST_FIELDS, new URLSearchParams(query), COST_DEFAULTS);
  const parsed = parseCostRequest(raw, costCatalog);
  if (!parsed.ok) {
    for (const error of parsed.errors) if (!error.message.trim()) throw new Error(`?${query}: an empty message for ${error.field}`);
    return;
  }
  const answer = answerCostRequest(parsed.request, costCatalog, efficiency);
  finiteNonNegative(answer.tokensPerMonth, 'tokens a month', query);
  for (const row of answer.apis) finiteNonNegative(row.monthlyUsd, `${row.price.id} a month`, query);
  if (answer.selfHosted) {
    finiteNonNegative(answer.selfHosted.monthlyUsd, 'self-hosting a month', query);
    finiteNonNegative(answer.selfHosted.usdPerMillion, 'self-hosting per million', query);
  }
  checkText(renderToString(<CostResult request={parsed.request} answer={answer} efficiency={efficiency} />), query);
}
