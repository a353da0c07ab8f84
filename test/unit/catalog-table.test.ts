import { describe, expect, test } from 'vitest';
import { FIT_CONTEXT_TOKENS, FIT_MAX_GPUS, fitInput, gpusForModel, singleGpuBytes } from '../../src/lib/catalog/fit';
import {
  NO_FILTERS,
  encodeGpuCounts,
  filterRows,
  gpuCountAt,
  gpuCountLabel,
  matchesSearch,
  searchWords,
  sizeLabel,
  sortRows,
  toModelRow,
  toSearchText,
  type TableRow,
} from '../../src/lib/catalog/table';
import { decodeTableState, defaultTableState, encodeTableState, type TableState } from '../../src/lib/catalog/table-url';
import { place, toGpuSpecs } from '../../src/lib/memory/placement';
import { formatGibibytes } from '../../src/lib/format/bytes';
import { loadGpus, loadModels } from './support/catalog';

const GIB = 2 ** 30;
const models = loadModels().map(({ model }) => model);
const gpus = toGpuSpecs(loadGpus().map(({ gpu }) => gpu));
const modelById = (id: string) => models.find((model) => model.id === id)!;
const gpuById = (id: string) => gpus.find((gpu) => gpu.id === id)!;
const rows: TableRow[] = models.map((model) => ({ ...toModelRow(model), gpuCount: null }));

describe('searchable text', () => {
  // Positions counted by hand in the text column (0-based); a word starts after a space, where letters meet digits
  // and at a capital after a lower-case letter.
  test.each([
    ['Qwen3-8B', 'qwen3 8b', [0, 4, 6, 7]],
    ['Llama 3.1 8B', 'llama3.1 8b', [0, 5, 9, 10]],
    ['BioMistral', 'biomistral', [0, 3]],
    ['LLaMA Pro', 'llama pro', [0, 3, 6]],
    ['DeepSeek-V3.2', 'deepseek v3.2', [0, 4, 9, 10]],
    ['Zephyr 7B β', 'zephyr7b β', [0, 6, 7, 9]],
    ['Alibaba Cloud (Qwen team)', 'alibaba cloud qwen team', [0, 8, 14, 19]],
    ['Mistral 7B v0.1', 'mistral7b v0.1', [0, 7, 8, 10, 11]],
    ['Café', 'cafe', [0]],
    ['  --  ', '', []],
  ])('%j reads as %j with words starting at %j', (raw, text, starts) => {
    const searchable = toSearchText(raw);
    expect(searchable.text).toBe(text);
    expect([...searchable.starts].sort((a, b) => a - b)).toEqual(starts);
  });

  test.each([
    ['llama 3', ['llama', '3']],
    ['Qwen3-8B', ['qwen3', '8b']],
    ['  llama   3.1. ', ['llama', '3.1']],
    ['qwen2.5, 0.5b', ['qwen2.5', '0.5b']],
    ['Zéphyr', ['zephyr']],
    ['-- !', []],
  ])('the query %j has the words %j', (query, words) => {
    expect(searchWords(query)).toEqual(words);
  });
});

describe('search matches what people type', () => {
  const llama31 = ['Llama 3.1 8B', 'Llama 3.1', 'Meta'];
  const llama32 = ['Llama 3.2 1B', 'Llama 3.2', 'Meta'];
  const codeLlama34 = ['Code Llama 34B', 'Code Llama', 'Meta'];
  const llama2 = ['Llama 2 13B', 'Llama 2', 'Meta'];
  const llama270 = ['Llama 2 70B', 'Llama 2', 'Meta'];
  const qwen3 = ['Qwen3-8B', 'Qwen3', 'Alibaba Cloud (Qwen team)'];
  const qwen35 = ['Qwen3.5-27B', 'Qwen3.5', 'Alibaba Cloud (Qwen team)'];
  const phi3 = ['Phi-3 Mini 4K Instruct', 'Phi-3', 'Microsoft'];
  const bioMistral = ['BioMistral 7B', 'BioMistral', 'BioMistral (Avignon University)'];
  const mixtral = ['Mixtral 8x7B v0.1', 'Mixtral', 'Mistral AI'];
  const llamaPro = ['LLaMA Pro 8B', 'LLaMA Pro', 'Tencent ARC Lab'];
  const deepseekV3 = ['DeepSeek-V3', 'DeepSeek-V3', 'DeepSeek'];
  const deepseekV32 = ['DeepSeek-V3.2', 'DeepSeek-V3', 'DeepSeek'];
  const zephyr = ['Zephyr 7B β', 'Zephyr', 'Hugging Face H4'];

  test.each([
    ['llama 3', llama31, true, '3 is the first component of 3.1'],
    ['llama 3', llama32, true, '3 is the first component of 3.2'],
    ['llama 3', codeLlama34, false, '34 is not 3'],
    ['llama 3', llama2, false, 'the 3 in 13 does not start a number'],
    ['llama3', llama31, true, 'a letter and a digit read alike with or without a space'],
    ['llama 70', llama270, true, 'query words match on their own, not side by side'],
    ['llama 3.1', llama32, false, '3.1 is not 3.2'],
    ['3.1', llama31, true, 'a version on its own'],
    ['1', llama31, false, 'the 1 of 3.1 is inside a number'],
    ['qwen 3', qwen3, true, 'Qwen|3'],
    ['qwen3', qwen3, true, 'as written'],
    ['Qwen3-8B', qwen3, true, 'copied from the model card'],
    ['qwen3 8b', qwen3, true, 'two words'],
    ['qwen3 3b', qwen3, false, 'no 3B in Qwen3-8B'],
    ['qwen3', qwen35, true, '3.5 is a version of 3'],
    ['qwen 5', qwen35, false, 'the 5 of 3.5 is inside a number'],
    ['phi3', phi3, true, 'Phi-3 without its hyphen'],
    ['phi 3 mini', phi3, true, 'three words'],
    ['hi', phi3, false, 'not at the start of a word'],
    ['mistral', bioMistral, true, 'a capital inside BioMistral starts a word'],
    ['mistral', mixtral, true, 'the organization counts'],
    ['8x7b', mixtral, true, 'letters and digits in one word'],
    ['llama', llamaPro, true, 'case does not matter'],
    ['lama', llamaPro, false, 'not at the start of a word'],
    ['deepseek v3', deepseekV32, true, 'V3.2 is a V3'],
    ['deepseek v3.2', deepseekV3, false, 'V3 is not V3.2'],
    ['zephyr β', zephyr, true, 'Greek letters are letters'],
    ['', llama31, true, 'an empty query matches everything'],
    ['-- !', llama31, true, 'so does one with no word in it'],
    ['.*[(', llama31, true, 'pattern characters are punctuation, not a pattern'],
    ['llama (3', llama31, true, 'punctuation around a word is ignored'],
    ['3.', llama31, true, 'a trailing point is punctuation: "3"'],
  ])('%j against %j: %s (%s)', (query, texts, expected) => {
    expect(matchesSearch(texts, query)).toBe(expected);
  });

  // Expected ids listed by hand from the names in content/models/.
  test.each([
    ['llama 3', ['llama-3.1-70b', 'llama-3.1-8b', 'llama-3.2-1b', 'llama-3.2-3b']],
    ['llama 2', ['elyza-japanese-llama-2-7b', 'llama-2-13b', 'llama-2-70b', 'llama-2-7b']],
    ['code llama', ['codellama-13b', 'codellama-34b', 'codellama-70b', 'codellama-7b']],
    ['qwen3 coder', ['qwen3-coder-30b-a3b-instruct', 'qwen3-coder-480b-a35b-instruct']],
    ['gpt oss', ['gpt-oss-120b', 'gpt-oss-20b']],
  ])('over the catalog, %j finds %j', (query, ids) => {
    expect(filterRows(rows, { ...NO_FILTERS, text: query }).map((row) => row.id).sort()).toEqual(ids);
  });
});

describe('fit figures travel as one character per model', () => {
  test('counts of 1 to 9 are digits; none, or more than 9, is 0', () => {
    expect(encodeGpuCounts([1, 2, null, 8, 9, 12, 0, 1.5])).toBe('12089000');
  });

  test.each([
    ['12089', 0, 1],
    ['12089', 1, 2],
    ['12089', 2, null],
    ['12089', 4, 9],
    ['12089', 5, null],
    ['', 0, null],
    ['1x', 1, null],
  ])('%j at %i reads %j', (encoded, index, count) => {
    expect(gpuCountAt(encoded, index)).toBe(count);
  });

  test.each([
    [1, 'fits 1 ×'],
    [2, 'needs 2 ×'],
    [8, 'needs 8 ×'],
    [null, 'does not fit'],
  ])('%j GPUs reads %j', (count, label) => {
    expect(gpuCountLabel(count)).toBe(label);
  });
});

describe('size column', () => {
  test.each([
    ['mixture of experts: total / active', { parameters: 30_532_122_624, activeParameters: 3_340_000_000, isMixtureOfExperts: true }, '30.5B / 3.34B'],
    ['dense: the total alone', { parameters: 8_030_261_248, activeParameters: 8_030_261_248, isMixtureOfExperts: false }, '8.03B'],
    ['a small dense model', { parameters: 134_515_008, activeParameters: 134_515_008, isMixtureOfExperts: false }, '135M'],
    ['a bad figure shows a dash, not NaN', { parameters: Number.NaN, activeParameters: Number.NaN, isMixtureOfExperts: true }, '— / —'],
  ])('%s', (_, row, label) => {
    expect(sizeLabel(row)).toBe(label);
  });

  test('every catalog model has a size with no NaN in it', () => {
    for (const row of rows) expect(sizeLabel(row)).toMatch(/^\d[\d.,]*[KMBT]( \/ \d[\d.,]*[KMBT])?$/);
  });
});

describe('memory column: always GiB', () => {
  test.each([
    ['888 MiB is 888/1024 = 0.867 GiB', 888 * 2 ** 20, '0.867 GiB'],
    ['6 GiB and a half', 6.5 * GIB, '6.5 GiB'],
    ['12.345 GiB to three digits', 12.345 * GIB, '12.3 GiB'],
    ['99.96 GiB rounds to 100', 99.96 * GIB, '100 GiB'],
    ['377.6 GiB, whole from 100', 377.6 * GIB, '378 GiB'],
    ['1,234 GiB grouped', 1234 * GIB, '1,234 GiB'],
    ['zero', 0, '0 GiB'],
    ['not a number: a dash', Number.NaN, '—'],
    ['negative: a dash', -1, '—'],
    ['infinite: a dash', Number.POSITIVE_INFINITY, '—'],
  ])('%s', (_, bytes, label) => {
    expect(formatGibibytes(bytes)).toBe(label);
  });
});

describe('sorting and the fits filter', () => {
  const row = (id: string, gpuCount: number | null, fitBytes: number): TableRow => ({ ...rows[0]!, id, name: id, family: 'f', parameters: 1, gpuCount, fitBytes });
  const sample = [row('two', 2, 30 * GIB), row('none', null, Number.NaN), row('one', 1, 5 * GIB), row('eight', 8, 300 * GIB)];

  test('by GPUs needed: fewest first, "does not fit" last', () => {
    expect(sortRows(sample, 'gpuCount', 'ascending').map((entry) => entry.id)).toEqual(['one', 'two', 'eight', 'none']);
    expect(sortRows(sample, 'gpuCount', 'descending').map((entry) => entry.id)).toEqual(['none', 'eight', 'two', 'one']);
  });

  test('by memory: an unknown figure sorts after every known one', () => {
    expect(sortRows(sample, 'fitBytes', 'ascending').map((entry) => entry.id)).toEqual(['one', 'two', 'eight', 'none']);
  });

  test('"fits my GPU" keeps the models that need exactly one', () => {
    expect(filterRows(sample, { ...NO_FILTERS, fitsOne: true }).map((entry) => entry.id)).toEqual(['one']);
    expect(filterRows(sample, NO_FILTERS)).toHaveLength(4);
  });
});

describe('table state in the address', () => {
  const defaults = defaultTableState('rtx-4090');
  const ids = gpus.map((gpu) => gpu.id);
  const withFilters = (change: Partial<TableState['filters']>): TableState => ({ ...defaults, filters: { ...defaults.filters, ...change } });

  test('the defaults write nothing', () => {
    expect(encodeTableState(defaults, 'rtx-4090')).toBe('');
    expect(decodeTableState('', 'rtx-4090', ids)).toEqual(defaults);
  });

  test.each<[string, TableState, string]>([
    ['search', withFilters({ text: 'llama 3' }), 'q=llama+3'],
    ['kind', withFilters({ kind: 'code' }), 'kind=code'],
    ['licence', withFilters({ license: 'osi' }), 'licence=osi'],
    ['openness', withFilters({ openness: 'fully-open' }), 'openness=fully-open'],
    ['attention', withFilters({ attention: 'mla' }), 'attention=mla'],
    ['fits', withFilters({ fitsOne: true }), 'fits=1'],
    ['GPU', { ...defaults, gpuId: 'rtx-3060-12gb' }, 'gpu=rtx-3060-12gb'],
    ['columns', { ...defaults, moreColumns: true }, 'columns=all'],
    ['sort ascending', { ...defaults, sort: { key: 'fitBytes', direction: 'ascending' } }, 'sort=fitBytes'],
    ['sort descending', { ...defaults, sort: { key: 'parameters', direction: 'descending' } }, 'sort=parameters&order=descending'],
    ['default column, other order', { ...defaults, sort: { key: 'family', direction: 'descending' } }, 'sort=family&order=descending'],
    [
      'everything at once',
      { filters: { text: 'qwen', kind: 'instruct', license: 'commercial', openness: 'open-weights', attention: 'gqa', fitsOne: true }, gpuId: 'h100-sxm', moreColumns: true, sort: { key: 'gpuCount', direction: 'descending' } },
      'q=qwen&kind=instruct&licence=commercial&openness=open-weights&attention=gqa&gpu=h100-sxm&fits=1&columns=all&sort=gpuCount&order=descending',
    ],
  ])('%s round-trips', (_, state, query) => {
    expect(encodeTableState(state, 'rtx-4090')).toBe(query);
    expect(decodeTableState(`?${query}`, 'rtx-4090', ids)).toEqual(state);
  });

  test('a blank search is not written', () => {
    expect(encodeTableState(withFilters({ text: '   ' }), 'rtx-4090')).toBe('');
  });

  test('unknown values fall back to the defaults', () => {
    const decoded = decodeTableState('?kind=robot&licence=free&openness=x&attention=none&gpu=gtx-480&fits=yes&columns=some&sort=speed&order=descending', 'rtx-4090', ids);
    expect(decoded).toEqual(defaults);
  });

  test('an unknown order keeps the column and sorts ascending', () => {
    expect(decodeTableState('?sort=contextLength&order=sideways', 'rtx-4090', ids).sort).toEqual({ key: 'contextLength', direction: 'ascending' });
  });
});

describe('fit at the common setting (Q4_K_M, 8,192 tokens, llama.cpp)', () => {
  test('the setting: llama.cpp, Q4_K_M, one sequence, 8,192 tokens or the model’s shorter limit', () => {
    const llama = fitInput(modelById('llama-3.1-8b'));
    expect(llama.runtime.runtime).toBe('llama.cpp');
    expect(llama.weightPrecision).toBe('q4_k_m');
    expect(llama.batch).toBe(1);
    // Llama 3.1 takes 131,072 tokens; the table asks for 8,192.
    expect(llama.contextTokens).toBe(8192);
    expect(FIT_CONTEXT_TOKENS).toBe(8192);
    // Falcon 7B takes 2,048 tokens (content/models/falcon-7b.json): under 8,192, so its own limit is used.
    expect(fitInput(modelById('falcon-7b')).contextTokens).toBe(modelById('falcon-7b').architecture.contextLength);
    expect(modelById('falcon-7b').architecture.contextLength).toBeLessThan(8192);
  });

  test('Llama 3.1 8B on one GPU: between 5.4 and 8.1 GiB', () => {
    // Lower bound: the 7.5e9 weights outside the token embedding (kept in RAM by llama.cpp) at Q4_K_M's 4.5 bits
    // = 3.93 GiB, plus the KV cache, 32 layers x 8 KV heads x 128 x 2 (K, V) x 2 bytes x 8,192 tokens = 1 GiB,
    // plus 0.5 GiB overhead = 5.43 GiB. Upper: all 8.03e9 weights at 6 bits = 5.6 GiB, 1 GiB cache, 0.5 GiB
    // overhead and under 1 GiB of compute buffers = 8.1 GiB.
    const bytes = singleGpuBytes(modelById('llama-3.1-8b'), gpuById('rtx-4090'));
    expect(bytes).toBeGreaterThan(5.4 * GIB);
    expect(bytes).toBeLessThan(8.1 * GIB);
  });

  test('the single-GPU figure is the same on every card (llama.cpp sizes nothing by the card)', () => {
    for (const id of ['llama-3.1-8b', 'qwen3-30b-a3b', 'gemma-3-27b-it']) {
      const figures = new Set(gpus.map((gpu) => singleGpuBytes(modelById(id), gpu)));
      expect(figures.size).toBe(1);
    }
  });

  test.each([
    // 8B at about 6 GiB: one card of 12 GB or more.
    ['llama-3.1-8b', 'rtx-3060-12gb', 1],
    ['llama-3.1-8b', 'rtx-4090', 1],
    // 70.6e9 weights at 4.5 to 4.9 bits = 37 to 40 GiB, plus 80 x 8 x 128 x 2 x 2 x 8,192 = 2.5 GiB of cache:
    // over 24 GiB, while half of it (about 21 GiB) plus 0.5 GiB overhead fits in each of two.
    ['llama-3.1-70b', 'rtx-4090', 2],
    // The same on an 80 GB H100: one.
    ['llama-3.1-70b', 'h100-sxm', 1],
    // DeepSeek-V3: 671e9 weights x 4.5 bits / 8 = 377 GB = 351 GiB, 14.6 RTX 4090s: more than a server of 8.
    ['deepseek-v3', 'rtx-4090', null],
  ])('%s on %s needs %j', (modelId, gpuId, count) => {
    expect(gpusForModel(modelById(modelId), gpuById(gpuId))).toBe(count);
  });

  test('every count is the fewest that fits, and none exceeds one server', () => {
    const gpu = gpuById('rtx-4090');
    for (const model of models) {
      const count = gpusForModel(model, gpu);
      const input = fitInput(model);
      if (count === null) {
        expect(place(input, gpu, FIT_MAX_GPUS).placement.fits).toBe(false);
        continue;
      }
      expect(count).toBeLessThanOrEqual(FIT_MAX_GPUS);
      expect(place(input, gpu, count).placement.fits).toBe(true);
      if (count > 1) expect(place(input, gpu, count - 1).placement.fits).toBe(false);
    }
  });
});
