/**
 * A memory answer in one line, for the phone's summary bar and anywhere a result must fit in a sentence:
 * "17.9 GB · fits 1 × RTX 4090 · 33–56 tok/s". Built from the same answer the full result shows, so the two never
 * disagree.
 */
import type { MemoryAnswer } from './answer';
import { formatBytes } from '../format/bytes';
import { formatRate } from '../format/numbers';

/** "NVIDIA GeForce RTX 4090" -> "RTX 4090": the vendor and product-line words a short line can spare. */
export function shortGpuName(name: string): string {
  return name.replace(/^(NVIDIA|AMD|Apple)\s+/, '').replace(/^(GeForce|Instinct)\s+/, '');
}

const VERDICT_WORDS = { fits: 'fits', tight: 'only just fits', 'does-not-fit': 'does not fit' } as const;

export function summarizeMemoryAnswer(answer: MemoryAnswer): string {
  const parts = [formatBytes(answer.breakdown.totalBytes, { system: 'decimal' })];
  const onGpu = answer.onGpu;
  if (onGpu) {
    const { verdict, gpuCount } = onGpu.placement;
    parts.push(`${VERDICT_WORDS[verdict]} on ${gpuCount} × ${shortGpuName(onGpu.gpu.name)}`);
    const decode = onGpu.decode;
    if (onGpu.speed && decode) {
      parts.push(
        decode.low !== null && decode.high !== null
          ? `${formatRate(decode.low)}–${formatRate(decode.high)} tok/s`
          : `at most ${formatRate(onGpu.speed.decodeTokensPerSecondUpperBound)} tok/s`,
      );
    }
  }
  return parts.join(' · ');
}
