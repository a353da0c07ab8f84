/**
 * The check on a model's first output: scores that are NaN, or all the same, mean the runtime (or the weights) give
 * nothing to sample from. A third-party registry pinned to the demo's base repository reports constant logits for
 * its q4f16 file on WebGPU (issue #16, item 9), so the demo checks before the reader runs anything.
 */

/** Why the scores of the last position are unusable, or null when they are fine. */
export function unusableLogits(data: ArrayLike<number | bigint>, type: string, vocabulary: number): 'NaN' | 'constant' | null {
  if (vocabulary < 2 || data.length < vocabulary) return null;
  const start = data.length - vocabulary;
  const values: number[] = [];
  for (let index = start; index < data.length; index += 1) {
    const raw = Number(data[index]);
    // ONNX Runtime Web hands float16 outputs over as raw 16-bit patterns (a Uint16Array) where the browser has no
    // Float16Array: sign 1 bit, exponent 5, fraction 10. All-ones exponent with a fraction is NaN.
    const nan = type === 'float16' && data instanceof Uint16Array ? (raw & 0x7c00) === 0x7c00 && (raw & 0x03ff) !== 0 : Number.isNaN(raw);
    if (nan) return 'NaN';
    values.push(raw);
  }
  return values.every((value) => value === values[0]) ? 'constant' : null;
}
