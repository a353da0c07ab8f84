/**
 * Dollar amounts as the cost calculator shows them. The minus sign is U+2212 and goes before the dollar sign.
 * Like every formatter, these never throw: an amount that is not finite prints as NOT_SHOWN.
 */
import { formatCount, groupDigits, LARGEST_WRITTEN_OUT, NOT_SHOWN, powerOfTen } from './numbers';

function signOf(amount: number): string {
  return amount < 0 ? '−' : '';
}

/**
 * $1,234 from a thousand dollars up, $12.35 from one dollar, and under a dollar cents always with three
 * significant digits: $0.10, $0.055. The band is chosen after rounding, so $999.996 is "$1,000", not "$1000.00".
 */
export function formatUsd(amount: number): string {
  if (!Number.isFinite(amount)) return NOT_SHOWN;
  const sign = signOf(amount);
  const value = Math.abs(amount);
  if (value >= LARGEST_WRITTEN_OUT) return `${sign}$${powerOfTen(value)}`;
  const cents = Math.round(value * 100) / 100;
  if (cents >= 1000) return `${sign}$${groupDigits(Math.round(value))}`;
  if (cents >= 1) return `${sign}$${cents.toFixed(2)}`;
  // Three significant digits, written out in full (never 1e-7), then trailing zeros dropped down to the cents.
  const decimals = Math.min(20, Math.max(2, 2 - Math.floor(Math.log10(value))));
  const digits = value.toFixed(decimals).replace(/(\.\d\d\d*?)0+$/, '$1');
  // Amounts too small for 20 decimals (and zero itself) show as $0, unsigned.
  return Number(digits) === 0 ? '$0' : `${sign}$${digits}`;
}

/** Short axis labels: $950, $12K, $1.5M, −$1.5K. */
export function formatUsdCompact(amount: number): string {
  if (!Number.isFinite(amount)) return NOT_SHOWN;
  const value = Math.abs(amount);
  // Three significant digits, with K, M, B and T above a thousand and powers of ten from 10^15, as formatCount
  // writes counts. Not Intl's compact notation: its first use loads locale data, a tenth of a second of a phone's
  // main thread for the chart's axis.
  return `${signOf(amount)}$${value < 1000 ? groupDigits(Number(value.toPrecision(3))) : formatCount(value, 3)}`;
}
