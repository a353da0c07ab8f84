/**
 * The memory engine's smaller rules, each pinned by hand arithmetic or a cited source: field labels, defaults and
 * messages of the request parser, the address format, number formats, GGUF file types, checkpoint weight layouts
 * (scaled, tied, with experts and top-level matrices), KV caches per runtime and tensor-parallel split, runtime
 * buffers, LoRA targets and the estimate's training branches.
 *
 * Small architectures built from shapes keep the arithmetic checkable by hand:
 * SMALL: 2 layers, hidden 8, 2 query heads and 1 KV head of width 4, gated MLP 16 wide, vocabulary 32, untied,
 * RMSNorm. Per layer: q 8x8 = 64, k 4x8 = 32, v 4x8 = 32, o 8x8 = 64 (attention 192), gate 16x8 = 128,
 * up 16x8 = 128, down 8x16 = 128 (MLP 384), two norms of 8 (16 vectors): 592 parameters.
 */
import { describe, expect, it } from 'vitest';
import { countParameters } from '../../src/lib/architecture/count';
import { architectureFromShapes, type LegacyShapes } from '../../src/lib/architecture/legacy';
import { summarize } from '../../src/lib/architecture/summary';
import type { ModelArchitecture } from '../../src/lib/architecture/types';
import { activationBytesPerToken, inferenceBuffers, quantizedInputValuesPerToken, trainingActivationBytes, vllmSchedulerDefaults, type BufferSettings } from '../../src/lib/memory/buffers';
import { cacheSettings, estimateMemory, runtimeSettings, type MemoryInput } from '../../src/lib/memory/estimate';
import { memoryInputForModel } from '../../src/lib/memory/for-model';
import { cachedTokens, honoursWindow, kvCacheBytes, kvCacheBytesPerGpu, type CacheSettings } from '../../src/lib/memory/kv-cache';
import { KV_PRECISIONS, WEIGHT_PRECISIONS, wholeFileBitsPerWeight, type WeightPrecisionId } from '../../src/lib/memory/precisions';
import { FIELDS, MEMORY_DEFAULTS, memoryFieldLabel, parseMemoryRequest, type Field, type RawRequest } from '../../src/lib/memory/request';
import { loraParameters, type LoraTarget } from '../../src/lib/memory/training';
import { decodeConfigurations } from '../../src/lib/memory/url-state';
import { ggufFileType, layerParameterCounts, weightLayout } from '../../src/lib/memory/weights';
import type { RuntimeId } from '../../src/lib/runtime/runtime';
import { loadGpus, loadModels } from './support/catalog';
import { errorsOf, memoryCatalog as catalog, requestOf } from './support/memory-request';

const models = new Map(loadModels().map(({ model }) => [model.id, model]));
const model = (id: string) => models.get(id)!;
const MiB = 2 ** 20;
const GiB = 2 ** 30;

function inputFor(id: string, runtime: RuntimeId, overrides: Partial<MemoryInput> = {}): MemoryInput {
  return memoryInputForModel(model(id), { runtime: runtimeSettings(runtime), ...overrides });
}
function cache(runtime: RuntimeId, overrides: Partial<CacheSettings> = {}): CacheSettings {
  return { runtime, contextTokens: 1000, sequences: 1, bitsPerElement: 16, capWindows: true, ubatch: 512, maxBatchedTokens: 2048, tensorParallel: 1, ...overrides };
}

const SMALL: LegacyShapes = { layers: 2, hiddenSize: 8, intermediateSize: 16, attentionHeads: 2, kvHeads: 1, headDim: 4, vocabSize: 32, contextLength: 64, tiedEmbeddings: false };
/** SMALL with learned positions: one 64 x 8 top-level matrix (512 parameters). Total 2 x 592 + 256 + 256 + 512 + 8 = 2,216. */
const WITH_POSITIONS = architectureFromShapes({ ...SMALL, positionEmbeddings: 'learned' });
/** SMALL with a tied head: 2 x 592 + 256 + 8 = 1,448 parameters. */
const TIED = architectureFromShapes({ ...SMALL, tiedEmbeddings: true });
/**
 * SMALL whose second layer is a mixture of experts: router 4x8 = 32; four experts of gate 6x8, up 6x8 and down 8x6
 * (48 each, 576 in all), two per token; a shared expert 10 wide: gate 10x8, up 10x8, down 8x10 (240).
 * Layer 1: 192 + 32 + 576 + 240 + 16 = 1,056 parameters.
 */
const MOE = architectureFromShapes({ ...SMALL, moe: { experts: 4, expertsPerToken: 2, expertIntermediateSize: 6, sharedExperts: 1, sharedExpertIntermediateSize: 10, denseLayers: 1 } });
/**
 * SMALL with latent attention: q_a 3x8, q_b 8x3 (2 heads x (2 + 2)), kv_a 7x8 (5 + 2), kv_b 8x5 (2 x (2 + 2)),
 * o 8x4 (2 heads x 2).
 */
const LATENT = architectureFromShapes({ ...SMALL, mla: { qLoraRank: 3, kvLoraRank: 5, qkNopeHeadDim: 2, qkRopeHeadDim: 2, vHeadDim: 2 } });

describe('the small architectures used below', () => {
  it.each([
    ['SMALL with positions', WITH_POSITIONS, 2216],
    ['SMALL tied', TIED, 1448],
    // 592 + 1,056 + 256 + 256 + 8.
    ['SMALL with experts', MOE, 2168],
  ] as const)('%s counts %i parameters', (_, architecture, total) => {
    expect(countParameters(architecture).total).toBe(total);
  });

  it('gives each layer its own parameter count, dense and mixture-of-experts alike', () => {
    expect(layerParameterCounts(WITH_POSITIONS)).toEqual([592, 592]);
    expect(layerParameterCounts(MOE)).toEqual([592, 1056]);
  });
});

describe('request: field labels and defaults', () => {
  const labels: Array<[Field, string]> = [
    ['model', 'Model'],
    ['params', 'Parameters'],
    ['layers', 'Layers'],
    ['hidden', 'Hidden size'],
    ['heads', 'Attention heads'],
    ['kv-heads', 'KV heads'],
    ['head-dim', 'Head dimension'],
    ['vocab', 'Vocabulary'],
    ['precision', 'Weight format'],
    ['kv-precision', 'KV cache format'],
    ['context', 'Context (tokens)'],
    ['batch', 'Concurrent sequences'],
    ['mode', 'Task'],
    ['rank', 'LoRA rank'],
    ['targets', 'Adapted layers'],
    ['checkpointing', 'Gradient checkpointing'],
    ['overhead-gib', 'Runtime overhead (GiB per GPU)'],
    ['swa', 'Sliding-window cache'],
    ['gpu', 'GPU'],
    ['gpus', 'Number of GPUs'],
    ['gpu-memory-gib', 'GPU memory (GiB)'],
    ['gpu-bandwidth-gbs', 'GPU memory bandwidth (GB/s)'],
    ['runtime', 'Runtime'],
    ['split', 'Multi-GPU split'],
    ['ubatch', 'Micro-batch (tokens)'],
    ['gpu-memory-utilization', 'GPU memory utilization'],
    ['max-num-batched-tokens', 'Max batched tokens per step'],
    ['gpu-layers', 'Layers on the GPU'],
    ['cpu-moe', 'Experts in system RAM'],
    ['n-cpu-moe', 'Layers with experts in system RAM'],
    ['ram-bandwidth-gbs', 'System RAM bandwidth (GB/s)'],
  ];

  it.each(labels)('labels %s "%s" for inference, the default mode', (field, label) => {
    expect(memoryFieldLabel(field)).toBe(label);
    expect(memoryFieldLabel(field, 'inference')).toBe(label);
  });

  it('has a label in the table above for every field', () => {
    expect(labels.map(([field]) => field)).toEqual([...FIELDS]);
  });

  it('starts from these texts (src/lib/memory/defaults.ts and RUNTIME_DEFAULTS: 512-token micro-batch, 0.92 of the GPU, 89.6 GB/s of DDR5-5600 x 2 channels)', () => {
    expect(MEMORY_DEFAULTS).toEqual({
      model: 'llama-3.1-8b',
      precision: 'bf16',
      'kv-precision': 'fp16',
      context: '8192',
      batch: '1',
      mode: 'inference',
      rank: '16',
      checkpointing: 'true',
      swa: 'true',
      // 2^29 bytes = 0.5 GiB.
      'overhead-gib': '0.5',
      gpu: 'rtx-4090',
      gpus: '1',
      runtime: '',
      split: '',
      ubatch: '512',
      'gpu-memory-utilization': '0.92',
      'max-num-batched-tokens': '',
      'gpu-layers': '',
      'cpu-moe': 'false',
      'n-cpu-moe': '0',
      // 5,600 MT/s x 8 bytes x 2 channels = 89.6 GB/s.
      'ram-bandwidth-gbs': '89.6',
    });
  });
});

describe('request: messages, each naming the field by its label', () => {
  const gpuIds = catalog.gpus.map((gpu) => gpu.id).join(', ');
  it.each<[string, RawRequest, string[]]>([
    ['an unknown task', { mode: 'pretrain' }, ['mode: Task must be one of inference, full, lora, qlora; got "pretrain"']],
    ['RAM bandwidth below 1 GB/s', { 'ram-bandwidth-gbs': '0' }, ['ram-bandwidth-gbs: System RAM bandwidth (GB/s) must be a number from 1 to 100,000 GB/s; got "0"']],
    // Llama 3.1 8B has 32 layers; -ngl counts the output layer too, so 33 is "all".
    ['one layer more than the model and its output layer', { 'gpu-layers': '34' }, ['gpu-layers: Layers on the GPU must be a whole number from 0 to 33; got "34"']],
    ['a fraction of a layer on the GPU', { 'gpu-layers': '2.5' }, ['gpu-layers: Layers on the GPU must be a whole number from 0 to 33; got "2.5"']],
    // gpt-oss-120b: num_hidden_layers 36 in its config.json.
    ['a fraction of a layer of experts', { model: 'gpt-oss-120b', precision: 'mxfp4', 'n-cpu-moe': '2.5' }, ['n-cpu-moe: Layers with experts in system RAM must be a whole number from 0 to 36; got "2.5"']],
    ['more expert layers than the model has', { model: 'gpt-oss-120b', precision: 'mxfp4', 'n-cpu-moe': '37' }, ['n-cpu-moe: Layers with experts in system RAM must be a whole number from 0 to 36; got "37"']],
    ['experts in RAM for a dense model', { 'cpu-moe': 'true' }, ['cpu-moe: Experts in system RAM applies only to mixture-of-experts models, and this model has no experts']],
    ['expert layers in RAM for a dense model', { 'n-cpu-moe': '4' }, ['n-cpu-moe: Layers with experts in system RAM applies only to mixture-of-experts models, and this model has no experts; got 4']],
    ['an unknown runtime', { runtime: 'tgi' }, ['runtime: Runtime must be one of llama.cpp, vllm, transformers (or ollama, lm-studio, lmstudio, llamacpp, llama-cpp, sglang, hf); got "tgi"']],
    ['a runtime that does not train', { mode: 'lora', runtime: 'llama.cpp' }, ['runtime: Runtime must be transformers for fine-tuning: llama.cpp (also Ollama, LM Studio) does not train; got "llama.cpp"']],
    ['a GGUF format on vLLM', { runtime: 'vllm', precision: 'q4_k_m' }, ['precision: Weight format "q4_k_m" does not load in vLLM (also SGLang); it loads fp16, bf16, fp8, int8, int4, nf4, gptq-4bit, awq-4bit, mxfp4']],
    ['a layer split on vLLM', { runtime: 'vllm', split: 'layer' }, ['split: Multi-GPU split must be tensor for vLLM, which splits every layer over the GPUs (tensor parallelism)']],
    ['an unknown GPU', { gpu: 'rtx-9999' }, [`gpu: GPU must be one of ${gpuIds}, custom or none; got "rtx-9999"`]],
    ['no LoRA target', { mode: 'lora', targets: ',' }, ['targets: Adapted layers must be a comma-separated list of q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj; unknown: (none given)']],
    [
      'a custom GPU without its figures',
      { gpu: 'custom' },
      ['gpu-memory-gib: GPU memory (GiB) is required: a number from 0.5 to 2,048 GiB', 'gpu-bandwidth-gbs: GPU memory bandwidth (GB/s) is required: a number from 1 to 100,000 GB/s'],
    ],
    ['a custom GPU below half a GiB', { gpu: 'custom', 'gpu-memory-gib': '0.4', 'gpu-bandwidth-gbs': '500' }, ['gpu-memory-gib: GPU memory (GiB) must be a number from 0.5 to 2,048 GiB; got "0.4"']],
    ['a custom GPU above 100 TB/s', { gpu: 'custom', 'gpu-memory-gib': '24', 'gpu-bandwidth-gbs': '100001' }, ['gpu-bandwidth-gbs: GPU memory bandwidth (GB/s) must be a number from 1 to 100,000 GB/s; got "100001"']],
  ])('%s', (_, raw, expected) => {
    expect(errorsOf(raw)).toEqual(expected);
  });

  it('takes a custom GPU from its memory and bandwidth: 48 GiB is 51,539,607,552 bytes, 960 GB/s is 9.6e11 bytes a second', () => {
    const request = requestOf({ gpu: 'custom', 'gpu-memory-gib': '48', 'gpu-bandwidth-gbs': '960' });
    expect(request.gpuId).toBe('custom');
    expect(request.customGpu).toEqual({ id: 'custom', name: 'Custom GPU (48 GiB, 960 GB/s)', kind: 'consumer', memoryBytes: 51_539_607_552, usableMemoryFraction: 1, memoryBandwidthBytesPerSecond: 960e9 });
  });

  it('adds no experts message when the model itself is unknown', () => {
    expect(errorsOf({ model: 'gpt-5', 'cpu-moe': 'true' })).toEqual(['model: Model "gpt-5" is not in the catalog; use a catalog id (such as llama-3.1-8b) or give a custom architecture']);
    expect(errorsOf({ model: 'gpt-5', 'n-cpu-moe': '3' })).toEqual(['model: Model "gpt-5" is not in the catalog; use a catalog id (such as llama-3.1-8b) or give a custom architecture']);
  });
});

describe('request: runtime settings accepted', () => {
  const runtimeOf = (raw: RawRequest) => requestOf(raw).input.runtime;

  it.each<[RawRequest, RuntimeId]>([
    [{ runtime: 'auto' }, 'llama.cpp'],
    [{ runtime: 'AUTO' }, 'llama.cpp'],
    [{ runtime: 'auto', precision: 'fp8' }, 'vllm'],
    [{ mode: 'lora', runtime: 'transformers' }, 'transformers'],
    [{ mode: 'qlora', runtime: 'hf' }, 'transformers'],
    [{ mode: 'full', runtime: 'auto' }, 'transformers'],
  ])('%o runs on %s', (raw, runtime) => {
    expect(runtimeOf(raw).runtime).toBe(runtime);
  });

  it.each<[RawRequest, 'layer' | 'tensor']>([
    [{ split: 'layer' }, 'layer'],
    [{ runtime: 'llama.cpp', split: 'layer' }, 'layer'],
    [{ runtime: 'vllm', split: 'tensor' }, 'tensor'],
    [{ runtime: 'vllm', split: '' }, 'tensor'],
  ])('%o splits by %s', (raw, split) => {
    expect(runtimeOf(raw).split).toBe(split);
  });

  it('takes 33 layers on the GPU for Llama 3.1 8B: its 32 layers and the output layer', () => {
    expect(runtimeOf({ 'gpu-layers': '33' }).gpuLayers).toBe(33);
    expect(runtimeOf({ 'gpu-layers': '0' }).gpuLayers).toBe(0);
  });

  it('takes experts in RAM for DeepSeek V3, whose first three layers are dense', () => {
    expect(runtimeOf({ model: 'deepseek-v3', 'cpu-moe': 'true' }).cpuMoe).toBe(true);
    expect(runtimeOf({ model: 'deepseek-v3', 'n-cpu-moe': '10' }).cpuMoeLayers).toBe(10);
  });

  it('reads a model with MLP-less layers (Nemotron-H: Mamba layers have no MLP)', () => {
    expect(model('nemotron-h-56b-base-8k').architecture.layerKinds.some((kind) => kind.mlp === null)).toBe(true);
    expect(errorsOf({ model: 'nemotron-h-56b-base-8k' })).toEqual([]);
    expect(errorsOf({ model: 'nemotron-h-56b-base-8k', 'cpu-moe': 'true' })).toEqual(['cpu-moe: Experts in system RAM applies only to mixture-of-experts models, and this model has no experts']);
  });

  it('reads runtime fields given as undefined as absent: the usual runtime, split and batch', () => {
    const request = requestOf({ runtime: undefined, split: undefined, 'max-num-batched-tokens': undefined, 'gpu-layers': undefined });
    expect(request.input.runtime).toEqual({ runtime: 'llama.cpp', split: 'layer', ubatch: 512, gpuMemoryUtilization: 0.92, maxBatchedTokens: null, gpuLayers: null, cpuMoe: false, cpuMoeLayers: 0, ramBandwidthBytesPerSecond: 89.6e9 });
  });
});

describe('request: custom architectures', () => {
  /** The SMALL shapes as flags: layers 2, hidden 8, heads 2, one KV head of 4, vocabulary 32. */
  const small = { model: '', layers: '2', hidden: '8', heads: '2', 'kv-heads': '1', 'head-dim': '4', vocab: '32' };

  it('solves Llama 2 7B to its exact total with a gated MLP and RMSNorm (6,738,415,616, MLP 11,008 wide)', () => {
    const request = requestOf({ model: '', params: '6738415616', layers: '32', hidden: '4096', heads: '32', vocab: '32000' });
    // 2,409,893,888 without the MLP + 32 layers x 3 x 4,096 x 11,008 = 6,738,415,616.
    expect(countParameters(request.input.architecture).total).toBe(6_738_415_616);
    expect(summarize(request.input.architecture)).toMatchObject({ mlpWidth: 11008 });
    expect(request.input.architecture.layerKinds[0]!.tensors.map((tensor) => tensor.role)).toContain('ffn_gate');
  });

  it('takes a blank KV-head count as the query heads and a blank head width as hidden / heads', () => {
    const request = requestOf({ model: '', params: '6738415616', layers: '32', hidden: '4096', heads: '32', 'kv-heads': '', 'head-dim': '', vocab: '32000' });
    // 4,096 / 32 = 128.
    expect(summarize(request.input.architecture).heads).toEqual({ query: 32, kv: 32, dim: 128 });
  });

  it('accepts an MLP one unit wide and refuses shapes that leave none', () => {
    // Without the MLP: 2 x (192 + 16) + 256 + 256 + 8 = 936; each unit of width adds 3 x 2 layers x 8 = 48.
    expect(summarize(requestOf({ ...small, params: '984' }).input.architecture).mlpWidth).toBe(1);
    // (959 - 936) / 48 = 0.48 rounds to 0.
    expect(errorsOf({ ...small, params: '959' })).toEqual(['params: Parameters (959) is smaller than the attention and embedding weights these shapes already need (936)']);
  });

  it.each<[string, RawRequest, string[]]>([
    ['KV heads that do not divide the heads', { ...small, params: '984', heads: '2', 'kv-heads': '3' }, ['kv-heads: KV heads must divide Attention heads (2); got 3']],
    ['KV heads that divide nothing', { model: '', params: '7e9', layers: '32', hidden: '4096', heads: '32', 'kv-heads': '5', vocab: '32000' }, ['kv-heads: KV heads must divide Attention heads (32); got 5']],
    // Only the heads are wrong; the KV heads and head width are given, so nothing else is reported.
    ['unreadable heads', { model: '', params: '7e9', layers: '32', hidden: '4096', heads: 'x', 'kv-heads': '8', 'head-dim': '128', vocab: '32000' }, ['heads: Attention heads must be a whole number from 1 to 10,000; that is not a number: "x"']],
    ['zero KV heads', { model: '', params: '7e9', layers: '32', hidden: '4096', heads: '32', 'kv-heads': '0', vocab: '32000' }, ['kv-heads: KV heads must be a whole number from 1 to 10,000; got "0"']],
    // Without a hidden size the head width has no default either.
    [
      'no hidden size',
      { model: '', params: '7e9', layers: '32', heads: '32', vocab: '32000' },
      ['hidden: Hidden size is required: a whole number from 1 to 1,000,000', 'head-dim: Head dimension is required: a whole number from 1 to 1,000,000'],
    ],
    [
      'no heads',
      { model: '', params: '7e9', layers: '32', hidden: '4096', vocab: '32000' },
      ['heads: Attention heads is required: a whole number from 1 to 10,000', 'kv-heads: KV heads is required: a whole number from 1 to 10,000', 'head-dim: Head dimension is required: a whole number from 1 to 1,000,000'],
    ],
  ])('reports %s, and only that', (_, raw, expected) => {
    expect(errorsOf(raw)).toEqual(expected);
  });
});

describe('calculator address: a custom architecture', () => {
  it('is asked for by parameters without a model', () => {
    expect(decodeConfigurations('?params=7e9&layers=32')).toEqual([{ ...MEMORY_DEFAULTS, model: '', params: '7e9', layers: '32' }]);
  });

  it('keeps a model that is named beside the parameters, and the default model when neither is given', () => {
    expect(decodeConfigurations('?model=gemma-2-9b&params=7e9')).toEqual([{ ...MEMORY_DEFAULTS, model: 'gemma-2-9b', params: '7e9' }]);
    expect(decodeConfigurations('?layers=32')).toEqual([{ ...MEMORY_DEFAULTS, layers: '32' }]);
  });
});

describe('number formats', () => {
  const GGML_BLOCKS = 'https://github.com/ggml-org/llama.cpp/blob/master/ggml/src/ggml-common.h';

  // Reference files per format, from the `reference` flags in content/quantized-files.json; block bits from
  // ggml-common.h (e.g. block_q4_K: 144 bytes per 256 values = 4.5 bits).
  it.each<[WeightPrecisionId, string, number]>([
    ['q8_0', 'llama-2-7b and mistral-7b-v0.1', 8.5],
    ['q6_k', 'llama-2-7b and mistral-7b-v0.1', 6.5625],
    ['q5_k_m', 'llama-2-7b and mistral-7b-v0.1', 5.5],
    ['q5_0', 'llama-2-7b and mistral-7b-v0.1', 5.5],
    ['q4_k_m', 'llama-2-7b and mistral-7b-v0.1', 4.5],
    ['q4_k_s', 'llama-2-7b and mistral-7b-v0.1', 4.5],
    ['q4_0', 'llama-2-7b and mistral-7b-v0.1', 4.5],
    ['q3_k_m', 'llama-2-7b and mistral-7b-v0.1', 3.4375],
    ['q2_k', 'llama-2-7b and mistral-7b-v0.1', 2.625],
    ['iq4_xs', 'llama-3.1-8b and mistral-7b-v0.3', 4.25],
  ])('%s names its reference files (%s) and its block bits (%d)', (id, references, blockBits) => {
    expect(WEIGHT_PRECISIONS[id].basis).toBe(`whole-file average of real ${references} files; the format's blocks alone hold ${blockBits} bits per weight`);
    expect(WEIGHT_PRECISIONS[id].source).toBe(GGML_BLOCKS);
  });

  it('cites ggml-common.h for the llama.cpp cache formats and the QLoRA paper for NF4', () => {
    expect(KV_PRECISIONS.q8_0.source).toBe(GGML_BLOCKS);
    expect(KV_PRECISIONS.q4_0.source).toBe(GGML_BLOCKS);
    expect(WEIGHT_PRECISIONS.nf4.source).toBe('https://arxiv.org/abs/2305.14314');
  });

  it.each([
    // Llama 2 7B 4.8451; Mistral 7B (4.8276 + 4.8258) / 2 = 4.8267; (4.8451 + 4.8267) / 2 = 4.8359.
    ['q4_k_m', 4.836],
    // Llama 2 7B 5.6787; Mistral 7B (5.6672 + 5.6687) / 2 = 5.66795; mean 5.673325.
    ['q5_k_m', 5.673],
  ])('averages %s over reference models, each model once (content/quantized-files.json): %d bits', (precision, bits) => {
    expect(wholeFileBitsPerWeight(precision)).toBe(bits);
  });

  it('refuses a format without a reference file', () => {
    expect(() => wholeFileBitsPerWeight('fp7')).toThrow(new Error('No reference file measured for fp7'));
  });
});

describe('weights', () => {
  // llama.cpp's file type names (llama_model_ftype_name: "F32", "Q5_0", "IQ4_XS - 4.25 bpw", "MXFP4 MoE", ...).
  it.each<[WeightPrecisionId, string | undefined]>([
    ['fp32', 'F32'],
    ['fp16', 'F16'],
    ['bf16', 'BF16'],
    ['q8_0', 'Q8_0'],
    ['q6_k', 'Q6_K'],
    ['q5_k_m', 'Q5_K_M'],
    ['q5_0', 'Q5_0'],
    ['q4_k_m', 'Q4_K_M'],
    ['q4_k_s', 'Q4_K_S'],
    ['q4_0', 'Q4_0'],
    ['q3_k_m', 'Q3_K_M'],
    ['q2_k', 'Q2_K'],
    ['iq4_xs', 'IQ4_XS'],
    ['mxfp4', 'MXFP4_MOE'],
    ['fp8', undefined],
    ['nf4', undefined],
    ['awq-4bit', undefined],
  ])('%s is GGUF file type %s', (precision, fileType) => {
    expect(ggufFileType(precision)).toBe(fileType);
  });

  it('lays out a checkpoint at 2 bytes a value in BF16, top-level matrices and the final norm included', () => {
    const layout = weightLayout(WITH_POSITIONS, 'bf16', 'transformers');
    // Each layer: 592 values x 2 bytes.
    expect(layout.layers).toEqual([
      { bytes: 1184, expertBytes: 0, readBytes: 1184 },
      { bytes: 1184, expertBytes: 0, readBytes: 1184 },
    ]);
    expect(layout.embeddingBytes).toBe(512); // 32 x 8 x 2
    expect(layout.outputBytes).toBe(528); // (256 head + 8 norm) x 2
    expect(layout.otherBytes).toBe(1024); // 64 x 8 positions x 2
    expect(layout.totalBytes).toBe(4432); // 2 x 1,184 + 512 + 528 + 1,024 = 2 x 2,216
    expect(layout.tiedHead).toBe(false);
    // Per token: the layers and the head, not the embedding or the position table (lookups).
    expect(layout.readPerTokenBytes).toBe(2896); // 2,368 + 528
  });

  it('keeps vectors 16-bit and the embedding and head 16-bit in FP8', () => {
    const layout = weightLayout(WITH_POSITIONS, 'fp8', 'vllm');
    // Each layer: 16 vectors x 2 + 576 weights x 1 = 608.
    expect(layout.layers.map((layer) => layer.bytes)).toEqual([608, 608]);
    expect(layout.totalBytes).toBe(2 * 608 + 512 + 528 + 1024);
  });

  it('stores NF4 at 4.5 bits a weight without double quantization and 4.127 with it (QLoRA, section 3)', () => {
    // Each layer: 576 weights; 16 vectors stay 16-bit (32 bytes). 576 x 4.5 / 8 = 324; 576 x 4.127 / 8 = 297.144.
    expect(weightLayout(WITH_POSITIONS, 'nf4', 'transformers', undefined, false).layers[0]!.bytes).toBe(32 + 324);
    expect(weightLayout(WITH_POSITIONS, 'nf4', 'transformers').layers[0]!.bytes).toBeCloseTo(32 + 297.144, 9);
    // The setting means nothing to other formats.
    expect(weightLayout(WITH_POSITIONS, 'int4', 'transformers', undefined, false)).toEqual(weightLayout(WITH_POSITIONS, 'int4', 'transformers'));
    // Through the estimate: QLoRA on plain NF4 holds 0.373 bits a weight more in the layers, 2 x 576 x 0.373 / 8.
    const qlora = (doubleQuantization?: boolean) => estimateMemory({ ...memoryInputForModel({ architecture: WITH_POSITIONS }, { mode: 'qlora', loraTargets: [] }), ...(doubleQuantization === undefined ? {} : { doubleQuantization }) }).weightsBytes;
    expect(qlora(false) - qlora()).toBe(Math.ceil(2 * 32 + 2 * 324 + 512 + 528 + 1024) - Math.ceil(2 * 32 + 2 * 297.144 + 512 + 528 + 1024));
    expect(qlora(true)).toBe(qlora());
  });

  it('counts every copy of a top-level matrix', () => {
    const twice: ModelArchitecture = { ...WITH_POSITIONS, topTensors: [{ role: 'position_embd', rows: 64, cols: 8, copies: 2, activeCopies: 2 }] };
    // 2 x 64 x 8 values x 2 bytes.
    expect(weightLayout(twice, 'bf16', 'transformers').otherBytes).toBe(2048);
  });

  it.each<[RuntimeId]>([['transformers'], ['vllm'], ['llama.cpp']])('scales every part in proportion to a stated total on %s (2 x 2,216 = 4,432 stated: everything doubles)', (runtime) => {
    const layout = weightLayout(WITH_POSITIONS, 'bf16', runtime, 4432);
    expect(layout.layers).toEqual([
      { bytes: 2368, expertBytes: 0, readBytes: 2368 },
      { bytes: 2368, expertBytes: 0, readBytes: 2368 },
    ]);
    expect(layout.embeddingBytes).toBe(1024);
    expect(layout.outputBytes).toBe(1056);
    expect(layout.otherBytes).toBe(2048);
    expect(layout.totalBytes).toBe(8864);
    expect(layout.readPerTokenBytes).toBe(5792);
  });

  it('reads a tied head through the embedding: the whole embedding counts per token', () => {
    const layout = weightLayout(TIED, 'bf16', 'transformers');
    expect(layout.tiedHead).toBe(true);
    expect(layout.outputBytes).toBe(16); // the final norm only: 8 x 2
    expect(layout.totalBytes).toBe(2896); // 2 x 1,184 + 512 + 16
    expect(layout.readPerTokenBytes).toBe(2896); // 2,368 + 16 + 512: the embedding is the head
    const untied = weightLayout(architectureFromShapes(SMALL), 'bf16', 'transformers');
    expect(untied.tiedHead).toBe(false);
    expect(untied.totalBytes).toBe(2896 + 512); // a head of its own: 256 x 2 more
  });

  it('sets the routed experts apart, all copies of them', () => {
    const layout = weightLayout(MOE, 'bf16', 'transformers');
    expect(layout.layers[0]!.expertBytes).toBe(0);
    // Four experts x (48 + 48 + 48) values x 2 bytes.
    expect(layout.layers[1]!.expertBytes).toBe(1152);
    // (192 + 32 + 576 + 240) weights + 16 vectors, 2 bytes each.
    expect(layout.layers[1]!.bytes).toBe(2112);
    // Two of four experts per token: 16 vectors + 192 + 32 + 288 + 240 weights, 2 bytes each.
    expect(layout.layers[1]!.readBytes).toBe(1536);
  });
});

describe('KV cache', () => {
  // llama_model::load_hparams sets swa_type for these architectures (llama.cpp src/llama-model.cpp).
  it.each(['gemma2', 'gemma3', 'gemma3_text', 'gemma3n', 'gemma4_text', 'gpt_oss', 'llama4_text', 'olmo3', 'cohere2'])('llama.cpp windows %s', (modelType) => {
    expect(honoursWindow({ ...WITH_POSITIONS, modelType }, 'llama.cpp')).toBe(true);
  });

  it.each(['llama', 'mistral', 'phi3', 'qwen2', 'custom'])('llama.cpp keeps a full cache for %s, vLLM and Transformers window it', (modelType) => {
    expect(honoursWindow({ ...WITH_POSITIONS, modelType }, 'llama.cpp')).toBe(false);
    expect(honoursWindow({ ...WITH_POSITIONS, modelType }, 'vllm')).toBe(true);
    expect(honoursWindow({ ...WITH_POSITIONS, modelType }, 'transformers')).toBe(true);
  });

  it.each([
    // "KV self size = 512.00 MiB" for Llama 3.1 8B at 4,096 tokens (content/validation.json).
    ['llama.cpp', 4096, 512 * MiB],
    // 2 x 32 layers x 8 heads x 128 dims x 2 bytes x 1,000 tokens.
    ['transformers', 1000, 2 * 32 * 8 * 128 * 2 * 1000],
  ] as const)('keeps the whole cache on one GPU on %s whatever the tensor-parallel figure', (runtime, contextTokens, bytes) => {
    const llama = model('llama-3.1-8b').architecture;
    for (const tensorParallel of [1, 2, 8]) {
      expect(kvCacheBytesPerGpu(llama, cache(runtime, { contextTokens, tensorParallel })), `${tensorParallel}`).toBe(bytes);
      expect(kvCacheBytes(llama, cache(runtime, { contextTokens, tensorParallel })), `${tensorParallel}`).toBe(bytes);
    }
  });

  it('splits the KV heads over vLLM tensor-parallel GPUs: 4 of Llama 3.1 8B\'s 8 on each of two', () => {
    const llama = model('llama-3.1-8b').architecture;
    // 1,001 tokens take 63 blocks of 16 = 1,008 tokens.
    expect(kvCacheBytesPerGpu(llama, cache('vllm', { contextTokens: 1001 }))).toBe(2 * 32 * 8 * 128 * 2 * 1008);
    expect(kvCacheBytesPerGpu(llama, cache('vllm', { contextTokens: 1001, tensorParallel: 2 }))).toBe(2 * 32 * 4 * 128 * 2 * 1008);
    expect(kvCacheBytes(llama, cache('vllm', { contextTokens: 1001, tensorParallel: 2 }))).toBe(2 * 32 * 8 * 128 * 2 * 1008);
  });

  it('gives a layer without attention no window of its own: it would hold the context', () => {
    const nemotron = model('nemotron-h-56b-base-8k').architecture;
    const mamba = nemotron.layerKinds.find((kind) => kind.attention === null)!;
    expect(cachedTokens(mamba, nemotron, cache('transformers', { contextTokens: 1000 }))).toBe(1000);
  });
});

describe('runtime buffers', () => {
  // MOE: the widest layer is the expert layer, 3 x (2 x 6 + 10) + 4 router outputs = 70 values; the dense one 3 x 16 = 48.
  it('takes the widest layer\'s activations: 2 x (3 x 8 + 70) = 188 bytes a token', () => {
    expect(activationBytesPerToken(MOE)).toBe(188);
    expect(activationBytesPerToken(architectureFromShapes(SMALL))).toBe(144); // 2 x (24 + 48)
  });

  const settings = (runtime: RuntimeId): BufferSettings => ({ runtime, contextTokens: 100, sequences: 3, ubatch: 512, maxBatchedTokens: 2048, maxSequences: 256, cacheCells: 768, tensorParallel: 1, flashAttention: true });

  it('sizes llama.cpp\'s buffers for the tokens of three 100-token sequences, fewer than a micro-batch', () => {
    // Tokens: min(512, 100 x 3) = 300. Layer work 300 x 2 x 188 = 112,800 (more than 32 x 300 x 4 = 38,400 of
    // logits). Mask 768 cells x 300 x 2 = 460,800. Host: 32 x 3 x 4 = 384 of logits + (8 + 768) x 300 x 4 = 931,200.
    expect(inferenceBuffers(MOE, settings('llama.cpp'))).toEqual({ outputGpuBytes: 573_600, otherGpuBytes: 573_600, hostBytes: 931_584 });
  });

  it('sizes Transformers\' activations for every token of every sequence, and each sequence\'s logits', () => {
    // 100 x 3 x 188 + 3 x 32 x 4 = 56,400 + 384.
    expect(inferenceBuffers(MOE, settings('transformers'))).toEqual({ outputGpuBytes: 56_784, otherGpuBytes: 56_784, hostBytes: 0 });
  });

  it('takes vLLM\'s larger batch from 70 GiB up (arg_utils.py: device_memory >= 70 * GiB_bytes)', () => {
    expect(vllmSchedulerDefaults({ id: 'custom', memoryBytes: 70 * GiB })).toEqual({ maxBatchedTokens: 8192, maxSequences: 1024 });
    expect(vllmSchedulerDefaults({ id: 'custom', memoryBytes: 70 * GiB - 1 })).toEqual({ maxBatchedTokens: 2048, maxSequences: 256 });
  });

  it.each([
    // Attention input 8 (q, k, v share it), o_proj input 8, MLP input 8 (gate, up), down_proj input 16.
    ['a dense layer', 40, MOE.layerKinds[0]!],
    // Attention 8 + 8; the router keeps nothing; routed experts' input 8 x 2 chosen (gate and up share it), their
    // down_proj input 6 x 2; the shared expert's input 8 (gate and up share it) and its down_proj input 10.
    ['an expert layer with a shared expert', 62, MOE.layerKinds[1]!],
    // q_a and kv_a share the attention input 8; q_b reads 3, kv_b 5, o_proj 4; MLP 8 + 16.
    ['a latent-attention layer', 44, LATENT.layerKinds[0]!],
  ] as const)('keeps %s\'s 4-bit matmul inputs once per shared input: %i values a token', (_, values, kind) => {
    expect(quantizedInputValuesPerToken(kind)).toBe(values);
  });

  it.each([
    // 10 tokens. Saved: 2 layers x 2 x 10 x 8 + 34 x 10 x 8 = 3,040. Loss 16 x 10 x 32 = 5,120. Largest matrix
    // 16 x 8 = 128, dequantized with its gradient: 2 x 2 x 128 = 512. Kept inputs: the widest layer's, 2 x 10 x 62.
    [true, 3040 + 5120 + 512 + 2 * 10 * 62],
    // Saved: 2 x 34 x 10 x 8 = 5,440; kept inputs: every layer's, 2 x 10 x (40 + 62).
    [false, 5440 + 5120 + 512 + 2 * 10 * (40 + 62)],
  ])('keeps QLoRA activations with checkpointing %s: %i bytes', (gradientCheckpointing, bytes) => {
    expect(trainingActivationBytes(MOE, { sequenceTokens: 10, batch: 1, gradientCheckpointing, dequantizes: true })).toBe(bytes);
  });
});

describe('LoRA targets', () => {
  // Rank 1: each adapted d_in x d_out matrix gains d_in + d_out parameters, per copy (Hu et al., arXiv 2106.09685).
  it.each<[LoraTarget, number]>([
    ['q_proj', 2 * (8 + 8)],
    ['k_proj', 2 * (8 + 4)],
    ['v_proj', 2 * (8 + 4)],
    ['o_proj', 2 * (8 + 8)],
    // Dense gate (8 + 16), four routed expert gates 4 x (8 + 6), the shared expert's gate (8 + 10).
    ['gate_proj', 24 + 56 + 18],
    ['up_proj', 24 + 56 + 18],
    // Dense down (16 + 8), four routed 4 x (6 + 8), shared (10 + 8).
    ['down_proj', 24 + 56 + 18],
  ])('%s reaches dense, routed and shared weights: %i parameters at rank 1', (target, parameters) => {
    expect(loraParameters(MOE, 1, [target])).toBe(parameters);
  });
});

describe('estimate', () => {
  it.each<[RuntimeId, number, number]>([
    ['llama.cpp', 4, 1],
    ['transformers', 2, 1],
    ['vllm', 4, 4],
  ])('on %s with %i GPUs splits the cache %i ways', (runtime, gpuCount, tensorParallel) => {
    expect(cacheSettings(inputFor('llama-3.1-8b', runtime, { gpuCount })).tensorParallel).toBe(tensorParallel);
  });

  it.each<[RuntimeId, 'layer' | 'tensor']>([
    ['llama.cpp', 'layer'],
    ['transformers', 'layer'],
    ['vllm', 'tensor'],
  ])('starts %s with a %s split and the documented defaults', (runtime, split) => {
    expect(runtimeSettings(runtime)).toEqual({ runtime, split, ubatch: 512, gpuMemoryUtilization: 0.92, maxBatchedTokens: null, gpuLayers: null, cpuMoe: false, cpuMoeLayers: 0, ramBandwidthBytesPerSecond: 89.6e9 });
    expect(runtimeSettings(runtime, { split: 'tensor', ubatch: 256 })).toMatchObject({ runtime, split: 'tensor', ubatch: 256 });
  });

  it('scales the active count with a stated total: 1,448 of 2,216 active, 4,432 stated, 2,896 active', () => {
    // Active: 2 layers x 592 + the head 256 + the final norm 8 = 1,448 (the embedding and positions are lookups).
    const estimate = estimateMemory({ ...memoryInputForModel({ architecture: WITH_POSITIONS }, { runtime: runtimeSettings('transformers') }), parameters: 4432 });
    expect(estimate.parameters).toBe(4432);
    expect(estimate.activeParameters).toBe(2896);
    expect(estimate.weightsBytes).toBe(8864);
    const counted = estimateMemory(memoryInputForModel({ architecture: WITH_POSITIONS }, { runtime: runtimeSettings('transformers') }));
    expect(counted.parameters).toBe(2216);
    expect(counted.activeParameters).toBe(1448);
  });

  it('sizes llama.cpp\'s mask and host buffer over every sequence\'s padded cache: 1,000 tokens x 2 sequences = 2,048 cells', () => {
    const estimate = estimateMemory(inputFor('llama-3.1-8b', 'llama.cpp', { contextTokens: 1000, batch: 2 }));
    // Tokens min(512, 2,000) = 512. Layers: work 512 x 2 x 110,592 = 113,246,208 + the mask over 2,048 cells,
    // 2,048 x 512 x 2 = 2,097,152. The output phase, (128,256 + 4,096) x 512 x 4 = 271,056,896, is larger.
    // Host: 128,256 x 2 x 4 = 1,026,048 + (4,096 + 2,048) x 512 x 4 = 12,582,912.
    expect(estimate.detail.buffers).toEqual({ outputGpuBytes: 271_056_896, otherGpuBytes: 115_343_360, hostBytes: 13_608_960 });
  });

  describe('training', () => {
    const llama2 = 6_738_415_616;
    // Llama 2 7B, rank 8 on q_proj and v_proj: 32 layers x 8 x (4,096 + 4,096) x 2 = 4,194,304 (PEFT's count).
    const adapters = 4_194_304;
    const train = (mode: MemoryInput['mode'], overrides: Partial<MemoryInput> = {}) =>
      estimateMemory(inputFor('llama-2-7b', 'transformers', { mode, loraRank: 8, loraTargets: ['q_proj', 'v_proj'], contextTokens: 1024, ...overrides }));

    it('holds full fine-tuning in BF16 whatever format was asked: 2 bytes a parameter', () => {
      const full = train('full', { weightPrecision: 'fp32' });
      expect(full.weightPrecision).toBe('bf16');
      expect(full.weightsBytes).toBe(2 * llama2);
    });

    it('keeps LoRA adapters in fp32 beside the base, with 4 bytes of gradients and 8 of AdamW moments each', () => {
      const lora = train('lora', { weightPrecision: 'bf16' });
      expect(lora.trainableParameters).toBe(adapters);
      expect(lora.weightsBytes).toBe(2 * llama2 + 4 * adapters);
      expect(lora.gradientsBytes).toBe(4 * adapters);
      expect(lora.optimizerBytes).toBe(8 * adapters);
    });

    it('keeps QLoRA\'s base in NF4 (embedding and head 16-bit) and its adapters in fp32', () => {
      // Linear weights 32 x (4 x 4,096^2 + 3 x 4,096 x 11,008) = 6,476,005,376 x 4.127 / 8 = 3,340,809,273.344;
      // norms 32 x 8,192 x 2 = 524,288; embedding 131,072,000 x 2; head 131,072,000 x 2 + final norm 4,096 x 2.
      // 3,865,629,753.344 rounds up to 3,865,629,754.
      const qlora = train('qlora', { weightPrecision: 'bf16' });
      expect(qlora.weightPrecision).toBe('nf4');
      expect(qlora.weightsBytes).toBe(3_865_629_754 + 4 * adapters);
      expect(qlora.gradientsBytes).toBe(4 * adapters);
    });

    it.each<[MemoryInput['mode']]>([['full'], ['lora'], ['qlora']])('%s: the total is the sum of its parts, with no cache and no runtime buffers', (mode) => {
      const estimate = train(mode);
      expect(estimate.totalBytes).toBe(estimate.weightsBytes + estimate.activationsBytes + estimate.overheadBytes + estimate.gradientsBytes + estimate.optimizerBytes);
      expect(estimate.gradientsBytes).toBeGreaterThan(0);
      expect(estimate.optimizerBytes).toBeGreaterThan(0);
      expect(estimate.kvCacheBytes).toBe(0);
      expect(estimate.hostBuffersBytes).toBe(0);
      expect(estimate.detail.buffers).toEqual({ outputGpuBytes: 0, otherGpuBytes: 0, hostBytes: 0 });
      expect(estimate.detail.kvByLayer).toEqual(Array.from({ length: 32 }, () => 0));
      expect(estimate.detail.kvPerGpu).toBe(0);
    });
  });
});
