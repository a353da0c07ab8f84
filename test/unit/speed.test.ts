import { describe, expect, it } from 'vitest';
import { answerMemoryRequest } from '../../src/lib/memory/answer';
import { runtimeSettings } from '../../src/lib/memory/estimate';
import { memoryInputForModel } from '../../src/lib/memory/for-model';
import { toGpuSpecs } from '../../src/lib/memory/placement';
import { DECODE_CALIBRATION, DECODE_MEASUREMENTS, decodeMeasurementSchema, medianEfficiency } from '../../src/lib/runtime/decode-measurements';
import { parseWithFriendlyErrors } from '../../src/lib/content/friendly-errors';
import {
  boundOf,
  calibrates,
  classRange,
  decodeRange,
  efficiencyOf,
  speedClassOf,
  type DecodeMeasurement,
  type SpeedSetting,
} from '../../src/lib/runtime/speed';
import { loadGpus, loadModels } from './support/catalog';

const record = (id: string) => DECODE_MEASUREMENTS.find((entry) => entry.id === id)!;
const setting = (overrides: Partial<SpeedSetting> = {}): SpeedSetting => ({
  runtime: 'llama.cpp',
  split: 'layer',
  gpuCount: 1,
  moe: false,
  weightsReadPerTokenBytes: 5e9,
  bytesReadFromRam: 0,
  ...overrides,
});

describe('published decode runs as shares of their bound', () => {
  it.each([
    // 187.7 tok/s x 3,822,520,893 B / 1,008 GB/s (RTX 4090, Llama 2 7B Q4_0, llama.cpp b4011)
    ['rtx-4090-llama-2-7b-q4-0-gguf-thebloke-llama-2-7b', (187.7 * 3_822_520_893) / 1.008e12],
    // layer split: one GPU reads at a time, so one 5060 Ti's 448 GB/s: 16.8 x 23,826,331,075 / 448e9
    ['2x5060ti16-qwen36-27b-q6kl-sm-layer', (16.8 * 23_826_331_075) / 448e9],
    // row split: both GPUs read at once: 20.8 x 23,826,331,075 / (2 x 448e9)
    ['2x5060ti16-qwen36-27b-q6kl-sm-row', (20.8 * 23_826_331_075) / (2 * 448e9)],
  ])('%s reached %f of its bound', (id, expected) => {
    expect(efficiencyOf(record(id))).toBeCloseTo(expected, 10);
    expect(boundOf(record(id)) * efficiencyOf(record(id))).toBeCloseTo(record(id).measuredTokensPerSecond, 8);
  });

  it('every record has a source, a bandwidth source and a share between 0 and 1', () => {
    expect(DECODE_MEASUREMENTS.length).toBeGreaterThanOrEqual(40);
    for (const entry of DECODE_MEASUREMENTS) {
      expect(entry.url, entry.id).toMatch(/^https:\/\//);
      expect(entry.bandwidthSource, entry.id).toMatch(/^https:\/\//);
      expect(efficiencyOf(entry), entry.id).toBeGreaterThan(0);
      expect(efficiencyOf(entry), entry.id).toBeLessThan(1);
    }
  });
});

describe('speed classes', () => {
  it.each([
    [false, 1_999_999_999, 'dense-small'],
    [false, 2e9, 'dense-mid'],
    [false, 3_999_999_999, 'dense-mid'],
    [false, 4e9, 'dense-large'],
    [true, 1e9, 'moe'],
    [true, 50e9, 'moe'],
  ] as const)('moe %s, %d bytes a token: %s', (moe, bytes, expected) => {
    expect(speedClassOf(moe, bytes)).toBe(expected);
  });

  it('only llama.cpp runs with every layer on the accelerators and a layer split calibrate', () => {
    expect(calibrates(record('2x5060ti16-qwen36-27b-q6kl-sm-layer'))).toBe(true);
    expect(calibrates(record('2x5060ti16-qwen36-27b-q6kl-sm-row'))).toBe(false);
    expect(calibrates(record('dual-rtx5090-gpt-oss-120b-n-cpu-moe-3'))).toBe(false);
    expect(calibrates(record('epyc9b14-cpu-gpt-oss-120b-mxfp4'))).toBe(false);
    expect(calibrates(record('millstone-vllm-rtxpro6000-gpt-oss-20b'))).toBe(false);
  });

  it('a class range spans the lowest and highest share of its runs, and the median lies between', () => {
    const fake = (id: string, efficiency: number, moe = false): DecodeMeasurement => ({
      ...record('rtx-4090-llama-2-7b-q4-0-gguf-thebloke-llama-2-7b'),
      id,
      moe,
      bytesReadPerToken: 5e9,
      bandwidthBytesPerSecond: 1e12,
      // share = measured x 5e9 / 1e12
      measuredTokensPerSecond: efficiency * 200,
    });
    const range = classRange('dense-large', [fake('a', 0.4), fake('b', 0.7), fake('c', 0.5), fake('moe', 0.9, true)])!;
    expect(range.low).toBeCloseTo(0.4, 12);
    expect(range.high).toBeCloseTo(0.7, 12);
    expect(range.median).toBeCloseTo(0.5, 12);
    expect(range.count).toBe(3);
    expect(classRange('dense-small', [fake('a', 0.4)])).toBeNull();
  });
});

describe('decode range by runtime and setting', () => {
  it('scales the bound by its class range for llama.cpp on whole layers', () => {
    const large = classRange('dense-large', DECODE_MEASUREMENTS)!;
    const range = decodeRange(100, setting(), DECODE_CALIBRATION);
    expect(range.low).toBeCloseTo(100 * large.low, 9);
    expect(range.high).toBeCloseTo(100 * large.high, 9);
    expect(range.basis).toContain(`${large.count} published llama.cpp runs`);
    // Twice the bound, twice the range.
    expect(decodeRange(200, setting(), DECODE_CALIBRATION).high).toBeCloseTo(2 * range.high!, 9);
  });

  it('uses the mixture-of-experts runs for a MoE model whatever its size', () => {
    const moe = classRange('moe', DECODE_MEASUREMENTS)!;
    expect(decodeRange(100, setting({ moe: true, weightsReadPerTokenBytes: 1e9 }), DECODE_CALIBRATION).low).toBeCloseTo(100 * moe.low, 9);
  });

  it('gives the bound alone, with why, for offload, Transformers and tensor splits', () => {
    const offload = decodeRange(50, setting({ bytesReadFromRam: 1e9 }), DECODE_CALIBRATION);
    expect(offload.low).toBeNull();
    expect(offload.basis).toMatch(/system RAM/);
    expect(offload.measurements).toBe(DECODE_MEASUREMENTS.filter((entry) => entry.offload !== null && entry.gpuCount !== 0).length);
    expect(decodeRange(50, setting({ runtime: 'transformers' }), DECODE_CALIBRATION).low).toBeNull();
    const rowSplit = decodeRange(50, setting({ gpuCount: 2, split: 'tensor' }), DECODE_CALIBRATION);
    expect(rowSplit.low).toBeNull();
    expect(rowSplit.basis).toMatch(/^llama\.cpp's tensor split: 2 published runs reached 1%–55%/);
    expect(decodeRange(50, setting({ runtime: 'vllm', gpuCount: 4, split: 'tensor' }), DECODE_CALIBRATION).low).toBeNull();
  });

  it('stands in llama.cpp runs for single-GPU vLLM and says so', () => {
    const range = decodeRange(100, setting({ runtime: 'vllm', split: 'tensor', moe: true }), DECODE_CALIBRATION);
    expect(range.low).toBeCloseTo(100 * classRange('moe', DECODE_MEASUREMENTS)!.low, 9);
    expect(range.basis).toMatch(/a stand-in for vLLM, whose 1 published single-request run reached 52%/);
  });

  it('the cost calculator takes the median share of every calibrating run', () => {
    const shares = DECODE_MEASUREMENTS.filter(calibrates).map(efficiencyOf).sort((a, b) => a - b);
    const middle = shares.length / 2;
    const median = shares.length % 2 ? shares[Math.floor(middle)]! : (shares[middle - 1]! + shares[middle]!) / 2;
    expect(medianEfficiency()).toBeCloseTo(median, 12);
  });
});

describe('decode speed on the calculator', () => {
  const models = new Map(loadModels().map(({ model }) => [model.id, model]));
  const gpus = toGpuSpecs(loadGpus().map(({ gpu }) => gpu));
  const answer = (id: string, overrides: Parameters<typeof memoryInputForModel>[1], gpuId: string, gpuCount: number) =>
    answerMemoryRequest({ modelId: id, input: memoryInputForModel(models.get(id)!, overrides), gpuId, gpuCount }, gpus, DECODE_CALIBRATION);

  it('two RTX 4090s run Llama 3.1 70B Q4_K_M at one GPU\'s pace under llama.cpp, eight no faster', () => {
    const input = { weightPrecision: 'q4_k_m', contextTokens: 512, runtime: runtimeSettings('llama.cpp') } as const;
    const two = answer('llama-3.1-70b', input, 'rtx-4090', 2).onGpu!;
    // About 41 GB of weights read a token at 1,008 GB/s, one GPU after the other: 1,008 / 41 is about 24.6 tokens/s, not 49.
    expect(two.speed!.decodeTokensPerSecondUpperBound).toBeGreaterThan(23);
    expect(two.speed!.decodeTokensPerSecondUpperBound).toBeLessThan(26);
    const eight = answer('llama-3.1-70b', input, 'rtx-4090', 8).onGpu!;
    expect(eight.speed!.decodeTokensPerSecondUpperBound).toBeCloseTo(two.speed!.decodeTokensPerSecondUpperBound, 1);
    const large = classRange('dense-large', DECODE_MEASUREMENTS)!;
    expect(two.decode!.low).toBeCloseTo(two.speed!.decodeTokensPerSecondUpperBound * large.low, 9);
  });

  it('gives no speed for a setup that does not fit, nor for training', () => {
    expect(answer('llama-3.1-70b', { weightPrecision: 'bf16', runtime: runtimeSettings('llama.cpp') }, 'rtx-4090', 1).onGpu!.decode).toBeUndefined();
    expect(answer('llama-3.1-8b', { mode: 'lora', runtime: runtimeSettings('transformers') }, 'h100-sxm', 1).onGpu!.decode).toBeUndefined();
  });
});

describe('the decode measurements file', () => {
  it('names the entry and field of a bad record', () => {
    const bad = { ...DECODE_MEASUREMENTS[0]!, bandwidthSource: 'not a link', deviceKind: 'toaster' };
    expect(() => parseWithFriendlyErrors(decodeMeasurementSchema, bad, 'content/decode-efficiency.json[0]')).toThrow(/content\/decode-efficiency\.json\[0\].*(bandwidthSource|deviceKind)/s);
  });
});
