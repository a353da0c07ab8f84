/**
 * The model catalog table with sort and filter controls. The server renders the full table, so it reads
 * without JavaScript; once hydrated, the controls (disabled until then) sort and filter it.
 */
import { useComputed, useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { ATTENTION_LABELS, KIND_LABELS, LICENSE_NEED_LABELS, OPENNESS_LABELS } from '../lib/catalog/labels';
import { NO_FILTERS, filterRows, sortRows, type ModelRow, type RowFilters, type SortDirection, type SortKey } from '../lib/catalog/table';
import { formatContextTokens, formatCount } from '../lib/format/numbers';

interface Props {
  rows: ModelRow[];
  /** Site base path, for links to model pages. */
  base: string;
}

const COLUMNS: Array<{ key: SortKey; label: string; numeric?: boolean }> = [
  { key: 'name', label: 'Model' },
  { key: 'family', label: 'Family' },
  { key: 'kind', label: 'Kind' },
  { key: 'parameters', label: 'Size', numeric: true },
  { key: 'activeParameters', label: 'Active', numeric: true },
  { key: 'contextLength', label: 'Context', numeric: true },
  { key: 'attention', label: 'Attention' },
  { key: 'licenseName', label: 'Licence' },
  { key: 'openness', label: 'Openness' },
];

export default function ModelTable({ rows, base }: Props) {
  const hydrated = useSignal(false);
  const filters = useSignal<RowFilters>(NO_FILTERS);
  const sort = useSignal<{ key: SortKey; direction: SortDirection }>({ key: 'family', direction: 'ascending' });
  const visible = useComputed(() => sortRows(filterRows(rows, filters.value), sort.value.key, sort.value.direction));

  useEffect(() => {
    hydrated.value = true;
  }, []);

  const setFilter = <K extends keyof RowFilters>(key: K, value: RowFilters[K]) => {
    filters.value = { ...filters.value, [key]: value };
  };
  const sortBy = (key: SortKey) => {
    const current = sort.value;
    sort.value = { key, direction: current.key === key && current.direction === 'ascending' ? 'descending' : 'ascending' };
  };

  return (
    <div class="model-table olg-tool not-content">
      <fieldset class="filters" disabled={!hydrated.value}>
        <legend>Filter the catalog</legend>
        <label>
          Search
          <input type="search" value={filters.value.text} onInput={(event) => setFilter('text', event.currentTarget.value)} placeholder="name, family, organization" />
        </label>
        <label>
          Kind
          <select value={filters.value.kind} onChange={(event) => setFilter('kind', event.currentTarget.value as RowFilters['kind'])}>
            <option value="any">Any kind</option>
            {Object.entries(KIND_LABELS).map(([value, label]) => <option value={value}>{label}</option>)}
          </select>
        </label>
        <label>
          Licence
          <select value={filters.value.license} onChange={(event) => setFilter('license', event.currentTarget.value as RowFilters['license'])}>
            {Object.entries(LICENSE_NEED_LABELS).map(([value, label]) => <option value={value}>{label}</option>)}
          </select>
        </label>
        <label>
          Openness
          <select value={filters.value.openness} onChange={(event) => setFilter('openness', event.currentTarget.value as RowFilters['openness'])}>
            <option value="any">Any</option>
            <option value="open-weights">Weights without a gate</option>
            <option value="fully-open">Fully open (data, code, weights)</option>
          </select>
        </label>
        <label>
          Attention
          <select value={filters.value.attention} onChange={(event) => setFilter('attention', event.currentTarget.value as RowFilters['attention'])}>
            <option value="any">Any</option>
            {Object.entries(ATTENTION_LABELS).map(([value, label]) => <option value={value}>{label}</option>)}
          </select>
        </label>
      </fieldset>
      <p class="count" role="status">
        Showing {visible.value.length} of {rows.length} models
      </p>
      <section class="scroll" tabIndex={0} aria-label="Model catalog table (scrolls sideways)">
        <table>
          <caption class="sr-only">Open models in the catalog. Column headers sort the table.</caption>
          <thead>
            <tr>
              {COLUMNS.map((column) => {
                const active = sort.value.key === column.key;
                return (
                  <th scope="col" aria-sort={active ? sort.value.direction : undefined} class={column.numeric ? 'numeric' : undefined}>
                    <button type="button" disabled={!hydrated.value} onClick={() => sortBy(column.key)}>
                      {column.label}
                      <span aria-hidden="true" class="arrow">
                        {active ? (sort.value.direction === 'ascending' ? '▲' : '▼') : '↕'}
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
                <td>{row.family}</td>
                <td>{KIND_LABELS[row.kind]}</td>
                <td class="numeric">{formatCount(row.parameters)}</td>
                <td class="numeric">{row.isMixtureOfExperts ? formatCount(row.activeParameters) : <span title="dense: every parameter is active">all</span>}</td>
                <td class="numeric">{formatContextTokens(row.contextLength)}</td>
                <td>
                  <abbr title={ATTENTION_LABELS[row.attention]}>{row.attention.toUpperCase()}</abbr>
                </td>
                <td class="wrap">{row.licenseName}</td>
                <td>{OPENNESS_LABELS[row.openness]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {visible.value.length === 0 && <p class="empty">No model matches every filter. Loosen one to see more.</p>}
    </div>
  );
}
