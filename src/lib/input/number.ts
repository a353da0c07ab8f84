/**
 * Which spellings of a number a reader may type. Accepted: digits with an optional decimal point and exponent
 * (1500, 0.5, 7e9, 1.5E-3), thousands separators only where they group three digits (1,500 and 10,000,000.5),
 * and underscores between digits (7_000_000, as in source code). Everything else is refused with the reason,
 * because JavaScript's Number() would read "0x10" as 16, and stripping commas would read "2,50" as 250.
 */
export type ParsedNumber = { ok: true; value: number } | { ok: false; problem: string };

const DIGITS = String.raw`\d+(?:_\d+)*`;
const PLAIN = new RegExp(String.raw`^[+-]?(?:${DIGITS}(?:\.(?:${DIGITS})?)?|\.${DIGITS})(?:[eE][+-]?\d+)?$`);
const GROUPED = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;

export function parseNumberText(text: string): ParsedNumber {
  const trimmed = text.trim();
  if (!/\d/.test(trimmed)) return { ok: false, problem: 'that is not a number' };
  if (trimmed.includes(',') && !GROUPED.test(trimmed)) {
    return { ok: false, problem: 'a comma only separates thousands, as in 2,500 (write decimals with a point, as in 2.5)' };
  }
  if (!trimmed.includes(',') && !PLAIN.test(trimmed)) {
    return { ok: false, problem: 'only digits, one decimal point and an exponent such as 7e9 are understood' };
  }
  const value = Number(trimmed.replaceAll(',', '').replaceAll('_', ''));
  // The patterns admit only finite spellings, but an exponent can still overflow (1e400).
  if (!Number.isFinite(value)) return { ok: false, problem: 'the number is too large' };
  return { ok: true, value };
}
