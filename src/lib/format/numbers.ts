/**
 * Formatting of counts shown to readers (parameters, tokens). Sizes in bytes go through ./bytes.ts instead.
 * No formatter here throws on a value: one it cannot show (NaN, an infinity, a negative count) comes out as
 * NOT_SHOWN, so a bug upstream costs one figure, never the whole panel. The engines' tests and the address fuzzer
 * (test/unit/tools-fuzz.test.tsx) are what keep such values from reaching them.
 */

let grouping: Intl.NumberFormat | undefined;

/**
 * Digits grouped by thousands, every decimal kept: 1234.5 -> "1,234.5", as toLocaleString('en-US') writes them.
 * Done on the digits JavaScript prints rather than with Intl: the first Intl formatter a page makes loads locale
 * data (about 30 ms on a phone), and toLocaleString makes a new formatter on every call. Intl is kept for the
 * numbers JavaScript prints with an exponent (below 1e-6 or from 1e21), which no figure here reaches.
 */
export function groupDigits(value: number): string {
  const text = String(value);
  const plain = /^(-?)(\d+)(\.\d+)?$/.exec(text);
  if (!plain) return (grouping ??= new Intl.NumberFormat('en-US', { maximumFractionDigits: 20 })).format(value);
  return `${plain[1]}${plain[2]!.replace(/\B(?=(\d{3})+$)/g, ',')}${plain[3] ?? ''}`;
}

/** What a formatter prints for a value it cannot show. */
export const NOT_SHOWN = '—';

/** Beyond this, figures are written as a power of ten ("9.33 × 10³⁹") rather than as a row of digits. */
export const LARGEST_WRITTEN_OUT = 1e15;

const SUPERSCRIPTS = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/** 9.333e39 -> "9.33 × 10³⁹", to three significant digits. For values of LARGEST_WRITTEN_OUT and above. */
export function powerOfTen(value: number): string {
  const [mantissa, exponent] = value.toExponential(2).split('e') as [string, string];
  const power = [...String(Number(exponent))].map((digit) => SUPERSCRIPTS[Number(digit)]).join('');
  return `${Number(mantissa)} × 10${power}`;
}

const SCALES: ReadonlyArray<readonly [number, string]> = [
  [1e12, 'T'],
  [1e9, 'B'],
  [1e6, 'M'],
  [1e3, 'K'],
];

/**
 * 6_738_415_616 -> "6.74B"; 134_515_008 -> "135M"; 46_702_792_704 -> "46.7B". A value that rounds up to 1,000 of
 * one unit is shown in the next (999,999 -> "1M"); beyond the largest unit the mantissa grows: 1e15 -> "1,000T".
 */
export function formatCount(value: number, significantDigits = 3): string {
  if (!Number.isFinite(value) || value < 0) return NOT_SHOWN;
  if (value >= LARGEST_WRITTEN_OUT) return powerOfTen(value);
  const rounded = (scaled: number) => Number(scaled.toPrecision(significantDigits));
  for (const [index, [scale, suffix]] of SCALES.entries()) {
    const shown = rounded(value / scale);
    if (shown < 1) continue;
    // 999,999 at three digits is 1,000K: one of the next unit up, when there is one.
    if (shown >= 1000 && index > 0) return `1${SCALES[index - 1]![1]}`;
    return `${groupDigits(shown)}${suffix}`;
  }
  return String(Math.round(value));
}

/** Whole numbers with thousands separators: 6738415616 -> "6,738,415,616". */
export function formatInteger(value: number): string {
  if (!Number.isFinite(value)) return NOT_SHOWN;
  // Stryker disable next-line EqualityOperator: value is at least 10^15 away from 0 here, so < 0 and <= 0 agree.
  if (Math.abs(value) >= LARGEST_WRITTEN_OUT) return `${value < 0 ? '−' : ''}${powerOfTen(Math.abs(value))}`;
  return groupDigits(Math.round(value));
}

/** Context lengths as readers know them: 4096 -> "4K", 131072 -> "128K", 163840 -> "160K", 2047 -> "2,047". */
export function formatContextTokens(tokens: number): string {
  if (tokens >= 1024 && tokens % 1024 === 0) return `${tokens / 1024}K`;
  return formatInteger(tokens);
}

/** Rates such as tokens per second: one decimal below 10 (7.4), whole numbers with separators above (1,250). */
export function formatRate(value: number): string {
  if (!Number.isFinite(value) || value < 0) return NOT_SHOWN;
  const tenths = Math.round(value * 10) / 10;
  return tenths < 10 ? tenths.toFixed(1) : formatInteger(value);
}
