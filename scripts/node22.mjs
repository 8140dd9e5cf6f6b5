// Re-runs the calling script under Node 22 when the machine's node is older (the machines here
// ship Node 20), so `npm start` and `npm test` work as typed. The install itself is
// scripts/node22.sh's: one place knows where Node 22 comes from.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function rerunOnNode22(scriptUrl) {
  if (Number(process.versions.node.split('.')[0]) >= 22) return;
  const script = join(import.meta.dirname ?? dirname(fileURLToPath(import.meta.url)), 'node22.sh');
  const found = spawnSync('bash', ['-c', '. "$0" >&2 && command -v node', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const node = found.stdout?.trim();
  if (found.status !== 0 || !node) {
    console.error('LeadLoop needs Node 22 or newer, and installing it from the npm registry failed.');
    process.exit(1);
  }
  const result = spawnSync(node, [...process.execArgv, fileURLToPath(scriptUrl), ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, PATH: `${dirname(node)}:${process.env.PATH}` },
  });
  process.exit(result.status ?? 1);
}
