import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseMemoryRequest, type RawRequest } from '../../src/lib/memory/request';
import { PAGE_DEFAULTS, decodeConfigurations, encodeConfigurations } from '../../src/lib/memory/url-state';
import { loadGpus, loadModels } from './support/catalog';

const catalog = { models: loadModels().map(({ model }) => model), gpus: loadGpus().map(({ gpu }) => gpu) };
const errorsOf = (raw: RawRequest) => {
  const result = parseMemoryRequest(raw, catalog);
  return result.ok ? [] : result.errors.map((error) => `${error.field}: ${error.message}`);
};

describe('memory request parsing', () => {
  it('accepts the page defaults', () => {
    expect(errorsOf(PAGE_DEFAULTS)).toEqual([]);
  });

  it('names the field and what it allows for every kind of bad input', () => {
    expect(errorsOf({ ...PAGE_DEFAULTS, context: '' })).toEqual(['context: context is required: a whole number from 1 to 10,000,000']);
    const { context: _context, ...withoutContext } = PAGE_DEFAULTS;
    expect(errorsOf(withoutContext)).toEqual([]);
    expect(errorsOf({ ...PAGE_DEFAULTS, context: '-5' })).toEqual(['context: context must be a whole number from 1 to 10,000,000, got "-5"']);
    expect(errorsOf({ ...PAGE_DEFAULTS, context: '0' })[0]).toMatch(/^context:/);
    expect(errorsOf({ ...PAGE_DEFAULTS, batch: '1.5' })[0]).toMatch(/^batch: batch must be a whole number/);
    expect(errorsOf({ ...PAGE_DEFAULTS, context: '1e99' })[0]).toMatch(/^context:/);
    expect(errorsOf({ ...PAGE_DEFAULTS, precision: 'fp7' })[0]).toMatch(/^precision: precision must be one of fp32, .*q4_k_m.*; got "fp7"/);
    expect(errorsOf({ ...PAGE_DEFAULTS, gpu: 'rtx-9999' })[0]).toMatch(/^gpu: gpu must be one of .*rtx-4090/);
    expect(errorsOf({ ...PAGE_DEFAULTS, model: 'gpt-5' })[0]).toMatch(/^model: model "gpt-5" is not in the catalog/);
    expect(errorsOf({ ...PAGE_DEFAULTS, 'overhead-gib': 'lots' })[0]).toMatch(/^overhead-gib:/);
    expect(errorsOf({ ...PAGE_DEFAULTS, mode: 'lora', targets: 'q_proj,wq' })[0]).toMatch(/^targets: .*unknown: wq/);
  });

  it('reports every bad field at once', () => {
    expect(errorsOf({ ...PAGE_DEFAULTS, context: 'x', batch: 'y', gpus: '0' }).map((error) => error.split(':')[0])).toEqual(['context', 'batch', 'gpus']);
  });

  it('solves a custom architecture from the command-line flags', () => {
    const result = parseMemoryRequest({ params: '6738415616', layers: '32', hidden: '4096', heads: '32', 'kv-heads': '32', vocab: '32000' }, catalog);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.request.input.shapes.intermediateSize).toBe(11008);
  });

  it('refuses custom shapes that cannot hold the stated parameters', () => {
    expect(errorsOf({ params: '1000', layers: '32', hidden: '4096', heads: '32', vocab: '32000' })[0]).toMatch(/^params: .*smaller than/);
    expect(errorsOf({ params: '7e9', layers: '32', hidden: '4096', heads: '32', 'kv-heads': '5', vocab: '32000' })[0]).toMatch(/^kv-heads: kv-heads must divide heads/);
  });

  it('never throws on arbitrary text in any field', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('model', 'precision', 'context', 'batch', 'gpus', 'mode', 'params', 'layers', 'overhead-gib'), fc.string()), (raw) => {
        const result = parseMemoryRequest({ ...PAGE_DEFAULTS, ...raw }, catalog);
        if (!result.ok) expect(result.errors.length).toBeGreaterThan(0);
      }),
    );
  });
});

describe('calculator address', () => {
  it('writes only what differs from the defaults', () => {
    expect(encodeConfigurations([PAGE_DEFAULTS])).toBe('');
    expect(encodeConfigurations([{ ...PAGE_DEFAULTS, precision: 'q4_k_m' }])).toBe('precision=q4_k_m');
  });

  it('round-trips up to three configurations, half-typed values included', () => {
    const configs = [
      { ...PAGE_DEFAULTS, model: 'mixtral-8x7b-v0.1', context: '32k?' },
      { ...PAGE_DEFAULTS, mode: 'qlora', rank: '64' },
      { ...PAGE_DEFAULTS, model: '', params: '7e9', layers: '32' },
    ];
    expect(decodeConfigurations(encodeConfigurations(configs))).toEqual(configs);
  });

  it('reads the plain link a model page makes', () => {
    expect(decodeConfigurations('?model=gemma-2-9b')).toEqual([{ ...PAGE_DEFAULTS, model: 'gemma-2-9b' }]);
  });
});
