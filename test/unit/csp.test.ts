import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { demoPolicy, hasIsland, inlineHashes, pagePolicy, withDirective, withSources } from '../../src/integrations/csp';
import { fetchAllowed, guardedFetch } from '../../src/lib/demo/origins';

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

describe('the demo page and only it gets workers and the Hub', () => {
  const site = "default-src 'self';img-src 'self' data:;connect-src 'self';worker-src 'none';object-src 'none'; script-src 'self' 'wasm-unsafe-eval'";

  it('widens connect-src and worker-src on the demo page, to the Hub only when models come from it', () => {
    expect(demoPolicy(site, 'hub')).toBe(
      "default-src 'self';img-src 'self' data:;connect-src 'self' https://huggingface.co https://*.huggingface.co https://*.hf.co;worker-src 'self';object-src 'none'; script-src 'self' 'wasm-unsafe-eval'",
    );
    expect(demoPolicy(site, 'local')).toBe("default-src 'self';img-src 'self' data:;connect-src 'self';worker-src 'self';object-src 'none'; script-src 'self' 'wasm-unsafe-eval'");
  });

  it('adds a directive the policy lacks', () => {
    expect(withDirective("default-src 'self'", 'worker-src', ["'self'"])).toBe("default-src 'self';worker-src 'self'");
  });

  it('recognises an island by its chunk, and no other island', () => {
    expect(hasIsland('<astro-island uid="a" component-url="/_astro/Demo.DltQ29Lk.js" component-export="default">', 'Demo')).toBe(true);
    expect(hasIsland('<astro-island uid="a" component-url="/repo/_astro/Demo.x_Y-1.js">', 'Demo')).toBe(true);
    expect(hasIsland('<astro-island uid="a" component-url="/_astro/MemoryCalculator.DltQ29Lk.js">', 'Demo')).toBe(false);
    expect(hasIsland('<p>The Demo.abc.js island</p>', 'Demo')).toBe(false);
  });

  it('gives each page the sources its islands need and no more', () => {
    const demo = '<astro-island component-url="/_astro/Demo.a.js">';
    const memory = '<astro-island component-url="/_astro/MemoryCalculator.b.js">';
    expect(pagePolicy(site, demo, 'hub')).toBe(demoPolicy(site, 'hub'));
    expect(pagePolicy(site, demo, 'local')).toBe(demoPolicy(site, 'local'));
    expect(pagePolicy(site, memory, 'local')).toBe("default-src 'self';img-src 'self' data:;connect-src 'self' https://huggingface.co;worker-src 'none';object-src 'none'; script-src 'self' 'wasm-unsafe-eval'");
    expect(pagePolicy(site, '<astro-island component-url="/_astro/CostCalculator.c.js">', 'hub')).toBe(site);
  });
});

describe('where a demo worker may fetch from', () => {
  const origin = 'https://guide.example.org';
  it.each<[string, boolean, boolean]>([
    ['https://guide.example.org/models/x/config.json', true, true],
    ['/_astro/ort.wasm', true, true],
    ['https://huggingface.co/HuggingFaceTB/SmolLM2-135M/resolve/abc/config.json', true, false],
    ['https://cdn-lfs.huggingface.co/repos/x', true, false],
    ['https://cas-bridge.xethub.hf.co/xet/x', true, false],
    ['https://hf.co/x', false, false],
    ['http://huggingface.co/x', false, false],
    ['https://huggingface.co.evil.example/x', false, false],
    ['https://evilhuggingface.co/x', false, false],
    ['https://x.hf.co:8443/x', false, false],
    ['https://example.com/steal', false, false],
    ['http://guide.example.org/x', false, false],
  ])('%s: with the Hub %s, local only %s', (url, withHub, localOnly) => {
    expect(fetchAllowed(url, origin, true)).toBe(withHub);
    expect(fetchAllowed(url, origin, false)).toBe(localOnly);
  });

  it('refuses an address it cannot read', async () => {
    expect(fetchAllowed('http://[not-an-address', origin, true)).toBe(false);
    const inner = (async () => new Response('ok')) as typeof fetch;
    await expect(guardedFetch(inner, origin, true)('http://[not-an-address')).rejects.toThrow('The demo does not fetch from an address it cannot read: only this site and the Hugging Face Hub.');
  });

  it('refuses before sending anything, naming the origin', async () => {
    const sent: string[] = [];
    const inner = (async (input: RequestInfo | URL) => {
      sent.push(String(input));
      return new Response('ok');
    }) as typeof fetch;
    const guarded = guardedFetch(inner, origin, false);
    await expect(guarded('https://example.com/steal?x=1')).rejects.toThrow('The demo does not fetch from https://example.com: only this site.');
    await expect(guardedFetch(inner, origin, true)(new Request('https://example.com/'))).rejects.toThrow('only this site and the Hugging Face Hub.');
    expect(sent).toEqual([]);
    await guarded('/models/a.json');
    expect(sent).toEqual(['/models/a.json']);
  });
});
