// The model finder on real hardware: its fields read from text (the page's inputs and its address), the memory
// engine's placement on one or several GPUs, the decode speed it expects there, and the three sorts.
import fc from 'fast-check';
import { renderToString } from 'preact-render-to-string';
import { describe, expect, it, test } from 'vitest';
import { expectedTokensPerSecond, findModels, speedText, type FinderQuery, type FinderSort } from '../../src/lib/catalog/finder';
import { FINDER_DEFAULTS, FINDER_FIELDS, decodeFinderRequest, encodeFinderRequest, parseFinderRequest, type RawFinderRequest } from '../../src/lib/catalog/finder-request';
import { TASKS } from '../../src/lib/catalog/tasks';
import { answerMemoryRequest } from '../../src/lib/memory/answer';
import { toGpuSpecs, usableBytes } from '../../src/lib/memory/placement';
import { parseMemoryRequest } from '../../src/lib/memory/request';
import { DECODE_CALIBRATION } from '../../src/lib/runtime/decode-measurements';
import { ResultItem } from '../../src/islands/ModelFinder';
import { loadGpus, loadModels } from './support/catalog';

const models = loadModels().map(({ model }) => model);
const gpus = toGpuSpecs(loadGpus().map(({ gpu }) => gpu));

function queryOf(raw: RawFinderRequest): FinderQuery {
  const parsed = parseFinderRequest({ ...FINDER_DEFAULTS, ...raw }, gpus);
  if (!parsed.ok) throw new Error(parsed.errors.map((error) => error.message).join('; '));
  return parsed.query;
}
const find = (raw: RawFinderRequest) => findModels(models, queryOf(raw), DECODE_CALIBRATION);
const errorsOf = (raw: RawFinderRequest) => {
  const parsed = parseFinderRequest({ ...FINDER_DEFAULTS, ...raw }, gpus);
  return parsed.ok ? [] : parsed.errors.map((error) => `${error.field}: ${error.message}`);
};

describe('reading the finder’s fields', () => {
  test.each([
    // Each message starts with the field's label on the page, then what it allows, then what was typed.
    [{ context: 'lots' }, 'context: Context needed (tokens) must be a whole number from 1 to 10,000,000; that is not a number: "lots"'],
    [{ context: '' }, 'context: Context needed (tokens) is required: a whole number from 1 to 10,000,000'],
    [{ context: '0' }, 'context: Context needed (tokens) must be a whole number from 1 to 10,000,000; got "0"'],
    [{ context: '4096.5' }, 'context: Context needed (tokens) must be a whole number from 1 to 10,000,000; got "4096.5"'],
    [{ gpus: '9' }, 'gpus: Number of GPUs must be a whole number from 1 to 8; got "9"'],
    [{ gpus: '0' }, 'gpus: Number of GPUs must be a whole number from 1 to 8; got "0"'],
    [{ gpu: 'custom', memory: '0' }, 'memory: Memory per GPU (GiB) must be a number from 0.5 to 2,048 GiB; got "0"'],
    [{ gpu: 'custom', memory: '' }, 'memory: Memory per GPU (GiB) is required: a number from 0.5 to 2,048 GiB'],
    [{ gpu: 'custom', memory: '24 GB' }, 'memory: Memory per GPU (GiB) must be a number from 0.5 to 2,048 GiB; only digits, one decimal point and an exponent such as 7e9 are understood: "24 GB"'],
    [{ gpu: 'tpu-v5' }, 'gpu: GPU must be one of the listed GPUs (such as rtx-4090) or custom; got "tpu-v5"'],
    [{ sort: 'cheapest' }, 'sort: Sort by must be one of best, largest, fastest; got "cheapest"'],
    [{ license: 'gpl' }, 'license: Licence must be one of any, commercial, osi; got "gpl"'],
    [{ openness: 'closed' }, 'openness: Openness must be one of any, open-weights, fully-open; got "closed"'],
    [{ task: 'poetry' }, `task: Task must be one of ${TASKS.map((task) => task.id).join(', ')}; got "poetry"`],
  ] satisfies Array<[RawFinderRequest, string]>)('%j is refused: %s', (raw, message) => {
    expect(errorsOf(raw)).toEqual([message]);
  });

  it('reports every bad field at once', () => {
    expect(errorsOf({ context: 'x', gpus: '99', sort: 'z' }).map((error) => error.split(':')[0])).toEqual(['gpus', 'context', 'sort']);
  });

  it('ignores the memory field unless the GPU is "Other"', () => {
    expect(errorsOf({ gpu: 'rtx-4090', memory: 'nonsense' })).toEqual([]);
  });

  it('reads 24 typed as memory per GPU as exactly an RTX 4090’s 24 × 2^30 = 25,769,803,776 bytes', () => {
    const typed = queryOf({ gpu: 'custom', memory: '24' }).hardware;
    expect(typed.gpu.memoryBytes).toBe(25_769_803_776);
    expect(usableBytes(typed.gpu)).toBe(usableBytes(gpus.find((gpu) => gpu.id === 'rtx-4090')!));
    expect(typed.speedKnown).toBe(false);
  });
});

describe('the finder’s address', () => {
  it('writes every field, defaults included, so a link keeps its meaning if the defaults change', () => {
    expect(encodeFinderRequest(FINDER_DEFAULTS)).toBe('task=chat&gpu=rtx-4090&gpus=1&license=any&openness=any&context=8192&sort=best');
  });

  it('writes the memory only with the custom GPU, and keeps a cleared box cleared', () => {
    expect(encodeFinderRequest({ ...FINDER_DEFAULTS, gpu: 'custom', memory: '48', context: '' })).toBe(
      'task=chat&gpu=custom&gpus=1&memory=48&license=any&openness=any&context=&sort=best',
    );
  });

  it('reads back whatever it wrote, bad values included', () => {
    const text = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('', ' ', '1e9', 'a&b=c', '%', '+', '24 GB', '🙂'));
    const raw = fc.record(Object.fromEntries(FINDER_FIELDS.map((field) => [field, text])) as Record<(typeof FINDER_FIELDS)[number], typeof text>);
    fc.assert(
      fc.property(raw, (values) => {
        const back = decodeFinderRequest(encodeFinderRequest(values));
        for (const field of FINDER_FIELDS) {
          if (field === 'memory' && values.gpu !== 'custom') continue;
          expect(back[field]).toBe(values[field]);
        }
      }),
      { seed: 20261203, numRuns: 300 },
    );
  });

  it('fills fields a link leaves out with the defaults', () => {
    expect(decodeFinderRequest('?task=code')).toEqual({ ...FINDER_DEFAULTS, task: 'code' });
  });
});

describe('sizing on the chosen GPUs', () => {
  it('gives typed memory of 24 GiB the same answer as an RTX 4090, without a speed', () => {
    const typed = find({ gpu: 'custom', memory: '24' });
    const card = find({ gpu: 'rtx-4090' });
    const shape = (results: typeof card) => results.map((result) => [result.model.id, result.recommended, result.precision, result.neededBytesPerGpu, result.usableBytesPerGpu]);
    expect(shape(typed)).toEqual(shape(card));
    expect(typed.every((result) => result.speed === undefined && speedText(result) === undefined)).toBe(true);
  });

  it('compares needs with the card in GiB, the unit it is sold in, never in decimal GB', () => {
    const reasons = find({ gpu: 'rtx-4090' }).flatMap((result) => result.reasons.map((reason) => reason.text));
    const memory = reasons.filter((text) => /^(Fits at|Even at 4-bit)/.test(text));
    expect(memory.length).toBe(models.length);
    for (const text of memory) expect(text).toMatch(/ GiB of 24 GiB\.$/);
    expect(reasons.join(' ')).not.toMatch(/\d GB\b/);
  });

  // Llama 3.1 8B (config.json: 32 layers, 8 KV heads of 128, vocabulary 128,256, hidden 4,096; 8,030,261,248
  // parameters). At Q8_0 (8.5 bits per weight) a token reads every weight but the input embedding:
  // (8,030,261,248 − 128,256 × 4,096) × 8.5 / 8 = 7,973,982,464 bytes, plus the FP16 cache of 8,192 tokens,
  // 8,192 × 32 × 8 × 128 × 2 (K and V) × 2 bytes = 1,073,741,824. An RTX 3060 12GB reads 360 GB/s (its data
  // file), so decoding is bound at 360e9 / 9,047,724,288 ≈ 39.8 tokens/s.
  it('bounds Llama 3.1 8B at Q8_0 on an RTX 3060 12GB by its bandwidth: about 39.8 tokens/s', () => {
    const llama = find({ gpu: 'rtx-3060-12gb' }).find((result) => result.model.id === 'llama-3.1-8b')!;
    expect(llama.precision).toBe('q8_0');
    expect(llama.speed!.boundTokensPerSecond).toBeCloseTo(39.8, 1);
    const { low, high } = llama.speed!.decode;
    expect(low! < high! && high! < llama.speed!.boundTokensPerSecond).toBe(true);
    expect(speedText(llama)).toMatch(/^\d+(\.\d)?–\d+(\.\d)? tok\/s$/);
  });

  it.each([
    ['llama-3.1-8b', 'rtx-4090', '1'],
    ['qwen3-32b', 'rtx-4090', '2'],
    ['llama-3.1-70b', 'a100-80gb', '2'],
    ['gpt-oss-20b', 'rtx-3060-12gb', '3'],
  ])('sizes %s on %s × %s exactly as the memory calculator does', (modelId, gpuId, count) => {
    const result = find({ gpu: gpuId, gpus: count, context: '8192' }).find((entry) => entry.model.id === modelId)!;
    const parsed = parseMemoryRequest({ model: modelId, precision: result.precision, gpu: gpuId, gpus: count, context: '8192' }, { models, gpus });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const answer = answerMemoryRequest(parsed.request, gpus, DECODE_CALIBRATION).onGpu!;
    expect(result.neededBytesPerGpu).toBe(answer.placement.bytesPerGpu);
    expect(result.speed!.decode).toEqual(answer.decode);
  });

  it('never fits fewer models on more GPUs of the same card: each that fits on n fits on n + 1', () => {
    for (const gpu of ['rtx-3060-12gb', 'rtx-4090', 'a100-40gb', 'h100-sxm']) {
      let previous = new Set<string>();
      for (let count = 1; count <= 8; count += 1) {
        const fitting = new Set(find({ gpu, gpus: String(count) }).filter((result) => result.precision).map((result) => result.model.id));
        for (const id of previous) expect(fitting.has(id), `${id} on ${count} × ${gpu}`).toBe(true);
        previous = fitting;
      }
    }
  });

  it('splits a model too large for one card over two, each holding less', () => {
    const one = find({ gpu: 'rtx-4090', gpus: '1' }).find((result) => result.model.id === 'llama-3.1-70b')!;
    const two = find({ gpu: 'rtx-4090', gpus: '2' }).find((result) => result.model.id === 'llama-3.1-70b')!;
    expect(one.precision).toBeUndefined();
    expect(two.precision).toBe('q4_0');
    expect(two.neededBytesPerGpu).toBeLessThan(one.neededBytesPerGpu);
    expect(two.reasons.some((reason) => reason.text.endsWith('on the fullest of 2 GPUs, of 24 GiB each.'))).toBe(true);
  });
});

describe('the three sorts', () => {
  const questions = fc.record({
    task: fc.constantFrom(...TASKS.map((task) => task.id)),
    gpu: fc.constantFrom(...gpus.map((gpu) => gpu.id)),
    gpus: fc.integer({ min: 1, max: 8 }).map(String),
    license: fc.constantFrom('any', 'commercial', 'osi'),
    openness: fc.constantFrom('any', 'open-weights', 'fully-open'),
    context: fc.constantFrom('512', '8192', '32768', '131072'),
  });
  const inOrder = (values: number[]) => values.every((value, index) => index === 0 || values[index - 1]! >= value);

  it('"Largest that fits" lists the models meeting every need by parameters, largest first', () => {
    fc.assert(
      fc.property(questions, (raw) => {
        const recommended = find({ ...raw, sort: 'largest' }).filter((result) => result.recommended);
        expect(inOrder(recommended.map((result) => result.model.parameters))).toBe(true);
      }),
      { seed: 20261203, numRuns: 25 },
    );
  });

  it('"Fastest" lists them by expected decode speed, fastest first', () => {
    fc.assert(
      fc.property(questions, (raw) => {
        const recommended = find({ ...raw, sort: 'fastest' }).filter((result) => result.recommended);
        expect(inOrder(recommended.map(expectedTokensPerSecond))).toBe(true);
        expect(recommended.every((result) => expectedTokensPerSecond(result) > 0)).toBe(true);
      }),
      { seed: 20261203, numRuns: 25 },
    );
  });

  it('a sort changes the order, never which models meet every need or why', () => {
    const summary = (sort: FinderSort) =>
      find({ sort })
        .map((result) => `${result.model.id} ${result.recommended} ${result.reasons.map((reason) => reason.text).join('|')}`)
        .sort();
    expect(summary('largest')).toEqual(summary('best'));
    expect(summary('fastest')).toEqual(summary('best'));
    const ids = (sort: FinderSort) => find({ sort }).map((result) => result.model.id);
    expect(ids('largest')).not.toEqual(ids('best'));
    expect(ids('fastest')).not.toEqual(ids('best'));
  });

  it('on an RTX 4090, "Largest that fits" starts with the largest model that fits and "Fastest" with the fastest', () => {
    const all = find({ sort: 'best' }).filter((result) => result.recommended);
    const largest = Math.max(...all.map((result) => result.model.parameters));
    const fastest = Math.max(...all.map(expectedTokensPerSecond));
    expect(find({ sort: 'largest' })[0]!.model.parameters).toBe(largest);
    expect(expectedTokensPerSecond(find({ sort: 'fastest' })[0]!)).toBe(fastest);
  });
});

describe('what a reader sees of each result', () => {
  const render = (raw: RawFinderRequest) => {
    const query = queryOf(raw);
    return findModels(models, query, DECODE_CALIBRATION).map((result) => renderToString(<ResultItem result={result} query={query} base="/" />)).join('\n');
  };

  it.each([{}, { gpu: 'custom', memory: '0.5' }, { gpu: 'custom', memory: '2048', gpus: '8' }, { gpu: 'apple-m4-max-128gb', context: '10000000' }, { task: 'multimodal', context: '1' }])(
    '%j: no NaN, Infinity, undefined or blank figure',
    (raw) => {
      const text = render(raw).replace(/<[^>]+>/g, ' ');
      expect(text).not.toMatch(/NaN|Infinity|undefined|—/);
      expect(render(raw)).not.toMatch(/<dd>\s*<\/dd>/);
    },
  );

  it('says a typed memory size has no speed instead of leaving it blank', () => {
    expect(render({ gpu: 'custom', memory: '24' })).toContain('needs a listed GPU');
  });

  it('links each model to its page and to the memory calculator with the same question', () => {
    const html = render({ gpu: 'rtx-4090', gpus: '2', context: '16384' });
    expect(html).toContain('href="/models/llama-3.1-8b/"');
    expect(html).toMatch(/href="\/calculators\/memory\/\?model=llama-3\.1-8b&amp;precision=bf16&amp;context=16384&amp;gpu=rtx-4090&amp;gpus=2"/);
  });
});

describe('the starting answer worked out at build time', () => {
  it('comes back identical to one worked out in the browser, and refuses a catalog that lost a model', async () => {
    const { findModels, storeResults, restoreResults } = await import('../../src/lib/catalog/finder');
    const { FINDER_DEFAULTS, parseFinderRequest } = await import('../../src/lib/catalog/finder-request');
    const { loadGpus, loadModels } = await import('./support/catalog');
    const { toGpuSpecs } = await import('../../src/lib/memory/placement');
    const { DECODE_CALIBRATION } = await import('../../src/lib/runtime/decode-measurements');
    const models = loadModels().map(({ model }) => model);
    const parsed = parseFinderRequest({ ...FINDER_DEFAULTS }, toGpuSpecs(loadGpus().map(({ gpu }) => gpu)));
    if (!parsed.ok) throw new Error('defaults do not parse');
    const fresh = findModels(models, parsed.query, DECODE_CALIBRATION);
    // Through JSON, as the page sends it.
    const stored = JSON.parse(JSON.stringify(storeResults(fresh)));
    expect(restoreResults(stored, models)).toEqual(fresh);
    expect(restoreResults(stored, models.slice(1))).toBeUndefined();
  });
});
