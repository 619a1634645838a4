// Smoke test of the Node runtime's health and checks wiring: a real process
// with a checks file, its scheduler running a check against the process itself.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = new URL('../../../', import.meta.url).pathname;
const TOKEN = 'sl_admin_checks_smoke';

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

let child: ChildProcess | undefined;
afterEach(() => child?.kill('SIGKILL'));

describe('Node runtime: health and synthetic checks', () => {
  it('loads the checks file, runs a check on its scheduler, reports ready and healthy, stops cleanly', async () => {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'sightline-checks-'));
    const file = join(dir, 'checks.json');
    writeFileSync(
      file,
      JSON.stringify([
        {
          id: 'self',
          name: 'Self',
          url: `http://127.0.0.1:${port}/livez`,
          expectedBody: { path: '$.status', equals: 'pass' },
        },
      ]),
    );
    const env = {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dir,
      SIGHTLINE_ADMIN_TOKEN: TOKEN,
      SIGHTLINE_CHECKS_FILE: file,
      SIGHTLINE_ALLOW_PRIVATE_TARGETS: 'true',
    };
    child = spawn(join(ROOT, 'node_modules/.bin/tsx'), ['server/src/runtime/node.ts'], { cwd: ROOT, env });
    let output = '';
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    const base = `http://127.0.0.1:${port}`;
    await expect.poll(() => output, { timeout: 20_000 }).toContain('listening on');
    expect(output).toMatch(/checks:\s+1 from .*checks\.json; private targets allowed/);

    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const json = (res: Response): Promise<any> => res.json();
    const get = (path: string) => fetch(base + path, { headers: { authorization: `Bearer ${TOKEN}` } });
    await expect
      .poll(async () => (await json(await get('/v1/checks/self'))).state?.lastRun?.ok, { timeout: 10_000 })
      .toBe(true);
    expect((await json(await get('/v1/checks/self'))).state).toMatchObject({
      status: 'up',
      consecutiveSuccesses: 1,
    });
    const ready = await fetch(`${base}/readyz`);
    expect([ready.status, await ready.json()]).toEqual([200, { status: 'pass' }]);
    const health = await json(await get('/health'));
    expect(health.status).toBe('pass');
    expect(health.checks['scheduler:lastTickAge'][0]).toMatchObject({ status: 'pass', observedUnit: 's' });

    const exited = new Promise<number | null>((resolve) => child!.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
