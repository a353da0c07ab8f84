// The engines stay below the UI: nothing in src/lib imports islands, components, pages, the demo worker, the
// build integrations or the scripts (as Starlight's no-internal-barrel-imports test enforces its own layering).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve('.');
const FORBIDDEN = ['src/islands', 'src/components', 'src/pages', 'src/demo', 'src/integrations', 'scripts'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : /\.(ts|tsx|mjs|js)$/.test(name) ? [full] : [];
  });
}

/** Relative import specifiers of a file, static and dynamic, type-only ones included. */
export function importsOf(text: string): string[] {
  const specifiers = [...text.matchAll(/(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g)];
  return specifiers.map((match) => match[1] ?? match[2] ?? match[3]!).filter((specifier) => specifier.startsWith('.'));
}

describe('import layers', () => {
  it('finds imports of every form', () => {
    const text = "import a from './a';\nimport type { B } from '../b';\nexport { c } from './c';\nconst d = await import('./d');\nimport './e';\nimport x from 'zod';";
    expect(importsOf(text)).toEqual(['./a', '../b', './c', './d', './e']);
  });

  it('keeps src/lib free of UI, worker, build and script code', () => {
    const violations: string[] = [];
    for (const file of sourceFiles(join(root, 'src/lib'))) {
      for (const specifier of importsOf(readFileSync(file, 'utf8'))) {
        const target = relative(root, resolve(dirname(file), specifier)).split(sep).join('/');
        if (FORBIDDEN.some((layer) => target === layer || target.startsWith(`${layer}/`))) violations.push(`${relative(root, file)} imports ${specifier}`);
      }
    }
    expect(violations).toEqual([]);
  });
});
