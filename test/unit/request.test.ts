import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_MEMORY_SETTINGS, LIMITS } from '../../src/lib/memory/defaults';
import { MEMORY_DEFAULTS, memoryFieldLabel, parseMemoryRequest, type RawRequest } from '../../src/lib/memory/request';
import { decodeConfigurations, encodeConfigurations } from '../../src/lib/memory/url-state';
import { summarize } from '../../src/lib/architecture/summary';
import { loadGpus, loadModels } from './support/catalog';
import { errorsOf, memoryCatalog as catalog, requestOf } from './support/memory-request';


describe('memory request defaults', () => {
  it('are the engine defaults written as text, so the page and the CLI start from the same question', () => {
    expect(MEMORY_DEFAULTS).toMatchObject({ model: 'llama-3.1-8b', context: '8192', gpu: 'rtx-4090', gpus: '1', 'overhead-gib': '0.5', precision: 'bf16' });
    const request = requestOf({});
    expect(request.modelId).toBe('llama-3.1-8b');
    expect(request.gpuId).toBe('rtx-4090');
    expect(request.gpuCount).toBe(1);
    const { architecture: _architecture, parameters: _parameters, ...settings } = request.input;
    expect(settings).toEqual(DEFAULT_MEMORY_SETTINGS);
  });

  it('take a blank or "none" GPU as no GPU', () => {
    expect(requestOf({ gpu: '' }).gpuId).toBeUndefined();
    expect(requestOf({ gpu: 'none' }).gpuId).toBeUndefined();
  });
});

describe('memory request parsing', () => {
  it('accepts the page defaults', () => {
    expect(errorsOf(MEMORY_DEFAULTS)).toEqual([]);
  });

  // Each message names the field by the label the reader sees beside it.
  it.each<[string, RawRequest, string]>([
    ['a cleared box', { context: '' }, 'context: Context (tokens) is required: a whole number from 1 to 10,000,000'],
    ['a negative number', { context: '-5' }, 'context: Context (tokens) must be a whole number from 1 to 10,000,000; got "-5"'],
    ['zero', { context: '0' }, 'context: Context (tokens) must be a whole number from 1 to 10,000,000; got "0"'],
    ['a fraction where a whole number is needed', { batch: '1.5' }, 'batch: Concurrent sequences must be a whole number from 1 to 4,096; got "1.5"'],
    ['more than the limit', { context: '1e99' }, 'context: Context (tokens) must be a whole number from 1 to 10,000,000; got "1e99"'],
    ['hexadecimal', { context: '0x100' }, 'context: Context (tokens) must be a whole number from 1 to 10,000,000; only digits, one decimal point and an exponent such as 7e9 are understood: "0x100"'],
    ['a decimal comma', { 'overhead-gib': '1,5' }, 'overhead-gib: Runtime overhead (GiB per GPU) must be a number from 0 to 64 GiB; a comma only separates thousands, as in 2,500 (write decimals with a point, as in 2.5): "1,5"'],
    ['an unknown format', { precision: 'fp7' }, 'precision: Weight format must be one of fp32, fp16, bf16, fp8, int8, int4, nf4, gptq-4bit, mxfp4, awq-4bit, q8_0, q6_k, q5_k_m, q5_0, q4_k_m, q4_k_s, q4_0, q3_k_m, q2_k, iq4_xs; got "fp7"'],
    ['an unknown model', { model: 'gpt-5' }, 'model: Model "gpt-5" is not in the catalog; use a catalog id (such as llama-3.1-8b) or give a custom architecture'],
    ['training labels', { mode: 'full', context: 'x' }, 'context: Sequence length must be a whole number from 1 to 10,000,000; that is not a number: "x"'],
    ['an unknown LoRA target', { mode: 'lora', targets: 'q_proj,wq' }, 'targets: Adapted layers must be a comma-separated list of q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj; unknown: "wq"'],
    ['no LoRA target', { mode: 'lora', targets: ',' }, 'targets: Adapted layers must be a comma-separated list of q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj; unknown: (none given)'],
    ['a yes/no field', { swa: 'maybe' }, 'swa: Sliding-window cache must be true or false; got "maybe"'],
  ])('names the field by its label: %s', (_, raw, expected) => {
    expect(errorsOf(raw)).toEqual([expected]);
  });

  it('names an unknown GPU and lists the ids', () => {
    expect(errorsOf({ gpu: 'rtx-9999' })[0]).toMatch(/^gpu: GPU must be one of .*rtx-4090.* or none; got "rtx-9999"$/);
  });

  it('escapes what it echoes, so a value cannot split a message or reach a terminal', () => {
    const [message] = errorsOf({ model: 'x\n\u001b[31mred' });
    expect(message).toBe('model: Model "x\\n\\u001b[31mred" is not in the catalog; use a catalog id (such as llama-3.1-8b) or give a custom architecture');
  });

  it('names fields as the caller asks, e.g. as command-line flags', () => {
    const result = parseMemoryRequest({ context: '0' }, catalog, (field) => `--${field}`);
    expect(result.ok ? [] : result.errors.map((error) => error.message)).toEqual(['--context must be a whole number from 1 to 10,000,000; got "0"']);
  });

  it('reports every bad field at once', () => {
    expect(errorsOf({ context: 'x', batch: 'y', gpus: '0' }).map((error) => error.split(':')[0])).toEqual(['context', 'batch', 'gpus']);
  });

  it.each([
    ['context', 'contextTokens', LIMITS.contextTokens],
    ['batch', 'batch', LIMITS.batch],
    ['rank', 'loraRank', LIMITS.rank],
  ] as const)('accepts %s up to its limit and not one more', (field, key, limit) => {
    expect(requestOf({ [field]: String(limit) }).input[key]).toBe(limit);
    expect(errorsOf({ [field]: String(limit + 1) })).toHaveLength(1);
  });

  it('accepts the GPU count and overhead up to their limits', () => {
    expect(requestOf({ gpus: String(LIMITS.gpus) }).gpuCount).toBe(LIMITS.gpus);
    expect(errorsOf({ gpus: String(LIMITS.gpus + 1) })).toHaveLength(1);
    expect(requestOf({ 'overhead-gib': '0' }).input.overheadBytes).toBe(0);
    expect(requestOf({ 'overhead-gib': '1.5' }).input.overheadBytes).toBe(1.5 * 2 ** 30);
    expect(errorsOf({ 'overhead-gib': '64.01' })).toHaveLength(1);
  });

  it('reads thousands separators only where they group thousands', () => {
    expect(requestOf({ context: '32,768' }).input.contextTokens).toBe(32768);
    expect(errorsOf({ context: '32,76' })).toHaveLength(1);
  });

  it('reads every setting it is given', () => {
    const request = requestOf({ precision: 'q4_k_m', 'kv-precision': 'q8_0', context: '1000', batch: '3', mode: 'lora', rank: '8', targets: 'q_proj, v_proj', checkpointing: 'no', swa: 'off', gpu: 'h100-sxm', gpus: '2' });
    expect(request.input).toMatchObject({ weightPrecision: 'q4_k_m', kvPrecision: 'q8_0', contextTokens: 1000, batch: 3, mode: 'lora', loraRank: 8, loraTargets: ['q_proj', 'v_proj'], gradientCheckpointing: false, capSlidingWindow: false });
    expect(request.gpuId).toBe('h100-sxm');
    expect(request.gpuCount).toBe(2);
  });

  it('takes a catalog model with its exact counts', () => {
    const mixtral = catalog.models.find((model) => model.id === 'mixtral-8x7b-v0.1')!;
    const request = requestOf({ model: 'mixtral-8x7b-v0.1' });
    expect(request.input.architecture).toBe(mixtral.architecture);
    // Counted from the architecture, not stated.
    expect(request.input.parameters).toBeUndefined();
  });

  it('labels context and batch by what they mean when training', () => {
    expect(memoryFieldLabel('context', 'inference')).toBe('Context (tokens)');
    expect(memoryFieldLabel('context', 'qlora')).toBe('Sequence length');
    expect(memoryFieldLabel('batch', 'full')).toBe('Batch size');
    expect(memoryFieldLabel('gpus', 'full')).toBe('Number of GPUs');
  });

  it('solves a custom architecture from the command-line flags (Llama 2 7B: 6,738,415,616 parameters, MLP 11,008 wide)', () => {
    const request = requestOf({ model: '', params: '6738415616', layers: '32', hidden: '4096', heads: '32', vocab: '32000' });
    expect(request.modelId).toBeUndefined();
    expect(request.input.parameters).toBe(6_738_415_616);
    expect(summarize(request.input.architecture)).toMatchObject({ mlpWidth: 11008, heads: { query: 32, kv: 32, dim: 128 }, attention: 'mha' });
  });

  it('takes the head dimension and KV heads when given, and names the attention kind from them', () => {
    const gqa = requestOf({ model: '', params: '8e9', layers: '32', hidden: '4096', heads: '32', 'kv-heads': '8', 'head-dim': '96', vocab: '128256' });
    expect(summarize(gqa.input.architecture)).toMatchObject({ heads: { kv: 8, dim: 96 }, attention: 'gqa' });
    const mqa = requestOf({ model: '', params: '8e9', layers: '32', hidden: '4096', heads: '32', 'kv-heads': '1', vocab: '128256' });
    expect(summarize(mqa.input.architecture).attention).toBe('mqa');
  });

  it('refuses custom shapes that cannot hold the stated parameters', () => {
    expect(errorsOf({ model: '', params: '1000', layers: '32', hidden: '4096', heads: '32', vocab: '32000' })[0]).toBe(
      'params: Parameters (1,000) is smaller than the attention and embedding weights these shapes already need (2,409,893,888)',
    );
    expect(errorsOf({ model: '', params: '7e9', layers: '32', hidden: '4096', heads: '32', 'kv-heads': '5', vocab: '32000' })[0]).toBe(
      'kv-heads: KV heads must divide Attention heads (32); got 5',
    );
    expect(errorsOf({ model: '', params: '7e9', layers: '32', hidden: '4096', heads: '8', 'kv-heads': '16', vocab: '32000' })[0]).toMatch(/^kv-heads: KV heads must divide/);
  });

  it('never throws on arbitrary text in any field', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('model', 'precision', 'context', 'batch', 'gpus', 'mode', 'params', 'layers', 'overhead-gib', 'targets', 'gpu'), fc.string()), (raw) => {
        const result = parseMemoryRequest({ ...MEMORY_DEFAULTS, ...raw }, catalog);
        if (!result.ok) expect(result.errors.length).toBeGreaterThan(0);
      }),
    );
  });
});

describe('calculator address', () => {
  const keys = (query: string) => [...new URLSearchParams(query).keys()];

  it('writes every value that applies, defaults included, so a link outlives a change of defaults', () => {
    // Inference: the model, its formats, the workload, the GPU and llama.cpp's settings; blanks ("the usual
    // runtime", "all layers on the GPU") stay out, and so do LoRA settings and custom-architecture fields.
    expect(keys(encodeConfigurations([MEMORY_DEFAULTS])).sort()).toEqual(
      ['model', 'precision', 'kv-precision', 'context', 'batch', 'mode', 'swa', 'overhead-gib', 'gpu', 'gpus', 'ubatch', 'gpu-memory-utilization', 'cpu-moe', 'n-cpu-moe', 'ram-bandwidth-gbs'].sort(),
    );
    expect(new URLSearchParams(encodeConfigurations([{ ...MEMORY_DEFAULTS, precision: 'q4_k_m' }])).get('precision')).toBe('q4_k_m');
  });

  it.each([
    ['QLoRA writes the LoRA settings and drops the inference runtime ones', { mode: 'qlora' }, ['rank', 'checkpointing'], ['ubatch', 'swa', 'cpu-moe']],
    ['full fine-tuning has checkpointing but no rank', { mode: 'full' }, ['checkpointing'], ['rank', 'ubatch']],
    ['a custom architecture writes its shape (and a blank model)', { model: '', params: '7e9', layers: '32' }, ['params', 'layers', 'model'], []],
    ['a catalog model leaves a stray shape out', { params: '7e9' }, ['model'], ['params']],
    ['your own GPU writes its memory and bandwidth', { gpu: 'custom', 'gpu-memory-gib': '24', 'gpu-bandwidth-gbs': '1000' }, ['gpu-memory-gib', 'gpu-bandwidth-gbs'], []],
    ['a listed GPU leaves them out', { 'gpu-memory-gib': '24' }, ['gpu'], ['gpu-memory-gib']],
    ['no GPU is written as a blank, which differs from the default GPU', { gpu: '' }, ['gpu'], []],
  ] as const)('%s', (_, patch, present, absent) => {
    const written = keys(encodeConfigurations([{ ...MEMORY_DEFAULTS, ...patch }]));
    for (const field of present) expect(written).toContain(field);
    for (const field of absent) expect(written).not.toContain(field);
  });

  it('a blank GPU survives the round trip', () => {
    expect(decodeConfigurations(encodeConfigurations([{ ...MEMORY_DEFAULTS, gpu: '' }]))[0]!.gpu).toBe('');
  });

  it('round-trips up to three configurations, half-typed values included', () => {
    const configs = [
      { ...MEMORY_DEFAULTS, model: 'mixtral-8x7b-v0.1', context: '32k?' },
      { ...MEMORY_DEFAULTS, mode: 'qlora', rank: '64' },
      { ...MEMORY_DEFAULTS, model: '', params: '7e9', layers: '32' },
    ];
    expect(decodeConfigurations(encodeConfigurations(configs))).toEqual(configs);
  });

  it('reads the plain link a model page makes', () => {
    expect(decodeConfigurations('?model=gemma-2-9b')).toEqual([{ ...MEMORY_DEFAULTS, model: 'gemma-2-9b' }]);
  });
});

describe('runtime settings', () => {
  const runtimeOf = (raw: RawRequest) => requestOf(raw).input.runtime;

  it.each([
    [{ precision: 'bf16' }, 'llama.cpp'],
    [{ precision: 'q4_k_m' }, 'llama.cpp'],
    [{ precision: 'mxfp4', model: 'gpt-oss-20b' }, 'llama.cpp'],
    [{ precision: 'fp8' }, 'vllm'],
    [{ precision: 'awq-4bit' }, 'vllm'],
    [{ precision: 'nf4' }, 'transformers'],
    [{ mode: 'lora' }, 'transformers'],
    [{ runtime: 'ollama' }, 'llama.cpp'],
    [{ runtime: 'LM-Studio' }, 'llama.cpp'],
    [{ runtime: 'sglang' }, 'vllm'],
    [{ runtime: 'vllm' }, 'vllm'],
  ] as const)('%o runs on %s', (raw, expected) => {
    expect(runtimeOf(raw).runtime).toBe(expected);
  });

  it('splits by layer on llama.cpp and by tensor on vLLM unless told', () => {
    expect(runtimeOf({}).split).toBe('layer');
    expect(runtimeOf({ runtime: 'vllm' }).split).toBe('tensor');
    expect(runtimeOf({ split: 'tensor' }).split).toBe('tensor');
  });

  it('reads each llama.cpp and vLLM setting, blank meaning the runtime\'s own default', () => {
    expect(runtimeOf({ 'gpu-layers': '' }).gpuLayers).toBeNull();
    expect(runtimeOf({ 'gpu-layers': 'all' }).gpuLayers).toBeNull();
    expect(runtimeOf({ 'gpu-layers': '20' }).gpuLayers).toBe(20);
    expect(runtimeOf({ runtime: 'vllm', 'max-num-batched-tokens': '' }).maxBatchedTokens).toBeNull();
    expect(runtimeOf({ runtime: 'vllm', 'max-num-batched-tokens': '16,384' }).maxBatchedTokens).toBe(16_384);
    expect(runtimeOf({ model: 'gpt-oss-120b', precision: 'mxfp4', 'n-cpu-moe': '12' }).cpuMoeLayers).toBe(12);
    expect(runtimeOf({ model: 'gpt-oss-120b', precision: 'mxfp4', 'cpu-moe': 'true' }).cpuMoe).toBe(true);
    expect(runtimeOf({ 'ram-bandwidth-gbs': '120' }).ramBandwidthBytesPerSecond).toBe(120e9);
  });

  it.each([
    [{ runtime: 'tgi' }, 'runtime: Runtime'],
    [{ runtime: 'vllm', precision: 'q4_k_m' }, 'precision: Weight format'],
    [{ runtime: 'vllm', split: 'layer' }, 'split: Multi-GPU split must be tensor for vLLM'],
    [{ runtime: 'llama.cpp', mode: 'lora' }, 'runtime: Runtime must be transformers for fine-tuning'],
    [{ 'gpu-layers': '34' }, 'gpu-layers: Layers on the GPU'],
    [{ 'n-cpu-moe': '4' }, 'n-cpu-moe: Layers with experts in system RAM applies only to mixture-of-experts models'],
    [{ 'cpu-moe': 'true' }, 'cpu-moe: Experts in system RAM applies only to mixture-of-experts models'],
    [{ runtime: 'vllm', 'max-num-batched-tokens': '0' }, 'max-num-batched-tokens: Max batched tokens per step'],
    [{ 'gpu-memory-utilization': '1.5' }, 'gpu-memory-utilization: GPU memory utilization'],
    [{ mode: 'lora', targets: ' , ' }, 'targets: Adapted layers must be a comma-separated list of q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj; unknown: (none given)'],
  ] as const)('refuses %o, naming the field by its label', (raw, message) => {
    expect(errorsOf(raw).join('\n')).toContain(message);
  });
});
