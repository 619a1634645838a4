// Test support: the Node runtime as a user runs it, a real process on a real port with
// a real data directory, started, stopped (SIGTERM, SIGINT) and killed (SIGKILL).
// Call `killAll` after each test: a process a test left running is killed.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('../../', import.meta.url).pathname;

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface Started {
  child: ChildProcess;
  output: () => string;
}

const running: ChildProcess[] = [];
export const killAll = () => running.splice(0).forEach((c) => c.kill('SIGKILL'));

/** The server process on `env`; node itself, not the tsx wrapper, which would outlive a SIGKILL of its own pid. */
function spawnServer(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/runtime/node.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
  });
  running.push(child);
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  return { child, output: () => output };
}

/** The server on `env`, once it says it is listening. */
export function start(env: Record<string, string>, timeoutMs = 60_000): Promise<Started> {
  const started = spawnServer(env);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not start:\n${started.output()}`)),
      timeoutMs,
    );
    started.child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${started.output()}`)));
    started.child.stdout!.on('data', () => {
      if (started.output().includes('listening on')) (clearTimeout(timer), resolve(started));
    });
  });
}

/** A first start on a fresh data directory and port, with the site key and admin token it printed. */
export async function startFresh(extra: Record<string, string> = {}) {
  const port = await freePort();
  const env = { PORT: String(port), DATA_DIR: mkdtempSync(join(tmpdir(), 'sightline-node-')), ...extra };
  const first = await start(env);
  const siteKey = first.output().match(/site key:\s+(\S+)/)![1];
  const token = first.output().match(/admin token: (sl_admin_\S+)/)![1];
  return { env, base: `http://127.0.0.1:${port}`, first, siteKey, token };
}

/** Runs the server on `env` until it exits by itself; its exit code and everything it printed. */
export function runToExit(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const { child, output } = spawnServer(env);
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, output: output() })));
}

/** Sends `signal` and resolves to the exit code (null when killed by the signal). */
export function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<number | null> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.on('exit', (code) => resolve(code));
    child.kill(signal);
  });
}
