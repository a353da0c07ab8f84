/** Dollar amounts as the cost calculator shows them. */

/** $1,234 for large amounts, $12.35 for small ones, $0.0550 for fractions of a cent per token unit. */
export function formatUsd(amount: number): string {
  if (!Number.isFinite(amount)) throw new RangeError(`Expected a finite amount of dollars, got ${amount}`);
  const sign = amount < 0 ? '−' : '';
  const value = Math.abs(amount);
  if (value >= 1000) return `${sign}$${Math.round(value).toLocaleString('en-US')}`;
  if (value >= 1) return `${sign}$${value.toFixed(2)}`;
  if (value === 0) return '$0';
  return `${sign}$${Number(value.toPrecision(3))}`;
}

/** Short axis labels: $950, $12K, $1.5M. */
export function formatUsdCompact(amount: number): string {
  if (!Number.isFinite(amount)) throw new RangeError(`Expected a finite amount of dollars, got ${amount}`);
  return `$${new Intl.NumberFormat('en-US', { notation: 'compact', maximumSignificantDigits: 3 }).format(amount)}`;
}
