// Finds Debian's Chromium for the browser tests. Never downloads a browser build of its own: when none is
// installed and we are root on a machine with apt-get, it installs Debian's package; otherwise it says how.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const DEBIAN_PATH = '/usr/bin/chromium';

/**
 * Flags for every Chromium the tests and the bench start: without them Chromium keeps trying to reach Google's
 * services, which this machine's network refuses, and tries GPU compositing it does not have.
 */
export const CHROMIUM_FLAGS = [
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function aptInstallChromium() {
  const quiet = { stdio: ['ignore', 'ignore', 'inherit'] };
  console.log('test: Chromium not found; installing Debian\'s chromium package with apt-get...');
  const update = spawnSync('apt-get', ['update', '-qq'], quiet);
  if (update.status !== 0) return false;
  const install = spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], {
    ...quiet,
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return install.status === 0;
}

/** @returns {{ path?: string, message: string }} */
export function findChromium() {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) {
    return existsSync(fromEnv)
      ? { path: fromEnv, message: '' }
      : { message: `CHROME_PATH is set to ${fromEnv}, but no file is there` };
  }
  if (existsSync(DEBIAN_PATH)) return { path: DEBIAN_PATH, message: '' };
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (isRoot && hasApt && aptInstallChromium() && existsSync(DEBIAN_PATH)) return { path: DEBIAN_PATH, message: '' };
  return {
    message: 'Chromium not found: install it (Debian: sudo apt-get install chromium) or set CHROME_PATH to its binary',
  };
}
