// The memory calculator on the command line; see scripts/lib/estimate-cli.ts and `npm run -s estimate -- --help`.
import { runEstimate } from './lib/estimate-cli';
import { loadGpus, loadModels } from './lib/catalog';

const result = await runEstimate(process.argv.slice(2), { models: loadModels().map(({ model }) => model), gpus: loadGpus().map(({ gpu }) => gpu) });
process.stdout.write(result.stdout);
process.stderr.write(result.stderr);
process.exitCode = result.code;
