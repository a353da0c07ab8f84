// Several models on the same GPUs at once (src/lib/memory/together.ts), built from the engine's own answers.
import { describe, expect, it } from 'vitest';
import { answerMemoryRequest, type MemoryAnswer } from '../../src/lib/memory/answer';
import { toGpuSpecs, usableBytes } from '../../src/lib/memory/placement';
import { MEMORY_DEFAULTS, parseMemoryRequest, type RawRequest } from '../../src/lib/memory/request';
import { fitTogether } from '../../src/lib/memory/together';
import { DECODE_CALIBRATION } from '../../src/lib/runtime/decode-measurements';
import { loadGpus, loadModels } from './support/catalog';

const models = loadModels().map(({ model }) => model);
const gpus = toGpuSpecs(loadGpus().map(({ gpu }) => gpu));
const answer = (raw: RawRequest): MemoryAnswer => {
  const parsed = parseMemoryRequest({ ...MEMORY_DEFAULTS, ...raw }, { models, gpus });
  if (!parsed.ok) throw new Error(parsed.errors.map((error) => error.message).join('; '));
  return answerMemoryRequest(parsed.request, gpus, DECODE_CALIBRATION);
};

describe('several models on one GPU', () => {
  // A chat model and its speculative-decoding draft, both GGUF in llama.cpp on one RTX 4090.
  const chat = answer({ model: 'llama-3.1-8b', precision: 'q4_k_m', runtime: 'llama.cpp', gpu: 'rtx-4090', gpus: '1', context: '8192' });
  const draft = answer({ model: 'llama-3.2-1b', precision: 'q4_k_m', runtime: 'llama.cpp', gpu: 'rtx-4090', gpus: '1', context: '8192' });

  it('adds what each server holds on the GPU and judges the sum against the usable memory', () => {
    const together = fitTogether([chat, draft]);
    if ('unknown' in together) throw new Error(together.unknown);
    expect(together.bytesPerGpu).toBe(chat.onGpu!.placement.bytesPerGpu + draft.onGpu!.placement.bytesPerGpu);
    expect(together.usableBytesPerGpu).toBe(usableBytes(gpus.find((gpu) => gpu.id === 'rtx-4090')!));
    // About 5.6 + 1.4 GB on a 24 GB card: room to spare.
    expect(together.verdict).toBe('fits');
    expect(together.vllmServers).toBe(0);
  });

  it('does not fit two vLLM servers that each reserve 90% of the GPU, and counts them', () => {
    const a = answer({ model: 'qwen3-0.6b', precision: 'bf16', runtime: 'vllm', gpu: 'h100-sxm', gpus: '1', context: '4096' });
    const b = answer({ model: 'qwen3-1.7b', precision: 'bf16', runtime: 'vllm', gpu: 'h100-sxm', gpus: '1', context: '4096' });
    expect(a.onGpu!.placement.verdict).not.toBe('does-not-fit');
    const together = fitTogether([a, b]);
    if ('unknown' in together) throw new Error(together.unknown);
    expect(together.verdict).toBe('does-not-fit');
    expect(together.vllmServers).toBe(2);
    // At 0.4 each the two reservations add up to 80% of the GPU, and they fit.
    const shared = fitTogether([
      answer({ model: 'qwen3-0.6b', precision: 'bf16', runtime: 'vllm', gpu: 'h100-sxm', gpus: '1', context: '4096', 'gpu-memory-utilization': '0.4' }),
      answer({ model: 'qwen3-1.7b', precision: 'bf16', runtime: 'vllm', gpu: 'h100-sxm', gpus: '1', context: '4096', 'gpu-memory-utilization': '0.4' }),
    ]);
    expect('unknown' in shared ? shared.unknown : shared.verdict).toBe('fits');
  });

  it('says nothing about configurations on different GPUs or counts', () => {
    const elsewhere = answer({ model: 'llama-3.2-1b', precision: 'q4_k_m', runtime: 'llama.cpp', gpu: 'rtx-3090', gpus: '1' });
    expect(fitTogether([chat, elsewhere])).toEqual({ unknown: 'different-gpus' });
    const two = answer({ model: 'llama-3.2-1b', precision: 'q4_k_m', runtime: 'llama.cpp', gpu: 'rtx-4090', gpus: '2' });
    expect(fitTogether([chat, two])).toEqual({ unknown: 'different-gpus' });
    expect(fitTogether([chat, { breakdown: chat.breakdown }])).toEqual({ unknown: 'no-gpu' });
  });
});
