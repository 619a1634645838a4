// Builds what the server serves and what packages import. A plain list of
// esbuild builds: later parts (the dashboard) add entries here.
//   node scripts/build.mjs      builds everything and prints raw and brotli sizes
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { constants, brotliCompressSync } from 'node:zlib';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Options every browser build shares. */
const browser = { absWorkingDir: root, bundle: true, minify: true, platform: 'browser', target: 'es2020', logLevel: 'warning' };

export const widgetBuilds = [
  // What a site owner's <script> tag loads: one self-contained IIFE, no source map.
  { ...browser, entryPoints: ['widget/src/script-tag.ts'], outfile: 'dist/public/sightline.js', format: 'iife', sourcemap: false },
  // `import { init, track }` for tools that bundle their own front end.
  { ...browser, entryPoints: ['widget/src/index.ts'], outfile: 'dist/widget/index.js', format: 'esm' },
];

/** Raw and brotli (quality 11, as a CDN would serve it) size of a built file. */
export function sizeOf(file) {
  const bytes = readFileSync(new URL(file, pathToFileURL(root)));
  const brotli = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  return { file, bytes: bytes.length, brotli };
}

async function runBuilds(builds) {
  await Promise.all(builds.map((options) => build(options)));
  return builds.map((options) => sizeOf(options.outfile));
}

/** Builds the widget's two outputs; resolves to their sizes. */
export async function buildWidget() {
  return runBuilds(widgetBuilds);
}

const kb = (n) => `${(n / 1024).toFixed(2)} KiB`;

async function main() {
  const started = performance.now();
  for (const { file, bytes, brotli } of await buildWidget()) {
    console.log(`built ${file.padEnd(28)} ${kb(bytes).padStart(10)} raw ${kb(brotli).padStart(10)} brotli (${brotli} B)`);
  }
  console.log(`build done in ${Math.round(performance.now() - started)} ms`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
