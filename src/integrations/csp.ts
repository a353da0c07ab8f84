/**
 * Completes the Content-Security-Policy after the build. Astro hashes the inline scripts it renders itself, but
 * not those some of Starlight's components write (the theme provider, the search shortcut), so each page's policy
 * gets the hashes of the inline scripts that page really contains.
 *
 * Every page starts from the narrow policy in astro.config.mjs (this site only, no workers). The page that holds
 * the demo island also gets what the demo needs: module workers from this site, and the Hugging Face Hub's
 * origins unless the models are served by the site itself (DEMO_MODEL_SOURCE=local). The memory calculator's page
 * may reach huggingface.co, where it reads a config.json when the reader asks for a Hub model.
 *
 * dist/_headers (Netlify, Cloudflare Pages) sends one policy for every path: the widest of these, with every
 * page's hashes.
 * A browser enforces both a header and a meta policy, so each page still gets no more than its own meta policy
 * allows; the header is what protects the demo's workers, whose scripts are fetched as /_astro/ files and which a
 * page's meta tag does not cover. On hosts that cannot send headers (GitHub Pages) the workers have no policy of
 * their own: see src/demo/worker.ts for the guard they carry instead, and the README for what each host enforces.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { htmlFiles } from './built-pages';
import { HUB_ORIGINS } from '../lib/demo/origins';

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

export type DemoModelSource = 'hub' | 'local';

/** Whether a built page contains an island (Astro names the island's chunk after its component). */
export function hasIsland(html: string, island: 'Demo' | 'MemoryCalculator'): boolean {
  return new RegExp(`<astro-island[^>]*\\scomponent-url="[^"]*/${island}\\.[\\w-]+\\.js"`).test(html);
}

/** Sets a directive's sources (e.g. "worker-src" to 'self'), adding the directive if the policy lacks it. */
export function withDirective(policy: string, directive: string, sources: readonly string[]): string {
  const pattern = new RegExp(`(^|;\\s*)${directive}\\s[^;]*`);
  const value = `${directive} ${sources.join(' ')}`;
  return pattern.test(policy) ? policy.replace(pattern, (_, lead: string) => `${lead}${value}`) : `${policy};${value}`;
}

/** The demo page's policy: the site's, plus workers from this site, plus the Hub unless models are served locally. */
export function demoPolicy(policy: string, source: DemoModelSource): string {
  const connect = ["'self'", ...(source === 'hub' ? HUB_ORIGINS : [])];
  return withDirective(withDirective(policy, 'connect-src', connect), 'worker-src', ["'self'"]);
}

/** The memory calculator reads a config.json from huggingface.co when the reader asks for a Hub model. */
export function memoryCalculatorPolicy(policy: string): string {
  return withDirective(policy, 'connect-src', ["'self'", HUB_ORIGINS[0]]);
}

/** A built page's policy, from the site's and the islands the page holds. */
export function pagePolicy(policy: string, html: string, source: DemoModelSource): string {
  if (hasIsland(html, 'Demo')) return demoPolicy(policy, source);
  if (hasIsland(html, 'MemoryCalculator')) return memoryCalculatorPolicy(policy);
  return policy;
}

export default function csp({ demoModelSource }: { demoModelSource: DemoModelSource }): AstroIntegration {
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
          const built = match[2]!.replaceAll('&#39;', "'");
          basePolicy ||= withoutHashes(built);
          const original = pagePolicy(built, html, demoModelSource);
          const policy = withSources(withSources(original, 'script-src', hashes.script), 'style-src', hashes.style);
          writeFileSync(file, html.replace(META, `$1${policy.replaceAll("'", '&#39;')}$3`));
        }
        // Wide enough for every page (the Hub for the calculator even when the demo's models are local).
        const widest = withDirective(demoPolicy(basePolicy, demoModelSource), 'connect-src', ["'self'", ...(demoModelSource === 'hub' ? HUB_ORIGINS : [HUB_ORIGINS[0]])]);
        const headerPolicy = withSources(withSources(widest, 'script-src', all.script), 'style-src', all.style);
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
