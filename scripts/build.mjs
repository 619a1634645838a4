// Builds what the server serves and what packages import. A plain list of
// esbuild builds: later parts (the dashboard) add entries here.
//   node scripts/build.mjs               builds everything and prints raw and brotli sizes
//   node scripts/build.mjs --if-changed  skips a part none of whose inputs changed since its
//                                        last build (`npm start`; issue #19 item 12)
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { constants, brotliCompressSync } from 'node:zlib';
import { minify } from 'terser';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Options every browser build shares. */
const browser = {
  absWorkingDir: root,
  bundle: true,
  minify: true,
  platform: 'browser',
  target: 'es2020',
  logLevel: 'warning',
};

/**
 * Property names of the widget's own objects (its queue, sender, session and limits, the
 * options of its factories), which esbuild shortens to a letter or two, like the `_names`
 * web-vitals marks private. Never a protocol field (those go on the wire), a stored one
 * (read back by other versions), a public option or a browser API's name: size.test.ts
 * checks the list against the protocol, and the e2e suite runs the mangled build.
 */
export const INTERNAL_PROPS = [
  'beacon',
  'beforeFlush',
  'buffer',
  'del',
  'drop',
  'end',
  'envelope',
  'flush',
  'flushCounts',
  'limits',
  'maxBodyBytes',
  'maxBytes',
  'maxEvents',
  'maxPending',
  'newId',
  'paint',
  'post',
  'queueLimits',
  'schedule',
  'send',
  'start',
  'state',
  'storage',
  'take',
  'touch',
];

/**
 * The widget's baseline is the browsers web-vitals v5 measures INP in (event timing):
 * current Chrome, Edge, Firefox and Safari, all of which run ES2022 as it is, so
 * nothing is down-levelled (web-vitals' class fields would otherwise need helpers).
 */
const widget = {
  ...browser,
  target: 'es2022',
  legalComments: 'none',
  drop: ['console'],
  // Modules are strict whatever the directive says; the script tag's IIFE needs no "use strict".
  tsconfigRaw: { compilerOptions: { alwaysStrict: false, verbatimModuleSyntax: true } },
  mangleProps: new RegExp(`^(_[^_].*|${INTERNAL_PROPS.join('|')})$`),
};

export const widgetBuilds = [
  // What a site owner's <script> tag loads: one self-contained IIFE, no source map.
  {
    ...widget,
    entryPoints: ['widget/src/script-tag.ts'],
    outfile: 'dist/public/sightline.js',
    format: 'iife',
    sourcemap: false,
  },
  // `import { init, track }` for tools that bundle their own front end.
  { ...widget, entryPoints: ['widget/src/index.ts'], outfile: 'dist/widget/index.js', format: 'esm' },
];

/**
 * Terser after esbuild: its repeated compress passes inline and fold what esbuild's
 * single pass leaves (about 6% of the widget's brotli size). `unsafe_arrows` and
 * `unsafe_methods` only rewrite functions that never use `this` or `new`;
 * `pure_getters` lets it drop property reads whose value is unused.
 */
const terserOptions = (module) => ({
  ecma: 2022,
  module,
  toplevel: true,
  compress: { passes: 3, unsafe_arrows: true, unsafe_methods: true, pure_getters: true },
  mangle: { toplevel: true },
});

/** The script tag's code as the build makes it (esbuild, then terser), from `entry`; for bench:widget's comparisons. */
export async function bundleScriptTag(entry, extra = {}) {
  const { outputFiles } = await build({ ...widgetBuilds[0], entryPoints: [entry], ...extra, write: false });
  return (await minify(outputFiles[0].text, terserOptions(false))).code;
}

/** esbuild bundles, terser minifies again, then the file is written; `onInputs` gets the files read. */
async function buildMinified(options, onInputs) {
  const { outputFiles, metafile } = await build({ ...options, write: false, metafile: true });
  onInputs?.(Object.keys(metafile.inputs));
  const { code } = await minify(outputFiles[0].text, terserOptions(options.format === 'esm'));
  const file = join(root, options.outfile);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, code);
}

/** Raw and brotli (quality 11, as a CDN would serve it) size of a built file. */
export function sizeOf(file) {
  const bytes = readFileSync(new URL(file, pathToFileURL(root)));
  const brotli = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  return { file, bytes: bytes.length, brotli };
}

/** Builds the widget's two outputs; resolves to their sizes. `onInputs` gets the files read. */
export async function buildWidget(onInputs) {
  await Promise.all(widgetBuilds.map((options) => buildMinified(options, onInputs)));
  return widgetBuilds.map((options) => sizeOf(options.outfile));
}

const kb = (n) => `${(n / 1024).toFixed(2)} KiB`;

/** Declarations for the widget's ESM entry, beside it in dist/widget/types. */
function buildWidgetTypes() {
  const tsc = spawnSync(`${root}node_modules/.bin/tsc`, ['-p', 'widget/tsconfig.types.json'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (tsc.status !== 0) throw new Error('tsc could not emit the widget declarations');
  console.log('built dist/widget/types/widget/src/index.d.ts');
}

/**
 * Each part's inputs at its last build (esbuild's metafile, node_modules included, plus these
 * scripts), so `--if-changed` rebuilds a part only when one is newer than its outputs. Files
 * imported for types only are not in a metafile: a plain `npm run build` rebuilds everything.
 */
const STAMPS = join(root, 'dist/.build-inputs.json');
const mtime = (file) => (existsSync(join(root, file)) ? statSync(join(root, file)).mtimeMs : Infinity);

function upToDate(inputs, outputs) {
  if (!inputs) return false;
  const built = Math.min(...outputs.map((f) => (existsSync(join(root, f)) ? mtime(f) : -Infinity)));
  return inputs.every((f) => mtime(f) <= built);
}

async function main() {
  const started = performance.now();
  const changedOnly = process.argv.includes('--if-changed');
  const { buildDashboard } = await import('./build-dashboard.mjs');
  const parts = [
    {
      name: 'widget',
      outputs: [...widgetBuilds.map((o) => o.outfile), 'dist/widget/types/widget/src/index.d.ts'],
      run: async (onInputs) => {
        const sizes = await buildWidget(onInputs);
        buildWidgetTypes();
        return sizes;
      },
    },
    {
      name: 'dashboard',
      outputs: ['dist/public/dashboard/app.js', 'dist/public/dashboard/app.css'],
      run: buildDashboard,
    },
  ];
  const stamps = existsSync(STAMPS) ? JSON.parse(readFileSync(STAMPS, 'utf8')) : {};
  for (const part of parts) {
    if (changedOnly && upToDate(stamps[part.name], part.outputs)) {
      console.log(`${part.name}: unchanged since its last build`);
      continue;
    }
    const inputs = new Set(['scripts/build.mjs', 'scripts/build-dashboard.mjs', 'package-lock.json']);
    for (const { file, bytes, brotli } of await part.run((files) => files.forEach((f) => inputs.add(f)))) {
      console.log(
        `built ${file.padEnd(28)} ${kb(bytes).padStart(10)} raw ${kb(brotli).padStart(10)} brotli (${brotli} B)`,
      );
    }
    stamps[part.name] = [...inputs];
  }
  mkdirSync(dirname(STAMPS), { recursive: true });
  writeFileSync(STAMPS, JSON.stringify(stamps));
  console.log(`build done in ${Math.round(performance.now() - started)} ms`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
