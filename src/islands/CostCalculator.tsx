/**
 * The cost calculator: a workload, up to three per-token APIs and a self-hosted replica, compared month by month.
 * The cost engine does the math; this file keeps each field's raw text, shows each field's own error beside it,
 * keeps the last good result on screen while a field is being fixed, and mirrors the inputs in the address bar.
 */
import { useMemo, useRef, useState } from 'preact/hooks';
import { costQuery, storedCostAnswerFor, type StartingCost } from '../lib/cost/starting';
import { useAddressState } from './shared/address';
import { useCommitted } from './shared/committed';
import { useJsonProp } from './shared/json-prop';
import CopyLink from './shared/CopyLink';
import SummaryBar from './shared/SummaryBar';
import { keepResultsInView } from './shared/results-in-view';
import { summarizeCostAnswer } from '../lib/cost/summary';
import { gpuOptionLabel } from '../lib/format/gpu-memory';
import type { ComponentChildren } from 'preact';
import { answerCostRequest, type CostAnswer, type Efficiencies } from '../lib/cost/answer';
import { explainCost, formatSeconds, longContextText } from '../lib/cost/explain';
import { longContextApplies } from '../lib/cost/cost';
import { MAX_GPUS_PER_REPLICA } from '../lib/serving/capacity';
import { RUNTIME_LABELS } from '../lib/runtime/runtime';
import {
  API_SLOTS,
  COST_DEFAULTS,
  COST_FIELDS,
  SERVING_RUNTIMES,
  cheapestOnDemand,
  choose,
  parseCostRequest,
  pricesReadOn,
  withListedPrices,
  type CostCatalog,
  type CostField,
  type CostRequest,
  type RawCostRequest,
} from '../lib/cost/request';
import { decodeFields } from '../lib/input/query';
import { WEIGHT_PRECISIONS } from '../lib/memory/precisions';
import { formatUsd } from '../lib/format/money';
import { formatCount, formatInteger, formatRate } from '../lib/format/numbers';
import CostChart, { SERIES_COLORS } from './cost/CostChart';

interface Props {
  /** The catalog and price lists as JSON text (see shared/json-prop.ts). */
  catalogJson: string;
  /** Shares of the decode and prefill bounds each runtime reaches (src/lib/serving/efficiency.ts). */
  efficiency: Efficiencies;
  /** The answer for the default inputs, worked out at build time (lib/cost/starting.ts), as JSON text. */
  startingJson: string;
}

function Field({ id, label, error, hint, children }: { id: string; label: string; error?: string; hint?: ComponentChildren; children: ComponentChildren }) {
  return (
    <div class={`field${error ? ' has-error' : ''}`}>
      <label for={id}>{label}</label>
      {children}
      {hint && !error && <p class="hint" id={`${id}-hint`}>{hint}</p>}
      {error && (
        <p class="error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

export default function CostCalculator({ catalogJson, efficiency, startingJson }: Props) {
  const catalog = useJsonProp<CostCatalog>(catalogJson);
  const starting = useJsonProp<StartingCost | null>(startingJson);
  // Every price box starts with the listed price it stands for (see withListedPrices), on the server too.
  const { live: raw, committed, set: setRaw, commit } = useCommitted<RawCostRequest>(withListedPrices(COST_DEFAULTS, catalog));
  const lastGood = useRef<{ request: CostRequest; answer: CostAnswer } | undefined>(undefined);
  const currentPrices = pricesReadOn(catalog);

  const waiting = useAddressState(
    (search) => {
      // The server rendered the defaults; a link with a bad field must not keep showing their result as its own.
      lastGood.current = undefined;
      setRaw(withListedPrices(decodeFields(COST_FIELDS, new URLSearchParams(search), COST_DEFAULTS), catalog), true);
    },
    // Every value is written, defaults included, so a link keeps its meaning when the defaults or prices change.
    () => costQuery(committed.value),
  );

  // Worked out again only when the committed inputs change, not on each keystroke in a field.
  const parsed = useMemo(() => {
    const result = parseCostRequest(committed.value, catalog);
    if (result.ok) lastGood.current = { request: result.request, answer: storedCostAnswerFor(committed.value, starting) ?? answerCostRequest(result.request, catalog, efficiency) };
    return result;
  }, [committed.value]);
  const errors = parsed.ok ? [] : parsed.errors;
  const errorFor = (field: CostField) => errors.find((error) => error.field === field)?.message;
  const set = (patch: RawCostRequest, now = false) => setRaw({ ...raw.value, ...patch }, now);
  const input = (field: CostField, options: { placeholder?: string; mode?: 'numeric' | 'decimal' } = {}) => ({
    id: `cost-${field}`,
    value: raw.value[field] ?? '',
    inputMode: options.mode ?? 'decimal',
    placeholder: options.placeholder,
    autoComplete: 'off',
    'aria-invalid': errorFor(field) ? true : undefined,
    'aria-describedby': errorFor(field) ? `cost-${field}-error` : undefined,
    onInput: (event: Event) => set({ [field]: (event.currentTarget as HTMLInputElement).value }),
  });
  const select = (field: CostField) => ({
    id: `cost-${field}`,
    value: raw.value[field] ?? '',
    'aria-invalid': errorFor(field) ? true : undefined,
    'aria-describedby': errorFor(field) ? `cost-${field}-error` : undefined,
    onChange: (event: Event) => setRaw(choose(raw.value, field, (event.currentTarget as HTMLSelectElement).value, catalog), true),
  });
  const field = (name: CostField, label: string, control: ComponentChildren, hint?: ComponentChildren) => (
    <Field id={`cost-${name}`} label={label} error={errorFor(name)} hint={hint}>
      {control}
    </Field>
  );

  const listedGpuPrice = cheapestOnDemand(catalog.gpuHourPrices, raw.value.gpu ?? '');
  const listedGpu = catalog.gpus.find((gpu) => gpu.id === raw.value.gpu);
  const buying = raw.value.pay === 'buy';
  const closed = catalog.apiPrices.filter((price) => price.kind === 'closed');
  const hosted = catalog.apiPrices.filter((price) => price.kind === 'open-hosted');
  const good = lastGood.current;
  const stale = !parsed.ok && good !== undefined;
  const tokensMode = raw.value.volume === 'tokens';
  const linkPrices = committed.value.prices;

  return (
    // A change event means a committed value: a choice made, or a text field left or entered.
    <div class="cost-calculator olg-tool olg-app not-content" onChange={commit} onFocusIn={keepResultsInView}>
      <div class="olg-app-inputs">
        <fieldset disabled={waiting}>
          <legend>Your workload</legend>
          <div class="grid">
            {field(
              'volume',
              'Volume given as',
              <select {...select('volume')}>
                <option value="requests">Requests per day</option>
                <option value="tokens">Tokens per day</option>
              </select>,
            )}
            {tokensMode
              ? field('tokens-day', 'Tokens per day (input + output)', <input {...input('tokens-day', { mode: 'numeric' })} />)
              : field('requests', 'Requests per day', <input {...input('requests')} />)}
            {field('input', 'Input tokens per request', <input {...input('input', { mode: 'numeric' })} />, tokensMode ? 'A typical request: it sets each sequence’s context.' : undefined)}
            {field('output', 'Output tokens per request', <input {...input('output', { mode: 'numeric' })} />)}
            {field('reasoning', 'Reasoning tokens per request', <input {...input('reasoning', { mode: 'numeric' })} />, 'Hidden “thinking” a reasoning model writes first: generated and billed as output.')}
            {field('cached', 'Cached input (%)', <input {...input('cached')} />, 'Share of input the API serves from its prompt cache.')}
            {field('cache-write', 'Input written to the cache (%)', <input {...input('cache-write')} />, 'Share of input stored for later requests; some APIs bill that apart.')}
            {field('growth', 'Growth per month (%)', <input {...input('growth')} />)}
          </div>
        </fieldset>

        <fieldset disabled={waiting} class="apis">
          <legend>APIs to compare (US$ per million tokens)</legend>
          {API_SLOTS.map((slot) => {
            const id = raw.value[`api${slot}`];
            const entry = catalog.apiPrices.find((price) => price.id === id);
            return (
              <div class="api-slot">
                {field(
                  `api${slot}`,
                  `API ${slot}`,
                  <select {...select(`api${slot}`)}>
                    <option value="">None</option>
                    <optgroup label="Closed models">
                      {closed.map((price) => (
                        <option value={price.id}>{`${price.model} (${price.provider})`}</option>
                      ))}
                    </optgroup>
                    <optgroup label="Hosted open models">
                      {hosted.map((price) => (
                        <option value={price.id}>{`${price.model} (${price.provider})`}</option>
                      ))}
                    </optgroup>
                  </select>,
                )}
                {entry && (
                  <div class="prices">
                    {field(`api${slot}-in`, 'Input', <input {...input(`api${slot}-in`)} aria-label={`API ${slot} input $/1M`} />)}
                    {field(`api${slot}-out`, 'Output', <input {...input(`api${slot}-out`)} aria-label={`API ${slot} output $/1M`} />)}
                    {field(
                      `api${slot}-cached`,
                      'Cached',
                      <input {...input(`api${slot}-cached`, { placeholder: entry.cachedInputUsdPerMillion === undefined ? 'not listed' : undefined })} aria-label={`API ${slot} cached input $/1M`} />,
                    )}
                    {field(
                      `api${slot}-write`,
                      'Cache writes',
                      <input {...input(`api${slot}-write`, { placeholder: entry.cacheWriteUsdPerMillion === undefined ? 'not listed' : undefined })} aria-label={`API ${slot} cache writes $/1M`} />,
                    )}
                    <p class="source">
                      Listed{entry.asOf ? ` as of ${entry.asOf}` : ''}, read {entry.read} (<a href={entry.url}>source</a>).
                      {entry.longContext && ` ${longContextText(entry.longContext)}`} Type over a price to use yours; empty a box to go back to it.
                    </p>
                  </div>
                )}
              </div>
            );
          })}
        </fieldset>

        <fieldset disabled={waiting}>
          <legend>Self-hosting</legend>
          <div class="grid">
            {field(
              'model',
              'Model',
              <select {...select('model')}>
                {catalog.models.map((model) => (
                  <option value={model.id}>{model.name}</option>
                ))}
              </select>,
            )}
            {field(
              'precision',
              'Weight format',
              <select {...select('precision')}>
                {Object.values(WEIGHT_PRECISIONS).map((precision) => (
                  <option value={precision.id}>{precision.label}</option>
                ))}
              </select>,
            )}
            {field(
              'runtime',
              'Serving runtime',
              <select {...select('runtime')}>
                {SERVING_RUNTIMES.map((runtime) => (
                  <option value={runtime}>{RUNTIME_LABELS[runtime]}</option>
                ))}
              </select>,
              'vLLM batches many requests at once; llama.cpp serves GGUF files.',
            )}
            {field(
              'gpu',
              'GPU',
              <select {...select('gpu')}>
                {catalog.gpus.map((gpu) => (
                  <option value={gpu.id}>{gpuOptionLabel(gpu)}</option>
                ))}
              </select>,
            )}
            {field(
              'pay',
              'Renting or buying',
              <select {...select('pay')}>
                <option value="rent">Rented by the hour</option>
                <option value="buy">Bought</option>
              </select>,
            )}
            {buying ? (
              <>
                {field('card-usd', 'Price of one GPU ($)', <input {...input('card-usd', { placeholder: 'your quote' })} />, 'What one card (or its share of a server) costs you.')}
                {field('years', 'Years to write it off', <input {...input('years')} />, 'The cost is spread evenly over these years.')}
                {field(
                  'watts',
                  'Power per GPU (W)',
                  <input {...input('watts', { placeholder: 'enter watts' })} />,
                  listedGpu?.boardPowerWatts ? `The card’s board power; add its share of the host and cooling if you pay for them.` : 'No board power listed for this GPU: enter yours.',
                )}
                {field('kwh-usd', 'Electricity ($ per kWh)', <input {...input('kwh-usd', { placeholder: 'your rate' })} />, 'From your power bill or contract.')}
              </>
            ) : (
              field(
                'gpu-price',
                '$ per GPU-hour',
                <input {...input('gpu-price', { placeholder: listedGpuPrice ? undefined : 'enter a price' })} />,
                listedGpuPrice ? (
                  <>
                    Cheapest listed on-demand: {listedGpuPrice.provider}
                    {listedGpuPrice.asOf ? `, ${listedGpuPrice.asOf}` : ''} (<a href={listedGpuPrice.url}>source</a>)
                  </>
                ) : (
                  'No price listed for this GPU: enter yours.'
                ),
              )
            )}
            {field('seqs', 'Most sequences at once', <input {...input('seqs', { mode: 'numeric' })} />, 'The server’s limit (vLLM’s max_num_seqs, llama.cpp’s slots); memory may allow fewer. Empty it for the runtime’s default.')}
            {field('per-user', 'Speed each user needs (tokens/s)', <input {...input('per-user', { placeholder: 'no target' })} />, 'Optional. A replica then runs fewer sequences at once, and the load takes more replicas.')}
            {field('ttft', 'First token within (s)', <input {...input('ttft', { placeholder: 'no target' })} />, 'Optional. Requests queue as a replica fills, so it then runs less busy, and the load takes more replicas.')}
            {field('util', 'Utilization (%)', <input {...input('util')} />, 'Share of capacity real traffic can use.')}
            {field('hours', 'Hours running per day', <input {...input('hours')} />, '24 when always on; fewer when scaled to zero.')}
            {field('peak', 'Peak traffic over average (×)', <input {...input('peak')} />, 'The busiest hour against the day’s average, 1 to 2: replicas are sized for it.')}
            {field('tps', 'Measured output tokens/s (optional)', <input {...input('tps', { placeholder: 'estimate' })} />, 'Per replica, if you have benchmarked it.')}
          </div>
        </fieldset>
      </div>

      {good && (
        <SummaryBar target="cost-result" link="Full result" stale={stale}>
          {summarizeCostAnswer(good.answer)}
        </SummaryBar>
      )}
      <div class="olg-app-results" id="cost-result">
        <p class="olg-awaits-note">Reading the settings in the link…</p>
        {stale && <p class="stale-note">Showing the last valid result, dimmed, until the field marked in red is corrected.</p>}
        {linkPrices !== currentPrices && (
          <p class="hint">
            This link keeps the prices it was made with (read on {linkPrices}); the lists here were last read on {currentPrices}. Empty a price box for today’s listed price.
          </p>
        )}
        <div class={`olg-awaits-url${stale ? ' is-stale' : ''}`}>
          {good ? <CostResult request={good.request} answer={good.answer} efficiency={efficiency} /> : <p class="error">Correct the fields marked in red to see a result.</p>}
        </div>
        <CopyLink disabled={waiting} />
      </div>
    </div>
  );
}

const percent = (share: number) => `${Math.round(share * 100)}%`;

/** "Show the math", worked out when first opened, so the page does not build and hydrate it at load. */
function MathList({ request, answer, efficiency }: { request: CostRequest; answer: CostAnswer; efficiency: Efficiencies }) {
  const [opened, setOpened] = useState(false);
  return (
    <details class="math" onToggle={(event) => (event.currentTarget as HTMLDetailsElement).open && setOpened(true)}>
      <summary>Show the math</summary>
      {opened ? (
        <ul>
          {explainCost(request, answer, efficiency).map((line) => (
            <li>{line}</li>
          ))}
        </ul>
      ) : (
        <p class="hint">Worked out in your browser when opened (this needs JavaScript).</p>
      )}
    </details>
  );
}

/** Own replicas for the base of the day, the peaks to the cheapest API (lib/cost/cost.ts, hybridPlan). */
function HybridRow({ hybrid, tokensPerMonth }: { hybrid: NonNullable<CostAnswer['hybrid']>; tokensPerMonth: number }) {
  const share = tokensPerMonth > 0 ? hybrid.overflowTokensPerMonth / tokensPerMonth : 0;
  const plan =
    hybrid.replicas === 0
      ? `None: ${hybrid.api.label} alone is cheaper`
      : hybrid.overflowTokensPerMonth === 0
        ? `${hybrid.replicas} replica${hybrid.replicas > 1 ? 's' : ''}, no overflow: the same as self-hosting`
        : `${hybrid.replicas} of the ${hybrid.peakReplicas} replica${hybrid.peakReplicas > 1 ? 's' : ''} the peak needs; ${share < 0.005 ? 'under 1%' : percent(share)} of tokens to ${hybrid.api.label}`;
  return (
    <tr>
      <th scope="row">Hybrid (own base, API peaks)</th>
      <td>{formatUsd(hybrid.monthlyUsd)}</td>
      <td>{formatUsd(hybrid.usdPerMillion)}</td>
      <td>{plan}</td>
    </tr>
  );
}

/** What one replica serves: the sequences that fit, the speed all users share, what each sees, the first token. */
function CapacityTable({ request, answer }: { request: CostRequest; answer: CostAnswer }) {
  const { capacity } = answer;
  const gpu = answer.gpuName;
  const measured = request.measuredOutputTokensPerSecond;
  const context = request.workload.inputTokensPerRequest + request.workload.outputTokensPerRequest;
  return (
    <table class="capacity">
      <caption>What one replica serves</caption>
      <tbody>
        <tr>
          <th scope="row">Runs on</th>
          <td>
            {capacity.gpusPerReplica} × {gpu}, {WEIGHT_PRECISIONS[request.weightPrecision].label}, {RUNTIME_LABELS[capacity.runtime]}
          </td>
        </tr>
        <tr>
          <th scope="row">Sequences that fit</th>
          <td>
            {formatInteger(capacity.maxConcurrentSequences)} of {formatInteger(context)} tokens; {formatInteger(capacity.concurrency)} {capacity.concurrency === 1 ? 'runs' : 'run'} at once
            {capacity.limitedBy === 'server' && ' (the server’s limit)'}
            {capacity.limitedBy === 'speed-target' && capacity.targetMet && ' (more would slow each user below your target)'}
          </td>
        </tr>
        <tr>
          <th scope="row">Output, all users together</th>
          <td>
            {measured === undefined ? `about ${formatInteger(capacity.aggregateTokensPerSecond)} tokens/s` : `${formatInteger(measured)} tokens/s (your measurement; the estimate is ${formatInteger(capacity.aggregateTokensPerSecond)})`}
          </td>
        </tr>
        <tr>
          <th scope="row">Output each user sees</th>
          <td>
            about {formatRate(capacity.perUserTokensPerSecond)} tokens/s when {formatInteger(capacity.concurrency)} {capacity.concurrency === 1 ? 'runs' : 'run'} at once
            {capacity.targetMet === false && (
              <strong class="below-target">: below the {formatRate(request.perUserTarget!)} tokens/s you need, even one at a time. Choose a faster GPU or a smaller format.</strong>
            )}
          </td>
        </tr>
        <tr>
          <th scope="row">First token, idle replica</th>
          <td>
            {capacity.prefillBoundTokensPerSecond === null ? 'not estimated (no published compute figure for this GPU)' : `about ${formatSeconds(capacity.timeToFirstTokenSeconds)} for a ${formatInteger(request.workload.inputTokensPerRequest)}-token prompt`}
            {answer.firstToken && answer.firstToken.allowedUtilization === null && (
              <strong class="below-target">: slower than the {formatSeconds(request.firstTokenTarget!)} you need, even idle. Choose a faster GPU, a smaller format or shorter prompts.</strong>
            )}
            {answer.firstToken?.allowedUtilization != null &&
              `; to start within ${formatSeconds(request.firstTokenTarget!)} as requests queue, a replica may be at most ${percent(answer.firstToken.allowedUtilization)} busy, so it is planned at ${percent(answer.firstToken.plannedUtilization)}`}
          </td>
        </tr>
      </tbody>
    </table>
  );
}

export function CostResult({ request, answer, efficiency }: { request: CostRequest; answer: CostAnswer; efficiency: Efficiencies }) {
  const { selfHosted, capacity } = answer;
  return (
    <div class="cost-result">
      <p class="volume">
        Your workload: <strong>{formatCount(answer.tokensPerMonth)} tokens a month</strong>
        {request.workload.monthlyGrowth !== 0 && `, ${formatCount(answer.tokensPerMonthInAYear)} in twelve months`}.
      </p>
      <table>
        <caption>Monthly cost at your volume</caption>
        <thead>
          <tr>
            <th scope="col">Option</th>
            <th scope="col">Per month</th>
            <th scope="col">Per 1M tokens</th>
            <th scope="col">Self-hosting is cheaper from</th>
          </tr>
        </thead>
        <tbody>
          {answer.apis.map((row, index) => (
            <tr>
              <th scope="row">
                <span class="swatch" style={{ background: SERIES_COLORS[index] }} aria-hidden="true" />
                {row.price.label}
                {longContextApplies(row.price, request.workload) && <span class="muted"> (long-context rates)</span>}
              </th>
              <td>{formatUsd(row.monthlyUsd)}</td>
              <td>{formatUsd(row.blendedUsdPerMillion)}</td>
              <td>{row.breakEvenTokensPerMonth === null ? 'never' : `${formatCount(row.breakEvenTokensPerMonth)} tokens/month`}</td>
            </tr>
          ))}
          {answer.hybrid && <HybridRow hybrid={answer.hybrid} tokensPerMonth={answer.tokensPerMonth} />}
          <tr>
            <th scope="row">
              <span class="swatch self" aria-hidden="true" />
              Self-hosted
            </th>
            {selfHosted ? (
              <>
                <td>{formatUsd(selfHosted.monthlyUsd)}</td>
                <td>{formatUsd(selfHosted.usdPerMillion)}</td>
                <td>
                  {selfHosted.replicas} replica{selfHosted.replicas > 1 ? 's' : ''} × {capacity.gpusPerReplica} GPU{capacity.gpusPerReplica! > 1 ? 's' : ''}
                </td>
              </>
            ) : (
              <td colSpan={3}>
                {capacity.gpusNeeded === null
                  ? 'The model does not fit on any number of these GPUs.'
                  : `A replica would need ${capacity.gpusNeeded} of these GPUs; this calculator prices replicas of up to ${MAX_GPUS_PER_REPLICA} (one server). Choose a larger GPU or a smaller format.`}
              </td>
            )}
          </tr>
        </tbody>
      </table>
      {selfHosted && <CapacityTable request={request} answer={answer} />}
      {selfHosted && (
        <p>
          One replica costs {formatUsd(selfHosted.replicaMonthlyUsd)} a month and serves up to {formatCount(selfHosted.capacityTokensPerMonth)} tokens a month at{' '}
          {percent(request.utilization)} utilization: another replica is needed at each multiple of that.
        </p>
      )}
      <CostChart answer={answer} />
      <MathList request={request} answer={answer} efficiency={efficiency} />
    </div>
  );
}
