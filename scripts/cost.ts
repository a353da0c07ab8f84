// Serving cost on the command line; see scripts/lib/cost-cli.ts and `npm run -s cost -- --help`.
import { readFileSync } from 'node:fs';
import { runCost } from './lib/cost-cli';
import { loadGpus, loadModels } from './lib/catalog';
import { apiPriceSchema, gpuHourPriceSchema } from '../src/lib/cost/schema';

const list = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as unknown[];
const result = runCost(process.argv.slice(2), {
  models: loadModels().map(({ model }) => model),
  gpus: loadGpus().map(({ gpu }) => gpu),
  apiPrices: list('content/prices/api.json').map((entry) => apiPriceSchema.parse(entry)),
  gpuHourPrices: list('content/prices/gpu-hours.json').map((entry) => gpuHourPriceSchema.parse(entry)),
});
process.stdout.write(result.stdout);
process.stderr.write(result.stderr);
process.exitCode = result.code;
