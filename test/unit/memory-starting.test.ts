import { describe, expect, it } from 'vitest';
import { answerMemoryRequest } from '../../src/lib/memory/answer';
import { toGpuSpecs } from '../../src/lib/memory/placement';
import { MEMORY_DEFAULTS, parseMemoryRequest } from '../../src/lib/memory/request';
import { startingAnswer, storedAnswerFor } from '../../src/lib/memory/starting';
import { encodeConfigurations } from '../../src/lib/memory/url-state';
import { DECODE_CALIBRATION } from '../../src/lib/runtime/decode-measurements';
import { loadGpus, loadModels } from './support/catalog';

const models = loadModels().map(({ model }) => model);
const gpus = toGpuSpecs(loadGpus().map(({ gpu }) => gpu));

describe('the memory calculator\'s starting answer, built with the site', () => {
  it('survives the trip through the page as JSON unchanged, and is what the engine answers for the defaults', () => {
    const starting = startingAnswer({ models, gpus }, DECODE_CALIBRATION)!;
    const parsed = parseMemoryRequest(MEMORY_DEFAULTS, { models, gpus });
    expect(parsed.ok).toBe(true);
    const fresh = answerMemoryRequest(parsed.ok ? parsed.request : (undefined as never), gpus, DECODE_CALIBRATION);
    expect(JSON.parse(JSON.stringify(starting))).toEqual({ key: starting.key, answer: fresh });
  });

  it('is the answer for the inputs the page starts with, and none when the default model is missing', () => {
    const starting = startingAnswer({ models, gpus }, DECODE_CALIBRATION)!;
    expect(starting.key).toBe(encodeConfigurations([{ ...MEMORY_DEFAULTS }]));
    expect(starting.key).toContain('model=');
    expect(startingAnswer({ models: models.filter((model) => model.id !== MEMORY_DEFAULTS.model), gpus }, DECODE_CALIBRATION)).toBeNull();
  });

  it('stands in only for the default inputs, one configuration', () => {
    const starting = startingAnswer({ models, gpus }, DECODE_CALIBRATION);
    expect(storedAnswerFor([{ ...MEMORY_DEFAULTS }], starting)).toBe(starting!.answer);
    expect(storedAnswerFor([{ ...MEMORY_DEFAULTS, context: '8193' }], starting)).toBeUndefined();
    expect(storedAnswerFor([{ ...MEMORY_DEFAULTS }, { ...MEMORY_DEFAULTS }], starting)).toBeUndefined();
    expect(storedAnswerFor([{ ...MEMORY_DEFAULTS }], null)).toBeUndefined();
  });
});
