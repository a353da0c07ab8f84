/**
 * The site's one rule for GPU memory, used by every tool, page and table:
 * - a card is labelled with the size it is sold as, "24 GB" for an RTX 4090 (vendors print GB for what are
 *   binary gigabytes: the card holds 24 × 2³⁰ bytes);
 * - the math always uses exact bytes;
 * - where a need is compared with a card, both are written in GiB ("16.7 GiB of 24 GiB"), so the card's number
 *   is the one on its box; a model's own size is written in GB with GiB beside it ("17.9 GB (16.7 GiB)").
 * A reader who types 24 as their memory therefore gets exactly an RTX 4090's budget.
 */
import { BYTES_PER_GIB, formatBytes } from './bytes';
import { groupDigits, NOT_SHOWN } from './numbers';

/** The number printed on the box, in binary gigabytes: 24 for an RTX 4090, 0.5 steps kept ("7.5"). */
function soldGigabytes(memoryBytes: number): number {
  return Math.round((memoryBytes / BYTES_PER_GIB) * 10) / 10;
}

/** "24 GB": a card's memory as sold. */
export function gpuMemoryLabel(memoryBytes: number): string {
  if (!Number.isFinite(memoryBytes) || memoryBytes <= 0) return NOT_SHOWN;
  return `${groupDigits(soldGigabytes(memoryBytes))} GB`;
}

/** "24 GB as sold (24 GiB, 25.8 × 10⁹ bytes)": for a GPU's own page and tables where both units matter. */
export function gpuMemoryDetail(memoryBytes: number): string {
  if (!Number.isFinite(memoryBytes) || memoryBytes <= 0) return NOT_SHOWN;
  return `${gpuMemoryLabel(memoryBytes)} as sold: ${formatBytes(memoryBytes, { system: 'binary' })}, ${formatBytes(memoryBytes, { system: 'decimal' })}`;
}

/** A reader's typed memory per GPU, in the card's own unit (GiB, "as sold"), to bytes. */
export function soldGigabytesToBytes(gigabytes: number): number {
  return Math.round(gigabytes * BYTES_PER_GIB);
}

/**
 * A GPU select option: "NVIDIA GeForce RTX 4090 · 24 GB". A name that already says its size as sold
 * ("NVIDIA A100 80GB", "Apple M4 Max (128 GB)") is not repeated.
 */
export function gpuOptionLabel(gpu: { name: string; memoryBytes: number }): string {
  return /\b\d+ ?GB\b/.test(gpu.name) ? gpu.name : `${gpu.name} · ${gpuMemoryLabel(gpu.memoryBytes)}`;
}
