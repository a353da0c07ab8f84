import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { memoryInputArbitrary } from './support/arbitraries';
import { countParameters } from '../../src/lib/architecture/count';
import { summarize } from '../../src/lib/architecture/summary';
import { activationBytesPerToken, inferenceBuffers, trainingActivationBytes, vllmSchedulerDefaults, VLLM_CUDA_GRAPH_BYTES, VLLM_NON_TORCH_BYTES } from '../../src/lib/memory/buffers';
import { estimateMemory, runtimeSettings, type MemoryInput } from '../../src/lib/memory/estimate';
import { memoryInputForModel } from '../../src/lib/memory/for-model';
import { cachedTokens, kvBytesPerToken, kvCacheBytes, stateBytesPerLayer, type CacheSettings } from '../../src/lib/memory/kv-cache';
import { gpusNeeded, maxContextThatFits, place, reportedTotalBytes, TIGHT_SHARE, usableBytes } from '../../src/lib/memory/placement';
import { MEASURED_FILES, WEIGHT_PRECISIONS, weightsBytesFor, type WeightPrecisionId } from '../../src/lib/memory/precisions';
import { loraParameters } from '../../src/lib/memory/training';
import type { RuntimeId } from '../../src/lib/runtime/runtime';
import { readFileSync } from 'node:fs';
import { architectureFromConfig } from '../../src/lib/architecture/config';
import { weightLayout } from '../../src/lib/memory/weights';
import { outputType } from '../../src/lib/runtime/gguf';
import { loadGpus, loadModels } from './support/catalog';

const models = new Map(loadModels().map(({ model }) => [model.id, model]));
const gpus = new Map(loadGpus().map(({ gpu }) => [gpu.id, gpu]));
const model = (id: string) => models.get(id)!;
const gpu = (id: string) => gpus.get(id)!;
const MiB = 2 ** 20;
const GiB = 2 ** 30;

function inputFor(id: string, runtime: RuntimeId = 'llama.cpp', overrides: Partial<MemoryInput> = {}): MemoryInput {
  return memoryInputForModel(model(id), { runtime: runtimeSettings(runtime), ...overrides });
}
const heads = (id: string) => summarize(model(id).architecture).heads!;
const outerParameters = (id: string) => {
  const counted = countParameters(model(id).architecture);
  return counted.embedding + counted.head;
};
function cache(runtime: RuntimeId, overrides: Partial<CacheSettings> = {}): CacheSettings {
  return { runtime, contextTokens: 1000, sequences: 1, bitsPerElement: 16, capWindows: true, ubatch: 512, maxBatchedTokens: 2048, tensorParallel: 1, ...overrides };
}

describe('KV cache', () => {
  it('is exactly 2 x layers x KV heads x head dim x bytes per token for full attention, in Transformers', () => {
    for (const id of ['llama-2-7b', 'llama-2-70b', 'llama-3.1-8b', 'qwen2.5-7b', 'falcon-7b', 'olmo-7b']) {
      const expected = 2 * model(id).architecture.layerOrder.length * heads(id).kv * heads(id).dim * 2 * 1000;
      expect(kvCacheBytes(model(id).architecture, cache('transformers')), id).toBe(expected);
    }
  });

  it('rounds llama.cpp contexts up to 256 cells (llama-context.cpp GGML_PAD(n_ctx, 256)): 1,000 tokens hold 1,024', () => {
    // Llama 3.1 8B: 2 x 32 layers x 8 heads x 128 dims x 2 bytes x 1,024 cells.
    expect(kvCacheBytes(model('llama-3.1-8b').architecture, cache('llama.cpp'))).toBe(2 * 32 * 8 * 128 * 2 * 1024);
    expect(kvCacheBytes(model('llama-3.1-8b').architecture, cache('llama.cpp', { contextTokens: 1024 }))).toBe(2 * 32 * 8 * 128 * 2 * 1024);
    expect(kvCacheBytes(model('llama-3.1-8b').architecture, cache('llama.cpp', { contextTokens: 1025 }))).toBe(2 * 32 * 8 * 128 * 2 * 1280);
  });

  it('rounds vLLM caches up to blocks of 16 tokens', () => {
    expect(kvCacheBytes(model('llama-3.1-8b').architecture, cache('vllm', { contextTokens: 1001 }))).toBe(2 * 32 * 8 * 128 * 2 * 1008);
  });

  it('matches llama.cpp logs to the byte: Llama 2 7B at 4,096 tokens is 2,048 MiB, Llama 3.1 8B 512 MiB', () => {
    // "KV self size = 2048.00 MiB" and "KV self size = 512.00 MiB" (content/validation.json).
    expect(kvCacheBytes(model('llama-2-7b').architecture, cache('llama.cpp', { contextTokens: 4096 }))).toBe(2048 * MiB);
    expect(kvCacheBytes(model('llama-3.1-8b').architecture, cache('llama.cpp', { contextTokens: 4096 }))).toBe(512 * MiB);
  });

  it('sizes gpt-oss-120b in llama.cpp as the published log: 9,216 MiB for the full layers and 90 MiB for the windowed', () => {
    // ollama/ollama#16480: n_seq 2, n_ctx_seq 131072, n_ubatch 1024: 18 full layers x 131,072 cells x 2 sequences,
    // and 18 windowed layers x pad256(128 + 1,024) = 1,280 cells x 2 sequences, 8 KV heads x 64 dims x 2 bytes x 2.
    const settings = cache('llama.cpp', { contextTokens: 131072, sequences: 2, ubatch: 1024 });
    expect(kvCacheBytes(model('gpt-oss-120b').architecture, settings)).toBe((9216 + 90) * MiB);
  });

  it('keeps Mistral 7B v0.1 whole in llama.cpp, which loads it as plain Llama, but windows it in vLLM and Transformers', () => {
    const mistral = model('mistral-7b-v0.1').architecture;
    const perToken = 2 * 32 * 8 * 128 * 2;
    expect(kvCacheBytes(mistral, cache('llama.cpp', { contextTokens: 32768 }))).toBe(perToken * 32768);
    expect(kvCacheBytes(mistral, cache('transformers', { contextTokens: 32768 }))).toBe(perToken * 4095);
    // vLLM: window - 1 + 2,048 batched tokens = 6,143 -> 384 blocks, plus one, of 16 tokens.
    expect(kvCacheBytes(mistral, cache('vllm', { contextTokens: 32768 }))).toBe(perToken * 385 * 16);
    expect(kvCacheBytes(mistral, cache('transformers', { contextTokens: 32768, capWindows: false }))).toBe(perToken * 32768);
  });

  it('windows Gemma 2 in llama.cpp: 21 local layers hold 4,096 + 512 cells while 21 global layers grow', () => {
    const gemma = model('gemma-2-9b').architecture;
    const perLayerToken = 2 * heads('gemma-2-9b').kv * heads('gemma-2-9b').dim * 2;
    expect(kvCacheBytes(gemma, cache('llama.cpp', { contextTokens: 8192 }))).toBe(perLayerToken * (21 * 8192 + 21 * 4608));
  });

  it('caches the compressed latent for multi-head latent attention, whole on every GPU under vLLM', () => {
    const deepseek = model('deepseek-v3').architecture;
    expect(kvCacheBytes(deepseek, cache('transformers', { contextTokens: 1 }))).toBe(61 * (512 + 64) * 2);
    const oneGpu = kvCacheBytes(deepseek, cache('vllm', { contextTokens: 1024 }));
    expect(kvCacheBytes(deepseek, cache('vllm', { contextTokens: 1024, tensorParallel: 8 }))).toBe(8 * oneGpu);
  });

  it('replicates KV heads in vLLM when the GPUs outnumber them, and splits them otherwise', () => {
    // Falcon 7B has one KV head: two GPUs hold it twice. Llama 3.1 8B has eight: two GPUs split them.
    const falcon = model('falcon-7b').architecture;
    expect(kvCacheBytes(falcon, cache('vllm', { contextTokens: 1024, tensorParallel: 2 }))).toBe(2 * kvCacheBytes(falcon, cache('vllm', { contextTokens: 1024 })));
    const llama = model('llama-3.1-8b').architecture;
    expect(kvCacheBytes(llama, cache('vllm', { contextTokens: 1024, tensorParallel: 2 }))).toBe(kvCacheBytes(llama, cache('vllm', { contextTokens: 1024 })));
  });

  it('sizes quantized caches by their block format: q8_0 is 8.5 bits and q4_0 4.5 bits per value', () => {
    const arch = model('llama-3.1-8b').architecture;
    const at = (bits: number) => kvCacheBytes(arch, cache('llama.cpp', { contextTokens: 4096, bitsPerElement: bits }));
    expect(at(8.5)).toBe((at(16) * 8.5) / 16);
    expect(at(4.5)).toBe((at(16) * 4.5) / 16);
  });

  it('grows per token only through layers without a window on the runtime', () => {
    // Gemma 2 9B: 21 global layers x 2 x 8 heads x 256 dims x 2 bytes = 172,032 bytes; all 42 when windows are off.
    expect(kvBytesPerToken(model('gemma-2-9b').architecture, 16, 'llama.cpp')).toBe(21 * 2 * 8 * 256 * 2);
    expect(kvBytesPerToken(model('gemma-2-9b').architecture, 16, 'llama.cpp', false)).toBe(42 * 2 * 8 * 256 * 2);
    expect(kvBytesPerToken(model('mistral-7b-v0.1').architecture, 16, 'llama.cpp')).toBe(32 * 2 * 8 * 128 * 2);
    expect(kvBytesPerToken(model('mistral-7b-v0.1').architecture, 16, 'vllm')).toBe(0);
  });

  it('windows chunked layers without the extra block in vLLM', () => {
    const gptOss = model('gpt-oss-20b').architecture;
    const sliding = gptOss.layerKinds.find((kind) => kind.attention?.window !== null)!;
    // gpt-oss's 128-token window: 127 + 2,048 = 2,175 tokens -> 136 blocks + 1 = 2,192 tokens.
    expect(cachedTokens(sliding, gptOss, cache('vllm', { contextTokens: 100_000 }))).toBe(2192);
    const chunked = { ...sliding, attention: { ...sliding.attention!, windowKind: 'chunked' as const } };
    expect(cachedTokens(chunked, gptOss, cache('vllm', { contextTokens: 100_000 }))).toBe(2176);
    expect(cachedTokens(sliding, gptOss, cache('vllm', { contextTokens: 100 }))).toBe(128);
  });
});

describe('recurrent state', () => {
  const mamba = { convChannels: 10, convKernel: 4, stateValues: 100, declaredStateBytes: null };
  const kind = { ...model('llama-3.1-8b').architecture.layerKinds[0]!, recurrent: mamba };

  it.each<[RuntimeId, number, string]>([
    ['llama.cpp', (3 * 10 + 100) * 4, 'kernel - 1 convolution values and the state, all F32 (llama-memory-recurrent.cpp)'],
    ['vllm', 3 * 10 * 2 + 100 * 2, 'kernel - 1 convolution values in 16-bit; the state in the model type when the config names none'],
    ['transformers', 4 * 10 * 2 + 100 * 4, 'the full kernel of convolution values in 16-bit; the state in float32 (cache_utils.py)'],
  ])('%s holds %d bytes per layer and sequence: %s', (runtime, bytes) => {
    expect(stateBytesPerLayer(kind, runtime)).toBe(bytes);
  });

  it('follows the config\'s declared state type in vLLM only', () => {
    const declared = { ...kind, recurrent: { ...mamba, declaredStateBytes: 4 } };
    expect(stateBytesPerLayer(declared, 'vllm')).toBe(3 * 10 * 2 + 100 * 4);
    expect(stateBytesPerLayer(declared, 'llama.cpp')).toBe((3 * 10 + 100) * 4);
  });

  it('is nothing for an attention layer', () => {
    expect(stateBytesPerLayer(model('llama-3.1-8b').architecture.layerKinds[0]!, 'transformers')).toBe(0);
  });
});

describe('weights', () => {
  it('match real GGUF, GPTQ and AWQ files of Llama 2 7B and Mistral 7B within 5% (whole-file figures)', () => {
    const checked = MEASURED_FILES.filter((file) => file.model === 'llama-2-7b' || file.model === 'mistral-7b-v0.1');
    expect(checked.length).toBeGreaterThanOrEqual(20);
    for (const file of checked) {
      const precision = WEIGHT_PRECISIONS[file.precision as WeightPrecisionId];
      const estimated = weightsBytesFor(precision, model(file.model).parameters, outerParameters(file.model));
      expect(Math.abs(estimated - file.fileBytes) / file.fileBytes, `${file.precision} ${file.model}: ${file.as}`).toBeLessThan(0.05);
    }
  });

  it('keeps the embedding and output head in 16-bit for GPTQ, so 4-bit is not a plain eighth of FP32', () => {
    const gptq = weightsBytesFor(WEIGHT_PRECISIONS['gptq-4bit'], model('llama-2-7b').parameters, outerParameters('llama-2-7b'));
    expect(gptq).toBeGreaterThan((model('llama-2-7b').parameters * 32) / 8 / 8);
  });

  it('stores only the experts of an MXFP4 model at 4.25 bits in vLLM; 16-bit elsewhere', () => {
    const dense = estimateMemory(inputFor('llama-3.1-8b', 'vllm', { weightPrecision: 'mxfp4' }));
    expect(dense.weightsBytes).toBe(2 * model('llama-3.1-8b').parameters);
    const gptOss = estimateMemory(inputFor('gpt-oss-20b', 'vllm', { weightPrecision: 'mxfp4' }));
    // Experts: gate, up and down of 2,880 x 2,880 each, 32 experts, 24 layers, at 4.25 bits; the rest at 2 bytes.
    const experts = 3 * 2880 * 2880 * 32 * 24;
    expect(gptOss.weightsBytes).toBe((experts * 4.25) / 8 + (model('gpt-oss-20b').parameters - experts) * 2);
  });

  /**
   * Files the whole-file figures were not averaged from (Llama 3.1 8B, Mistral 7B v0.3, Llama 2 13B AWQ). Stated
   * tolerance 5%; Q2_K is the known exception: llama.cpp's 2024 recipe moved tensors to smaller types, so the 2023
   * average runs 6-13% high on today's files; the per-tensor GGUF model (runtime llama.cpp) replaces it.
   */
  describe.each(MEASURED_FILES.filter((file) => !file.reference))('held-out file: $precision $model', (file) => {
    it(`is within ${file.precision === 'q2_k' ? '6-13% high' : '5%'} of the whole-file average`, () => {
      const precision = WEIGHT_PRECISIONS[file.precision as WeightPrecisionId];
      const estimated = weightsBytesFor(precision, file.parameters, outerParameters(file.model === 'llama-2-13b' ? 'llama-2-13b' : 'llama-3.1-8b'));
      const error = (estimated - file.fileBytes) / file.fileBytes;
      if (file.precision === 'q2_k') {
        expect(error, file.as).toBeGreaterThan(0.06);
        expect(error, file.as).toBeLessThan(0.13);
      } else {
        expect(Math.abs(error), file.as).toBeLessThan(0.05);
      }
    });
  });

  it('reads every weight but the input embedding per token, and only the chosen experts', () => {
    // Mixtral: two of eight experts, attention, norms and the head at 2 bytes: 12,748,853,248 active parameters.
    const mixtral = estimateMemory(inputFor('mixtral-8x7b-v0.1', 'transformers', { weightPrecision: 'bf16' }));
    expect(mixtral.weightsBytes).toBe(2 * model('mixtral-8x7b-v0.1').parameters);
    expect(mixtral.weightsReadPerTokenBytes).toBe(2 * 12_748_853_248);
  });

  it('keeps a separate output tensor in GGUF files of a tied checkpoint that stores lm_head (Qwen3 0.6B)', () => {
    const tied = model('qwen3-0.6b').architecture;
    const untouched = { ...tied, checkpoint: { ...tied.checkpoint, storesTiedHead: false } };
    const bytes = (architecture: typeof tied, weightPrecision: WeightPrecisionId, runtime: RuntimeId) =>
      estimateMemory({ ...inputFor('qwen3-0.6b', runtime, { weightPrecision }), architecture }).weightsBytes;
    // One more 151,936 x 1,024 matrix: 2 bytes a value in BF16, 34 bytes per 32 values in Q8_0.
    expect(bytes(tied, 'bf16', 'llama.cpp') - bytes(untouched, 'bf16', 'llama.cpp')).toBe(151_936 * 1024 * 2);
    expect(bytes(tied, 'q8_0', 'llama.cpp') - bytes(untouched, 'q8_0', 'llama.cpp')).toBe((151_936 * 1024 * 34) / 32);
    // Transformers and vLLM tie the two on load: one copy.
    expect(bytes(tied, 'bf16', 'transformers')).toBe(bytes(untouched, 'bf16', 'transformers'));
  });

  it('stores a tied head whose width is no multiple of 256 in Q8_0, not Q6_K (Gemma 3 1B, 1,152 wide)', () => {
    const config = JSON.parse(readFileSync(new URL('../../content/validation/configs/google__gemma-3-1b-it.json', import.meta.url), 'utf8'));
    const architecture = architectureFromConfig(config);
    expect(outputType('Q4_0', 1152)).toBe('Q8_0');
    expect(outputType('Q4_0', 4096)).toBe('Q6_K');
    const layout = weightLayout(architecture, 'q4_0', 'llama.cpp');
    // 262,144 x 1,152 values at 34 bytes per 32.
    expect(layout.embeddingBytes).toBe((262_144 * 1152 * 34) / 32);
  });
});

describe('runtime buffers', () => {
  it('holds each layer\'s F32 attention scores when llama.cpp runs without flash attention (Arm learning path log: 296.01 MiB)', () => {
    const settings = { runtime: 'llama.cpp' as const, contextTokens: 4096, sequences: 1, ubatch: 512, maxBatchedTokens: 2048, maxSequences: 256, cacheCells: 4096, tensorParallel: 1 };
    const architecture = model('llama-2-7b').architecture;
    const off = inferenceBuffers(architecture, { ...settings, flashAttention: false });
    // Llama 2 7B, 4,096 cells, 512 tokens, 32 heads: scores 4,096 x 512 x 32 x 4 = 256 MiB, F32 mask 4,096 x 512 x 4
    // = 8 MiB, three F32 hidden-width tensors 3 x 4,096 x 512 x 4 = 24 MiB: 288 MiB, against the 296.01 MiB llama.cpp
    // printed for this model and context with flash attention off.
    expect(off.outputGpuBytes).toBe(288 * 2 ** 20);
    expect(off.otherGpuBytes).toBe(288 * 2 ** 20);
    // With flash attention the MLP sets the layer peak: 512 x 2 x 2 x (3 x 4,096 + 3 x 11,008) = 88.5 MiB and an F16
    // mask of 4 MiB, over the 70.5 MiB output phase ((32,000 + 4,096) x 512 x 4).
    const on = inferenceBuffers(architecture, { ...settings, flashAttention: true });
    expect(on.outputGpuBytes).toBe(92.5 * 2 ** 20);
  });

  it('reserves llama.cpp logits for a whole micro-batch: 128,256 x 512 x 4 bytes = 250.5 MiB for Llama 3.1 8B', () => {
    const buffers = inferenceBuffers(model('llama-3.1-8b').architecture, {
      runtime: 'llama.cpp',
      contextTokens: 512,
      sequences: 1,
      ubatch: 512,
      maxBatchedTokens: 2048,
      maxSequences: 256,
      cacheCells: 512,
      tensorParallel: 1,
      flashAttention: true,
    });
    // With the F32 hidden states of the micro-batch: (128,256 + 4,096) x 512 x 4 = 258.5 MiB, as llama.cpp logs
    // "compute buffer size = 258.50 MiB" for Llama 3 8B at n_ctx and n_ubatch 512 (CPU, CUDA and Metal alike).
    expect(buffers.outputGpuBytes).toBe((128_256 + 4096) * 512 * 4);
    expect(buffers.outputGpuBytes).toBe(258.5 * 2 ** 20);
    // System RAM: one sequence's logits and the host buffer, (4,096 + 512) x 512 x 4 bytes (the log: 9.01 MiB).
    expect(buffers.hostBytes).toBe(128256 * 4 + (4096 + 512) * 512 * 4);
  });

  it('reproduces vLLM\'s profiled activation peak per token for Llama 3.1 8B: 2 x (3 x 4,096 + 3 x 14,336) bytes', () => {
    expect(activationBytesPerToken(model('llama-3.1-8b').architecture)).toBe(110_592);
    // vllm-project/vllm#10517: a 20,000-token profile raised the peak by 17.06 - 14.99 = 2.07 GiB.
    expect((20_000 * 110_592) / GiB).toBeCloseTo(2.06, 1);
  });

  it('starts vLLM\'s share from the total CUDA reports where a log gives it, else from the card\'s size', () => {
    // An RTX 3090 reports 23.58 GiB (vLLM #10517: "total_gpu_memory=23.58GiB"); the catalog has no figure for the H200.
    expect(reportedTotalBytes(gpu('rtx-3090'))).toBe(Math.round(23.58 * 2 ** 30));
    expect(reportedTotalBytes(gpu('h200'))).toBe(gpu('h200').memoryBytes);
    const input = inputFor('llama-3.1-8b', 'vllm', { contextTokens: 4096 });
    const reported = place(input, gpu('rtx-3090'), 1).placement;
    const whole = place(input, { ...gpu('rtx-3090'), reportedMemoryBytes: undefined }, 1).placement;
    // 0.92 x (24 GiB - 23.58 GiB) less pool, to the byte (each budget floored on its own).
    expect(whole.kvPoolBytesPerGpu! - reported.kvPoolBytesPerGpu!).toBe(Math.floor(24 * 2 ** 30 * 0.92) - Math.floor(Math.round(23.58 * 2 ** 30) * 0.92));
    // The verdict still measures against the whole card.
    expect(reported.usableBytesPerGpu).toBe(24 * 2 ** 30);
  });

  it('takes vLLM\'s larger batch on 80 GB cards other than the A100', () => {
    expect(vllmSchedulerDefaults(gpu('h100-sxm'))).toEqual({ maxBatchedTokens: 8192, maxSequences: 1024 });
    expect(vllmSchedulerDefaults(gpu('a100-80gb'))).toEqual({ maxBatchedTokens: 2048, maxSequences: 256 });
    expect(vllmSchedulerDefaults(gpu('rtx-4090'))).toEqual({ maxBatchedTokens: 2048, maxSequences: 256 });
    expect(vllmSchedulerDefaults(undefined)).toEqual({ maxBatchedTokens: 2048, maxSequences: 256 });
  });
});

describe('vLLM serving', () => {
  /**
   * Llama 3.1 8B in BF16 on an RTX 4090 at the default 0.92. vLLM takes its share of the total CUDA reports, 23.64 GiB
   * on a 4090 (3DTopia/Phidias-Diffusion#8: "GPU 0 has a total capacty of 23.64 GiB"), = 25,383,256,719 bytes; x 0.92
   * = 23,352,596,181, less 16,060,522,496 of weights, less buffers (2,048 x 110,592 + 256 x 128,256 x 4 + 0.36 GiB of
   * graphs + 0.35 GiB outside PyTorch = 1,120,183,255) leaves 6,171,890,430 bytes: five caches of 8,192 tokens at
   * 131,072 bytes a token (1,073,741,824 each; six would need 6,442,450,944).
   */
  it('fills the memory it is given with KV blocks and counts the sequences they hold', () => {
    const placed = place(inputFor('llama-3.1-8b', 'vllm'), gpu('rtx-4090'), 1);
    expect(placed.breakdown.activationsBytes).toBe(2048 * 110_592 + 256 * 128_256 * 4 + VLLM_CUDA_GRAPH_BYTES + VLLM_NON_TORCH_BYTES);
    expect(gpu('rtx-4090').reportedMemoryBytes).toBe(25_383_256_719);
    expect(placed.placement.kvPoolBytesPerGpu).toBe(6_171_890_430);
    expect(placed.placement.maxConcurrentSequences).toBe(5);
    expect(placed.placement.bytesPerGpu).toBe(23_352_596_181 + 2 ** 29);
    expect(placed.placement.verdict).toBe('fits');
  });

  it('profiles the batch vLLM is told: V0 took max(max_model_len, 2,048) tokens, 110,592 bytes each for Llama 3.1 8B (issue #10517)', () => {
    const at = (maxBatchedTokens: number | null) => place(inputFor('llama-3.1-8b', 'vllm', { runtime: runtimeSettings('vllm', { maxBatchedTokens }) }), gpu('rtx-3090'), 1).placement.kvPoolBytesPerGpu!;
    // The log: peak_torch_memory 17.06 GiB at 20,000 tokens and 17.98 GiB at 29,000, 0.92 GiB for 9,000 tokens.
    expect(at(20_000) - at(29_000)).toBe(9000 * 110_592);
    expect(at(null)).toBe(at(2048));
  });

  it('refuses a batch its pool cannot hold, and holds more with more memory', () => {
    expect(place(inputFor('llama-3.1-8b', 'vllm', { batch: 7 }), gpu('rtx-4090'), 1).placement.fits).toBe(false);
    const tighter = place(inputFor('llama-3.1-8b', 'vllm', { runtime: runtimeSettings('vllm', { gpuMemoryUtilization: 0.8 }) }), gpu('rtx-4090'), 1);
    expect(tighter.placement.maxConcurrentSequences).toBeLessThan(5);
  });
});

describe('llama.cpp placement', () => {
  it('keeps the token embedding in system RAM even with every layer on the GPU', () => {
    const placed = place(inputFor('llama-3.1-8b', 'llama.cpp', { weightPrecision: 'q4_k_m' }), gpu('rtx-4090'), 1);
    // 128,256 x 4,096 Q4_K values at 144 bytes per 256: 281.8 MiB, as the "CPU_Mapped model buffer" log line.
    expect(placed.placement.offloadedBytes).toBe((128256 * 4096 * 144) / 256);
    expect(placed.placement.bytesPerGpu).toBeLessThan(placed.breakdown.totalBytes);
  });

  it('reads the layers one GPU after another: two GPUs are no faster than one', () => {
    const input = inputFor('llama-3.1-8b', 'llama.cpp', { weightPrecision: 'q4_k_m', contextTokens: 1 });
    const one = place(input, gpu('rtx-4090'), 1).speed!.decodeTokensPerSecondUpperBound;
    const two = place(input, gpu('rtx-4090'), 2).speed!.decodeTokensPerSecondUpperBound;
    expect(two).toBeCloseTo(one, 6);
    const tensor = place({ ...input, runtime: runtimeSettings('llama.cpp', { split: 'tensor' }) }, gpu('rtx-4090'), 2).speed!.decodeTokensPerSecondUpperBound;
    expect(tensor).toBeGreaterThan(1.9 * one);
  });

  it('moves layers to system RAM with --gpu-layers and experts with --cpu-moe, and slows down for it', () => {
    const input = inputFor('gpt-oss-20b', 'llama.cpp', { weightPrecision: 'mxfp4' });
    const all = place(input, gpu('rtx-4090'), 1);
    const half = place({ ...input, runtime: runtimeSettings('llama.cpp', { gpuLayers: 12 }) }, gpu('rtx-4090'), 1);
    const experts = place({ ...input, runtime: runtimeSettings('llama.cpp', { cpuMoe: true }) }, gpu('rtx-4090'), 1);
    expect(half.placement.bytesPerGpu).toBeLessThan(all.placement.bytesPerGpu);
    expect(experts.placement.bytesPerGpu).toBeLessThan(half.placement.bytesPerGpu);
    expect(half.placement.offloadedBytes).toBeGreaterThan(all.placement.offloadedBytes);
    expect(half.speed!.decodeTokensPerSecondUpperBound).toBeLessThan(all.speed!.decodeTokensPerSecondUpperBound);
    expect(experts.speed!.bytesReadFromRam).toBeGreaterThan(0);
    const none = place({ ...input, runtime: runtimeSettings('llama.cpp', { gpuLayers: 0 }) }, gpu('rtx-4090'), 1);
    // Only the runtime's own memory stays on the GPU.
    expect(none.speed!.bytesReadFromRam).toBe(none.speed!.bytesReadPerStep);
  });

  it('keeps the experts of the first N layers in RAM with --n-cpu-moe N, between none and --cpu-moe', () => {
    const input = inputFor('gpt-oss-120b', 'llama.cpp', { weightPrecision: 'mxfp4' });
    const offloaded = (settings: Parameters<typeof runtimeSettings>[1]) => place({ ...input, runtime: runtimeSettings('llama.cpp', settings) }, gpu('rtx-5090'), 2).placement.offloadedBytes;
    const none = offloaded({});
    const three = offloaded({ cpuMoeLayers: 3 });
    const all = offloaded({ cpuMoe: true });
    const layers = model('gpt-oss-120b').architecture.layerOrder.length;
    // Every gpt-oss-120b layer holds the same experts: three layers move 3/36 of what --cpu-moe moves.
    expect((three - none) * layers).toBeCloseTo(3 * (all - none), -3);
    expect(offloaded({ cpuMoeLayers: layers })).toBe(all);
  });

  it('says a setup is tight when less than 8% of the card is left', () => {
    const usable = usableBytes(gpu('rtx-4090'));
    const input = inputFor('llama-3.1-8b', 'llama.cpp', { weightPrecision: 'bf16' });
    const contexts = [1024, 16_384, 40_000, 60_000, 70_000, 75_000, 80_000];
    const verdicts = contexts.map((contextTokens) => {
      const { placement } = place({ ...input, contextTokens }, gpu('rtx-4090'), 1);
      const share = (usable - placement.bytesPerGpu) / usable;
      expect(placement.verdict, `${contextTokens}`).toBe(share < 0 ? 'does-not-fit' : share < TIGHT_SHARE ? 'tight' : 'fits');
      return placement.verdict;
    });
    expect(verdicts).toContain('tight');
    expect(verdicts).toContain('fits');
  });
});

describe('training', () => {
  it('uses 16 bytes per parameter for mixed-precision AdamW full fine-tuning', () => {
    const estimate = estimateMemory(inputFor('llama-2-7b', 'transformers', { mode: 'full', contextTokens: 2048 }));
    const parameters = model('llama-2-7b').parameters;
    expect(estimate.weightsBytes).toBe(2 * parameters);
    expect(estimate.gradientsBytes).toBe(2 * parameters);
    expect(estimate.optimizerBytes).toBe(12 * parameters);
    expect(estimate.kvCacheBytes).toBe(0);
    expect(estimate.runtime).toBe('transformers');
  });

  it.each([
    // Llama 2 7B, r = 8 on q_proj and v_proj: 32 layers x 8 x (4,096 + 4,096) x 2 = 4,194,304 (PEFT's count).
    ['llama-2-7b', 8, ['q_proj', 'v_proj'], 4_194_304],
    // Llama 3.1 8B's k_proj is 4,096 in, 1,024 out: 32 x 16 x (4,096 + 1,024) = 2,621,440.
    ['llama-3.1-8b', 16, ['k_proj'], 2_621_440],
    // down_proj is 14,336 in, 4,096 out: 32 x 4 x 18,432 = 2,359,296.
    ['llama-3.1-8b', 4, ['down_proj'], 2_359_296],
    // Mixtral adapts every expert: 32 layers x 8 experts x 2 x (4,096 + 14,336) = 9,437,184 for gate_proj at r = 2.
    ['mixtral-8x7b-v0.1', 2, ['gate_proj'], 9_437_184],
  ] as const)('counts LoRA parameters as r x (in + out): %s r=%i %j', (id, rank, targets, expected) => {
    expect(loraParameters(model(id).architecture, rank, targets)).toBe(expected);
  });

  it('keeps QLoRA base weights in NF4, trains only the adapters, and adds the dequantized matrix', () => {
    const qlora = estimateMemory(inputFor('llama-2-7b', 'transformers', { mode: 'qlora', weightPrecision: 'bf16', contextTokens: 1024 }));
    const lora = estimateMemory(inputFor('llama-2-7b', 'transformers', { mode: 'lora', weightPrecision: 'bf16', contextTokens: 1024 }));
    expect(qlora.weightPrecision).toBe('nf4');
    expect(qlora.weightsBytes).toBeLessThan(lora.weightsBytes / 3);
    expect(qlora.optimizerBytes).toBe(lora.optimizerBytes);
    // The largest Llama 2 7B matrix is 11,008 x 4,096: one 16-bit copy and its gradient. With checkpointing (the
    // default) bitsandbytes' kept inputs are the recomputed layer's: attention input 4,096, o_proj input 4,096,
    // MLP input 4,096 and down_proj input 11,008 values, 2 bytes each, for 1,024 tokens.
    expect(qlora.activationsBytes - lora.activationsBytes).toBe(2 * 2 * 11_008 * 4096 + 2 * 1024 * (3 * 4096 + 11_008));
  });

  it('keeps every layer\'s 4-bit matmul inputs without checkpointing (bitsandbytes MatMul4Bit saves A)', () => {
    const settings = { mode: 'qlora', weightPrecision: 'bf16', contextTokens: 1304, gradientCheckpointing: false } as const;
    const qlora = estimateMemory(inputFor('llama-2-7b', 'transformers', settings));
    const lora = estimateMemory(inputFor('llama-2-7b', 'transformers', { ...settings, mode: 'lora' }));
    // 32 layers x 1,304 tokens x (3 x 4,096 + 11,008) values x 2 bytes = 1,944,190,976 bytes.
    expect(qlora.activationsBytes - lora.activationsBytes - 2 * 2 * 11_008 * 4096).toBe(1_944_190_976);
  });

  it('counts the loss over the vocabulary at 16 bytes per token and entry, and far less with checkpointing', () => {
    const architecture = model('llama-2-7b').architecture;
    const on = trainingActivationBytes(architecture, { sequenceTokens: 4096, batch: 1, gradientCheckpointing: true, dequantizes: false });
    const off = trainingActivationBytes(architecture, { sequenceTokens: 4096, batch: 1, gradientCheckpointing: false, dequantizes: false });
    const loss = 16 * 4096 * 32_000;
    expect(on).toBe(32 * 2 * 4096 * 4096 + 34 * 4096 * 4096 + loss);
    expect(off).toBe(32 * 34 * 4096 * 4096 + loss);
  });
});

describe('placement search', () => {
  it('finds how many GPUs a model needs', () => {
    // Llama 3.1 70B in BF16 is 141 GB: two 80 GB H100s.
    expect(gpusNeeded(inputFor('llama-3.1-70b', 'llama.cpp', { weightPrecision: 'bf16' }), gpu('h100-sxm'))).toBe(2);
    expect(gpusNeeded(inputFor('llama-3.1-8b', 'llama.cpp', { weightPrecision: 'q4_k_m' }), gpu('rtx-4090'))).toBe(1);
  });

  it('finds the longest context that fits', () => {
    const input = inputFor('llama-3.1-8b', 'llama.cpp', { weightPrecision: 'bf16' });
    const longest = maxContextThatFits(input, gpu('rtx-4090'), 1, 131072);
    expect(longest).toBeGreaterThan(1000);
    expect(longest).toBeLessThan(131072);
    expect(place({ ...input, contextTokens: longest }, gpu('rtx-4090'), 1).placement.fits).toBe(true);
    expect(place({ ...input, contextTokens: longest + 256 }, gpu('rtx-4090'), 1).placement.fits).toBe(false);
    expect(maxContextThatFits({ ...input, weightPrecision: 'q4_k_m' }, gpu('rtx-4090'), 1, 131072)).toBe(131072);
  });
});

describe('properties over random valid inputs', () => {
  const arbitraryInput = memoryInputArbitrary([...models.values()]);
  const outputs = ['weightsBytes', 'kvCacheBytes', 'kvBytesPerToken', 'stateBytes', 'activationsBytes', 'overheadBytes', 'totalBytes'] as const;

  it('every output is finite and non-negative, and active parameters never exceed the total', () => {
    fc.assert(
      fc.property(arbitraryInput, (input) => {
        const estimate = estimateMemory(input);
        for (const key of outputs) {
          expect(Number.isFinite(estimate[key]), key).toBe(true);
          expect(estimate[key], key).toBeGreaterThanOrEqual(0);
        }
        expect(estimate.activeParameters).toBeLessThanOrEqual(estimate.parameters);
        expect(estimate.weightsReadPerTokenBytes).toBeLessThanOrEqual(estimate.weightsBytes);
      }),
      { numRuns: 60 },
    );
  });

  it('the KV cache and recurrent state double with the number of sequences', () => {
    fc.assert(
      fc.property(arbitraryInput, (input) => {
        const one = estimateMemory({ ...input, batch: 1 });
        const two = estimateMemory({ ...input, batch: 2 });
        expect(two.kvCacheBytes).toBe(2 * one.kvCacheBytes);
        expect(two.stateBytes).toBe(2 * one.stateBytes);
      }),
      { numRuns: 60 },
    );
  });

  it('the total never falls as context or batch grow', () => {
    fc.assert(
      fc.property(arbitraryInput, fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 1, max: 16 }), (input, extraContext, extraBatch) => {
        const base = estimateMemory(input).totalBytes;
        expect(estimateMemory({ ...input, contextTokens: input.contextTokens + extraContext }).totalBytes).toBeGreaterThanOrEqual(base);
        expect(estimateMemory({ ...input, batch: input.batch + extraBatch }).totalBytes).toBeGreaterThanOrEqual(base);
      }),
      { numRuns: 40 },
    );
  });

  it('more GPUs never raise the memory on the fullest GPU', () => {
    fc.assert(
      fc.property(arbitraryInput, fc.constantFrom('rtx-4090', 'h100-sxm', 'l4'), (input, id) => {
        const count = Math.min(input.gpuCount, 7);
        const fewer = place(input, gpu(id), count).placement.bytesPerGpu;
        expect(place(input, gpu(id), count + 1).placement.bytesPerGpu).toBeLessThanOrEqual(fewer + 2 ** 20);
      }),
      { numRuns: 40 },
    );
  });
});
