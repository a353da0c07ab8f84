/**
 * The model finder: the reader's task, GPUs, licence, openness and context needs in; catalog models out, sorted,
 * each with the format that fits, the memory it needs, its expected decode speed and the reasons. The catalog
 * engine ranks and the memory engine sizes; this file keeps each field's raw text, shows each field's own error
 * beside it, keeps the last good answer on screen while a field is being fixed, and mirrors every field in the
 * address bar.
 */
import { useSignal } from '@preact/signals';
import { useCommitted } from './shared/committed';
import { useJsonProp } from './shared/json-prop';
import { keepResultsInView } from './shared/results-in-view';
import CopyLink from './shared/CopyLink';
import SummaryBar from './shared/SummaryBar';
import { useMemo, useRef } from 'preact/hooks';
import { useAddressState } from './shared/address';
import type { ComponentChildren } from 'preact';
import { FINDER_SORT_LABELS, findModels, restoreResults, speedText, type FinderModel, type FinderQuery, type FinderResult, type StoredResult } from '../lib/catalog/finder';
import {
  CUSTOM_GPU, FINDER_DEFAULTS, FINDER_FIELD_LABELS, OPENNESS_NEED_LABELS, decodeFinderRequest, encodeFinderRequest, parseFinderRequest, type FinderField,
} from '../lib/catalog/finder-request';
import { LICENSE_NEED_LABELS } from '../lib/catalog/labels';
import { TASKS } from '../lib/catalog/tasks';
import { formatBytes } from '../lib/format/bytes';
import { gpuOptionLabel } from '../lib/format/gpu-memory';
import { LIMITS } from '../lib/memory/defaults';
import { memoryCalculatorQuery } from '../lib/memory/calculator-link';
import type { GpuSpec } from '../lib/memory/placement';
import { WEIGHT_PRECISIONS } from '../lib/memory/precisions';
import type { SpeedCalibration } from '../lib/runtime/speed';

interface Props {
  /** The catalog as JSON text (see shared/json-prop.ts). */
  modelsJson: string;
  /** The starting question's answer, worked out at build time: `{ key, results }` as JSON text. */
  startingJson: string;
  gpus: GpuSpec[];
  base: string;
  calibration: SpeedCalibration;
}

type Raw = Record<FinderField, string>;

/** Models shown before "more": enough to compare, few enough to read on a phone. */
const SHOWN = 8;

const id = (field: FinderField) => `finder-${field}`;

/** A value the list lacks (from a hand-edited link) stays selected and visible, so the error beside it makes sense. */
function UnknownOption({ value, known }: { value: string; known: readonly string[] }) {
  if (known.includes(value)) return null;
  return <option value={value}>{value === '' ? '(blank)' : value} (not in the list)</option>;
}

export default function ModelFinder({ modelsJson, startingJson, gpus, base, calibration }: Props) {
  const models = useJsonProp<FinderModel[]>(modelsJson);
  const starting = useJsonProp<{ key: string; results: StoredResult[] }>(startingJson);
  // The fields show `raw`; the answer, errors and address follow `committed` (see shared/committed.ts).
  const { live: raw, committed, set: setRaw, commit } = useCommitted<Raw>({ ...FINDER_DEFAULTS });
  const lastGood = useRef<{ query: FinderQuery; results: FinderResult[] } | undefined>(undefined);

  const waiting = useAddressState(
    (search) => {
      // The server rendered the defaults; a link with a bad field must not show their answer as its own.
      lastGood.current = undefined;
      setRaw(decodeFinderRequest(search), true);
    },
    () => encodeFinderRequest(committed.value),
  );

  const parsed = parseFinderRequest(committed.value, gpus);
  // Sizing every model takes a few milliseconds, so it runs only when the question itself changes.
  const key = encodeFinderRequest(committed.value);
  const answer = useMemo(() => {
    if (!parsed.ok) return undefined;
    const stored = key === starting.key ? restoreResults(starting.results, models) : undefined;
    return { query: parsed.query, results: stored ?? findModels(models, parsed.query, calibration) };
  }, [key]);
  if (answer) lastGood.current = answer;
  const errors = parsed.ok ? [] : parsed.errors;
  const errorFor = (field: FinderField) => errors.find((error) => error.field === field)?.message;
  const set = (field: FinderField, value: string) => setRaw({ ...raw.value, [field]: value });
  const control = (field: FinderField) => ({
    id: id(field),
    value: raw.value[field],
    'aria-invalid': errorFor(field) ? true : undefined,
    'aria-describedby': errorFor(field) ? `${id(field)}-error` : hints[field] ? `${id(field)}-hint` : undefined,
  });
  const onSelect = (field: FinderField) => (event: Event) => set(field, (event.currentTarget as HTMLSelectElement).value);
  const onInput = (field: FinderField) => (event: Event) => set(field, (event.currentTarget as HTMLInputElement).value);
  const custom = raw.value.gpu === CUSTOM_GPU;
  const task = TASKS.find((entry) => entry.id === raw.value.task);
  const hints: Partial<Record<FinderField, ComponentChildren>> = {
    task: task?.advice,
    gpus: `1 to ${LIMITS.gpus} of the same card; llama.cpp gives each a share of the layers.`,
    memory: 'The number the card is sold with: a “24 GB” card holds 24 GiB.',
  };
  const field = (name: FinderField, children: ComponentChildren) => (
    <div class={`field field-${name}`}>
      <label for={id(name)}>{FINDER_FIELD_LABELS[name]}</label>
      {children}
      {hints[name] && !errorFor(name) && (
        <p class="hint" id={`${id(name)}-hint`}>
          {hints[name]}
        </p>
      )}
      {errorFor(name) && (
        <p class="error" id={`${id(name)}-error`}>
          {errorFor(name)}
        </p>
      )}
    </div>
  );

  const good = lastGood.current;
  const recommended = good?.results.filter((result) => result.recommended) ?? [];
  const others = good?.results.filter((result) => !result.recommended) ?? [];
  const item = (result: FinderResult) => <ResultItem result={result} query={good!.query} base={base} />;

  return (
    // A change event means a committed value: a choice made, or a text field left or entered.
    <div class="model-finder olg-tool olg-app not-content" onChange={commit} onFocusIn={keepResultsInView}>
      <div class="olg-app-inputs">
        <fieldset disabled={waiting}>
          <legend>What do you need?</legend>
          {field(
            'task',
            <select {...control('task')} onChange={onSelect('task')}>
              {TASKS.map((entry) => (
                <option value={entry.id}>{entry.label}</option>
              ))}
              <UnknownOption value={raw.value.task} known={TASKS.map((entry) => entry.id)} />
            </select>,
          )}
          {field(
            'gpu',
            <select {...control('gpu')} onChange={onSelect('gpu')}>
              {gpus.map((gpu) => (
                <option value={gpu.id}>{gpuOptionLabel(gpu)}</option>
              ))}
              <option value={CUSTOM_GPU}>Other: enter its memory</option>
              <UnknownOption value={raw.value.gpu} known={[...gpus.map((gpu) => gpu.id), CUSTOM_GPU]} />
            </select>,
          )}
          {custom && field('memory', <input {...control('memory')} inputMode="decimal" autoComplete="off" onInput={onInput('memory')} />)}
          {field('gpus', <input {...control('gpus')} inputMode="numeric" autoComplete="off" onInput={onInput('gpus')} />)}
          {field(
            'license',
            <select {...control('license')} onChange={onSelect('license')}>
              {Object.entries(LICENSE_NEED_LABELS).map(([value, label]) => (
                <option value={value}>{label}</option>
              ))}
              <UnknownOption value={raw.value.license} known={Object.keys(LICENSE_NEED_LABELS)} />
            </select>,
          )}
          {field(
            'openness',
            <select {...control('openness')} onChange={onSelect('openness')}>
              {Object.entries(OPENNESS_NEED_LABELS).map(([value, label]) => (
                <option value={value}>{label}</option>
              ))}
              <UnknownOption value={raw.value.openness} known={Object.keys(OPENNESS_NEED_LABELS)} />
            </select>,
          )}
          {field('context', <input {...control('context')} inputMode="numeric" autoComplete="off" onInput={onInput('context')} />)}
          {field(
            'sort',
            <select {...control('sort')} onChange={onSelect('sort')}>
              {Object.entries(FINDER_SORT_LABELS).map(([value, label]) => (
                <option value={value}>{label}</option>
              ))}
              <UnknownOption value={raw.value.sort} known={Object.keys(FINDER_SORT_LABELS)} />
            </select>,
          )}
        </fieldset>
      </div>

      {good && (
        <SummaryBar target="finder-results" link="Results" stale={!parsed.ok}>
          {recommended.length > 0 ? `${recommended.length} models meet every need` : 'No model meets every need'}
        </SummaryBar>
      )}
      <div class="olg-app-results" id="finder-results">
        <p class="olg-awaits-note">Reading the question in the link…</p>
        <CopyLink disabled={waiting} />
        <div class={`finder-answer olg-awaits-url${good && !parsed.ok ? ' is-stale' : ''}`}>
        <h2 class="finder-heading">
          {!good ? 'No answer yet' : recommended.length > 0 ? `${recommended.length} models meet every need` : 'No model meets every need'}
        </h2>
        {!good && <p class="stale-note">Fix the fields marked in red to see models.</p>}
        {good && !parsed.ok && <p class="stale-note">Showing the answer for your last valid entries until the fields marked in red are fixed.</p>}
        {good && (
          <p class="hint finder-basis">
            {good.query.hardware.speedKnown
              ? 'Speed: decode tokens per second for one sequence in llama.cpp, the memory calculator’s estimate for this card.'
              : 'Speed needs a GPU from the list: a memory size alone says nothing of bandwidth, so “Fastest” keeps the best-match order.'}
          </p>
        )}
        {good && (
          <ol class="finder-results">
            {recommended.slice(0, SHOWN).map(item)}
          </ol>
        )}
        {recommended.length > SHOWN && (
          <Folded summary={`${recommended.length - SHOWN} more that meet every need`}>
            <ol class="finder-results" start={SHOWN + 1}>
              {recommended.slice(SHOWN).map(item)}
            </ol>
          </Folded>
        )}
        {others.length > 0 && (
          <Folded summary={`${others.length} that miss a need, and why`}>
            <ul class="finder-results">{others.map(item)}</ul>
          </Folded>
        )}
        </div>
      </div>
    </div>
  );
}

/**
 * A folded list rendered only once opened: the catalog's misses are most of it, and drawing them unseen made
 * hydration a long task on a slow phone.
 */
function Folded({ summary, children }: { summary: string; children: ComponentChildren }) {
  const open = useSignal(false);
  return (
    <details open={open.value} onToggle={(event) => (open.value = (event.currentTarget as HTMLDetailsElement).open)}>
      <summary>{summary}</summary>
      {open.value && children}
    </details>
  );
}

export function ResultItem({ result, query, base }: { result: FinderResult; query: FinderQuery; base: string }) {
  const { hardware } = query;
  const perGpu = hardware.count > 1 ? ' per GPU' : '';
  const calculator = memoryCalculatorQuery({
    modelId: result.model.id,
    precision: result.precision,
    contextTokens: result.sizedContextTokens,
    ...(hardware.speedKnown && { gpuId: hardware.gpu.id, gpuCount: hardware.count }),
  });
  return (
    <li>
      <a class="finder-model" href={`${base}models/${result.model.id}/`}>
        {result.model.name}
      </a>
      {result.precision && (
        <dl class="figures">
          <div>
            <dt>Format</dt>
            <dd>{WEIGHT_PRECISIONS[result.precision].label}</dd>
          </div>
          <div>
            <dt>Memory</dt>
            <dd>
              {formatBytes(result.neededBytesPerGpu, { system: 'binary' })} of {formatBytes(result.usableBytesPerGpu, { system: 'binary' })}
              {perGpu}
            </dd>
          </div>
          <div>
            <dt>Speed</dt>
            <dd>{speedText(result) ?? 'needs a listed GPU'}</dd>
          </div>
        </dl>
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
      <a class="finder-size" href={`${base}calculators/memory/?${calculator}`}>
        Size {result.model.name} in the memory calculator
      </a>
    </li>
  );
}
