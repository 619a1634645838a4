// Start a real server as a child process for end-to-end tests, on a free port with a
// fresh data directory, and stop it again. Runtime-neutral: the Node server and a
// `wrangler dev` Worker differ only in the ServerSpec they describe.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root; commands and relative paths resolve from here. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface ServerContext {
  host: string;
  port: number;
  /** A fresh, empty temporary directory, removed after stop(). */
  dataDir: string;
}

export interface ServerSpec {
  /** Used in error messages. */
  name: string;
  /** An executable run directly (not through npm/npx) so SIGTERM reaches the server itself. */
  command: string;
  args?: string[];
  /** Added to this process's environment. */
  env?: Record<string, string>;
  /** Polled until it answers 2xx. Default `/livez`. */
  readyPath?: string;
  /** Default 30 s. */
  readyTimeoutMs?: number;
}

export interface RunningServer {
  name: string;
  baseURL: string;
  port: number;
  dataDir: string;
  /** The tail of the child's stdout and stderr. */
  output(): string;
  /** SIGTERM, wait for exit; throws if the server had to be killed. */
  stop(): Promise<void>;
}

const OUTPUT_LIMIT = 16_000;
const STOP_TIMEOUT_MS = 10_000;

/** A port that was free a moment ago on `host` (the OS picks it). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error('no port assigned'))));
    });
  });
}

/** To start a server again where a stopped one ran: same port, same data. */
export interface StartOptions {
  port?: number;
  /** An existing data directory; stop() then leaves it in place (the caller removes it). */
  dataDir?: string;
}

/** Starts the server `describe` returns for a free port and temp dir (or `options`'); resolves once it is ready. */
export async function startServer(
  describe: (ctx: ServerContext) => ServerSpec,
  options: StartOptions = {},
): Promise<RunningServer> {
  const host = '127.0.0.1';
  const ctx: ServerContext = {
    host,
    port: options.port ?? (await freePort(host)),
    dataDir: options.dataDir ?? (await mkdtemp(join(tmpdir(), 'sightline-e2e-'))),
  };
  const removeDataDir = () =>
    options.dataDir ? Promise.resolve() : rm(ctx.dataDir, { recursive: true, force: true });
  let spec: ServerSpec;
  try {
    spec = describe(ctx);
  } catch (err) {
    await removeDataDir();
    throw err;
  }
  const baseURL = `http://${host}:${ctx.port}`;

  const child = spawn(spec.command, spec.args ?? [], {
    cwd: ROOT,
    env: { ...process.env, ...spec.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const record = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-OUTPUT_LIMIT);
    if (process.env.SIGHTLINE_E2E_LOG) process.stderr.write(`[${spec.name}] ${chunk}`);
  };
  child.stdout.on('data', record);
  child.stderr.on('data', record);
  const exited = new Promise<string>((resolve) => {
    child.once('error', (err) => resolve(`could not be started: ${err.message}`));
    child.once('exit', (code, signal) => resolve(`exited early (code ${code}, signal ${signal})`));
  });

  const stop = async () => {
    const killed = await terminate(child);
    await removeDataDir();
    if (killed)
      throw new Error(`${spec.name} ignored SIGTERM for ${STOP_TIMEOUT_MS} ms and was killed.\n${output}`);
  };

  const problem = await Promise.race([
    exited,
    waitUntilReady(baseURL + (spec.readyPath ?? '/livez'), spec.readyTimeoutMs ?? 30_000),
  ]);
  if (problem) {
    await terminate(child);
    await removeDataDir();
    throw new Error(
      `${spec.name} (${spec.command} ${(spec.args ?? []).join(' ')}) ${problem}.\n--- its output ---\n${output || '(none)'}`,
    );
  }
  return { name: spec.name, baseURL, port: ctx.port, dataDir: ctx.dataDir, output: () => output, stop };
}

/** Resolves to undefined once `url` answers 2xx, or to a description of why it never did. */
async function waitUntilReady(url: string, timeoutMs: number): Promise<string | undefined> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return undefined;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return `did not answer ${url} within ${timeoutMs} ms (last: ${last})`;
}

/** SIGTERM, then SIGKILL after a grace period. Resolves true if SIGKILL was needed. */
async function terminate(child: ReturnType<typeof spawn>): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = new Promise<'timeout'>((resolve) => setTimeout(resolve, STOP_TIMEOUT_MS, 'timeout').unref());
  if ((await Promise.race([exit, timer])) !== 'timeout') return false;
  child.kill('SIGKILL');
  await exit;
  return true;
}
