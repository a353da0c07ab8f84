import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findBrokenLinks } from '../../src/integrations/link-check';

function site(pages: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'link-check-'));
  for (const [path, html] of Object.entries(pages)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), html);
  }
  return dir;
}

describe('internal link check', () => {
  it('accepts relative, root-relative and anchored links that resolve, and ignores other sites', () => {
    const dir = site({
      'index.html': '<a href="guide/">a</a><a href="/guide/#setup">b</a><a href="https://example.org/x">c</a><a href="#_top">d</a>',
      'guide/index.html': '<h2 id="setup">Setup</h2><a href="../">home</a><a href="../favicon.svg">icon</a>',
      'favicon.svg': '<svg/>',
    });
    expect(findBrokenLinks(dir, '/')).toEqual([]);
  });

  it('reports a missing page, a missing heading and a link outside the base path', () => {
    const dir = site({
      'index.html': '<a href="nope/">a</a><a href="guide/#missing">b</a><a href="/elsewhere/">c</a>',
      'guide/index.html': '<h2 id="setup">Setup</h2>',
    });
    expect(findBrokenLinks(dir, '/docs/')).toEqual([
      { page: '/docs/', href: 'nope/', reason: 'no such page' },
      { page: '/docs/', href: 'guide/#missing', reason: 'no heading or element with id "missing"' },
      { page: '/docs/', href: '/elsewhere/', reason: "outside the site's base path /docs/" },
    ]);
  });
});
