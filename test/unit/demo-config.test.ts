import { describe, expect, it } from 'vitest';
import { MAX_CONTEXT_TOKENS, MIN_CONTEXT_TOKENS, ModelFileError, readDemoModelConfig } from '../../src/lib/demo/model-config';

const FILE = 'HuggingFaceTB/SmolLM2-135M/config.json';

describe('what the demo reads from a model\'s config.json', () => {
  it('reads the context length of a real config (SmolLM2-135M declares 8192: content/models/smollm2-135m.json and its sources)', () => {
    expect(readDemoModelConfig({ model_type: 'llama', max_position_embeddings: 8192 }, FILE)).toEqual({ contextTokens: 8192 });
  });

  it('accepts both ends of the range: 64 and 2^24 = 16,777,216', () => {
    expect(MIN_CONTEXT_TOKENS).toBe(64);
    expect(MAX_CONTEXT_TOKENS).toBe(16_777_216);
    expect(readDemoModelConfig({ max_position_embeddings: 64 }, FILE).contextTokens).toBe(64);
    expect(readDemoModelConfig({ max_position_embeddings: 16_777_216 }, FILE).contextTokens).toBe(16_777_216);
  });

  it.each<[string, unknown, string]>([
    ['a huge value', 1e300, `${FILE}: max_position_embeddings must be a whole number from 64 to 16,777,216; got 1e+300`],
    ['one past the top', 16_777_217, `${FILE}: max_position_embeddings must be a whole number from 64 to 16,777,216; got 16777217`],
    ['a string', '8192', `${FILE}: max_position_embeddings must be a whole number from 64 to 16,777,216; got "8192"`],
    ['zero', 0, `${FILE}: max_position_embeddings must be a whole number from 64 to 16,777,216; got 0`],
    ['a negative value', -1, `${FILE}: max_position_embeddings must be a whole number from 64 to 16,777,216; got -1`],
    ['one below the bottom', 63, `${FILE}: max_position_embeddings must be a whole number from 64 to 16,777,216; got 63`],
    ['a fraction', 2048.5, `${FILE}: max_position_embeddings must be a whole number from 64 to 16,777,216; got 2048.5`],
    ['an object', { value: 8192 }, `${FILE}: max_position_embeddings must be a whole number from 64 to 16,777,216; got an object`],
    ['a list', [8192], `${FILE}: max_position_embeddings must be a whole number from 64 to 16,777,216; got a list`],
    ['null', null, `${FILE}: max_position_embeddings must be a whole number from 64 to 16,777,216; got null`],
    ['a string with a newline', 'x\ny', `${FILE}: max_position_embeddings must be a whole number from 64 to 16,777,216; got "x\\ny"`],
  ])('refuses %s, naming the file and the field', (_, value, message) => {
    expect(() => readDemoModelConfig({ max_position_embeddings: value }, FILE)).toThrow(new ModelFileError(message));
  });

  it('throws a ModelFileError, so the panel can tell a bad file from a failed download', () => {
    expect(() => readDemoModelConfig({ max_position_embeddings: 0 }, FILE)).toThrow(expect.objectContaining({ name: 'ModelFileError' }));
  });

  it('refuses a config without the field, or one that is not an object', () => {
    expect(() => readDemoModelConfig({}, FILE)).toThrow(`${FILE} has no max_position_embeddings (the model's context length): it must be a whole number from 64 to 16,777,216`);
    for (const bad of [null, 'x', 3, []]) expect(() => readDemoModelConfig(bad, FILE)).toThrow(`${FILE} is not a JSON object`);
  });
});
