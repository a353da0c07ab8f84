/**
 * The one byte formatter of the site. Engines keep sizes as integer bytes; only this file turns them into text.
 * GPU vendors sell memory in binary units but print "GB", while file sizes and most calculators use decimal
 * GB, so the unit system is always explicit: `decimal` (kB, MB, GB, TB: powers of 1000) or `binary` (KiB, MiB,
 * GiB, TiB: powers of 1024).
 */
import { groupDigits, NOT_SHOWN } from './numbers';

export type ByteUnitSystem = 'decimal' | 'binary';

export interface FormatBytesOptions {
  /** Which unit family to use. */
  system: ByteUnitSystem;
  /** Significant digits kept for values under 100 in the chosen unit (larger values are shown whole). */
  significantDigits?: number;
}

const UNITS: Record<ByteUnitSystem, { base: number; names: readonly string[] }> = {
  decimal: { base: 1000, names: ['B', 'kB', 'MB', 'GB', 'TB', 'PB'] },
  binary: { base: 1024, names: ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] },
};

export const BYTES_PER_GIB = 2 ** 30;

function roundForDisplay(value: number, significantDigits: number): number {
  // Stryker disable next-line EqualityOperator: at exactly 100 both branches give 100.
  if (value >= 100) return Math.round(value);
  return Number(value.toPrecision(significantDigits));
}

/**
 * Formats a byte count, e.g. `formatBytes(13_476_839_424, { system: 'decimal' })` -> "13.5 GB" and
 * `{ system: 'binary' }` -> "12.6 GiB". Rounding never produces "1000 MB" or "1024 KiB": a value that rounds up
 * to the next unit is shown in that unit.
 */
export function formatBytes(bytes: number, options: FormatBytesOptions): string {
  const { base, names } = UNITS[options.system];
  const significantDigits = options.significantDigits ?? 3;
  // A caller's constant, not a reader's value: this one is a programming error and throws.
  if (!Number.isInteger(significantDigits) || significantDigits < 1 || significantDigits > 21) {
    throw new RangeError(`significantDigits must be an integer from 1 to 21, got ${significantDigits}`);
  }
  if (!Number.isFinite(bytes) || bytes < 0) return NOT_SHOWN;
  let unitIndex = 0;
  let value = bytes;
  while (unitIndex < names.length - 1 && roundForDisplay(value, significantDigits) >= base) {
    value /= base;
    unitIndex += 1;
  }
  const shown = unitIndex === 0 ? Math.round(value) : roundForDisplay(value, significantDigits);
  return `${groupDigits(shown)} ${names[unitIndex]}`;
}

/** Both systems at once, decimal first: "13.5 GB (12.6 GiB)". */
export function formatBytesBoth(bytes: number): string {
  return `${formatBytes(bytes, { system: 'decimal' })} (${formatBytes(bytes, { system: 'binary' })})`;
}

/**
 * Always in GiB, for a column of needs read against cards ("0.87 GiB", "6.05 GiB", "378 GiB"): one unit down the
 * column, so figures compare at a glance; three significant digits, whole numbers from 100.
 */
export function formatGibibytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return NOT_SHOWN;
  return `${groupDigits(roundForDisplay(bytes / BYTES_PER_GIB, 3))} GiB`;
}
