// `npm test -w apps/admin`: the browser tests need the built API and the built admin app.
// Under turbo (`npm test` at the root) the task graph has built them already (TURBO_HASH is
// set); run directly, this builds them first (turbo's cache makes that quick when fresh).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../../..');

function run(command, args, cwd) {
  const result = spawnSync(command, args, {
    cwd,
    stdio: 'inherit',
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (!process.env.TURBO_HASH && process.env.ADMIN_E2E_SKIP_BUILD !== '1') {
  run(
    'npx',
    ['turbo', 'run', 'build', '--filter=@eastlake/admin...', '--output-logs=errors-only'],
    repo,
  );
}
// A fresh machine has no browser: install Debian's Chromium the same way CI does.
if (!process.env.CHROMIUM_PATH && !existsSync('/usr/bin/chromium')) {
  const found = spawnSync('bash', [join(repo, 'infra/scripts/ensure-chromium.sh')], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (found.status !== 0) process.exit(found.status ?? 1);
  process.env.CHROMIUM_PATH = found.stdout.trim();
}
const files = readdirSync(here)
  .filter((f) => f.endsWith('.e2e.mjs'))
  .map((f) => join(here, f));
run(process.execPath, ['--test', '--test-concurrency=1', ...files], here);
