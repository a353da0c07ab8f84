// `npm run models:fetch`: downloads every file the demo's registry lists, at its pinned revision, into
// public/models/<repo>/, so a deployment built with DEMO_MODEL_SOURCE=local serves the models itself.
// Needs internet access to the Hugging Face Hub; the tests never run it.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { demoRegistrySchema } from '../src/lib/demo/schema';
import { parseWithFriendlyErrors } from '../src/lib/content/friendly-errors';

const registry = parseWithFriendlyErrors(demoRegistrySchema, JSON.parse(readFileSync('content/demo-models.json', 'utf8')), 'content/demo-models.json');
const target = 'public/models';

for (const pair of registry.pairs) {
  for (const model of [pair.base, pair.instruct]) {
    const files = [...Object.values(model.files).flatMap((weights) => [weights!, ...(weights!.data ?? [])]), ...model.otherFiles].map((entry) => entry.file);
    for (const file of files) {
      const url = `https://huggingface.co/${model.repo}/resolve/${model.revision}/${file}`;
      let response: Response;
      try {
        response = await fetch(url);
      } catch (error) {
        // Offline, or the Hub unreachable: one line with the cause, not a stack trace.
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        console.error(`models:fetch: could not reach ${new URL(url).host} for ${url} (${cause?.code ?? cause?.message ?? (error as Error).message}); check the network and try again`);
        process.exit(1);
      }
      if (!response.ok) {
        console.error(`models:fetch: ${url} answered ${response.status}`);
        process.exit(1);
      }
      const path = join(target, model.repo, file);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, new Uint8Array(await response.arrayBuffer()));
      console.log(`${path}`);
    }
  }
}
