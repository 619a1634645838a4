// The Worker runtime for e2e tests: `wrangler dev` (workerd + a local D1) on a free
// port, its D1 persisted in the test's temp dir and migrated as a deploy would be.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { ADMIN_TOKEN, connectSightline, ROOT, SITE_KEY, startServer, test as nodeTest } from './fixtures';
import type { ServerContext, ServerSpec, Sightline } from './fixtures';

const WRANGLER = `${ROOT}node_modules/.bin/wrangler`;
// No telemetry and no Cloudflare look-ups (request.cf) from tests.
const QUIET = {
  WRANGLER_SEND_METRICS: 'false',
  WRANGLER_SEND_ERROR_REPORTS: 'false',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
};

/** `wrangler d1 migrations apply` on the local D1 in `dir`; CI=true so it never waits for a "continue?" answer. */
export function applyMigrations(dir: string): void {
  const args = ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', dir];
  const result = spawnSync(WRANGLER, args, {
    cwd: ROOT,
    env: { ...process.env, ...QUIET, CI: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (result.status !== 0) {
    throw new Error(
      `wrangler ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`}):\n${result.stdout}\n${result.stderr}`,
    );
  }
}

/** `wrangler dev` with the demo site's key and admin token as vars, after migrating its D1. */
export function workerServer({ host, port, dataDir }: ServerContext): ServerSpec {
  try {
    applyMigrations(dataDir);
  } catch (err) {
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  return {
    name: 'wrangler dev',
    command: WRANGLER,
    args: [
      'dev',
      '--ip',
      host,
      '--port',
      String(port),
      '--persist-to',
      dataDir,
      '--log-level',
      'warn',
      '--var',
      `SIGHTLINE_SITE_KEY:${SITE_KEY}`,
      '--var',
      `SIGHTLINE_ADMIN_TOKEN:${ADMIN_TOKEN}`,
      '--var',
      `SIGHTLINE_ORIGINS:http://${host}:${port}`,
    ],
    env: QUIET,
    readyTimeoutMs: 60_000,
  };
}

/** The e2e fixtures with `sightline` served by the Worker instead of the Node server. */
export const test = nodeTest.extend<{}, { sightline: Sightline }>({
  sightline: [
    async ({}, use) => {
      const server = await startServer(workerServer);
      try {
        await use(connectSightline(server.baseURL));
      } finally {
        await server.stop();
      }
    },
    { scope: 'worker', timeout: 90_000 },
  ],
});
