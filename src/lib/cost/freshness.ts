/**
 * Prices go stale: an API or a GPU-hour price read more than MAX_PRICE_AGE_DAYS ago should be read again before a
 * reader relies on it. Age counts from the day the price was last read from its source (`read`), since a source's
 * own date (`asOf`) only says when the provider last changed it.
 */
export const MAX_PRICE_AGE_DAYS = 90;
const DAY_MS = 86_400_000;

export interface DatedPrice {
  id: string;
  read: string;
  asOf: string | null;
  url: string;
}

/** Whole days from an ISO date to another, as calendar days in UTC. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** The prices last read more than `maxAgeDays` before `today`, oldest first, with their age in days. */
export function stalePrices<P extends DatedPrice>(prices: readonly P[], today: string, maxAgeDays = MAX_PRICE_AGE_DAYS): Array<{ price: P; ageDays: number }> {
  return prices
    .map((price) => ({ price, ageDays: daysBetween(price.read, today) }))
    .filter((entry) => entry.ageDays > maxAgeDays)
    .sort((a, b) => b.ageDays - a.ageDays || a.price.id.localeCompare(b.price.id));
}
