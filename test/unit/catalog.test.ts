import { describe, expect, it } from 'vitest';
import { countParameters } from '../../src/lib/architecture/count';
import { summarize } from '../../src/lib/architecture/summary';
import { gpuSchema, modelSchema } from '../../src/lib/catalog/schema';
import { parseWithFriendlyErrors } from '../../src/lib/content/friendly-errors';
import { loadGpus, loadModels, rawModel } from './support/catalog';
import { readFileSync } from 'node:fs';
import { apiPriceSchema } from '../../src/lib/cost/schema';
import { assertUniqueIds, idProblems } from '../../src/lib/content/integrity';

const apiEntry = (JSON.parse(readFileSync('content/prices/api.json', 'utf8')) as Array<Record<string, unknown>>)[0]!;

const REQUIRED_MODEL_IDS = [
  'llama-2-7b', 'llama-2-13b', 'llama-2-70b', 'codellama-7b', 'codellama-13b', 'codellama-34b', 'codellama-70b',
  'mistral-7b-v0.1', 'mixtral-8x7b-v0.1', 'zephyr-7b-beta', 'solar-10.7b-v1.0', 'falcon-7b', 'falcon-40b', 'olmo-7b',
  'grok-1', 'neural-chat-7b-v3-3', 'llama-3.1-8b', 'llama-3.1-70b', 'llama-3.2-1b', 'llama-3.2-3b', 'qwen2.5-0.5b',
  'qwen2.5-7b', 'gemma-2-9b', 'phi-3-mini-4k-instruct', 'smollm2-135m', 'smollm2-360m', 'smollm2-1.7b', 'deepseek-v3',
  'gpt-oss-20b', 'gpt-oss-120b',
];
const REQUIRED_GPU_IDS = [
  'rtx-3060-12gb', 'rtx-4060-ti-16gb', 'rtx-3090', 'rtx-4090', 'rtx-5090', 'l4', 't4', 'a10g', 'l40s', 'a100-40gb',
  'a100-80gb', 'h100-pcie', 'h100-sxm', 'h200', 'b200', 'mi300x', 'apple-m2-ultra-192gb', 'apple-m4-max-128gb',
];

const models = loadModels();
const byId = new Map(models.map(({ model }) => [model.id, model]));

/** Half a unit in the last significant digit of a published figure: "7.24B" covers 7.235B to 7.245B. */
function roundingTolerance(value: number): number {
  const digits = String(value).replace(/0+$/, '').length;
  return 0.5 * 10 ** (String(value).length - digits);
}

describe('model catalog', () => {
  it('has every model the calculators and pages refer to', () => {
    for (const id of REQUIRED_MODEL_IDS) expect(byId.has(id), id).toBe(true);
  });

  it('names each file after its id', () => {
    for (const { file, model } of models) expect(file).toBe(`${model.id}.json`);
  });

  it('points every baseModel at a model in the catalog', () => {
    for (const { model } of models) if (model.baseModel) expect(byId.has(model.baseModel), `${model.id} -> ${model.baseModel}`).toBe(true);
  });

  describe.each(models.map(({ model }) => [model.id, model] as const))('%s', (_id, model) => {
    const counted = countParameters(model.architecture);

    it('carries the counts its architecture gives, active never above total', () => {
      expect(model.parameters).toBe(counted.total);
      expect(model.activeParameters).toBe(counted.active);
      expect(model.activeParameters).toBeLessThanOrEqual(model.parameters);
    });

    it('agrees with an independently published count (rounding, or within 1%)', () => {
      const reported = model.reportedParameters?.value;
      if (reported === undefined) return;
      const allowed = Math.max(roundingTolerance(reported), reported * 0.01);
      expect(Math.abs(counted.total - reported), model.reportedParameters!.as).toBeLessThanOrEqual(allowed);
    });
  });

  it('matches exact counts published for well-known checkpoints', () => {
    // Sums of the safetensors tensor shapes of meta-llama/Llama-2-7b-hf and mistralai/Mixtral-8x7B-v0.1.
    expect(countParameters(byId.get('llama-2-7b')!.architecture).total).toBe(6_738_415_616);
    expect(countParameters(byId.get('mixtral-8x7b-v0.1')!.architecture).total).toBe(46_702_792_704);
  });

  it('counts the 2025 dense additions as their configs add up by hand', () => {
    // Seed-Coder-8B (llama; hidden 4,096, 32 layers, 32 query / 8 KV heads of 128, MLP 14,336, vocab 155,136, untied):
    // attention 2 x 4,096^2 + 2 x 4,096 x 1,024 = 41,943,040; MLP 3 x 4,096 x 14,336 = 176,160,768; two norms 8,192:
    // 218,112,000 a layer, x 32 = 6,979,584,000; embedding and head 2 x 155,136 x 4,096 = 1,270,874,112; final norm 4,096.
    expect(byId.get('seed-coder-8b')!.parameters).toBe(6_979_584_000 + 1_270_874_112 + 4_096);
    // Mistral Small 3.1 text model (hidden 5,120, 40 layers, 32 query / 8 KV heads of 128, MLP 32,768, vocab 131,072):
    // attention 2 x 5,120 x 4,096 + 2 x 5,120 x 1,024 = 52,428,800; MLP 3 x 5,120 x 32,768 = 503,316,480; norms 10,240:
    // 555,755,520 a layer, x 40 = 22,230,220,800; embedding and head 2 x 131,072 x 5,120 = 1,342,177,280; final norm 5,120.
    // The vision encoder is stored in the checkpoint but not counted (its config was cut short; see the entry).
    expect(byId.get('mistral-small-3.1-24b-instruct-2503')!.parameters).toBe(22_230_220_800 + 1_342_177_280 + 5_120);
  });

  it('keeps the architecture traps the sources warn about', () => {
    const summary = (id: string) => summarize(byId.get(id)!.architecture);
    expect(summary('falcon-7b')).toMatchObject({ heads: { query: 71, kv: 1, dim: 64 }, attention: 'mqa' });
    expect(summary('gemma-2-9b').heads!.dim).toBe(256);
    expect(summary('llama-2-7b').heads!.kv).toBe(32);
    expect(summary('llama-2-13b').heads!.kv).toBe(40);
    expect(summary('llama-2-70b').heads!.kv).toBe(8);
    expect(summary('mistral-7b-v0.1').moe).toBeNull();
    expect(summary('mixtral-8x7b-v0.1').moe).toMatchObject({ experts: 8, perToken: 2 });
    expect(summary('deepseek-v3').attention).toBe('mla');
  });
});

describe('model schema', () => {
  const valid = rawModel('llama-2-7b');
  const withShapes = (changes: Record<string, unknown>) => ({
    ...valid,
    shapes: { ...(valid.shapes as object), ...changes },
  });
  const messages = (data: unknown) => {
    const result = modelSchema.safeParse(data);
    return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  };

  it('accepts a real entry', () => {
    expect(messages(valid)).toEqual([]);
  });

  it('rejects a multi-query model whose config prints 71 KV heads', () => {
    expect(messages(withShapes({ attentionHeads: 71, kvHeads: 71, attention: 'mqa' }))).toContain(
      'shapes.attention: attention is "mqa" but the head counts make it "mha"',
    );
  });

  it('rejects KV heads that do not divide the query heads', () => {
    expect(messages(withShapes({ kvHeads: 5, attention: 'gqa' }))).toContain(
      'shapes.kvHeads: attentionHeads must be a multiple of kvHeads',
    );
  });

  it('rejects a misspelt key instead of ignoring it', () => {
    expect(messages({ ...valid, paramters: 7 }).join('\n')).toMatch(/paramters/);
  });

  it('rejects a missing source list, a bad month and a count typed by hand', () => {
    const { sources: _sources, ...withoutSources } = valid;
    expect(messages(withoutSources).join('\n')).toMatch(/^sources:/m);
    expect(messages({ ...valid, released: '2023-13' })).toContain('released: Use a month like 2023-07');
    // Counts are derived from the architecture, never stated: a parameters key is an unknown key.
    expect(messages({ ...valid, parameters: 6_738_415_616 }).join('\n')).toMatch(/parameters/);
  });

  it('takes exactly one description: a config.json with its source, or a shape block', () => {
    const { shapes, ...withoutShapes } = valid;
    expect(messages(withoutShapes)).toContain("config: give the model's config.json as `config` (with `configSource`), or a `shapes` block, not both");
    // 4,096 x 256 for the embedding and again for the head alone: over the catalog's floor of a million.
    const config = { model_type: 'llama', hidden_size: 256, intermediate_size: 1024, num_hidden_layers: 2, num_attention_heads: 4, vocab_size: 4096, max_position_embeddings: 512 };
    expect(messages({ ...valid, config })).toContain("config: give the model's config.json as `config` (with `configSource`), or a `shapes` block, not both");
    expect(messages({ ...withoutShapes, config })).toContain('configSource: a config needs its configSource: where it was read and when');
    const configSource = { url: 'https://huggingface.co/x/y/blob/main/config.json', readFrom: 'a copy', read: '2026-12-02', verbatim: true };
    expect(messages({ ...withoutShapes, config, configSource })).toEqual([]);
    expect(shapes).toBeDefined();
  });

  it('names the config field at fault, and an unsupported model type', () => {
    const { shapes: _shapes, ...withoutShapes } = valid;
    const configSource = { url: 'https://huggingface.co/x/y/blob/main/config.json', readFrom: 'a copy', read: '2026-12-02', verbatim: true };
    const config = { model_type: 'llama', hidden_size: 64, intermediate_size: 128, num_hidden_layers: 2, num_attention_heads: 4, vocab_size: 100, max_position_embeddings: 512 };
    expect(messages({ ...withoutShapes, configSource, config: { ...config, num_key_value_heads: 3 } })).toEqual([
      'config.num_key_value_heads: config.json: num_key_value_heads (3) must divide num_attention_heads (4)',
    ]);
    expect(messages({ ...withoutShapes, configSource, config: { ...config, model_type: 'rwkv7' } })[0]).toMatch(/^config\.model_type: config\.json: model_type "rwkv7" is not supported; supported types are /);
  });
});

describe('GPU catalog', () => {
  const gpus = loadGpus();
  const gpuIds = new Set(gpus.map(({ gpu }) => gpu.id));

  it('has every accelerator the calculators refer to, each file named after its id', () => {
    for (const id of REQUIRED_GPU_IDS) expect(gpuIds.has(id), id).toBe(true);
    for (const { file, gpu } of gpus) expect(file).toBe(`${gpu.id}.json`);
  });

  it('keeps unified memory below the machine total and discrete memory whole', () => {
    for (const { gpu } of gpus) {
      if (gpu.kind === 'apple-unified') expect(gpu.usableMemoryFraction).toBeLessThan(1);
      else expect(gpu.usableMemoryFraction).toBe(1);
    }
  });

  it('rejects a bandwidth given as a float in TB/s', () => {
    const result = gpuSchema.safeParse({ ...gpus[0]!.gpu, memoryBandwidthBytesPerSecond: 3.35 });
    expect(result.success).toBe(false);
  });
});

describe('content errors name the file and the field', () => {
  it('says which file and which field of a bad model entry is wrong', () => {
    const data = { ...rawModel('llama-3.1-8b'), released: '2024' };
    expect(() => parseWithFriendlyErrors(modelSchema, data, 'content/models/llama-3.1-8b.json')).toThrow(
      /^content\/models\/llama-3\.1-8b\.json: released: Use a month like 2023-07$/,
    );
  });

  it('lists every bad field of an entry, with nested paths', () => {
    const raw = rawModel('llama-3.1-8b');
    const data = { ...raw, sources: [{ url: 'not a url', read: '2026-1-1', for: 'x' }], shapes: { ...(raw.shapes as object), kvHeads: 3 } };
    let message = '';
    try {
      parseWithFriendlyErrors(modelSchema, data, 'content/models/llama-3.1-8b.json');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^content\/models\/llama-3\.1-8b\.json: \n/);
    expect(message).toContain('\n  shapes.kvHeads: attentionHeads must be a multiple of kvHeads');
    expect(message).toContain('\n  sources[0].url: ');
    expect(message).toContain('\n  sources[0].read: Use a date like 2026-11-22');
  });
});

describe('content that must never be built', () => {
  const raw = rawModel('llama-3.1-8b');
  const problems = (data: unknown) => {
    const result = modelSchema.safeParse(data);
    return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  };

  it.each(['javascript:alert(1)', 'data:text/html,<b>x</b>', 'vbscript:x', 'ftp://example.org/model', 'git+https://example.org/x', 'httpx://example.org/x'])('refuses a source link %s: only http(s) addresses become links', (url) => {
    const data = { ...raw, sources: [{ url, read: '2026-12-01', for: 'x' }] };
    expect(problems(data)).toContain('sources.0.url: must be an http(s) address');
    expect(problems({ ...raw, license: { ...(raw.license as object), url } })).toContain('license.url: must be an http(s) address');
    expect(gpuSchema.safeParse({ ...loadGpus()[0]!.gpu, sources: [{ url, read: '2026-12-01', for: 'x' }] }).success).toBe(false);
    expect(apiPriceSchema.safeParse({ ...apiEntry, url }).success).toBe(false);
  });

  it('still accepts the http(s) links every entry uses', () => {
    expect(problems(raw)).toEqual([]);
    expect(apiPriceSchema.safeParse(apiEntry).success).toBe(true);
  });

  it.each([
    ['a reported total of 1', { reportedParameters: { value: 1, as: '1', url: 'https://example.org/' } }, 'reportedParameters.value: must be a whole parameter count of at least 1,000,000'],
    ['a reported active count of 7 (for 7B)', { reportedActiveParameters: { value: 7, convention: 'x', url: 'https://example.org/' } }, 'reportedActiveParameters.value: must be a whole parameter count of at least 1,000,000'],
  ])('refuses %s', (_, change, message) => {
    expect(problems({ ...raw, ...change })).toContain(message);
  });

  it('refuses a config that describes a toy model', () => {
    const { shapes: _shapes, ...withoutShapes } = raw;
    const configSource = { url: 'https://huggingface.co/x/y/blob/main/config.json', readFrom: 'a copy', read: '2026-12-02', verbatim: true };
    // 100 x 64 embedding, untied head 6,400 more, two layers of 4 x 64 x 64 attention and 3 x 64 x 128 MLP: far under a million.
    const config = { model_type: 'llama', hidden_size: 64, intermediate_size: 128, num_hidden_layers: 2, num_attention_heads: 4, vocab_size: 100, max_position_embeddings: 512 };
    expect(problems({ ...withoutShapes, configSource, config })).toEqual([expect.stringMatching(/^config: describes \d{5,6} parameters; a catalog model has at least 1,000,000$/)]);
  });

  it('names the file and the id when an id repeats or differs from its file name', () => {
    expect(idProblems([
      { file: 'content/models/a.json', id: 'a', fileId: 'a' },
      { file: 'content/models/b.json', id: 'a', fileId: 'b' },
    ])).toEqual(['content/models/b.json: id "a" must match the file name ("b")', 'content/models/b.json: id "a" is used twice (entries 1 and 2)']);
    expect(idProblems([
      { file: 'content/prices/api.json', id: 'x' },
      { file: 'content/prices/api.json', id: 'y' },
      { file: 'content/prices/api.json', id: 'x' },
      { file: 'content/prices/api.json', id: 7 },
      { file: 'content/prices/api.json', id: '' },
    ])).toEqual(['content/prices/api.json: id "x" is used twice (entries 1 and 3)', 'content/prices/api.json: id must be a non-empty string', 'content/prices/api.json: id must be a non-empty string']);
    expect(() => assertUniqueIds([{ file: 'f', id: 'x' }, { file: 'f', id: 'x' }])).toThrow('Content ids:\n  f: id "x" is used twice (entries 1 and 2)');
    expect(() => assertUniqueIds([{ file: 'f', id: 'x' }, { file: 'f', id: 'y' }])).not.toThrow();
  });

  it('the catalogs as committed pass the same checks', () => {
    expect(idProblems(loadModels().map(({ file, model }) => ({ file, id: model.id, fileId: file.replace(/\.json$/, '') })))).toEqual([]);
    const prices = JSON.parse(readFileSync('content/prices/api.json', 'utf8')) as Array<{ id: string }>;
    expect(idProblems(prices.map((entry) => ({ file: 'api.json', id: entry.id })))).toEqual([]);
  });
});
