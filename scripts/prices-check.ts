// Lists the prices read more than 90 days ago (src/lib/cost/freshness.ts), so they are read again before a reader
// relies on them. `npm run -s prices:check [-- --today YYYY-MM-DD]`; exit code 1 when any is stale, 2 on bad input.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { apiPriceSchema, gpuHourPriceSchema } from '../src/lib/cost/schema';
import { MAX_PRICE_AGE_DAYS, stalePrices } from '../src/lib/cost/freshness';

const list = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as unknown[];
let today = new Date().toISOString().slice(0, 10);
try {
  const { values } = parseArgs({ options: { today: { type: 'string' } }, strict: true });
  if (values.today !== undefined) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(values.today) || Number.isNaN(Date.parse(values.today))) throw new Error(`--today must be a date like 2026-12-02; got "${values.today}"`);
    today = values.today;
  }
} catch (error) {
  process.stderr.write(`prices:check: ${(error as Error).message.split('\n')[0]}\n`);
  process.exit(2);
}
const prices = [
  ...list('content/prices/api.json').map((entry) => ({ list: 'api.json', ...apiPriceSchema.parse(entry) })),
  ...list('content/prices/gpu-hours.json').map((entry) => ({ list: 'gpu-hours.json', ...gpuHourPriceSchema.parse(entry) })),
];
const stale = stalePrices(prices, today);
if (stale.length === 0) {
  process.stdout.write(`All ${prices.length} prices were read within ${MAX_PRICE_AGE_DAYS} days of ${today}.\n`);
} else {
  process.stdout.write(`${stale.length} of ${prices.length} prices were last read more than ${MAX_PRICE_AGE_DAYS} days before ${today}:\n`);
  for (const { price, ageDays } of stale) process.stdout.write(`  ${price.list} ${price.id}: read ${price.read} (${ageDays} days ago), ${price.url}\n`);
  process.exitCode = 1;
}
