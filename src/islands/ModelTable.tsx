/**
 * The model catalog table, built around one question: does it fit my GPU? The server renders the full table for the
 * default GPU, so it reads without JavaScript; once hydrated, the controls (disabled until then) search, filter and
 * sort it, and keep their state in the page address. Every fit figure arrives worked out in the props.
 */
import { useComputed, useSignal } from '@preact/signals';
import { useAddressState } from './shared/address';
import { ATTENTION_LABELS, KIND_LABELS, LICENSE_NEED_LABELS, OPENNESS_LABELS } from '../lib/catalog/labels';
import { filterRows, gpuCountAt, gpuCountLabel, sizeLabel, sortRows, type ModelRow, type RowFilters, type SortKey } from '../lib/catalog/table';
import { decodeTableState, defaultTableState, encodeTableState, type TableState } from '../lib/catalog/table-url';
import { formatGibibytes } from '../lib/format/bytes';
import { formatContextTokens } from '../lib/format/numbers';

export interface GpuOption {
  id: string;
  /** "NVIDIA GeForce RTX 4090 · 24 GB" */
  label: string;
  /** How many of this GPU each row needs, one character per row (see encodeGpuCounts). */
  counts: string;
}

interface Props {
  rows: ModelRow[];
  gpus: GpuOption[];
  defaultGpuId: string;
  /** Site base path, for links to model pages. */
  base: string;
}

interface Column {
  key: SortKey;
  label: string;
  numeric?: boolean;
  /** Shown only with "More columns". */
  more?: boolean;
}

const COLUMNS: Column[] = [
  { key: 'name', label: 'Model' },
  { key: 'parameters', label: 'Size', numeric: true },
  { key: 'fitBytes', label: 'Q4_K_M memory', numeric: true },
  { key: 'gpuCount', label: 'On this GPU' },
  { key: 'contextLength', label: 'Context', numeric: true },
  { key: 'licenseName', label: 'Licence' },
  { key: 'family', label: 'Family', more: true },
  { key: 'kind', label: 'Kind', more: true },
  { key: 'attention', label: 'Attention', more: true },
  { key: 'openness', label: 'Openness', more: true },
];

export default function ModelTable({ rows, gpus, defaultGpuId, base }: Props) {
  const state = useSignal<TableState>(defaultTableState(defaultGpuId));
  const gpu = useComputed(() => gpus.find((option) => option.id === state.value.gpuId) ?? gpus[0]);
  const withCounts = useComputed(() => rows.map((row, index) => ({ ...row, gpuCount: gpu.value ? gpuCountAt(gpu.value.counts, index) : null })));
  const visible = useComputed(() => sortRows(filterRows(withCounts.value, state.value.filters), state.value.sort.key, state.value.sort.direction));
  const columns = useComputed(() => COLUMNS.filter((column) => state.value.moreColumns || !column.more));

  const waiting = useAddressState(
    (search) => {
      state.value = decodeTableState(search, defaultGpuId, gpus.map((option) => option.id));
    },
    () => encodeTableState(state.value, defaultGpuId),
  );

  const update = (change: Partial<TableState>) => {
    state.value = { ...state.value, ...change };
  };
  const setFilter = <K extends keyof RowFilters>(key: K, value: RowFilters[K]) => update({ filters: { ...state.value.filters, [key]: value } });
  const sortBy = (key: SortKey) => {
    const current = state.value.sort;
    update({ sort: { key, direction: current.key === key && current.direction === 'ascending' ? 'descending' : 'ascending' } });
  };
  const { filters, sort } = state.value;

  return (
    <div class="model-table olg-tool not-content">
      <fieldset class="filters" disabled={waiting}>
        <legend>Filter the catalog</legend>
        <label class="gpu">
          Your GPU
          <select value={state.value.gpuId} onChange={(event) => update({ gpuId: event.currentTarget.value })}>
            {gpus.map((option) => <option value={option.id}>{option.label}</option>)}
          </select>
        </label>
        <label class="check fits">
          <input type="checkbox" checked={filters.fitsOne} onChange={(event) => setFilter('fitsOne', event.currentTarget.checked)} />
          Fits my GPU (one card)
        </label>
        <label class="search">
          Search
          <input type="search" value={filters.text} onInput={(event) => setFilter('text', event.currentTarget.value)} placeholder="e.g. llama 3, qwen3 8b" />
        </label>
        <label>
          Kind
          <select value={filters.kind} onChange={(event) => setFilter('kind', event.currentTarget.value as RowFilters['kind'])}>
            <option value="any">Any kind</option>
            {Object.entries(KIND_LABELS).map(([value, label]) => <option value={value}>{label}</option>)}
          </select>
        </label>
        <label>
          Licence
          <select value={filters.license} onChange={(event) => setFilter('license', event.currentTarget.value as RowFilters['license'])}>
            {Object.entries(LICENSE_NEED_LABELS).map(([value, label]) => <option value={value}>{label}</option>)}
          </select>
        </label>
        <label>
          Openness
          <select value={filters.openness} onChange={(event) => setFilter('openness', event.currentTarget.value as RowFilters['openness'])}>
            <option value="any">Any</option>
            <option value="open-weights">Weights without a gate</option>
            <option value="fully-open">Fully open (data, code, weights)</option>
          </select>
        </label>
        <label>
          Attention
          <select value={filters.attention} onChange={(event) => setFilter('attention', event.currentTarget.value as RowFilters['attention'])}>
            <option value="any">Any</option>
            {Object.entries(ATTENTION_LABELS).map(([value, label]) => <option value={value}>{label}</option>)}
          </select>
        </label>
        <label class="check">
          <input type="checkbox" checked={state.value.moreColumns} onChange={(event) => update({ moreColumns: event.currentTarget.checked })} />
          More columns
        </label>
      </fieldset>
      <p class="count" role="status">
        Showing {visible.value.length} of {rows.length} models
      </p>
      <p class="olg-awaits-note">Applying the filters in the link…</p>
      <section class="table-scroll sticky-first olg-awaits-url" tabIndex={0} aria-label="Model catalog table (scrolls sideways)">
        <table>
          <caption class="sr-only">
            Open models in the catalog, with the memory each needs at Q4_K_M and how many of the {gpu.value?.label ?? 'selected GPU'} it takes. Column
            headers sort the table.
          </caption>
          <thead>
            <tr>
              {columns.value.map((column) => {
                const active = sort.key === column.key;
                return (
                  <th scope="col" aria-sort={active ? sort.direction : undefined} class={column.numeric ? 'numeric' : undefined}>
                    <button type="button" disabled={waiting} onClick={() => sortBy(column.key)}>
                      {column.label}
                      <span aria-hidden="true" class="arrow">
                        {active ? (sort.direction === 'ascending' ? '▲' : '▼') : '↕'}
                      </span>
                    </button>
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {visible.value.map((row) => (
              <tr key={row.id}>
                <th scope="row">
                  <a href={`${base}models/${row.id}/`}>{row.name}</a>
                </th>
                <td class="numeric">{row.isMixtureOfExperts ? <span title="total / active per token">{sizeLabel(row)}</span> : sizeLabel(row)}</td>
                <td class="numeric">{formatGibibytes(row.fitBytes)}</td>
                <td class={row.gpuCount === 1 ? 'fit-one' : row.gpuCount === null ? 'fit-none' : undefined}>{gpuCountLabel(row.gpuCount)}</td>
                <td class="numeric">{formatContextTokens(row.contextLength)}</td>
                <td class="wrap">{row.licenseName}</td>
                {state.value.moreColumns && (
                  <>
                    <td>{row.family}</td>
                    <td>{KIND_LABELS[row.kind]}</td>
                    <td>
                      <abbr title={ATTENTION_LABELS[row.attention]}>{row.attention.toUpperCase()}</abbr>
                    </td>
                    <td>{OPENNESS_LABELS[row.openness]}</td>
                  </>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {visible.value.length === 0 && <p class="empty">No model matches every filter. Loosen one to see more.</p>}
    </div>
  );
}
