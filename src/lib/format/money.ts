/** Dollar amounts as the cost calculator shows them. */

/** $1,234 for large amounts, $12.35 for small ones; under a dollar, cents always and three significant digits: $0.10, $0.055. */
export function formatUsd(amount: number): string {
  if (!Number.isFinite(amount)) throw new RangeError(`Expected a finite amount of dollars, got ${amount}`);
  const sign = amount < 0 ? '−' : '';
  const value = Math.abs(amount);
  if (value >= 1000) return `${sign}$${Math.round(value).toLocaleString('en-US')}`;
  if (value >= 1) return `${sign}$${value.toFixed(2)}`;
  if (value === 0) return '$0';
  // Three significant digits, written out in full (never 1e-7), then trailing zeros dropped down to the cents.
  const decimals = Math.min(20, Math.max(2, 2 - Math.floor(Math.log10(value))));
  return `${sign}$${value.toFixed(decimals).replace(/(\.\d\d\d*?)0+$/, '$1')}`;
}

/** Short axis labels: $950, $12K, $1.5M. */
export function formatUsdCompact(amount: number): string {
  if (!Number.isFinite(amount)) throw new RangeError(`Expected a finite amount of dollars, got ${amount}`);
  return `$${new Intl.NumberFormat('en-US', { notation: 'compact', maximumSignificantDigits: 3 }).format(amount)}`;
}
