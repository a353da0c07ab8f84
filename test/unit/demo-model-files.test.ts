import { describe, expect, it } from 'vitest';
import { filesToForget, hubFileUrl, modelFileUrl, pinnedInsteadOfMain } from '../../src/lib/demo/model-files';
import { decodeTokensPerSecond } from '../../src/lib/demo/speed';
import { modelFiles } from '../../src/lib/demo/registry';
import { demoRegistrySchema } from '../../src/lib/demo/schema';
import registryJson from '../../content/demo-models.json';

const registry = demoRegistrySchema.parse(registryJson);
const smollm2 = registry.pairs.find((pair) => pair.id === 'smollm2-135m')!;
const REVISION = 'd0ae6834f1df45e0e95b5fdae95e536f9ca7cd3f';

describe('model file addresses', () => {
  it('are the Hub resolve URLs Transformers.js uses as cache keys (env.remotePathTemplate "{model}/resolve/{revision}/")', () => {
    expect(hubFileUrl('onnx-community/SmolLM2-135M-ONNX', REVISION, 'onnx/model_quantized.onnx_data')).toBe(
      `https://huggingface.co/onnx-community/SmolLM2-135M-ONNX/resolve/${REVISION}/onnx/model_quantized.onnx_data`,
    );
    expect(modelFileUrl({ kind: 'local', path: '/docs/models/' }, 'a/b', 'x', 'config.json', 'https://example.org/_astro/worker.js')).toBe(
      'https://example.org/docs/models/a/b/config.json',
    );
  });

  it('answer a lookup on main from the pinned revision, for pinned repositories only', () => {
    const pins = new Map([['onnx-community/SmolLM2-135M-ONNX', REVISION]]);
    expect(pinnedInsteadOfMain('https://huggingface.co/onnx-community/SmolLM2-135M-ONNX/resolve/main/tokenizer_config.json', pins)).toBe(
      `https://huggingface.co/onnx-community/SmolLM2-135M-ONNX/resolve/${REVISION}/tokenizer_config.json`,
    );
    expect(pinnedInsteadOfMain(`https://huggingface.co/onnx-community/SmolLM2-135M-ONNX/resolve/${REVISION}/tokenizer.json`, pins)).toBeNull();
    expect(pinnedInsteadOfMain('https://huggingface.co/someone/else/resolve/main/tokenizer_config.json', pins)).toBeNull();
    expect(pinnedInsteadOfMain('https://evil.example/onnx-community/SmolLM2-135M-ONNX/resolve/main/x', pins)).toBeNull();
  });
});

describe('what a failed load may delete', () => {
  const weights = ['w.onnx', 'w.onnx_data'];
  it.each([
    ['network', [], []],
    ['device', [], []],
    ['corrupt', [], weights],
    ['corrupt', ['tokenizer.json'], ['tokenizer.json']],
  ] as const)('%s with bad JSON %j deletes %j', (failure, badJson, expected) => {
    expect(filesToForget(failure, weights, [...badJson])).toEqual(expected);
  });
});

describe('the files one worker fetches', () => {
  it('are the graph, its external data, then the other files, as the registry lists them', () => {
    expect(modelFiles(smollm2.base, 'q8')).toMatchObject({
      files: ['onnx/model_quantized.onnx', 'onnx/model_quantized.onnx_data', 'config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json'],
      dataFiles: ['onnx/model_quantized.onnx_data'],
    });
    expect(modelFiles(smollm2.instruct, 'q4').dataFiles).toEqual([]);
    expect(() => modelFiles(smollm2.instruct, 'q8')).toThrow('HuggingFaceTB/SmolLM2-135M-Instruct has no q8 weights');
  });
});

describe('decode speed', () => {
  it('counts tokens after the first over the time since the first', () => {
    // 11 tokens, the last 2,000 ms after the first: 10 / 2 s = 5 tokens/s.
    expect(decodeTokensPerSecond(11, 2000)).toBe(5);
    expect(decodeTokensPerSecond(1, 0)).toBe(0);
    expect(decodeTokensPerSecond(5, 0)).toBe(0);
  });
});

describe('the progress bar', () => {
  it('is sized from the registry: the q8 data file of the SmolLM2 base export is 136,717,568 bytes (content/demo-models.json)', () => {
    expect(modelFiles(smollm2.base, 'q8').bytes['onnx/model_quantized.onnx_data']).toBe(136_717_568);
    expect(modelFiles(smollm2.base, 'q8').bytes['generation_config.json']).toBeNull();
  });
});
