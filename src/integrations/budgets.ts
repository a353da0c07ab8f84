/**
 * Fails the build when a page ships more JavaScript than it may:
 * - a page without islands ships only the docs shell's own scripts (Starlight's and Astro's), none of ours;
 * - each island's own code (its chunk and the chunks it imports statically, less the Preact renderer every island
 *   shares) stays within its gzipped budget;
 * - an island's static imports never reach a module it must only load on request (the demo's model runtime).
 * Which source modules went into which browser chunk is recorded from the client build itself, so the check knows
 * whose code a chunk holds rather than guessing from file names. Inline scripts are not chunks and are not counted
 * here: the only ones are Starlight's own few lines (theme and search shortcut), each hashed into the page's CSP.
 */
import { readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { AstroIntegration } from 'astro';
import { htmlFiles } from './built-pages';

export interface IslandBudget {
  /** Island component name as Astro emits it: the chunk file name before its hash. */
  island: string;
  maxGzipBytes: number;
  /** Source paths (substrings of module ids) that must stay out of the island's static import graph. */
  onlyOnRequest?: string[];
}

export interface ChunkInfo {
  /** Module ids bundled into the chunk. */
  modules: string[];
  /** Chunks it imports statically (file names relative to the output folder). */
  imports: string[];
}

export interface BudgetReport {
  problems: string[];
  islands: Array<{ island: string; gzipBytes: number; maxGzipBytes: number }>;
}

/** A chunk holds the site's own code when any module in it is a file of the project outside node_modules. */
function isOwnCode(chunk: ChunkInfo, root: string): boolean {
  return chunk.modules.some((id) => id.startsWith(root) && !id.includes('/node_modules/'));
}

function closure(start: string, chunks: Map<string, ChunkInfo>): string[] {
  const seen = new Set<string>();
  const queue = [start];
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    queue.push(...(chunks.get(file)?.imports ?? []));
  }
  return [...seen];
}

/**
 * Checks a built site against the budgets. `chunks` maps each client chunk's file name to what it holds; `root` is
 * the project folder (with a trailing slash), whose files outside node_modules are the site's own code.
 */
export function checkBudgets(outDir: string, base: string, root: string, chunks: Map<string, ChunkInfo>, budgets: IslandBudget[]): BudgetReport {
  const problems: string[] = [];
  const fileOf = (url: string) => decodeURIComponent(url.split('?')[0]!.slice(base.length));
  const gzipOf = new Map<string, number>();
  const gzip = (file: string) => {
    if (!gzipOf.has(file)) gzipOf.set(file, gzipSync(readFileSync(join(outDir, file))).length);
    return gzipOf.get(file)!;
  };
  const islandsSeen = new Map<string, number>();
  for (const page of htmlFiles(outDir)) {
    const html = readFileSync(page, 'utf8');
    const name = `/${relative(outDir, page).split(sep).join('/')}`;
    const scripts = [...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((match) => fileOf(match[1]!));
    for (const script of scripts) {
      if (!chunks.has(script)) continue;
      const own = closure(script, chunks).filter((file) => isOwnCode(chunks.get(file)!, root));
      if (own.length) problems.push(`${name}: the script ${script} carries the site's own code (${own.join(', ')}); only islands may`);
    }
    const renderers = new Set([...html.matchAll(/renderer-url="([^"]+)"/g)].flatMap((match) => closure(fileOf(match[1]!), chunks)));
    for (const [, url] of html.matchAll(/component-url="([^"]+)"/g)) {
      const component = fileOf(url!);
      const island = /([^/]+?)\.[\w-]+\.js$/.exec(component)?.[1] ?? component;
      const budget = budgets.find((entry) => entry.island === island);
      if (!budget) {
        problems.push(`${name}: the island ${island} has no budget; add one in astro.config.mjs`);
        continue;
      }
      const files = closure(component, chunks).filter((file) => !renderers.has(file));
      const bytes = files.reduce((sum, file) => sum + gzip(file), 0);
      islandsSeen.set(island, bytes);
      if (bytes > budget.maxGzipBytes) {
        problems.push(`${name}: the island ${island} is ${(bytes / 1024).toFixed(1)} KB gzipped, over its ${(budget.maxGzipBytes / 1024).toFixed(1)} KB budget`);
      }
      for (const forbidden of budget.onlyOnRequest ?? []) {
        const carrier = files.find((file) => chunks.get(file)?.modules.some((id) => id.includes(forbidden)));
        if (carrier) problems.push(`${name}: the island ${island} loads ${forbidden} before it is asked to (in ${carrier})`);
      }
    }
  }
  return {
    problems: [...new Set(problems)],
    islands: budgets.map((budget) => ({ island: budget.island, gzipBytes: islandsSeen.get(budget.island) ?? 0, maxGzipBytes: budget.maxGzipBytes })),
  };
}

export default function budgets(islands: IslandBudget[]): AstroIntegration {
  const chunks = new Map<string, ChunkInfo>();
  let base = '/';
  let root = '/';
  return {
    name: 'budgets',
    hooks: {
      'astro:config:setup': ({ config, updateConfig }) => {
        base = config.base.endsWith('/') ? config.base : `${config.base}/`;
        root = fileURLToPath(config.root).replaceAll('\\', '/');
        updateConfig({
          vite: {
            plugins: [
              {
                name: 'budgets:record-chunks',
                apply: 'build',
                generateBundle(_options, bundle) {
                  for (const output of Object.values(bundle)) {
                    if (output.type !== 'chunk') continue;
                    chunks.set(output.fileName, { modules: output.moduleIds.map((id) => id.replaceAll('\\', '/')), imports: output.imports });
                  }
                },
              },
            ],
          },
        });
      },
      'astro:build:done': ({ dir, logger }) => {
        const report = checkBudgets(fileURLToPath(dir), base, root, chunks, islands);
        if (report.problems.length) {
          for (const problem of report.problems) logger.error(problem);
          throw new Error(`${report.problems.length} JavaScript budget(s) exceeded; see above`);
        }
        const summary = report.islands.map((entry) => `${entry.island} ${(entry.gzipBytes / 1024).toFixed(1)}/${(entry.maxGzipBytes / 1024).toFixed(0)} KB`);
        logger.info(`content pages ship only the docs shell's scripts; islands (gzipped/budget): ${summary.join(', ')}`);
      },
    },
  };
}
