/** The HTML pages of a built site, for the post-build checks and rewrites. */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Folders of assets and of the search index, which hold no pages. */
const ASSET_DIRS = new Set(['pagefind', '_astro']);

/** Every .html file under `dir`, at any depth. */
export function htmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return ASSET_DIRS.has(name) ? [] : htmlFiles(full);
    return name.endsWith('.html') ? [full] : [];
  });
}
