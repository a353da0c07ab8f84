// The first-output check: NaN or constant scores over the last position's vocabulary are refused.
import { describe, expect, it } from 'vitest';
import { unusableLogits } from '../../src/lib/demo/logits';

describe('unusableLogits', () => {
  it.each([
    ['varied float32 scores', new Float32Array([0.1, -2, 3.5, 0]), 'float32', 4, null],
    ['all zero', new Float32Array([0, 0, 0, 0]), 'float32', 4, 'constant'],
    ['all the same, not zero', new Float32Array([1.5, 1.5, 1.5]), 'float32', 3, 'constant'],
    ['one NaN among varied scores', new Float32Array([0.1, Number.NaN, 3]), 'float32', 3, 'NaN'],
    ['all NaN', new Float32Array([Number.NaN, Number.NaN]), 'float32', 2, 'NaN'],
    // float16 bit patterns: 0x3c00 = 1.0, 0x4000 = 2.0, 0x7e00 = a quiet NaN, 0x7c00 = +Infinity (not NaN).
    ['varied float16 patterns', new Uint16Array([0x3c00, 0x4000]), 'float16', 2, null],
    ['float16 NaN', new Uint16Array([0x3c00, 0x7e00]), 'float16', 2, 'NaN'],
    ['float16 negative NaN', new Uint16Array([0xfe01, 0x3c00]), 'float16', 2, 'NaN'],
    ['float16 infinity is not NaN', new Uint16Array([0x7c00, 0x3c00]), 'float16', 2, null],
    ['constant float16', new Uint16Array([0x3c00, 0x3c00, 0x3c00]), 'float16', 3, 'constant'],
    // 0x0001 is the smallest subnormal: a fraction, but a zero exponent, so a number.
    ['a float16 subnormal is a number', new Uint16Array([0x0001, 0x3c00]), 'float16', 2, null],
    // Only float16 is read bit by bit: 0x7e00 in a uint16 tensor is the number 32,256.
    ['uint16 values are plain numbers', new Uint16Array([0x7e00, 0x3c00]), 'uint16', 2, null],
  ] as const)('%s', (_name, data, type, vocabulary, expected) => {
    expect(unusableLogits(data, type, vocabulary)).toBe(expected);
  });

  it('looks at the last position only: earlier positions may be anything', () => {
    // Two positions of a 3-word vocabulary: the first varied, the last constant; then the other way round.
    expect(unusableLogits(new Float32Array([1, 2, 3, 5, 5, 5]), 'float32', 3)).toBe('constant');
    expect(unusableLogits(new Float32Array([Number.NaN, 5, 5, 1, 2, 3]), 'float32', 3)).toBeNull();
  });

  it('a Float16Array-style array of numbers is read as numbers', () => {
    expect(unusableLogits([0.5, Number.NaN], 'float16', 2)).toBe('NaN');
    expect(unusableLogits([0.5, 0.5], 'float16', 2)).toBe('constant');
  });

  it('says nothing when the shape is too small to judge', () => {
    expect(unusableLogits(new Float32Array([1]), 'float32', 1)).toBeNull();
    expect(unusableLogits(new Float32Array([1, 1]), 'float32', 3)).toBeNull();
  });
});
