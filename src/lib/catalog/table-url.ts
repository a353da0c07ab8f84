/**
 * The model table's filters, sort, GPU and column choice in the page address, so a filtered view can be shared:
 * `?q=llama+3&gpu=rtx-3090&fits=1&sort=fitBytes&order=descending`. Only what differs from the defaults is
 * written. A value the table does not know (a stale link, a typo) falls back to its default rather than emptying
 * the table.
 */
import { ATTENTION_LABELS, KIND_LABELS, LICENSE_NEED_LABELS } from './labels';
import { NO_FILTERS, SORT_KEYS, type RowFilters, type SortDirection, type SortKey } from './table';

export interface TableState {
  filters: RowFilters;
  sort: { key: SortKey; direction: SortDirection };
  gpuId: string;
  moreColumns: boolean;
}

export const DEFAULT_SORT: TableState['sort'] = { key: 'family', direction: 'ascending' };

export function defaultTableState(gpuId: string): TableState {
  return { filters: NO_FILTERS, sort: DEFAULT_SORT, gpuId, moreColumns: false };
}

const OPENNESS_NEEDS = ['any', 'open-weights', 'fully-open'] as const;

function oneOf<T extends string>(value: string | null, allowed: readonly T[], fallback: T): T {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

const keysOf = <T extends string>(record: Record<T, unknown>) => Object.keys(record) as T[];

/** The query string (without "?") for a state; empty when everything is at its default. */
export function encodeTableState(state: TableState, defaultGpuId: string): string {
  const params = new URLSearchParams();
  const { filters, sort } = state;
  if (filters.text.trim() !== '') params.set('q', filters.text);
  if (filters.kind !== NO_FILTERS.kind) params.set('kind', filters.kind);
  if (filters.license !== NO_FILTERS.license) params.set('licence', filters.license);
  if (filters.openness !== NO_FILTERS.openness) params.set('openness', filters.openness);
  if (filters.attention !== NO_FILTERS.attention) params.set('attention', filters.attention);
  if (state.gpuId !== defaultGpuId) params.set('gpu', state.gpuId);
  if (filters.fitsOne) params.set('fits', '1');
  if (state.moreColumns) params.set('columns', 'all');
  if (sort.key !== DEFAULT_SORT.key || sort.direction !== DEFAULT_SORT.direction) {
    params.set('sort', sort.key);
    if (sort.direction !== 'ascending') params.set('order', sort.direction);
  }
  return params.toString();
}

/** The state a query string asks for, with unknown values replaced by defaults. */
export function decodeTableState(search: string, defaultGpuId: string, gpuIds: readonly string[]): TableState {
  const params = new URLSearchParams(search);
  const filters: RowFilters = {
    text: params.get('q') ?? '',
    kind: oneOf(params.get('kind'), ['any', ...keysOf(KIND_LABELS)], 'any'),
    license: oneOf(params.get('licence'), keysOf(LICENSE_NEED_LABELS), 'any'),
    openness: oneOf(params.get('openness'), OPENNESS_NEEDS, 'any'),
    attention: oneOf(params.get('attention'), ['any', ...keysOf(ATTENTION_LABELS)], 'any'),
    fitsOne: params.get('fits') === '1',
  };
  const sortKey = oneOf(params.get('sort'), SORT_KEYS, DEFAULT_SORT.key);
  // An order without a known column keeps the default sort whole rather than half of it.
  const direction = params.has('sort') && sortKey === params.get('sort') ? oneOf<SortDirection>(params.get('order'), ['ascending', 'descending'], 'ascending') : DEFAULT_SORT.direction;
  return {
    filters,
    sort: { key: sortKey, direction },
    gpuId: oneOf(params.get('gpu'), gpuIds, defaultGpuId),
    moreColumns: params.get('columns') === 'all',
  };
}
