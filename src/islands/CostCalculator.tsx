/**
 * The cost calculator: a workload, up to three per-token APIs and a self-hosted replica, compared month by month.
 * The cost engine does the math; this file keeps each field's raw text, shows each field's own error beside it,
 * keeps the last good result on screen while a field is being fixed, and mirrors the inputs in the address bar.
 */
import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import { answerCostRequest, type CostAnswer } from '../lib/cost/answer';
import { explainCost } from '../lib/cost/explain';
import { MAX_GPUS_PER_REPLICA } from '../lib/cost/capacity';
import { API_SLOTS, COST_DEFAULTS, COST_FIELDS, cheapestOnDemand, parseCostRequest, type CostCatalog, type CostField, type CostRequest, type RawCostRequest } from '../lib/cost/request';
import { decodeFields, encodeFields } from '../lib/input/query';
import { WEIGHT_PRECISIONS } from '../lib/memory/precisions';
import { formatUsd } from '../lib/format/money';
import { formatCount } from '../lib/format/numbers';
import CostChart, { SERIES_COLORS } from './cost/CostChart';

interface Props {
  catalog: CostCatalog;
  /** Median share of the bandwidth bound published llama.cpp runs reach. */
  efficiency: number;
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

export default function CostCalculator({ catalog, efficiency }: Props) {
  const raw = useSignal<RawCostRequest>({ ...COST_DEFAULTS });
  const ready = useSignal(false);
  const lastGood = useRef<{ request: CostRequest; answer: CostAnswer } | undefined>(undefined);

  useEffect(() => {
    if (window.location.search) {
      // The server rendered the defaults; a link with a bad field must not keep showing their result as its own.
      lastGood.current = undefined;
      raw.value = decodeFields(COST_FIELDS, new URLSearchParams(window.location.search), COST_DEFAULTS);
    }
    ready.value = true;
  }, []);
  useEffect(() => {
    if (!ready.value) return;
    const query = encodeFields(COST_FIELDS, raw.value, COST_DEFAULTS).toString();
    window.history.replaceState(null, '', `${window.location.pathname}${query ? `?${query}` : ''}${window.location.hash}`);
  }, [raw.value, ready.value]);

  const parsed = parseCostRequest(raw.value, catalog);
  if (parsed.ok) lastGood.current = { request: parsed.request, answer: answerCostRequest(parsed.request, catalog, efficiency) };
  const errors = parsed.ok ? [] : parsed.errors;
  const errorFor = (field: CostField) => errors.find((error) => error.field === field)?.message;
  const set = (patch: RawCostRequest) => {
    raw.value = { ...raw.value, ...patch };
  };
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
    onChange: (event: Event) => set({ [field]: (event.currentTarget as HTMLSelectElement).value }),
  });
  const field = (name: CostField, label: string, control: ComponentChildren, hint?: ComponentChildren) => (
    <Field id={`cost-${name}`} label={label} error={errorFor(name)} hint={hint}>
      {control}
    </Field>
  );

  const listedGpuPrice = cheapestOnDemand(catalog.gpuHourPrices, raw.value.gpu ?? '');
  const closed = catalog.apiPrices.filter((price) => price.kind === 'closed');
  const hosted = catalog.apiPrices.filter((price) => price.kind === 'open-hosted');
  const good = lastGood.current;

  return (
    <div class="cost-calculator olg-tool not-content">
      <fieldset disabled={!ready.value}>
        <legend>Your workload</legend>
        <div class="grid">
          {field('requests', 'Requests per day', <input {...input('requests')} />)}
          {field('input', 'Input tokens per request', <input {...input('input', { mode: 'numeric' })} />)}
          {field('output', 'Output tokens per request', <input {...input('output', { mode: 'numeric' })} />)}
          {field('cached', 'Cached input (%)', <input {...input('cached')} />, 'Share of input the API serves from its prompt cache.')}
          {field('growth', 'Growth per month (%)', <input {...input('growth')} />)}
        </div>
      </fieldset>

      <fieldset disabled={!ready.value}>
        <legend>APIs to compare</legend>
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
                  {field(`api${slot}-in`, 'Input $/1M', <input {...input(`api${slot}-in`, { placeholder: String(entry.inputUsdPerMillion) })} />)}
                  {field(`api${slot}-out`, 'Output $/1M', <input {...input(`api${slot}-out`, { placeholder: String(entry.outputUsdPerMillion) })} />)}
                  {field(
                    `api${slot}-cached`,
                    'Cached $/1M',
                    <input {...input(`api${slot}-cached`, { placeholder: entry.cachedInputUsdPerMillion === undefined ? 'not listed' : String(entry.cachedInputUsdPerMillion) })} />,
                  )}
                  <p class="source">
                    Listed price{entry.asOf ? ` as of ${entry.asOf}` : ''}, read {entry.read}: <a href={entry.url}>source</a>. Type over it to use yours.
                  </p>
                </div>
              )}
            </div>
          );
        })}
      </fieldset>

      <fieldset disabled={!ready.value}>
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
            'gpu',
            'GPU',
            <select {...select('gpu')}>
              {catalog.gpus.map((gpu) => (
                <option value={gpu.id}>{gpu.name}</option>
              ))}
            </select>,
          )}
          {field(
            'gpu-price',
            '$ per GPU-hour',
            <input {...input('gpu-price', { placeholder: listedGpuPrice ? String(listedGpuPrice.usdPerGpuHour) : 'enter a price' })} />,
            listedGpuPrice ? (
              <>
                Cheapest listed on-demand: {listedGpuPrice.provider}
                {listedGpuPrice.asOf ? `, ${listedGpuPrice.asOf}` : ''} (<a href={listedGpuPrice.url}>source</a>)
              </>
            ) : (
              'No price listed for this GPU: enter yours.'
            ),
          )}
          {field('seqs', 'Concurrent sequences', <input {...input('seqs', { mode: 'numeric' })} />)}
          {field('util', 'Utilization (%)', <input {...input('util')} />, 'Share of capacity real traffic can use.')}
          {field('hours', 'Hours running per day', <input {...input('hours')} />, '24 when always on; fewer when scaled to zero.')}
          {field('tps', 'Measured output tokens/s (optional)', <input {...input('tps', { placeholder: 'estimate' })} />, 'Per replica, if you have benchmarked it.')}
        </div>
      </fieldset>

      {!parsed.ok && good && <p class="stale-note">Showing the last valid result until the highlighted field is corrected.</p>}
      {good ? <CostResult request={good.request} answer={good.answer} efficiency={efficiency} /> : <p class="error">Correct the highlighted fields to see a result.</p>}
    </div>
  );
}

export function CostResult({ request, answer, efficiency }: { request: CostRequest; answer: CostAnswer; efficiency: number }) {
  const { selfHosted, capacity } = answer;
  const percent = (share: number) => `${Math.round(share * 100)}%`;
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
              </th>
              <td>{formatUsd(row.monthlyUsd)}</td>
              <td>{formatUsd(row.blendedUsdPerMillion)}</td>
              <td>{row.breakEvenTokensPerMonth === null ? 'never' : `${formatCount(row.breakEvenTokensPerMonth)} tokens/month`}</td>
            </tr>
          ))}
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
      {selfHosted && (
        <p>
          One replica ({capacity.gpusPerReplica} GPU{capacity.gpusPerReplica! > 1 ? 's' : ''}, {WEIGHT_PRECISIONS[request.weightPrecision].label}, {request.concurrentSequences} sequences at a time) costs{' '}
          {formatUsd(selfHosted.replicaMonthlyUsd)} a month and serves up to {formatCount(selfHosted.capacityTokensPerMonth)} tokens a month at{' '}
          {percent(request.utilization)} utilization: another replica is needed at each multiple of that.
        </p>
      )}
      <CostChart answer={answer} />
      <details class="math">
        <summary>Show the math</summary>
        <ul>
          {explainCost(request, answer, efficiency).map((line) => (
            <li>{line}</li>
          ))}
        </ul>
      </details>
    </div>
  );
}
