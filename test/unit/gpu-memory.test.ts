import { describe, expect, test } from 'vitest';
import { gpuMemoryDetail, gpuMemoryLabel, gpuOptionLabel, soldGigabytesToBytes } from '../../src/lib/format/gpu-memory';

describe('the GPU memory unit rule', () => {
  // Sold sizes and bytes from the catalog's data files (vendors' "GB" are 2^30 bytes).
  test.each([
    ['RTX 4090, 24 × 2^30', 25_769_803_776, '24 GB'],
    ['A100 40GB, 40 × 2^30', 42_949_672_960, '40 GB'],
    ['H100, 80 × 2^30', 85_899_345_920, '80 GB'],
    ['M4 Max, 128 × 2^30', 137_438_953_472, '128 GB'],
    ['H200, 141 × 2^30', 151_397_597_184, '141 GB'],
    ['a custom 7.5 GiB', 7.5 * 2 ** 30, '7.5 GB'],
    ['1,536 GiB', 1536 * 2 ** 30, '1,536 GB'],
  ])('%s is labelled %s', (_, bytes, label) => {
    expect(gpuMemoryLabel(bytes)).toBe(label);
  });

  test('typing the sold number gives the card’s exact bytes', () => {
    // 24 × 1,073,741,824 = 25,769,803,776: the RTX 4090's memoryBytes.
    expect(soldGigabytesToBytes(24)).toBe(25_769_803_776);
    expect(gpuMemoryLabel(soldGigabytesToBytes(24))).toBe('24 GB');
  });

  test('the detail names both units: 24 GiB is 25.8 × 10^9 bytes', () => {
    expect(gpuMemoryDetail(25_769_803_776)).toBe('24 GB as sold: 24 GiB, 25.8 GB');
  });

  test('select options carry the full name and the sold size', () => {
    expect(gpuOptionLabel({ name: 'NVIDIA GeForce RTX 4090', memoryBytes: 25_769_803_776 })).toBe('NVIDIA GeForce RTX 4090 · 24 GB');
    // Names that carry their size already (catalog names, as the vendors write them) are left alone.
    expect(gpuOptionLabel({ name: 'NVIDIA A100 80GB', memoryBytes: 85_899_345_920 })).toBe('NVIDIA A100 80GB');
    expect(gpuOptionLabel({ name: 'Apple M4 Max (128 GB)', memoryBytes: 137_438_953_472 })).toBe('Apple M4 Max (128 GB)');
  });

  test.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])('%s is not shown as a size', (bytes) => {
    expect(gpuMemoryLabel(bytes)).toBe('—');
    expect(gpuMemoryDetail(bytes)).toBe('—');
  });
});
