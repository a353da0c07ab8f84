// The check before any download. Expected figures are the registry's listed sizes (content/demo-models.json) added
// by hand, times two (LOAD_COPIES: the worker's bytes plus ONNX Runtime's copy), against half the reported memory.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadPeakBytes, preflight } from '../../src/lib/demo/preflight';
import { demoRegistrySchema } from '../../src/lib/demo/schema';

const { pairs } = demoRegistrySchema.parse(JSON.parse(readFileSync('content/demo-models.json', 'utf8')));
const GIB = 1024 ** 3;
// SmolLM2 135M on WebAssembly: base q8 graph 1,252,724 + data 136,717,568; instruct q4 200,000,000.
const SMOLLM2_WASM = 2 * (1_252_724 + 136_717_568 + 200_000_000); // 675,940,584
// SmolLM 135M on WebAssembly: q8 for both, 136,000,000 each.
const SMOLLM_WASM = 2 * (136_000_000 + 136_000_000); // 544,000,000
// SmolLM2 135M on WebGPU with shader-f16: base q4f16 276,492 + 117,461,632; instruct q4f16 134,000,000.
const SMOLLM2_F16 = 2 * (276_492 + 117_461_632 + 134_000_000); // 503,476,248

describe('loadPeakBytes', () => {
  it.each([
    ['smollm2-135m', 'wasm', false, SMOLLM2_WASM],
    ['smollm-135m', 'wasm', false, SMOLLM_WASM],
    ['smollm2-135m', 'webgpu', true, SMOLLM2_F16],
  ] as const)('%s on %s (f16 %s): twice the weight files of both models', (id, device, f16, bytes) => {
    expect(loadPeakBytes(pairs.find((pair) => pair.id === id)!, device, f16)).toBe(bytes);
  });

  it('leaves out tokenizer and config files, which are small and not copied into the runtime', () => {
    const pair = pairs[0]!;
    const other = [...pair.base.otherFiles, ...pair.instruct.otherFiles].reduce((sum, file) => sum + (file.bytes ?? 0), 0);
    expect(other).toBeGreaterThan(0);
    expect(loadPeakBytes(pair, 'wasm', false) % 2).toBe(0);
    expect(loadPeakBytes(pair, 'wasm', false)).toBe(SMOLLM2_WASM);
  });
});

describe('preflight', () => {
  it('says nothing when the reported memory holds twice the peak (2 GB: 1,073,741,824 > 675,940,584)', () => {
    expect(preflight(pairs, 'smollm2-135m', 'wasm', false, { deviceMemoryGiB: 2, mobile: true })).toBeNull();
    expect(preflight(pairs, 'smollm2-135m', 'wasm', false, { deviceMemoryGiB: 8, mobile: false })).toBeNull();
  });

  it('warns at 1 GB (half is 536,870,912 < 675,940,584) and offers the smaller pair, which does not fit either (544,000,000)', () => {
    expect(preflight(pairs, 'smollm2-135m', 'wasm', false, { deviceMemoryGiB: 1, mobile: false })).toEqual({
      need: { pairId: 'smollm2-135m', label: 'SmolLM2 135M', peakBytes: SMOLLM2_WASM },
      limitBytes: GIB / 2,
      smaller: { pairId: 'smollm-135m', label: 'SmolLM 135M', peakBytes: SMOLLM_WASM, fits: false },
    });
  });

  it('offers no smaller pair when the chosen one already needs least', () => {
    const check = preflight(pairs, 'smollm-135m', 'wasm', false, { deviceMemoryGiB: 0.5, mobile: false });
    expect(check).toEqual({ need: { pairId: 'smollm-135m', label: 'SmolLM 135M', peakBytes: SMOLLM_WASM }, limitBytes: GIB / 4 });
  });

  it('a smaller pair that fits is marked so: the boundary is inclusive', () => {
    // A limit of exactly SMOLLM_WASM bytes: deviceMemory = 2 * 544,000,000 / 2^30 GiB.
    const check = preflight(pairs, 'smollm2-135m', 'wasm', false, { deviceMemoryGiB: (2 * SMOLLM_WASM) / GIB, mobile: false });
    expect(check?.smaller).toMatchObject({ pairId: 'smollm-135m', fits: true });
    expect(preflight(pairs, 'smollm2-135m', 'wasm', false, { deviceMemoryGiB: (2 * SMOLLM2_WASM) / GIB, mobile: false })).toBeNull();
  });

  it('a phone that does not report its memory is warned, with the smaller pair; a desktop that does not is not', () => {
    expect(preflight(pairs, 'smollm2-135m', 'wasm', false, { mobile: true })).toEqual({
      need: { pairId: 'smollm2-135m', label: 'SmolLM2 135M', peakBytes: SMOLLM2_WASM },
      limitBytes: null,
      smaller: { pairId: 'smollm-135m', label: 'SmolLM 135M', peakBytes: SMOLLM_WASM, fits: true },
    });
    expect(preflight(pairs, 'smollm2-135m', 'wasm', false, { mobile: false })).toBeNull();
  });

  it.each([[0], [-1], [Number.NaN], [Number.POSITIVE_INFINITY]])('a nonsense memory figure (%d) counts as not reported', (gib) => {
    expect(preflight(pairs, 'smollm2-135m', 'wasm', false, { deviceMemoryGiB: gib, mobile: false })).toBeNull();
    expect(preflight(pairs, 'smollm2-135m', 'wasm', false, { deviceMemoryGiB: gib, mobile: true })?.limitBytes).toBeNull();
  });

  it('offers the pair that needs least whatever the order of the registry, and the first listed of two that tie', () => {
    const [smollm2, smollm] = [pairs.find((pair) => pair.id === 'smollm2-135m')!, pairs.find((pair) => pair.id === 'smollm-135m')!];
    const twin = { ...smollm, id: 'twin', label: 'Twin' };
    const hints = { deviceMemoryGiB: 1, mobile: false };
    expect(preflight([smollm, smollm2], 'smollm2-135m', 'wasm', false, hints)?.smaller?.pairId).toBe('smollm-135m');
    expect(preflight([smollm2, smollm, twin], 'smollm2-135m', 'wasm', false, hints)?.smaller?.pairId).toBe('smollm-135m');
    expect(preflight([smollm2, twin, smollm], 'smollm2-135m', 'wasm', false, hints)?.smaller?.pairId).toBe('twin');
  });

  it('more memory never turns a silent check into a warning', () => {
    let warned = true;
    for (const gib of [0.25, 0.5, 1, 2, 4, 8]) {
      const now = preflight(pairs, 'smollm2-135m', 'wasm', false, { deviceMemoryGiB: gib, mobile: false }) !== null;
      if (!warned) expect(now).toBe(false);
      warned = now;
    }
  });
});
