/**
 * Where an estimate lands (GPU by GPU, system RAM), what "show the math" says about it, and the GPU list: each
 * expectation is hand arithmetic over the model's config (or over the engine's own per-layer sizes, when the rule
 * under test is the placement, not the sizes).
 */
import { describe, expect, it } from 'vitest';
import { formatBytesBoth } from '../../src/lib/format/bytes';
import { answerMemoryRequest, fitAcrossGpus } from '../../src/lib/memory/answer';
import { estimateMemory, runtimeSettings, type MemoryInput } from '../../src/lib/memory/estimate';
import { explainAnswer, OTHER_STACK } from '../../src/lib/memory/explain';
import { memoryInputForModel } from '../../src/lib/memory/for-model';
import { gpusNeeded, MAX_GPUS, place, poolVerdict, toGpuSpecs, usableBytes, verdictOf } from '../../src/lib/memory/placement';
import { ggufLayout } from '../../src/lib/runtime/gguf';
import { DECODE_CALIBRATION } from '../../src/lib/runtime/decode-measurements';
import type { RuntimeId } from '../../src/lib/runtime/runtime';
import { loadGpus, loadModels } from './support/catalog';

const models = new Map(loadModels().map(({ model }) => [model.id, model]));
const gpuList = toGpuSpecs(loadGpus().map(({ gpu }) => gpu));
const gpu = (id: string) => gpuList.find((entry) => entry.id === id)!;
const inputFor = (id: string, runtime: RuntimeId, overrides: Partial<MemoryInput> = {}) => memoryInputForModel(models.get(id)!, { runtime: runtimeSettings(runtime), ...overrides });
const answer = (input: MemoryInput, gpuId: string | undefined, gpuCount = 1) => answerMemoryRequest({ input, gpuId, gpuCount }, gpuList, DECODE_CALIBRATION);
const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

describe('GGUF tensor types', () => {
  it('stores Mistral 7B Q4_K_M as its loader logs: 193 tensors in Q4_K and 33 in Q6_K (the 65 F32 norms aside)', () => {
    // intel-analytics/ipex-llm docs/mddocs/Quickstart/llama_cpp_quickstart.zh-CN.md @1a38666f, a Mistral 7B Instruct
    // v0.1 Q4_K_M log: "type q4_K: 193 tensors", "type q6_K: 33 tensors"; buffers 4,095.05 + 70.31 MiB.
    const layout = ggufLayout(models.get('mistral-7b-v0.1')!.architecture, 'Q4_K_M');
    expect(layout.typeCounts).toEqual({ Q4_K: 193, Q6_K: 33 });
    expect(Math.abs(layout.totalBytes / ((4095.05 + 70.31) * 2 ** 20) - 1)).toBeLessThan(0.001);
  });
});

describe('llama.cpp layer split, GPU by GPU', () => {
  const input = inputFor('llama-3.1-8b', 'llama.cpp', { weightPrecision: 'q4_k_m', contextTokens: 4096 });
  // The engine's own per-layer sizes, read inside each test: the rule under test is where they land.
  const sizes = () => {
    const { detail } = estimateMemory({ ...input, gpuCount: 2, gpu: gpu('rtx-4090') });
    const { layout, kvByLayer, buffers } = detail;
    const layerBytes = (from: number, to: number) => sum(layout.layers.slice(from, to).map((layer, index) => layer.bytes + kvByLayer[from + index]!));
    return { detail, layout, kvByLayer, buffers, layerBytes };
  };

  it('gives 17 of 32 layers to the first of two GPUs and 15 with the output layer to the second', () => {
    const { detail, layout, kvByLayer, buffers, layerBytes } = sizes();
    // 33 slots (32 layers and the output layer) in even runs: slot s goes to GPU floor(2s / 33), so slots 0-16 to
    // the first GPU and 17-32 (15 layers and the output) to the second, which also holds the logits buffer.
    const first = input.overheadBytes + layerBytes(0, 17) + buffers.otherGpuBytes;
    const second = input.overheadBytes + layerBytes(17, 32) + layout.outputBytes + layout.otherBytes + buffers.outputGpuBytes;
    const { placement } = place(input, gpu('rtx-4090'), 2);
    expect(placement.bytesPerGpu).toBe(Math.max(first, second));
    expect(placement.kvCacheBytesPerGpu).toBe(first > second ? sum(kvByLayer.slice(0, 17)) : sum(kvByLayer.slice(17)));
    // The token embedding stays in system RAM with the host buffers.
    expect(placement.hostBytes).toBe(layout.embeddingBytes + detail.buffers.hostBytes);
    expect(placement.offloadedBytes).toBe(layout.embeddingBytes);
  });

  it('keeps the first 32 - N layers and the output layer in RAM with -ngl N, and reads them there', () => {
    const { layout, kvByLayer, buffers, layerBytes } = sizes();
    const partial = { ...input, runtime: runtimeSettings('llama.cpp', { gpuLayers: 20 }) };
    const placed = place(partial, gpu('rtx-4090'), 1);
    // -ngl 20: layers 0-11 in RAM; the output layer goes to the GPU only when every layer is there (ngl > 32).
    const ramLayers = sum(layout.layers.slice(0, 12).map((layer) => layer.bytes));
    expect(placed.placement.offloadedBytes).toBe(layout.embeddingBytes + ramLayers + layout.outputBytes + layout.otherBytes);
    expect(placed.placement.hostBytes).toBe(layout.embeddingBytes + ramLayers + sum(kvByLayer.slice(0, 12)) + layout.outputBytes + layout.otherBytes + buffers.hostBytes);
    const ramRead = sum(layout.layers.slice(0, 12).map((layer) => layer.readBytes)) + sum(kvByLayer.slice(0, 12)) + layout.outputBytes;
    expect(placed.speed!.bytesReadFromRam).toBe(ramRead);
    // One GPU, so no other-GPU buffer: the GPU holds the overhead, 20 layers with their cache and the logits buffer.
    expect(placed.placement.bytesPerGpu).toBe(input.overheadBytes + layerBytes(12, 32) + buffers.outputGpuBytes);
    // Time adds up: GPU bytes at 1,008 GB/s, RAM bytes at 89.6 GB/s.
    const gpuRead = placed.speed!.bytesReadPerStep - ramRead;
    expect(1 / placed.speed!.decodeTokensPerSecondUpperBound).toBeCloseTo(gpuRead / 1.008e12 + ramRead / 89.6e9, 12);
  });

  it('duplicates a tied head onto the output layer\'s GPU in llama.cpp, but not in Transformers', () => {
    // Llama 3.2 1B ties its 128,256 x 2,048 embedding to the head.
    const llamaCpp = place(inputFor('llama-3.2-1b', 'llama.cpp', { weightPrecision: 'bf16', contextTokens: 1024 }), gpu('rtx-4090'), 1);
    const hf = place(inputFor('llama-3.2-1b', 'transformers', { weightPrecision: 'bf16', contextTokens: 1024 }), gpu('rtx-4090'), 1);
    const embedding = 128_256 * 2048 * 2;
    expect(llamaCpp.breakdown.detail.layout.embeddingBytes).toBe(embedding);
    // llama.cpp: embedding in RAM and a copy on the GPU; Transformers: one copy, on the GPU.
    expect(llamaCpp.placement.offloadedBytes).toBe(embedding);
    expect(hf.placement.offloadedBytes).toBe(0);
  });

  it('shards training state over the GPUs (FSDP) and counts each GPU\'s buffers once', () => {
    const training = inputFor('llama-3.1-8b', 'transformers', { mode: 'full', contextTokens: 2048, gradientCheckpointing: true });
    const one = place(training, gpu('h100-sxm'), 1);
    const four = place(training, gpu('h100-sxm'), 4);
    const b = four.breakdown;
    // Tensor split for training: weights, gradients and optimizer state divided by 4; activations and overhead per GPU.
    expect(four.placement.bytesPerGpu).toBe(Math.ceil(b.weightsBytes / 4) + Math.ceil((b.gradientsBytes + b.optimizerBytes) / 4) + b.activationsBytes + training.overheadBytes);
    expect(four.placement.split).toBe('tensor');
    expect(one.placement.bytesPerGpu - four.placement.bytesPerGpu).toBeGreaterThan(0.7 * (b.weightsBytes + b.gradientsBytes + b.optimizerBytes));
    expect(four.speed).toBeNull();
  });
});

describe('tensor split and vLLM', () => {
  it('splits weights and cache evenly in llama.cpp\'s tensor mode, each GPU with its buffers and overhead', () => {
    const input = inputFor('llama-3.1-8b', 'llama.cpp', { weightPrecision: 'bf16', contextTokens: 8192, runtime: runtimeSettings('llama.cpp', { split: 'tensor' }) });
    const placed = place(input, gpu('rtx-4090'), 2);
    const b = placed.breakdown;
    expect(placed.placement.bytesPerGpu).toBe(Math.ceil(b.weightsBytes / 2) + Math.ceil((b.kvCacheBytes + b.stateBytes) / 2) + b.activationsBytes + input.overheadBytes);
    expect(placed.placement.kvCacheBytesPerGpu).toBe(Math.ceil(b.kvCacheBytes / 2));
    // Both GPUs read their half at once: bound = 1,008 GB/s / (weights read / 2 + cache / 2).
    expect(placed.speed!.decodeTokensPerSecondUpperBound).toBeCloseTo(1.008e12 / (b.weightsReadPerTokenBytes / 2 + Math.ceil(b.kvCacheBytes / 2)), 6);
    expect(placed.speed!.bytesReadPerStep).toBeCloseTo(b.weightsReadPerTokenBytes + 2 * Math.ceil(b.kvCacheBytes / 2), 0);
    // Prompt reading is compute-bound: 2 FLOPs per active parameter per token over 2 x 165.2 TFLOPS.
    expect(placed.speed!.prefillTokensPerSecondUpperBound).toBeCloseTo((2 * 165.2e12) / (2 * b.activeParameters), 3);
  });

  it('fills vLLM\'s share of each GPU with cache blocks and counts whole sequences', () => {
    const input = inputFor('llama-3.1-8b', 'vllm', { contextTokens: 8192 });
    const placed = place(input, gpu('h100-sxm'), 2);
    const b = placed.breakdown;
    // vLLM's share is of the total CUDA reports, 79.11 GiB on an 80 GB H100 (vllm-project/vllm#27508), not of 80 GiB.
    expect(gpu('h100-sxm').reportedMemoryBytes).toBe(Math.round(79.11 * 2 ** 30));
    const budget = Math.floor(Math.round(79.11 * 2 ** 30) * 0.92);
    const pool = budget - Math.ceil(b.weightsBytes / 2) - b.activationsBytes;
    expect(placed.placement.kvPoolBytesPerGpu).toBe(pool);
    // Llama 3.1 8B's 8 KV heads split 4 and 4 over two GPUs: 32 x 2 x 4 x 128 x 2 = 65,536 bytes a token per GPU.
    expect(placed.placement.maxConcurrentSequences).toBe(Math.floor(pool / (65_536 * 8192)));
    expect(placed.placement.bytesPerGpu).toBe(budget + input.overheadBytes);
    expect(placed.placement.verdict).toBe('fits');
    // A batch the pool cannot hold does not fit; one that leaves under 8% of the pool is tight.
    const most = placed.placement.maxConcurrentSequences!;
    expect(place({ ...input, batch: most + 1 }, gpu('h100-sxm'), 2).placement.verdict).toBe('does-not-fit');
    const tightBatch = Math.ceil(most * 0.95);
    expect(place({ ...input, batch: tightBatch }, gpu('h100-sxm'), 2).placement.verdict).toBe('tight');
  });
});

describe('the GPU search', () => {
  it('finds the fewest GPUs that hold a model, and none beyond the search limit', () => {
    const input = inputFor('llama-3.1-70b', 'llama.cpp', { weightPrecision: 'bf16', contextTokens: 4096 });
    const needed = gpusNeeded(input, gpu('rtx-4090'))!;
    // 141 GB of BF16 weights over 24 GiB cards: at least 6.
    expect(needed).toBeGreaterThanOrEqual(6);
    expect(place(input, gpu('rtx-4090'), needed).placement.fits).toBe(true);
    expect(place(input, gpu('rtx-4090'), needed - 1).placement.fits).toBe(false);
    // DeepSeek-V3 in BF16 (1.34 TB) does not fit on any number of 12 GB cards up to the search limit of 1,024?
    expect(MAX_GPUS).toBe(1024);
    expect(gpusNeeded(inputFor('kimi-k2-instruct', 'llama.cpp', { weightPrecision: 'fp32', contextTokens: 1_000_000 }), gpu('rtx-3060-12gb'))).toBeNull();
  });

  it('lists every GPU by how many it takes, fewest first, then the smallest card', () => {
    const input = inputFor('llama-3.1-8b', 'llama.cpp', { weightPrecision: 'q4_k_m' });
    // Handed in largest first, so the order comes from the sort, not from the input.
    const list = fitAcrossGpus(input, [...gpuList].reverse());
    expect(list.length).toBe(gpuList.length);
    for (let index = 1; index < list.length; index += 1) {
      const [previous, current] = [list[index - 1]!, list[index]!];
      const a = previous.gpusNeeded ?? Infinity;
      const c = current.gpusNeeded ?? Infinity;
      expect(a).toBeLessThanOrEqual(c);
      if (a === c) expect(previous.gpu.memoryBytes).toBeLessThanOrEqual(current.gpu.memoryBytes);
    }
    // A 4.9 GB model fits on one of every card here, so every entry says 1.
    expect(list.every((entry) => entry.gpusNeeded === 1)).toBe(true);
    expect(list[0]!.gpu.memoryBytes).toBe(Math.min(...gpuList.map((entry) => entry.memoryBytes)));
  });

  it('gives no speed, and no decode range, for a setup that does not fit or that trains', () => {
    const tooBig = answer(inputFor('llama-3.1-70b', 'llama.cpp', { weightPrecision: 'bf16' }), 'rtx-4090');
    expect(tooBig.onGpu!.placement.fits).toBe(false);
    expect(tooBig.onGpu!.speed).toBeUndefined();
    expect(tooBig.onGpu!.decode).toBeUndefined();
    const training = answer(inputFor('llama-3.1-8b', 'transformers', { mode: 'lora' }), 'h100-sxm');
    expect(training.onGpu!.placement.fits).toBe(true);
    expect(training.onGpu!.speed).toBeUndefined();
    const fits = answer(inputFor('llama-3.1-8b', 'llama.cpp', { weightPrecision: 'q4_k_m' }), 'rtx-4090');
    expect(fits.onGpu!.speed).toBeDefined();
    expect(usableBytes(gpu('rtx-4090'))).toBe(24 * 2 ** 30);
  });
});

describe('show the math', () => {
  const labels = (lines: ReturnType<typeof explainAnswer>) => lines.map((line) => line.label);
  const line = (lines: ReturnType<typeof explainAnswer>, label: string) => lines.find((entry) => entry.label === label)!;

  it('explains llama.cpp inference line by line with the model\'s own numbers', () => {
    const input = inputFor('llama-3.1-8b', 'llama.cpp', { weightPrecision: 'q4_k_m', contextTokens: 8192 });
    const result = answer(input, 'rtx-4090');
    const lines = explainAnswer(input, result);
    expect(labels(lines)).toEqual(['Weights (GGUF Q4_K_M)', 'KV cache (FP16)', 'Activations and runtime buffers', 'In system RAM', 'Runtime overhead', 'Total', 'On the fullest GPU', 'Weights in system RAM', 'Decode bound']);
    const b = result.breakdown;
    // Llama 3.1 8B: 32 layers, 8 KV heads of 128; 128,256-token vocabulary; Q4_K_M picks Q4_K for 193 tensors, Q6_K for 33.
    expect(line(lines, 'Weights (GGUF Q4_K_M)').formula).toBe(
      `8,030,261,248 parameters in GGUF tensors of the types llama.cpp's quantizer picks for each (193 × Q4_K, 33 × Q6_K): ${((b.weightsBytes * 8) / 8_030_261_248).toFixed(3)} bits a weight on average`,
    );
    expect(line(lines, 'KV cache (FP16)').formula).toBe('(32 full-attention layers × 2 × 8 KV heads × 128 dims) values per token × 16 bits ÷ 8 × up to 8,192 tokens × 1 sequence; windowed layers hold at most their window');
    expect(line(lines, 'Activations and runtime buffers').formula).toContain("llama.cpp's compute buffer for a 512-token micro-batch: F32 logits over the 128,256-token vocabulary");
    expect(line(lines, 'On the fullest GPU').formula).toBe('whole layers with their caches, in even runs over 1 GPU; the last also holds the output layer and the logits buffer; the token embedding stays in system RAM');
    expect(line(lines, 'Decode bound').formula).toMatch(/^each step reads .+ from the GPUs one after another at 1,008 GB\/s \(active weights, every sequence's cache\)$/);
    expect(line(lines, 'Decode bound').result).toBe(`${result.onGpu!.speed!.decodeTokensPerSecondUpperBound.toFixed(1)} tokens/s per sequence`);
    // Each result is the breakdown's own figure.
    expect(line(lines, 'KV cache (FP16)').result).toBe(formatBytesBoth(b.kvCacheBytes));
    expect(line(lines, 'Activations and runtime buffers').result).toBe(formatBytesBoth(b.activationsBytes));
    expect(line(lines, 'In system RAM').result).toBe(formatBytesBoth(b.hostBuffersBytes));
    expect(line(lines, 'Runtime overhead')).toEqual({ label: 'Runtime overhead', formula: 'CUDA context and library workspaces, per GPU', result: formatBytesBoth(b.overheadBytes) });
    expect(line(lines, 'Total')).toEqual({ label: 'Total', formula: 'sum of the lines above', result: formatBytesBoth(b.totalBytes) });
    expect(line(lines, 'Weights in system RAM').result).toBe(formatBytesBoth(result.onGpu!.placement.offloadedBytes));
    expect(line(lines, 'On the fullest GPU').result).toBe(formatBytesBoth(result.onGpu!.placement.bytesPerGpu));
  });

  it('explains vLLM\'s pool and tensor-parallel reads', () => {
    const input = inputFor('llama-3.1-8b', 'vllm', { contextTokens: 8192 });
    const result = answer(input, 'h100-sxm', 2);
    const lines = explainAnswer(input, result);
    expect(labels(lines)).toEqual(['Weights (BF16)', 'KV cache (FP16)', 'Activations and runtime buffers', 'Runtime overhead', 'Total', 'On the fullest GPU', 'Decode bound']);
    expect(line(lines, 'Weights (BF16)').formula).toBe('8,030,261,248 parameters × 16 bits ÷ 8');
    // 110,592 = 2 x (3 x 4,096 + 3 x 14,336), the widest point of a Llama 3.1 8B layer in 16-bit values.
    expect(line(lines, 'Activations and runtime buffers').formula).toMatch(/^vLLM's profiling peak: 8,192 tokens × 110,592 bytes of 16-bit activations \+ F32 logits for 1,024 sequences, shared over the GPUs; plus .+ of CUDA graphs and .+ outside PyTorch per GPU$/);
    expect(line(lines, 'On the fullest GPU').formula).toBe('vLLM takes 92% of each GPU up front (weights ÷ 2 GPUs, buffers, then a pool of KV blocks), plus the CUDA context');
    expect(line(lines, 'Decode bound').formula).toMatch(/^2 GPUs read their shares in parallel at 3,350 GB\/s each: .+ per step in all/);
  });

  it('explains Transformers inference as the whole prompt at once', () => {
    const input = inputFor('llama-3.1-8b', 'transformers', { contextTokens: 2048, batch: 2 });
    const lines = explainAnswer(input, answer(input, undefined));
    expect(line(lines, 'Activations and runtime buffers').formula).toMatch(/^the whole prompt at once: 2,048 tokens × 2 sequences × /);
    expect(labels(lines)).not.toContain('On the fullest GPU');
  });

  it.each([
    ['full', true, 'every parameter × 2 bytes', 'every parameter × 12 bytes'],
    // LoRA rank 16 on all seven projections of Llama 3.1 8B: per layer 16 x (2 x 8,192 + 2 x 5,120 + 3 x 18,432) =
    // 1,310,720; x 32 layers = 41,943,040.
    ['lora', true, '41,943,040 adapter parameters (rank 16 on q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj) × 4 bytes', '41,943,040 adapter parameters (rank 16 on q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj) × 8 bytes'],
    ['qlora', false, '41,943,040 adapter parameters (rank 16 on q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj) × 4 bytes', '41,943,040 adapter parameters (rank 16 on q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj) × 8 bytes'],
  ] as const)('explains %s fine-tuning (checkpointing %s): its state, activations and the other stacks', (mode, checkpointing, gradients, optimizer) => {
    const input = inputFor('llama-3.1-8b', 'transformers', { mode, contextTokens: 4096, gradientCheckpointing: checkpointing });
    const result = answer(input, 'h100-sxm');
    const lines = explainAnswer(input, result);
    expect(labels(lines)).toEqual([expect.stringMatching(/^Weights \(/), 'Gradients', 'Optimizer (AdamW)', 'Activations', 'Other training stacks', 'Runtime overhead', 'Total', 'On the fullest GPU']);
    expect(line(lines, 'Gradients').formula).toBe(gradients);
    expect(line(lines, 'Optimizer (AdamW)').formula).toBe(optimizer);
    expect(line(lines, 'Gradients').result).toBe(formatBytesBoth(result.breakdown.gradientsBytes));
    const activations = line(lines, 'Activations').formula;
    expect(activations).toContain(checkpointing ? '32 layers × 2 × 4,096 tokens × 1 × 4,096 hidden (checkpointed inputs) + one layer × 34 × tokens × hidden' : '32 layers × 34 × 4,096 tokens × 1 × 4,096 hidden');
    expect(activations).toContain('+ 16 × tokens × 128,256 vocabulary (the loss');
    expect(activations.includes('4-bit matmul')).toBe(mode === 'qlora');
    if (mode === 'qlora') expect(activations).toContain('in every layer');
    expect(line(lines, 'Other training stacks')).toEqual({ label: 'Other training stacks', formula: `${OTHER_STACK.what} (${OTHER_STACK.source})`, result: 'not modelled' });
    expect(line(lines, 'On the fullest GPU').formula).toBe("weights, caches, gradients and optimizer state ÷ 1 GPU, plus each GPU's buffers and overhead");
    if (mode !== 'full') expect(line(lines, lines[0]!.label).formula).toMatch(/\+ 41,943,040 adapter parameters × 4 bytes$/);
  });

  it('shows recurrent state and latent caches in their own words', () => {
    const next = inputFor('qwen3-next-80b-a3b-thinking', 'llama.cpp', { weightPrecision: 'q4_k_m', contextTokens: 4096 });
    const nextLines = explainAnswer(next, answer(next, undefined));
    // 36 Gated DeltaNet layers; 12 full-attention layers of 2 KV heads x 256.
    expect(line(nextLines, 'Recurrent state').formula).toMatch(/^36 linear-attention or state-space layers × /);
    expect(line(nextLines, 'KV cache (FP16)').formula).toMatch(/^\(12 full-attention layers × 2 × 2 KV heads × 256 dims\)/);
    const deepseek = inputFor('deepseek-v3', 'llama.cpp', { weightPrecision: 'q4_k_m', contextTokens: 4096 });
    // 61 layers x (512 latent + 64 rotary) = 576 values a token and layer.
    expect(line(explainAnswer(deepseek, answer(deepseek, undefined)), 'KV cache (FP16)').formula).toMatch(/^\(61 latent-attention layers × 576 latent and rotary-key values\)/);
    const gemma = inputFor('gemma-3-4b-it', 'llama.cpp', { weightPrecision: 'q4_k_m', capSlidingWindow: false });
    // Gemma 3 4B: 29 local layers with a 1,024-token window and 5 global ones, 4 KV heads of 256.
    expect(line(explainAnswer(gemma, answer(gemma, undefined)), 'KV cache (FP16)').formula).toMatch(/^\(29 sliding \(1,024-token window\) layers × 2 × 4 KV heads × 256 dims \+ 5 full-attention layers × 2 × 4 KV heads × 256 dims\) .+; every layer keeps every token$/);
  });

  it('names MXFP4\'s split between experts and the rest', () => {
    const input = inputFor('gpt-oss-20b', 'vllm', { weightPrecision: 'mxfp4' });
    expect(explainAnswer(input, answer(input, undefined))[0]!.formula).toBe('routed experts × 4.25 bits ÷ 8 + every other weight × 2 bytes');
  });
});

describe('placement rules, edge by edge', () => {
  it.each([
    // [bytes on the GPU, usable, verdict]: exactly full still fits (tight); 8% left exactly is not "less than 8%".
    [101, 100, 'does-not-fit'],
    [100, 100, 'tight'],
    [93, 100, 'tight'],
    [92, 100, 'fits'],
  ] as const)('%d bytes of %d usable: %s', (bytes, usable, verdict) => {
    expect(verdictOf(bytes, usable)).toBe(verdict);
  });

  it.each([
    // [pool, needed, budget fits, verdict]
    [100, 101, true, 'does-not-fit'],
    [100, 100, true, 'tight'],
    [100, 92, true, 'fits'],
    [100, 93, true, 'tight'],
    [100, 10, false, 'does-not-fit'],
  ] as const)('a vLLM pool of %d holding %d (budget fits: %s) is %s', (pool, needed, budgetFits, verdict) => {
    expect(poolVerdict(pool, needed, budgetFits)).toBe(verdict);
  });

  it('orders the GPU list by memory, then by name, and gives each its usable share', () => {
    const specs = toGpuSpecs([
      { ...loadGpus()[0]!.gpu, id: 'b', name: 'B', memoryBytes: 2000 },
      { ...loadGpus()[0]!.gpu, id: 'c', name: 'C', memoryBytes: 1000 },
      { ...loadGpus()[0]!.gpu, id: 'a', name: 'A', memoryBytes: 2000 },
    ]);
    expect(specs.map((spec) => spec.id)).toEqual(['c', 'a', 'b']);
    // The M2 Ultra lets its GPU use 75% of 192 GiB by default.
    const m2 = gpu('apple-m2-ultra-192gb');
    expect(usableBytes(m2)).toBe(Math.floor(m2.memoryBytes * m2.usableMemoryFraction));
    expect(usableBytes(m2)).toBeLessThan(m2.memoryBytes);
  });

  it('puts the output layer on the GPU only when every layer is there (-ngl above the layer count)', () => {
    const base = inputFor('llama-3.1-8b', 'llama.cpp', { weightPrecision: 'q4_k_m', contextTokens: 1024 });
    const layout = estimateMemory(base).detail.layout;
    const offloaded = (gpuLayers: number) => place({ ...base, runtime: runtimeSettings('llama.cpp', { gpuLayers }) }, gpu('rtx-4090'), 1).placement.offloadedBytes;
    // 32 of 32 layers: the output layer stays in RAM with the embedding; 33: it goes to the GPU.
    expect(offloaded(32)).toBe(layout.embeddingBytes + layout.outputBytes + layout.otherBytes);
    expect(offloaded(33)).toBe(layout.embeddingBytes);
  });

  it('spreads the GPU layers of a partial offload over several GPUs in even runs', () => {
    const input = inputFor('llama-3.1-8b', 'llama.cpp', { weightPrecision: 'q4_k_m', contextTokens: 1024, runtime: runtimeSettings('llama.cpp', { gpuLayers: 20 }) });
    const { detail } = estimateMemory({ ...input, gpuCount: 2, gpu: gpu('rtx-4090') });
    const layer = (index: number) => detail.layout.layers[index]!.bytes + detail.kvByLayer[index]!;
    // -ngl 20: layers 12-31 on the GPUs, 20 slots with no output layer: slots 0-9 (layers 12-21) on the first GPU,
    // 10-19 (layers 22-31) on the second. The logits buffer sits on the first GPU when the output layer is in RAM.
    const first = input.overheadBytes + sum(Array.from({ length: 10 }, (_, index) => layer(12 + index))) + detail.buffers.outputGpuBytes;
    const second = input.overheadBytes + sum(Array.from({ length: 10 }, (_, index) => layer(22 + index))) + detail.buffers.otherGpuBytes;
    expect(place(input, gpu('rtx-4090'), 2).placement.bytesByGpu).toEqual([first, second]);
  });

  it('sizes each GPU of a full two-GPU split, the second with the output layer and the logits buffer', () => {
    const input = inputFor('llama-3.1-8b', 'llama.cpp', { weightPrecision: 'q4_k_m', contextTokens: 1024 });
    const { detail } = estimateMemory({ ...input, gpuCount: 2, gpu: gpu('rtx-4090') });
    const layers = (from: number, to: number) => sum(detail.layout.layers.slice(from, to).map((entry, index) => entry.bytes + detail.kvByLayer[from + index]!));
    const first = input.overheadBytes + layers(0, 17) + detail.buffers.otherGpuBytes;
    const second = input.overheadBytes + layers(17, 32) + detail.layout.outputBytes + detail.layout.otherBytes + detail.buffers.outputGpuBytes;
    expect(place(input, gpu('rtx-4090'), 2).placement.bytesByGpu).toEqual([first, second]);
  });

  it('keeps a tied head\'s copy with the output layer in llama.cpp, and the embedding on the first GPU in Transformers', () => {
    const llamaInput = inputFor('llama-3.2-1b', 'llama.cpp', { weightPrecision: 'bf16', contextTokens: 1024 });
    const { detail } = estimateMemory({ ...llamaInput, gpu: gpu('rtx-4090') });
    const layers = sum(detail.layout.layers.map((entry, index) => entry.bytes + detail.kvByLayer[index]!));
    const embedding = 128_256 * 2048 * 2;
    expect(place(llamaInput, gpu('rtx-4090'), 1).placement.bytesPerGpu).toBe(llamaInput.overheadBytes + layers + detail.layout.outputBytes + detail.layout.otherBytes + embedding + detail.buffers.outputGpuBytes);
    const hfInput = inputFor('llama-3.2-1b', 'transformers', { weightPrecision: 'bf16', contextTokens: 1024 });
    const hf = estimateMemory({ ...hfInput, gpu: gpu('rtx-4090') }).detail;
    const hfLayers = sum(hf.layout.layers.map((entry, index) => entry.bytes + hf.kvByLayer[index]!));
    expect(place(hfInput, gpu('rtx-4090'), 1).placement.bytesPerGpu).toBe(hfInput.overheadBytes + embedding + hfLayers + hf.layout.outputBytes + hf.layout.otherBytes + hf.buffers.outputGpuBytes);
  });

  it('reads only the chosen experts from RAM with --cpu-moe, keeps all of them there, and ignores the flag outside llama.cpp', () => {
    const input = inputFor('gpt-oss-20b', 'llama.cpp', { weightPrecision: 'mxfp4', contextTokens: 1024, runtime: runtimeSettings('llama.cpp', { cpuMoe: true }) });
    const placed = place(input, gpu('rtx-4090'), 1);
    const { layers } = placed.breakdown.detail.layout;
    const experts = sum(layers.map((layer) => layer.expertBytes));
    // A token reads the experts it is routed to: what a layer reads minus what it holds outside the experts.
    const expertRead = sum(layers.map((layer) => layer.readBytes - (layer.bytes - layer.expertBytes)));
    expect(placed.placement.offloadedBytes).toBe(placed.breakdown.detail.layout.embeddingBytes + experts);
    expect(placed.placement.hostBytes).toBe(placed.breakdown.detail.layout.embeddingBytes + experts + placed.breakdown.hostBuffersBytes);
    expect(placed.speed!.bytesReadFromRam).toBe(expertRead);
    const gpuRead = sum(layers.map((layer, index) => layer.readBytes - (layer.readBytes - (layer.bytes - layer.expertBytes)) + placed.breakdown.detail.kvByLayer[index]!)) + placed.breakdown.detail.layout.outputBytes;
    expect(placed.speed!.bytesReadPerStep).toBe(gpuRead + expertRead);
    const hf = place({ ...inputFor('gpt-oss-20b', 'transformers', { weightPrecision: 'mxfp4', contextTokens: 1024 }), runtime: runtimeSettings('transformers', { cpuMoe: true }) }, gpu('h100-sxm'), 1);
    expect(hf.placement.offloadedBytes).toBe(0);
  });

  it('adds each layer\'s recurrent state to its GPU in llama.cpp, and sums the batch\'s throughput', () => {
    const input = inputFor('qwen3-next-80b-a3b-thinking', 'llama.cpp', { weightPrecision: 'q4_k_m', contextTokens: 1024, batch: 4 });
    const placed = place(input, gpu('h200'), 1);
    const { detail } = placed.breakdown;
    expect(placed.placement.kvCacheBytesPerGpu).toBe(sum(detail.kvByLayer) + sum(detail.stateByLayer));
    expect(sum(detail.stateByLayer)).toBe(placed.breakdown.stateBytes);
    // Four sequences share each read of the weights.
    expect(placed.speed!.decodeTokensPerSecondAggregate).toBeCloseTo(4 * placed.speed!.decodeTokensPerSecondUpperBound, 9);
  });

  it('reads, in one step for a batch, the experts any of its tokens is routed to (llama.cpp layer split)', () => {
    // Mixtral 8x7B routes each token to 2 of 8 experts; 8 sequences in one step read a share 1 - (6/8)^8 of them.
    const at = (batch: number) => place(inputFor('mixtral-8x7b-v0.1', 'llama.cpp', { weightPrecision: 'q4_k_m', contextTokens: 2048, batch }), gpu('h200'), 1);
    const one = at(1);
    const eight = at(8);
    const { layout, kvByLayer } = eight.breakdown.detail;
    const cachePerSequence = sum(kvByLayer) / 8;
    const extraExperts = sum(layout.layers.map((layer) => layer.expertBytes * (1 - 0.75 ** 8 - 2 / 8)));
    expect(eight.speed!.bytesReadPerStep - one.speed!.bytesReadPerStep).toBeCloseTo(7 * cachePerSequence + extraExperts, -1);
    expect(extraExperts).toBeGreaterThan(0);
  });

  it('takes state out of vLLM\'s pool and counts it per sequence, shared over tensor-parallel GPUs', () => {
    const input = inputFor('qwen3-next-80b-a3b-thinking', 'vllm', { weightPrecision: 'bf16', contextTokens: 4096, batch: 2 });
    const placed = place(input, gpu('h200'), 2);
    const b = placed.breakdown;
    const statePerGpu = Math.ceil(b.stateBytes / 2);
    const budget = Math.floor(gpu('h200').memoryBytes * 0.92);
    const pool = budget - Math.ceil(b.weightsBytes / 2) - b.activationsBytes - statePerGpu;
    expect(placed.placement.kvPoolBytesPerGpu).toBe(pool);
    // Each sequence takes its cache and its state on each GPU.
    expect(placed.placement.maxConcurrentSequences).toBe(Math.floor(pool / ((b.detail.kvPerGpu + statePerGpu) / 2)));
    // Two sequences decode in one step, and their tokens are routed apart: with 10 of 512 experts each (the
    // config's num_experts_per_tok and num_experts), the step reads a share 1 - (1 - 10/512)^2 of each MoE layer's
    // experts, not 10/512.
    const { layout } = b.detail;
    const headRead = b.weightsReadPerTokenBytes - sum(layout.layers.map((layer) => layer.readBytes));
    const batchRead = headRead + sum(layout.layers.map((layer) => (layer.expertBytes === 0 ? layer.readBytes : layer.bytes - layer.expertBytes + layer.expertBytes * (1 - (1 - 10 / 512) ** 2))));
    expect(batchRead).toBeGreaterThan(b.weightsReadPerTokenBytes);
    const readPerGpu = batchRead / 2 + b.detail.kvPerGpu + statePerGpu;
    expect(placed.speed!.decodeTokensPerSecondUpperBound).toBeCloseTo(gpu('h200').memoryBandwidthBytesPerSecond / readPerGpu, 6);
    // A tensor split outside vLLM divides cache and state alike.
    const tensor = place({ ...inputFor('qwen3-next-80b-a3b-thinking', 'llama.cpp', { weightPrecision: 'q4_k_m', contextTokens: 4096, batch: 2 }), runtime: runtimeSettings('llama.cpp', { split: 'tensor' }) }, gpu('h200'), 2);
    expect(tensor.placement.kvCacheBytesPerGpu).toBe(Math.ceil((tensor.breakdown.kvCacheBytes + tensor.breakdown.stateBytes) / 2));
  });

  it('splits vLLM by tensor even when told to split by layer, and fits a budget that fills the card exactly', () => {
    const input = inputFor('llama-3.1-8b', 'vllm', { contextTokens: 1024, runtime: runtimeSettings('vllm', { split: 'layer', gpuMemoryUtilization: 0.5 }) });
    expect(place(input, gpu('h100-sxm'), 2).placement.split).toBe('tensor');
    // Half of a 64 GiB card (CUDA reporting all of it) for vLLM plus 32 GiB of overhead is exactly the card: it still fits.
    const card = { ...gpu('h100-sxm'), memoryBytes: 64 * 2 ** 30, reportedMemoryBytes: 64 * 2 ** 30 };
    expect(place({ ...input, overheadBytes: 32 * 2 ** 30 }, card, 1).placement.fits).toBe(true);
    expect(place({ ...input, overheadBytes: 32 * 2 ** 30 + 1 }, card, 1).placement.fits).toBe(false);
  });

  it('lists GPUs by how many each takes, fewest first, those it never fits on last', () => {
    const input = inputFor('llama-3.1-70b', 'llama.cpp', { weightPrecision: 'bf16', contextTokens: 4096 });
    const list = fitAcrossGpus(input, gpuList);
    const counts = list.map((entry) => entry.gpusNeeded ?? Infinity);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(new Set(counts).size).toBeGreaterThan(2);
    // 141 GB of BF16 weights: two 80 GiB H100s (85.9 GB each) hold them, one does not; a 12 GB card needs many more.
    expect(list.find((entry) => entry.gpu.id === 'h100-sxm')!.gpusNeeded).toBe(2);
    expect(list.find((entry) => entry.gpu.id === 'rtx-3060-12gb')!.gpusNeeded!).toBeGreaterThan(10);
  });
});

describe('show the math, word by word', () => {
  const line = (lines: ReturnType<typeof explainAnswer>, label: string) => lines.find((entry) => entry.label === label)!;

  it('lists GGUF tensor types most-used first', () => {
    const input = inputFor('llama-3.1-8b', 'llama.cpp', { weightPrecision: 'q4_k_m' });
    const result = answer(input, undefined);
    const reordered = { ...result, breakdown: { ...result.breakdown, detail: { ...result.breakdown.detail, layout: { ...result.breakdown.detail.layout, typeCounts: { Q6_K: 1, Q4_K: 5, F32: 3 } } } } };
    expect(explainAnswer(input, reordered)[0]!.formula).toContain('(5 × Q4_K, 3 × F32, 1 × Q6_K)');
  });

  // AWQ: 4 bits + a 16-bit scale and a 4-bit zero point per 128 weights = 4 + 16/128 + 4/128 = 4.15625 bits, listed as 4.156.
  it('keeps 16-bit embeddings apart for group-quantized formats', () => {
    const input = inputFor('llama-3.1-8b', 'vllm', { weightPrecision: 'awq-4bit' });
    expect(explainAnswer(input, answer(input, undefined))[0]!.formula).toBe('(8,030,261,248 − embedding and head) × 4.156 bits ÷ 8 + embedding and head × 2 bytes');
  });

  it.each([
    ['llama.cpp', 'q4_k_m', 'the last kernel - 1 convolution columns and the recurrent state, both in float32'],
    ['vllm', 'bf16', 'the last kernel - 1 convolution columns in 16-bit and the recurrent state in the dtype the config declares, else 16-bit'],
    ['transformers', 'bf16', 'kernel convolution columns in 16-bit and the recurrent state in float32'],
  ] as const)('says how %s holds recurrent state', (runtime, weightPrecision, words) => {
    const input = inputFor('qwen3-next-80b-a3b-thinking', runtime, { weightPrecision, contextTokens: 4096, batch: 2 });
    const result = answer(input, undefined);
    expect(line(explainAnswer(input, result), 'Recurrent state')).toEqual({
      label: 'Recurrent state',
      formula: `36 linear-attention or state-space layers × (${words}) × 2 sequences; the same at any context length`,
      result: formatBytesBoth(result.breakdown.stateBytes),
    });
    // The total holds the state with every other part.
    const b = result.breakdown;
    expect(b.totalBytes).toBe(b.weightsBytes + b.kvCacheBytes + b.stateBytes + b.activationsBytes + b.overheadBytes + b.gradientsBytes + b.optimizerBytes);
  });

  it('names chunked layers by their kind', () => {
    const input = inputFor('llama-4-scout-17b-16e-instruct', 'llama.cpp', { weightPrecision: 'q4_k_m', contextTokens: 16_384 });
    expect(line(explainAnswer(input, answer(input, undefined)), 'KV cache (FP16)').formula).toMatch(/^\(36 chunked \(8,192-token window\) layers × 2 × 8 KV heads × 128 dims \+ 12 full-attention layers × 2 × 8 KV heads × 128 dims\)/);
  });

  it('says where llama.cpp keeps what, and what a partly offloaded step reads from RAM', () => {
    const input = inputFor('llama-3.1-8b', 'llama.cpp', { weightPrecision: 'q4_k_m', contextTokens: 4096, runtime: runtimeSettings('llama.cpp', { gpuLayers: 20 }) });
    const result = answer(input, 'rtx-4090');
    const lines = explainAnswer(input, result);
    expect(line(lines, 'In system RAM').formula).toBe("each sequence's next-token logits and the host compute buffer (llama.cpp also keeps the token embedding there; see the placement below)");
    expect(line(lines, 'Weights in system RAM').formula).toBe('layers, experts or the embedding kept on the CPU side');
    const speed = result.onGpu!.speed!;
    expect(line(lines, 'Decode bound').formula).toBe(
      `each step reads ${formatBytesBoth(speed.bytesReadPerStep - speed.bytesReadFromRam)} from the GPUs one after another at 1,008 GB/s and ${formatBytesBoth(speed.bytesReadFromRam)} from system RAM at 90 GB/s (active weights, every sequence's cache)`,
    );
  });

  it('describes a llama.cpp tensor split as shares, not runs of layers', () => {
    const input = inputFor('llama-3.1-8b', 'llama.cpp', { weightPrecision: 'q4_k_m', runtime: runtimeSettings('llama.cpp', { split: 'tensor' }) });
    const result = answer(input, 'rtx-4090', 2);
    const lines = explainAnswer(input, result);
    expect(line(lines, 'On the fullest GPU').formula).toBe("weights, caches ÷ 2 GPUs, plus each GPU's buffers and overhead");
    expect(result.onGpu!.placement.bytesByGpu).toEqual([result.onGpu!.placement.bytesPerGpu, result.onGpu!.placement.bytesPerGpu]);
  });

  it.each([
    // Full fine-tuning with checkpointing: the whole formula, and nothing about 4-bit matmuls.
    ['full', true, '32 layers × 2 × 2,048 tokens × 1 × 4,096 hidden (checkpointed inputs) + one layer × 34 × tokens × hidden + 16 × tokens × 128,256 vocabulary (the loss: 16-bit logits, their float32 copy, log-softmax and gradients)'],
    ['qlora', true, '32 layers × 2 × 2,048 tokens × 1 × 4,096 hidden (checkpointed inputs) + one layer × 34 × tokens × hidden + 16 × tokens × 128,256 vocabulary (the loss: 16-bit logits, their float32 copy, log-softmax and gradients) + the largest matrix dequantized to 16-bit with its gradient + the input each 4-bit matmul keeps for backward (bitsandbytes), for the recomputed layer'],
  ] as const)('writes %s activations (checkpointing %s) out in full', (mode, gradientCheckpointing, formula) => {
    const input = inputFor('llama-3.1-8b', 'transformers', { mode, contextTokens: 2048, gradientCheckpointing });
    expect(line(explainAnswer(input, answer(input, 'h100-sxm')), 'Activations').formula).toBe(formula);
  });
});

describe('the last words', () => {
  it('says nothing of the token embedding in RAM when Transformers places the layers', () => {
    const input = inputFor('llama-3.1-8b', 'transformers', { weightPrecision: 'bf16', contextTokens: 1024 });
    const lines = explainAnswer(input, answer(input, 'h100-sxm'));
    expect(lines.find((entry) => entry.label === 'On the fullest GPU')!.formula).toBe('whole layers with their caches, in even runs over 1 GPU; the last also holds the output layer and the logits buffer');
  });
});

describe('LoRA under FSDP with gradient accumulation (fsdpNoSyncGradients)', () => {
  // Lit-GPT 8641822 finetune/lora.py on several GPUs: FSDP wraps each Block, Lightning 2.1 sets use_orig_params=True,
  // and accumulating steps run in FSDP's no_sync(), which keeps whole (unsharded) gradients; frozen weights sharing a
  // flat parameter with the adapters get gradients too. Llama 2 7B block, from its config.json (hidden 4,096,
  // intermediate 11,008, 32 layers): 4 x 4,096^2 attention + 3 x 4,096 x 11,008 MLP + 2 x 4,096 norms
  // = 67,108,864 + 135,266,304 + 8,192 = 202,383,360 parameters; x 32 blocks x 2 bytes (bf16) = 12,952,535,040.
  const lora = (overrides: Partial<MemoryInput>) =>
    inputFor('llama-2-7b', 'transformers', { mode: 'lora', weightPrecision: 'bf16', loraRank: 8, loraTargets: ['q_proj', 'v_proj'], contextTokens: 1304, batch: 1, gradientCheckpointing: true, overheadBytes: 0, ...overrides });

  it('adds a whole bf16 gradient of every adapted block to each GPU, not divided by the GPU count', () => {
    const withRule = place(lora({ fsdpNoSyncGradients: true }), gpu('a100-40gb'), 2);
    const without = place(lora({}), gpu('a100-40gb'), 2);
    expect(withRule.breakdown.unshardedGradientsBytes).toBe(12_952_535_040);
    expect(withRule.placement.bytesPerGpu - without.placement.bytesPerGpu).toBe(12_952_535_040);
    // Four GPUs hold the same whole gradient on each.
    expect(place(lora({ fsdpNoSyncGradients: true }), gpu('a100-40gb'), 4).breakdown.unshardedGradientsBytes).toBe(12_952_535_040);
  });

  it('does nothing on one GPU (no sharding, no no_sync), for QLoRA (a quantized base has no such gradient) or when unset', () => {
    expect(place(lora({ fsdpNoSyncGradients: true }), gpu('a100-40gb'), 1).breakdown.unshardedGradientsBytes).toBe(0);
    expect(place(lora({ fsdpNoSyncGradients: true, mode: 'qlora' }), gpu('a100-40gb'), 2).breakdown.unshardedGradientsBytes).toBe(0);
    expect(place(lora({}), gpu('a100-40gb'), 2).breakdown.unshardedGradientsBytes).toBe(0);
  });
});
