import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import validationPoints from '../../content/memory-validation.json';
import { countParameters } from '../../src/lib/architecture/count';
import { summarize } from '../../src/lib/architecture/summary';
import { memoryInputForModel } from '../../src/lib/memory/for-model';
import { estimateMemory, type MemoryInput } from '../../src/lib/memory/estimate';
import { kvCacheBytes } from '../../src/lib/memory/kv-cache';
import { bytesPerGpu, gpusNeeded, maxContextThatFits, speedBounds, usableBytes } from '../../src/lib/memory/placement';
import { MEASURED_FILES, WEIGHT_PRECISIONS, weightsBytesFor, type WeightPrecisionId } from '../../src/lib/memory/precisions';
import { loraParameters } from '../../src/lib/memory/training';
import { loadGpus, loadModels } from './support/catalog';

const models = new Map(loadModels().map(({ model }) => [model.id, model]));
const gpus = new Map(loadGpus().map(({ gpu }) => [gpu.id, gpu]));
const model = (id: string) => models.get(id)!;

const inputFor = (id: string, overrides: Partial<MemoryInput> = {}): MemoryInput => memoryInputForModel(model(id), overrides);
const heads = (id: string) => summarize(model(id).architecture).heads!;
const outerParameters = (id: string) => {
  const counted = countParameters(model(id).architecture);
  return counted.embedding + counted.head;
};

describe('KV cache', () => {
  it('is exactly 2 x layers x kv heads x head dim x bytes per token for full attention', () => {
    for (const id of ['llama-2-7b', 'llama-2-70b', 'llama-3.1-8b', 'qwen2.5-7b', 'falcon-7b', 'gemma-2-9b', 'olmo-7b']) {
      const arch = model(id).architecture;
      const expected = 2 * arch.layerOrder.length * heads(id).kv * heads(id).dim * 2 * 1000;
      expect(kvCacheBytes(arch, { contextTokens: 1000, batch: 1, bitsPerElement: 16, capSlidingWindow: false }), id).toBe(expected);
    }
  });

  it('counts KV heads, not query heads: Llama 2 70B caches an eighth of a multi-head layout', () => {
    const arch = model('llama-2-70b').architecture;
    expect(kvCacheBytes(arch, { contextTokens: 4096, batch: 1, bitsPerElement: 16 })).toBe(2 * 80 * 8 * 128 * 2 * 4096);
  });

  it('stops sliding-window layers at the window when the engine frees old entries', () => {
    const mistral = model('mistral-7b-v0.1').architecture;
    const capped = kvCacheBytes(mistral, { contextTokens: 32768, batch: 1, bitsPerElement: 16, capSlidingWindow: true });
    const uncapped = kvCacheBytes(mistral, { contextTokens: 32768, batch: 1, bitsPerElement: 16, capSlidingWindow: false });
    expect(capped).toBe(2 * 32 * 8 * 128 * 2 * 4096);
    expect(uncapped).toBe(8 * capped);
    // Gemma 2 alternates: 21 local layers stop at 4096 while 21 global layers keep growing.
    const gemma = model('gemma-2-9b').architecture;
    const perLayerToken = 2 * heads('gemma-2-9b').kv * heads('gemma-2-9b').dim * 2;
    expect(kvCacheBytes(gemma, { contextTokens: 8192, batch: 1, bitsPerElement: 16 })).toBe(perLayerToken * (21 * 8192 + 21 * 4096));
  });

  it('caches the compressed latent for multi-head latent attention', () => {
    const deepseek = model('deepseek-v3').architecture;
    expect(kvCacheBytes(deepseek, { contextTokens: 1, batch: 1, bitsPerElement: 16 })).toBe(61 * (512 + 64) * 2);
  });

  it('sizes quantized caches by their block format: q8_0 is 8.5 bits and q4_0 4.5 bits per value', () => {
    const arch = model('llama-3.1-8b').architecture;
    const at = (bits: number) => kvCacheBytes(arch, { contextTokens: 4096, batch: 1, bitsPerElement: bits });
    expect(at(8.5) / at(16)).toBeCloseTo(8.5 / 16, 10);
    expect(at(4.5) / at(16)).toBeCloseTo(4.5 / 16, 10);
  });
});

describe('weights', () => {
  it('match real GGUF, GPTQ and AWQ files of Llama 2 7B and Mistral 7B within 5%', () => {
    const checked = MEASURED_FILES.filter((file) => file.model === 'llama-2-7b' || file.model === 'mistral-7b-v0.1');
    expect(checked.length).toBeGreaterThanOrEqual(20);
    for (const file of checked) {
      const entry = model(file.model);
      const precision = WEIGHT_PRECISIONS[file.precision as WeightPrecisionId];
      const estimated = weightsBytesFor(precision, entry.parameters, outerParameters(file.model));
      expect(Math.abs(estimated - file.fileBytes) / file.fileBytes, `${file.precision} ${file.model}: ${file.as}`).toBeLessThan(0.05);
    }
  });

  /**
   * Files the whole-file figures were not averaged from (Llama 3.1 8B, Mistral 7B v0.3, Llama 2 13B AWQ). Stated
   * tolerance 5%; Q2_K is the known exception: llama.cpp's 2024 recipe moved tensors to smaller types, so the 2023
   * average runs 6-13% high on today's files (pinned here until the per-tensor GGUF model replaces the average).
   */
  describe.each(MEASURED_FILES.filter((file) => !file.reference))('held-out file: $precision $model', (file) => {
    it(`is within ${file.precision === 'q2_k' ? '6-13% high' : '5%'}`, () => {
      const precision = WEIGHT_PRECISIONS[file.precision as WeightPrecisionId];
      const embedding = outerParameters(file.model === 'llama-2-13b' ? 'llama-2-13b' : 'llama-3.1-8b');
      const estimated = weightsBytesFor(precision, file.parameters, embedding);
      const error = (estimated - file.fileBytes) / file.fileBytes;
      if (file.precision === 'q2_k') {
        expect(error, file.as).toBeGreaterThan(0.06);
        expect(error, file.as).toBeLessThan(0.13);
      } else {
        expect(Math.abs(error), file.as).toBeLessThan(0.05);
      }
    });
  });

  it('keeps the embedding and output head in 16-bit for GPTQ, so 4-bit is not a plain eighth of FP32', () => {
    const entry = model('llama-2-7b');
    const gptq = weightsBytesFor(WEIGHT_PRECISIONS['gptq-4bit'], entry.parameters, outerParameters('llama-2-7b'));
    expect(gptq).toBeGreaterThan((entry.parameters * 32) / 8 / 8);
  });
});

describe('published measurements', () => {
  for (const point of validationPoints) {
    it(`estimates ${point.label} within 10% (${point.engine})`, () => {
      const setting = point.setting as Partial<MemoryInput>;
      const estimate = estimateMemory(inputFor(point.model, setting));
      const estimated = estimate[point.compare as 'kvCacheBytes' | 'weightsBytes' | 'totalBytes'];
      expect(Math.abs(estimated - point.measuredBytes) / point.measuredBytes, point.measuredAs).toBeLessThan(0.1);
    });
  }
});

describe('mixture of experts', () => {
  it('holds every expert in memory but reads only the active ones per token', () => {
    const mixtral = estimateMemory(inputFor('mixtral-8x7b-v0.1', { weightPrecision: 'bf16' }));
    expect(mixtral.weightsBytes).toBe(2 * model('mixtral-8x7b-v0.1').parameters);
    const h100 = gpus.get('h100-sxm')!;
    const speed = speedBounds(mixtral, h100, 1, 1);
    // Two of eight experts, attention, norms and the head, all at 2 bytes: 12,748,853,248 active parameters.
    expect(mixtral.weightsReadPerTokenBytes).toBe(2 * 12_748_853_248);
    expect(speed.bytesReadPerStep).toBe(mixtral.weightsReadPerTokenBytes + mixtral.kvCacheBytes);
  });
});

describe('training', () => {
  it('uses 16 bytes per parameter for mixed-precision AdamW full fine-tuning', () => {
    const estimate = estimateMemory(inputFor('llama-2-7b', { mode: 'full', contextTokens: 2048 }));
    const parameters = model('llama-2-7b').parameters;
    expect(estimate.weightsBytes).toBe(2 * parameters);
    expect(estimate.gradientsBytes).toBe(2 * parameters);
    expect(estimate.optimizerBytes).toBe(12 * parameters);
    expect(estimate.kvCacheBytes).toBe(0);
  });

  it('counts LoRA adapters as PEFT reports them (Llama 2 7B, r=8 on q_proj and v_proj: 4,194,304)', () => {
    expect(loraParameters(model('llama-2-7b').architecture, 8, ['q_proj', 'v_proj'])).toBe(4_194_304);
  });

  it('keeps QLoRA base weights in NF4 and trains only the adapters', () => {
    const qlora = estimateMemory(inputFor('llama-2-7b', { mode: 'qlora', weightPrecision: 'bf16', contextTokens: 1024 }));
    const lora = estimateMemory(inputFor('llama-2-7b', { mode: 'lora', weightPrecision: 'bf16', contextTokens: 1024 }));
    expect(qlora.weightPrecision).toBe('nf4');
    expect(qlora.weightsBytes).toBeLessThan(lora.weightsBytes / 3);
    expect(qlora.optimizerBytes).toBe(lora.optimizerBytes);
  });

  it('needs far less activation memory with gradient checkpointing', () => {
    const on = estimateMemory(inputFor('llama-2-7b', { mode: 'lora', contextTokens: 4096, gradientCheckpointing: true }));
    const off = estimateMemory(inputFor('llama-2-7b', { mode: 'lora', contextTokens: 4096, gradientCheckpointing: false }));
    expect(off.activationsBytes).toBeGreaterThan(5 * on.activationsBytes);
  });
});

describe('placement', () => {
  const rtx4090 = () => gpus.get('rtx-4090')!;

  it('finds how many GPUs a model needs', () => {
    const llama70 = estimateMemory(inputFor('llama-3.1-70b', { weightPrecision: 'bf16', contextTokens: 8192 }));
    expect(gpusNeeded(llama70, gpus.get('h100-sxm')!)).toBe(2);
    const llama8q4 = estimateMemory(inputFor('llama-3.1-8b', { weightPrecision: 'q4_k_m', contextTokens: 8192 }));
    expect(gpusNeeded(llama8q4, rtx4090())).toBe(1);
  });

  it('finds the longest context that fits', () => {
    const estimateAt = (contextTokens: number) => estimateMemory(inputFor('llama-3.1-8b', { weightPrecision: 'bf16', contextTokens }));
    const longest = maxContextThatFits(estimateAt, rtx4090(), 1, 131072);
    expect(longest).toBeGreaterThan(1000);
    expect(longest).toBeLessThan(131072);
    expect(bytesPerGpu(estimateAt(longest), 1)).toBeLessThanOrEqual(usableBytes(rtx4090()));
    expect(bytesPerGpu(estimateAt(longest + 1), 1)).toBeGreaterThan(usableBytes(rtx4090()));
    const small = (contextTokens: number) => estimateMemory(inputFor('llama-3.1-8b', { weightPrecision: 'q4_k_m', contextTokens }));
    expect(maxContextThatFits(small, rtx4090(), 1, 131072)).toBe(131072);
  });

  it('bounds decode speed by bandwidth over bytes read per token', () => {
    const estimate = estimateMemory(inputFor('llama-2-7b', { weightPrecision: 'q4_0', contextTokens: 1 }));
    const bound = speedBounds(estimate, rtx4090(), 1, 1).decodeTokensPerSecondUpperBound;
    expect(bound).toBeCloseTo(1.008e12 / (estimate.weightsReadPerTokenBytes + estimate.kvCacheBytes), 6);
  });
});

describe('properties over random valid inputs', () => {
  const ids = [...models.keys()];
  const precisionIds = Object.keys(WEIGHT_PRECISIONS) as WeightPrecisionId[];
  const arbitraryInput = fc.record({
    id: fc.constantFrom(...ids),
    weightPrecision: fc.constantFrom(...precisionIds),
    kvPrecision: fc.constantFrom('fp16', 'bf16', 'fp8', 'q8_0', 'q4_0' as const),
    contextTokens: fc.integer({ min: 1, max: 1_000_000 }),
    batch: fc.integer({ min: 1, max: 256 }),
    mode: fc.constantFrom('inference', 'full', 'lora', 'qlora' as const),
    loraRank: fc.integer({ min: 1, max: 512 }),
    gradientCheckpointing: fc.boolean(),
    capSlidingWindow: fc.boolean(),
  });
  const toInput = ({ id, ...rest }: { id: string } & Partial<MemoryInput>) => inputFor(id, rest);
  const outputs = ['weightsBytes', 'kvCacheBytes', 'kvBytesPerToken', 'activationsBytes', 'overheadBytes', 'gradientsBytes', 'optimizerBytes', 'totalBytes'] as const;

  it('every output is finite and non-negative', () => {
    fc.assert(
      fc.property(arbitraryInput, (raw) => {
        const estimate = estimateMemory(toInput(raw));
        for (const key of outputs) {
          expect(Number.isFinite(estimate[key]), key).toBe(true);
          expect(estimate[key], key).toBeGreaterThanOrEqual(0);
        }
        expect(estimate.activeParameters).toBeLessThanOrEqual(estimate.parameters);
      }),
    );
  });

  it('total never falls as context, batch or bits grow', () => {
    fc.assert(
      fc.property(arbitraryInput, fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 1, max: 64 }), (raw, extraContext, extraBatch) => {
        const input = toInput(raw);
        const base = estimateMemory(input).totalBytes;
        expect(estimateMemory({ ...input, contextTokens: input.contextTokens + extraContext }).totalBytes).toBeGreaterThanOrEqual(base);
        expect(estimateMemory({ ...input, batch: input.batch + extraBatch }).totalBytes).toBeGreaterThanOrEqual(base);
        expect(estimateMemory({ ...input, kvPrecision: 'fp16' }).totalBytes).toBeGreaterThanOrEqual(estimateMemory({ ...input, kvPrecision: 'q4_0' }).totalBytes);
        expect(estimateMemory({ ...input, weightPrecision: 'fp32' }).totalBytes).toBeGreaterThanOrEqual(estimateMemory({ ...input, weightPrecision: 'q2_k' }).totalBytes);
      }),
    );
  });

  it('more GPUs never raise memory per GPU', () => {
    fc.assert(
      fc.property(arbitraryInput, fc.integer({ min: 1, max: 64 }), (raw, gpuCount) => {
        const estimate = estimateMemory(toInput(raw));
        expect(bytesPerGpu(estimate, gpuCount + 1)).toBeLessThanOrEqual(bytesPerGpu(estimate, gpuCount));
      }),
    );
  });
});
