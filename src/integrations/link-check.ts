/**
 * Fails the build when a page links to a page or heading that does not exist. Runs over the built HTML, so it
 * sees every link as readers get it: from MDX, components and islands' server-rendered markup alike.
 */
import { readFileSync, statSync, existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { htmlFiles } from './built-pages';

/** Ids that a `#fragment` can point at. */
function anchorIds(html: string): Set<string> {
  return new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((match) => match[1]!));
}

export interface BrokenLink {
  page: string;
  href: string;
  reason: string;
}

/** Checks every same-site `<a href>` in a built site folder; `base` is the site's base path, e.g. "/" or "/docs/". */
export function findBrokenLinks(outDir: string, base: string): BrokenLink[] {
  const files = htmlFiles(outDir);
  const pageUrl = (file: string) => {
    const path = relative(outDir, file).split(sep).join('/');
    return `${base}${path.endsWith('index.html') ? path.slice(0, -'index.html'.length) : path}`;
  };
  const ids = new Map<string, Set<string>>();
  const idsOf = (file: string) => {
    if (!ids.has(file)) ids.set(file, anchorIds(readFileSync(file, 'utf8')));
    return ids.get(file)!;
  };
  const broken: BrokenLink[] = [];
  for (const file of files) {
    const html = readFileSync(file, 'utf8');
    const from = pageUrl(file);
    for (const [, href] of html.matchAll(/<a\s[^>]*href="([^"]*)"/g)) {
      if (!href || /^(mailto:|tel:|javascript:|data:)/.test(href)) continue;
      const url = new URL(href.replaceAll('&amp;', '&'), `http://site.invalid${from}`);
      if (url.origin !== 'http://site.invalid') continue;
      const page = { page: from, href: href! };
      if (!url.pathname.startsWith(base)) {
        broken.push({ ...page, reason: `outside the site's base path ${base}` });
        continue;
      }
      const path = decodeURIComponent(url.pathname.slice(base.length));
      const target = join(outDir, path.endsWith('/') || path === '' ? join(path, 'index.html') : path);
      const isFile = existsSync(target) && statSync(target).isFile();
      if (!isFile) {
        broken.push({ ...page, reason: 'no such page' });
        continue;
      }
      const fragment = decodeURIComponent(url.hash.slice(1));
      if (fragment && fragment !== '_top' && target.endsWith('.html') && !idsOf(target).has(fragment)) {
        broken.push({ ...page, reason: `no heading or element with id "${fragment}"` });
      }
    }
  }
  return broken;
}

export default function linkCheck(): AstroIntegration {
  let base = '/';
  return {
    name: 'link-check',
    hooks: {
      'astro:config:done': ({ config }) => {
        base = config.base.endsWith('/') ? config.base : `${config.base}/`;
      },
      'astro:build:done': ({ dir, logger }) => {
        const broken = findBrokenLinks(fileURLToPath(dir), base);
        if (broken.length > 0) {
          const lines = broken.map((link) => `  ${link.page} -> ${link.href}: ${link.reason}`);
          throw new Error(`Broken internal links (${broken.length}):\n${lines.join('\n')}`);
        }
        logger.info('every internal link and anchor resolves');
      },
    },
  };
}
