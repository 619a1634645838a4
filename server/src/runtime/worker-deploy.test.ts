// The Worker as `wrangler deploy` would upload it, built offline (`--dry-run --outdir`):
// it bundles, every binding in wrangler.jsonc resolves, and it fits the Workers size limit.
// Needs the build (`npm test` runs it first): the assets directory is dist/public.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** The compressed size limit of a Worker on the Free plan (the paid plans allow 10 MB). */
const FREE_PLAN_LIMIT = 3 * 1024 * 1024;

it('builds the deploy bundle with its D1, Queue and Durable Object bindings, within the Free plan size', () => {
  const out = mkdtempSync(join(tmpdir(), 'sightline-deploy-'));
  try {
    const result = spawnSync(
      join(ROOT, 'node_modules/.bin/wrangler'),
      ['deploy', '--dry-run', '--outdir', out],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          CI: 'true',
          WRANGLER_SEND_METRICS: 'false',
          CLOUDFLARE_CF_FETCH_ENABLED: 'false',
        },
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
    expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
    for (const binding of [
      'env.DB (sightline)',
      'env.INGEST_QUEUE (sightline-ingest)',
      'env.LIVE (LiveHubObject)',
      'env.RATE_LIMITER (RateLimitObject)',
    ]) {
      expect(result.stdout).toContain(binding);
    }
    const bundle = readFileSync(join(out, 'worker.js'));
    expect(gzipSync(bundle).length).toBeLessThan(FREE_PLAN_LIMIT);
    // The Durable Object classes are exported under the names wrangler.jsonc binds.
    expect(bundle.toString()).toMatch(
      /export\s*\{[^}]*LiveHubObject[^}]*RateLimitObject|export\s*\{[^}]*RateLimitObject[^}]*LiveHubObject/,
    );
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}, 180_000);
