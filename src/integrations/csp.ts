/**
 * Completes the Content-Security-Policy after the build. Astro hashes the inline scripts it renders itself, but
 * not those some of Starlight's components write (the theme provider, the search shortcut), so each page's policy
 * gets the hashes of the inline scripts that page really contains. The same policy, with every page's hashes, goes
 * to dist/_headers for hosts that read that file (Netlify, Cloudflare Pages), plus headers a meta tag cannot set.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { htmlFiles } from './built-pages';

const META = /(<meta http-equiv="content-security-policy" content=")([^"]*)(")/i;

const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/** sha256 sources for every inline script (no src) and every inline style element in a page. */
export function inlineHashes(html: string): { script: string[]; style: string[] } {
  return {
    script: [...html.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((match) => hash(match[1]!)),
    style: [...html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)].map((match) => hash(match[1]!)),
  };
}

/** Adds sources to one directive of a policy (e.g. "script-src"), once each. */
export function withSources(policy: string, directive: 'script-src' | 'style-src', sources: readonly string[]): string {
  return policy.replace(new RegExp(`${directive}([^;]*)`), (whole, current: string) => {
    const missing = [...new Set(sources)].filter((source) => !current.includes(source));
    return missing.length ? `${whole} ${missing.join(' ')}` : whole;
  });
}

const withoutHashes = (policy: string) => policy.replace(/ 'sha256-[^']+'/g, '');

export default function csp(): AstroIntegration {
  return {
    name: 'csp-complete',
    hooks: {
      'astro:build:done': ({ dir, logger }) => {
        const root = fileURLToPath(dir);
        let basePolicy = '';
        const all = { script: [] as string[], style: [] as string[] };
        for (const file of htmlFiles(root)) {
          const html = readFileSync(file, 'utf8');
          const match = META.exec(html);
          if (!match) throw new Error(`${file} has no Content-Security-Policy meta tag`);
          const hashes = inlineHashes(html);
          all.script.push(...hashes.script);
          all.style.push(...hashes.style);
          const original = match[2]!.replaceAll('&#39;', "'");
          basePolicy ||= withoutHashes(original);
          const policy = withSources(withSources(original, 'script-src', hashes.script), 'style-src', hashes.style);
          writeFileSync(file, html.replace(META, `$1${policy.replaceAll("'", '&#39;')}$3`));
        }
        const headerPolicy = withSources(withSources(basePolicy, 'script-src', all.script), 'style-src', all.style);
        const headers = [
          '/*',
          `  Content-Security-Policy: ${headerPolicy}; frame-ancestors 'none'`,
          '  X-Content-Type-Options: nosniff',
          '  Referrer-Policy: strict-origin-when-cross-origin',
          '',
        ];
        writeFileSync(join(root, '_headers'), headers.join('\n'));
        logger.info('completed each page\'s Content-Security-Policy and wrote _headers');
      },
    },
  };
}
