// Test support: a Worker module as Miniflare runs it, bundled from an entry written in the
// test (`cloudflare:*` modules are workerd's own).
import { build } from 'esbuild';

/** `entry` (TypeScript, imports relative to `dir`) bundled into one ES module. */
export async function workerScript(entry: string, dir: URL): Promise<string> {
  const out = await build({
    stdin: { contents: entry, resolveDir: dir.pathname, loader: 'ts' },
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    external: ['cloudflare:*'],
    write: false,
    logLevel: 'silent',
  });
  return out.outputFiles[0].text;
}
