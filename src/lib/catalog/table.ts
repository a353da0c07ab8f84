/** Rows of the model table and the pure sort and filter logic behind its controls. */
import { summarize, type AttentionKind } from '../architecture/summary';
import {
  ATTENTION_LABELS,
  KIND_LABELS,
  licenseMeets,
  opennessMeets,
  opennessTier,
  type LicenseNeed,
  type OpennessNeed,
  type OpennessTier,
} from './labels';
import type { Model, ModelKind } from './schema';

export interface ModelRow {
  id: string;
  name: string;
  family: string;
  organization: string;
  kind: ModelKind;
  parameters: number;
  /** Parameters each token uses: all of them for a dense model. */
  activeParameters: number;
  isMixtureOfExperts: boolean;
  contextLength: number;
  attention: AttentionKind;
  licenseName: string;
  license: Model['license'];
  openness: OpennessTier;
  released: string;
}

export function toModelRow(model: Model): ModelRow {
  const summary = summarize(model.architecture);
  return {
    id: model.id,
    name: model.name,
    family: model.family,
    organization: model.organization,
    kind: model.kind,
    parameters: model.parameters,
    // Dense models read every weight; the column sorts them by their size.
    activeParameters: summary.moe ? model.activeParameters : model.parameters,
    isMixtureOfExperts: summary.moe !== null,
    contextLength: model.architecture.contextLength,
    attention: summary.attention,
    licenseName: model.license.spdx ?? model.license.name,
    license: model.license,
    openness: opennessTier(model.openness),
    released: model.released,
  };
}

export type SortKey = 'name' | 'family' | 'kind' | 'parameters' | 'activeParameters' | 'contextLength' | 'attention' | 'licenseName' | 'openness' | 'released';
export type SortDirection = 'ascending' | 'descending';

const OPENNESS_ORDER: Record<OpennessTier, number> = { 'fully-open': 0, 'open-weights': 1, 'gated-weights': 2, closed: 3 };

function sortValue(row: ModelRow, key: SortKey): string | number {
  if (key === 'kind') return KIND_LABELS[row.kind];
  if (key === 'attention') return ATTENTION_LABELS[row.attention];
  if (key === 'openness') return OPENNESS_ORDER[row.openness];
  return row[key];
}

/** A stable sort by one column; ties fall back to family, then size, then name, so the order never jumps. */
export function sortRows(rows: readonly ModelRow[], key: SortKey, direction: SortDirection): ModelRow[] {
  const sign = direction === 'ascending' ? 1 : -1;
  const compare = (a: string | number, b: string | number) =>
    typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b), 'en');
  return [...rows].sort(
    (a, b) =>
      sign * compare(sortValue(a, key), sortValue(b, key)) ||
      compare(a.family, b.family) ||
      a.parameters - b.parameters ||
      compare(a.name, b.name),
  );
}

export interface RowFilters {
  text: string;
  kind: ModelKind | 'any';
  license: LicenseNeed;
  openness: OpennessNeed;
  attention: AttentionKind | 'any';
}

export const NO_FILTERS: RowFilters = { text: '', kind: 'any', license: 'any', openness: 'any', attention: 'any' };

/** Rows that pass every filter; the text filter matches name, family, organization or id, ignoring case. */
export function filterRows(rows: readonly ModelRow[], filters: RowFilters): ModelRow[] {
  const words = filters.text.toLowerCase().split(/\s+/).filter(Boolean);
  return rows.filter((row) => {
    const haystack = `${row.name} ${row.family} ${row.organization} ${row.id}`.toLowerCase();
    if (!words.every((word) => haystack.includes(word))) return false;
    if (filters.kind !== 'any' && row.kind !== filters.kind) return false;
    if (!licenseMeets(row.license, filters.license)) return false;
    if (!opennessMeets(row.openness, filters.openness)) return false;
    if (filters.attention !== 'any' && row.attention !== filters.attention) return false;
    return true;
  });
}

