// Builds the dashboard (dashboard/src, Preact + signals + uPlot) into
// dist/public/dashboard/: app.js (one ES module) and app.css. The HTML shell is
// served by the server itself (server/src/routes/dashboard.ts) for every /dashboard URL.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { constants, brotliCompressSync } from 'node:zlib';

const root = fileURLToPath(new URL('..', import.meta.url));

export const dashboardBuild = {
  absWorkingDir: root,
  entryPoints: ['dashboard/src/main.tsx'],
  outfile: 'dist/public/dashboard/app.js',
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2020',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  legalComments: 'none',
  sourcemap: false,
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': '"production"' },
};

/** Raw and brotli (quality 11) sizes of a built file. */
function sizeOf(file) {
  const bytes = readFileSync(new URL(file, `file://${root}`));
  return {
    file,
    bytes: bytes.length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

/** Builds the dashboard; resolves to the sizes of its JS and CSS. `onInputs` gets the files it read. */
export async function buildDashboard(onInputs) {
  const { metafile } = await build({ ...dashboardBuild, metafile: true });
  onInputs?.(Object.keys(metafile.inputs));
  return [sizeOf('dist/public/dashboard/app.js'), sizeOf('dist/public/dashboard/app.css')];
}
