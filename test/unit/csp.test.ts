import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { inlineHashes, withSources } from '../../src/integrations/csp';

const sha = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

describe('Content-Security-Policy completion', () => {
  it('hashes inline scripts and style elements, but not scripts loaded by src', () => {
    const html = '<script>a()</script><script type="module" src="/x.js"></script><style>p{}</style><script is:inline>b()</script>';
    expect(inlineHashes(html)).toEqual({ script: [sha('a()'), sha('b()')], style: [sha('p{}')] });
  });

  it('adds only missing sources to the named directive', () => {
    const policy = "default-src 'self'; script-src 'self' 'sha256-a'; style-src 'self'";
    expect(withSources(policy, 'script-src', ["'sha256-a'", "'sha256-b'", "'sha256-b'"])).toBe(
      "default-src 'self'; script-src 'self' 'sha256-a' 'sha256-b'; style-src 'self'",
    );
    expect(withSources(policy, 'style-src', ["'sha256-c'"])).toBe("default-src 'self'; script-src 'self' 'sha256-a'; style-src 'self' 'sha256-c'");
  });
});
