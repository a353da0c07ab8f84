/**
 * The model finder: the reader's task, memory, licence, openness and context needs in; catalog models out,
 * ranked, each with the reasons it fits or does not. Ranking is done by the catalog engine.
 */
import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { findModels, type FinderModel, type FinderQuery, type FinderResult } from '../lib/catalog/finder';
import { LICENSE_NEED_LABELS, type LicenseNeed } from '../lib/catalog/labels';
import { TASKS, taskById } from '../lib/catalog/tasks';
import { usableBytes, type GpuSpec } from '../lib/memory/placement';
import { WEIGHT_PRECISIONS } from '../lib/memory/precisions';

interface Props {
  models: FinderModel[];
  gpus: GpuSpec[];
  base: string;
}

interface RawQuery {
  task: string;
  gpu: string;
  memoryGb: string;
  license: LicenseNeed;
  openness: FinderQuery['openness'];
  context: string;
}

const SHOWN = 5;

function parseQuery(raw: RawQuery, gpus: readonly GpuSpec[]): { query?: FinderQuery; errors: Partial<Record<keyof RawQuery, string>> } {
  const errors: Partial<Record<keyof RawQuery, string>> = {};
  const task = taskById(raw.task);
  if (!task) errors.task = 'Choose a task.';
  let memoryBytes: number | undefined;
  if (raw.gpu === 'custom') {
    const gb = Number(raw.memoryGb);
    if (raw.memoryGb.trim() === '' || !Number.isFinite(gb) || gb <= 0 || gb > 100_000) errors.memoryGb = 'Enter the memory in GB, a number above 0 and at most 100,000.';
    else memoryBytes = gb * 1e9;
  } else {
    const gpu = gpus.find((candidate) => candidate.id === raw.gpu);
    if (gpu) memoryBytes = usableBytes(gpu);
    else errors.gpu = 'Choose a GPU, or enter your memory.';
  }
  const context = Number(raw.context);
  if (raw.context.trim() === '' || !Number.isInteger(context) || context < 1 || context > 10_000_000) {
    errors.context = 'Enter a whole number of tokens from 1 to 10,000,000.';
  }
  if (Object.keys(errors).length > 0 || !task || memoryBytes === undefined) return { errors };
  return { query: { task, memoryBytes, license: raw.license, openness: raw.openness, contextTokens: context }, errors };
}

export default function ModelFinder({ models, gpus, base }: Props) {
  const ready = useSignal(false);
  const raw = useSignal<RawQuery>({ task: 'chat', gpu: 'rtx-4090', memoryGb: '24', license: 'any', openness: 'any', context: '8192' });
  const lastResults = useRef<FinderResult[]>([]);
  useEffect(() => {
    ready.value = true;
  }, []);

  const { query, errors } = parseQuery(raw.value, gpus);
  if (query) lastResults.current = findModels(models, query);
  const results = lastResults.current;
  const recommended = results.filter((result) => result.recommended);
  const others = results.filter((result) => !result.recommended);
  const set = <K extends keyof RawQuery>(key: K, value: RawQuery[K]) => {
    raw.value = { ...raw.value, [key]: value };
  };
  const describedBy = (key: keyof RawQuery) => (errors[key] ? `finder-${key}-error` : undefined);
  const error = (key: keyof RawQuery) =>
    errors[key] && (
      <p class="error" id={`finder-${key}-error`}>
        {errors[key]}
      </p>
    );
  const task = taskById(raw.value.task);

  return (
    <div class="model-finder olg-tool not-content">
      <fieldset disabled={!ready.value}>
        <legend>What do you need?</legend>
        <div class="field">
          <label for="finder-task">Task</label>
          <select id="finder-task" value={raw.value.task} onChange={(event) => set('task', event.currentTarget.value)}>
            {TASKS.map((entry) => (
              <option value={entry.id}>{entry.label}</option>
            ))}
          </select>
          {task && <p class="hint">{task.advice}</p>}
        </div>
        <div class="field">
          <label for="finder-gpu">Hardware</label>
          <select id="finder-gpu" value={raw.value.gpu} aria-describedby={describedBy('gpu')} onChange={(event) => set('gpu', event.currentTarget.value)}>
            {gpus.map((gpu) => (
              <option value={gpu.id}>{gpu.name}</option>
            ))}
            <option value="custom">Other: enter memory</option>
          </select>
          {error('gpu')}
        </div>
        {raw.value.gpu === 'custom' && (
          <div class="field">
            <label for="finder-memory">Memory (GB)</label>
            <input
              id="finder-memory"
              inputMode="decimal"
              value={raw.value.memoryGb}
              aria-invalid={errors.memoryGb ? true : undefined}
              aria-describedby={describedBy('memoryGb')}
              onInput={(event) => set('memoryGb', event.currentTarget.value)}
            />
            {error('memoryGb')}
          </div>
        )}
        <div class="field">
          <label for="finder-license">Licence</label>
          <select id="finder-license" value={raw.value.license} onChange={(event) => set('license', event.currentTarget.value as LicenseNeed)}>
            {Object.entries(LICENSE_NEED_LABELS).map(([value, label]) => (
              <option value={value}>{label}</option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="finder-openness">Openness</label>
          <select id="finder-openness" value={raw.value.openness} onChange={(event) => set('openness', event.currentTarget.value as FinderQuery['openness'])}>
            <option value="any">Any</option>
            <option value="open-weights">Weights without a gate</option>
            <option value="fully-open">Fully open (data, code, weights)</option>
          </select>
        </div>
        <div class="field">
          <label for="finder-context">Context needed (tokens)</label>
          <input
            id="finder-context"
            inputMode="numeric"
            value={raw.value.context}
            aria-invalid={errors.context ? true : undefined}
            aria-describedby={describedBy('context')}
            onInput={(event) => set('context', event.currentTarget.value)}
          />
          {error('context')}
        </div>
      </fieldset>

      <h3 class="finder-heading">
        {recommended.length > 0 ? `${recommended.length} models meet every need` : 'No model meets every need'}
        {!query && <span class="stale-note"> (last valid answers shown)</span>}
      </h3>
      <ol class="finder-results">
        {recommended.slice(0, SHOWN).map((result) => (
          <ResultItem result={result} base={base} />
        ))}
      </ol>
      {recommended.length > SHOWN && (
        <details>
          <summary>{recommended.length - SHOWN} more that meet every need</summary>
          <ol class="finder-results" start={SHOWN + 1}>
            {recommended.slice(SHOWN).map((result) => (
              <ResultItem result={result} base={base} />
            ))}
          </ol>
        </details>
      )}
      {others.length > 0 && (
        <details>
          <summary>{others.length} that miss a need, and why</summary>
          <ul class="finder-results">
            {others.map((result) => (
              <ResultItem result={result} base={base} />
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

function ResultItem({ result, base }: { result: FinderResult; base: string }) {
  return (
    <li>
      <a href={`${base}models/${result.model.id}/`}>{result.model.name}</a>
      {result.precision && (
        <>
          {' · '}
          <a href={`${base}calculators/memory/?model=${result.model.id}&precision=${result.precision}`}>
            size it at {WEIGHT_PRECISIONS[result.precision].label}
          </a>
        </>
      )}
      <ul class="reasons">
        {result.reasons.map((reason) => (
          <li class={reason.ok ? 'ok' : reason.soft ? 'caution' : 'miss'}>
            <span aria-hidden="true">{reason.ok ? '✓ ' : reason.soft ? '! ' : '✕ '}</span>
            <span class="sr-only">{reason.ok ? 'Meets: ' : reason.soft ? 'Caution: ' : 'Misses: '}</span>
            {reason.text}
          </li>
        ))}
      </ul>
    </li>
  );
}
