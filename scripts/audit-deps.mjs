// `npm run audit:deps`: the whole dependency tree (dev and optional included, which is all of it here) against
// npm's advisory database, then the registry signatures of what is installed. Needs the registry's audit endpoint
// and sigstore; where either cannot be reached it says so in one line and exits 3, so "not checked" is never read
// as "clean". Exit 1 when an advisory at moderate or above is found.
import { spawnSync } from 'node:child_process';

function npm(args) {
  // `npm run -s` passes its silence on through the environment; the messages are needed here to tell the cases apart.
  const result = spawnSync('npm', args, { encoding: 'utf8', env: { ...process.env, npm_config_loglevel: 'warn' } });
  return { status: result.status ?? 1, output: `${result.stdout}${result.stderr}` };
}

const unreachable = (output) => /ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|405 Method Not Allowed|audit endpoint returned an error/.test(output);

let exit = 0;
for (const [what, args] of [
  ['advisories', ['audit', '--include=dev', '--include=optional', '--audit-level=moderate']],
  ['signatures', ['audit', 'signatures']],
]) {
  const { status, output } = npm(args);
  if (status === 0) {
    console.log(`audit:deps: ${what}: ${output.trim().split('\n').filter((line) => !line.startsWith('npm warn')).at(-1) ?? 'ok'}`);
  } else if (unreachable(output)) {
    console.log(`audit:deps: ${what}: NOT CHECKED, the service could not be reached from this machine`);
    exit = Math.max(exit, 3);
  } else {
    process.stdout.write(output);
    exit = 1;
  }
}
process.exit(exit === 3 ? 3 : exit);
