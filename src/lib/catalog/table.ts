/** Rows of the model table and the pure search, sort and filter logic behind its controls. */
import { summarize, type AttentionKind } from '../architecture/summary';
import { formatCount } from '../format/numbers';
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
  /** Only what the licence filter reads, so the page hands the table small props. */
  license: Pick<Model['license'], 'osiApproved' | 'commercialUse'>;
  openness: OpennessTier;
  /**
   * What one GPU holds to run the model at the table's common setting (see ./fit.ts), in bytes; filled in at build
   * time by the page, NaN until then.
   */
  fitBytes: number;
}

export function toModelRow(model: Model, fitBytes = Number.NaN): ModelRow {
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
    license: { osiApproved: model.license.osiApproved, commercialUse: model.license.commercialUse },
    openness: opennessTier(model.openness),
    fitBytes,
  };
}

/** "30.5B / 3.34B" for a mixture of experts (total / active per token), "8.03B" for a dense model. */
export function sizeLabel(row: Pick<ModelRow, 'parameters' | 'activeParameters' | 'isMixtureOfExperts'>): string {
  const total = formatCount(row.parameters);
  return row.isMixtureOfExperts ? `${total} / ${formatCount(row.activeParameters)}` : total;
}

/*
 * How many GPUs of one kind each row needs, for every GPU in the select, travels to the island as one character per
 * row ("1", "2" ... "8", "0" for does not fit): 18 GPUs by 62 models is about 1 KB this way, against several KB
 * as an array of numbers in Astro's tagged prop format.
 */

/** One character per count: 1 to 9 GPUs as the digit, null (or more than 9) as "0". */
export function encodeGpuCounts(counts: ReadonlyArray<number | null>): string {
  return counts.map((count) => (count !== null && Number.isInteger(count) && count >= 1 && count <= 9 ? String(count) : '0')).join('');
}

/** The count at `index`, or null when the model does not fit (or the index is past the end). */
export function gpuCountAt(encoded: string, index: number): number | null {
  const count = Number(encoded.charAt(index));
  return count >= 1 && count <= 9 ? count : null;
}

/** "fits 1 ×", "needs 2 ×", "does not fit". */
export function gpuCountLabel(count: number | null): string {
  if (count === null) return 'does not fit';
  return count === 1 ? 'fits 1 ×' : `needs ${count} ×`;
}

/*
 * Search. People type "llama 3" and mean Llama 3, 3.1, 3.2 and 3.3, not Llama 2 13B or Code Llama 34B; they
 * type "qwen3", "qwen 3" or "Qwen3-8B" for the same models. So the query is cut into words at spaces and
 * punctuation, and every word must begin where a word of the name, family or organization begins: at the start,
 * after a space or punctuation, where letters meet digits ("Qwen|3"), or at a capital inside a word (so "mistral"
 * finds BioMistral). A query word ending in a digit must end where a number or a version component ends: "3" finds
 * "3", "3.1" and "3B" but not "13" or "34B". In the names, a space between a letter and a digit is dropped, so
 * "phi3" finds "Phi-3" and "llama3" finds "Llama 3.1", while query words still match on their own ("llama 70"
 * finds Llama 2 70B).
 */

export interface SearchText {
  /** Lower case, punctuation turned into single spaces, no space between a letter and a digit. */
  text: string;
  /** Positions in `text` where a word begins. */
  starts: ReadonlySet<number>;
}

const LETTER = /\p{L}/u;
const DIGIT = /\p{Nd}/u;
const UPPER = /\p{Lu}/u;
const LOWER = /\p{Ll}/u;

type CharClass = 'letter' | 'digit' | 'separator';

function classify(raw: string, index: number): CharClass {
  const char = raw.charAt(index);
  if (LETTER.test(char)) return 'letter';
  if (DIGIT.test(char)) return 'digit';
  // A point between two digits belongs to the number ("3.1"); anywhere else it separates words.
  if (char === '.' && DIGIT.test(raw.charAt(index - 1)) && DIGIT.test(raw.charAt(index + 1))) return 'digit';
  return 'separator';
}

/** The searchable form of one string: see the rules above. */
export function toSearchText(raw: string): SearchText {
  // Accents fall away (é -> e) so a reader need not type them; "β" stays a letter.
  const source = raw.normalize('NFKD').replace(/\p{M}/gu, '');
  let text = '';
  const starts = new Set<number>();
  let previous: CharClass = 'separator';
  let pendingSpace = false;
  for (let index = 0; index < source.length; index += 1) {
    const kind = classify(source, index);
    if (kind === 'separator') {
      pendingSpace = text.length > 0;
      continue;
    }
    const lastKind: CharClass = previous;
    const joinsLetterAndDigit = lastKind !== 'separator' && lastKind !== kind;
    if (pendingSpace && !joinsLetterAndDigit) text += ' ';
    const camel = lastKind === 'letter' && !pendingSpace && UPPER.test(source.charAt(index)) && LOWER.test(source.charAt(index - 1));
    if (text.length === 0 || pendingSpace || lastKind !== kind || camel) starts.add(text.length);
    text += source.charAt(index).toLowerCase();
    previous = kind;
    pendingSpace = false;
  }
  return { text, starts };
}

/** A run of letters and digits, a point kept only between two digits ("3.1", "qwen2.5"). */
const QUERY_WORD = /(?:\p{L}|\p{Nd}(?:\.(?=\p{Nd}))?)+/gu;

/** The query's words, lower case and without accents, like the text they are matched against. */
export function searchWords(query: string): string[] {
  return query.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().match(QUERY_WORD) ?? [];
}

function wordMatches(haystack: SearchText, word: string): boolean {
  const endsInDigit = DIGIT.test(word.charAt(word.length - 1));
  for (const start of haystack.starts) {
    if (!haystack.text.startsWith(word, start)) continue;
    // "3" must not stop inside "34": the next character may not be another digit.
    if (endsInDigit && DIGIT.test(haystack.text.charAt(start + word.length))) continue;
    return true;
  }
  return false;
}

/** Whether every word of the query begins a word of one of the texts (an empty query matches everything). */
export function matchesSearch(texts: readonly string[], query: string): boolean {
  const words = searchWords(query);
  if (words.length === 0) return true;
  const haystacks = texts.map(toSearchText);
  return words.every((word) => haystacks.some((haystack) => wordMatches(haystack, word)));
}

export type SortKey = 'name' | 'family' | 'kind' | 'parameters' | 'contextLength' | 'attention' | 'licenseName' | 'openness' | 'fitBytes' | 'gpuCount';
export type SortDirection = 'ascending' | 'descending';

export const SORT_KEYS: readonly SortKey[] = ['name', 'family', 'kind', 'parameters', 'contextLength', 'attention', 'licenseName', 'openness', 'fitBytes', 'gpuCount'];

/** A row as the island shows it: with how many of the selected GPU it needs (null: does not fit). */
export type TableRow = ModelRow & { gpuCount: number | null };

const OPENNESS_ORDER: Record<OpennessTier, number> = { 'fully-open': 0, 'open-weights': 1, 'gated-weights': 2, closed: 3 };

function sortValue(row: TableRow, key: SortKey): string | number {
  if (key === 'kind') return KIND_LABELS[row.kind];
  if (key === 'attention') return ATTENTION_LABELS[row.attention];
  if (key === 'openness') return OPENNESS_ORDER[row.openness];
  // "Does not fit" sorts after any count, and an unknown size after any size.
  if (key === 'gpuCount') return row.gpuCount ?? Number.POSITIVE_INFINITY;
  if (key === 'fitBytes') return Number.isFinite(row.fitBytes) ? row.fitBytes : Number.POSITIVE_INFINITY;
  return row[key];
}

/** A stable sort by one column; ties fall back to family, then size, then name, so the order never jumps. */
export function sortRows<R extends TableRow>(rows: readonly R[], key: SortKey, direction: SortDirection): R[] {
  const sign = direction === 'ascending' ? 1 : -1;
  const compare = (a: string | number, b: string | number) => {
    if (typeof a === 'number' && typeof b === 'number') return a === b ? 0 : a < b ? -1 : 1;
    return String(a).localeCompare(String(b), 'en');
  };
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
  /** Only models that fit on one of the selected GPU. */
  fitsOne: boolean;
}

export const NO_FILTERS: RowFilters = { text: '', kind: 'any', license: 'any', openness: 'any', attention: 'any', fitsOne: false };

/** Rows that pass every filter; the text filter follows the search rules above over name, family and organization. */
export function filterRows<R extends TableRow>(rows: readonly R[], filters: RowFilters): R[] {
  return rows.filter((row) => {
    if (!matchesSearch([row.name, row.family, row.organization], filters.text)) return false;
    if (filters.kind !== 'any' && row.kind !== filters.kind) return false;
    if (!licenseMeets(row.license, filters.license)) return false;
    if (!opennessMeets(row.openness, filters.openness)) return false;
    if (filters.attention !== 'any' && row.attention !== filters.attention) return false;
    if (filters.fitsOne && row.gpuCount !== 1) return false;
    return true;
  });
}
