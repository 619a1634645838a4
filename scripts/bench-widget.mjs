// `npm run bench:widget`: what the widget costs a real page. Loads the demo Canvas
// course page in headless Chromium N times without any script and N times with the
// widget (alternating, fresh context each time), and prints medians of main-thread
// script and task time (CDP Performance metrics in thread ticks), long tasks, and
// what the ingest endpoint received per page view, with the ratio widget / no script.
//   node scripts/bench-widget.mjs [--runs 15] [--write docs/benchmarks.md]
// A tiny node:http server stands in for Sightline: it serves the page and the built
// sightline.js and answers every batch 202, so only the browser side is measured.
import { createServer } from 'node:http';
import { cpus } from 'node:os';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { buildWidget } from './build.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const RUNS = Number(option('--runs', process.env.BENCH_RUNS ?? 15));
const WRITE = option('--write', undefined);

const [script] = await buildWidget();
const html = readFileSync(`${root}server/demo/canvas.html`, 'utf8').replaceAll('{{SITE_KEY}}', 'sk_bench');
const TAG = /<script src="\/sightline\.js"[^>]*><\/script>\n?/;
if (!TAG.test(html)) throw new Error('the demo page has no sightline.js script tag');
const pages = { widget: html, none: html.replace(TAG, '') };
const widgetJs = readFileSync(`${root}dist/public/sightline.js`);

/** Bytes and requests the ingest endpoint received, per page-view label. */
let received = { bytes: 0, requests: 0 };
const server = createServer((req, res) => {
  const path = new URL(req.url, 'http://x').pathname;
  if (path === '/v1/ingest' && req.method === 'POST') {
    let bytes = 0;
    req.on('data', (chunk) => (bytes += chunk.length));
    req.on('end', () => {
      received.bytes += bytes;
      received.requests++;
      res
        .writeHead(202, { 'content-type': 'application/json' })
        .end('{"accepted":1,"rejected":0,"duplicates":0}');
    });
    return;
  }
  if (path === '/sightline.js')
    return res.writeHead(200, { 'content-type': 'text/javascript' }).end(widgetJs);
  const page = pages[path.split('/')[1]];
  if (page) return res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
  res.writeHead(404).end();
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});

/** One page view: load, settle (the widget's idle work runs), leave (it flushes), then read the metrics. */
async function pageView(variant) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  received = { bytes: 0, requests: 0 };
  await page.goto(`${base}/${variant}/courses/101/modules`, { waitUntil: 'load' });
  await page.waitForTimeout(2_500); // load + idle: vitals, navigation and resources are recorded
  await page.evaluate(() => {
    // Headless Chromium never hides a page: do what switching tabs does.
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await page.waitForTimeout(500);
  const { metrics } = await cdp.send('Performance.getMetrics');
  const metric = (name) => metrics.find((m) => m.name === name)?.value ?? 0;
  const longTasks = await page.evaluate(
    () =>
      new Promise((resolve) => {
        new PerformanceObserver((list, observer) => {
          observer.disconnect();
          resolve(list.getEntries().length);
        }).observe({ type: 'longtask', buffered: true });
        setTimeout(() => resolve(0), 200); // no entries at all: the callback never runs
      }),
  );
  await context.close();
  return {
    script: metric('ScriptDuration') * 1_000,
    task: metric('TaskDuration') * 1_000,
    longTasks,
    ...received,
  };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const results = { none: [], widget: [] };
await pageView('none'); // warm-up: the first launch pays for caches and JIT
await pageView('widget');
for (let i = 0; i < RUNS; i++) {
  // Alternate so drift on a busy machine hits both alike.
  for (const variant of i % 2 ? ['widget', 'none'] : ['none', 'widget'])
    results[variant].push(await pageView(variant));
}
await browser.close();
server.close();

const summary = Object.fromEntries(
  Object.entries(results).map(([variant, runs]) => [
    variant,
    Object.fromEntries(
      ['script', 'task', 'longTasks', 'bytes', 'requests'].map((k) => [k, median(runs.map((r) => r[k]))]),
    ),
  ]),
);
const { none, widget } = summary;
const fmt = (n, digits = 1) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const ratio = (a, b) => (b > 0 ? `${fmt(a / b, 2)}×` : '–');
const version = browser.version?.() ?? '';
const lines = [
  `    ${new Date().toISOString().slice(0, 10)} · ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'} · Node ${process.version} · Chromium ${version}`,
  `    ${RUNS} page views per variant (medians), demo Canvas course page, sightline.js ${script.brotli} B brotli`,
  '',
  '| variant | script ms | task ms | long tasks | bytes sent / page view | requests / page view |',
  '| --- | ---: | ---: | ---: | ---: | ---: |',
  `| no script | ${fmt(none.script)} | ${fmt(none.task)} | ${none.longTasks} | – | – |`,
  `| widget | ${fmt(widget.script)} | ${fmt(widget.task)} | ${widget.longTasks} | ${fmt(widget.bytes, 0)} | ${widget.requests} |`,
  '',
  `    widget / no script: ${ratio(widget.script, none.script)} script time (+${fmt(widget.script - none.script)} ms), ${ratio(widget.task, none.task)} task time (+${fmt(widget.task - none.task)} ms)`,
];
console.log(lines.join('\n'));

if (WRITE) {
  const section = [
    '## Widget',
    '',
    '`npm run bench:widget` (`--runs N`, default 15): the demo Canvas course page served by a',
    'tiny `node:http` server (which answers every batch 202) and loaded in headless Chromium, each',
    'page view in a fresh context: load, 2.5 s to settle (the widget records vitals, navigation',
    'timing and the resource summary when idle), then the page is hidden (the widget summarises',
    'long tasks and resources and flushes). Script and task time are main-thread CPU time',
    '(CDP `Performance.getMetrics`, thread ticks) for the whole page view; the no-script run is',
    'the same page without the script tag, measured in the same run, alternating. Bytes sent are',
    'what the endpoint received per page view, closing the page included: web-vitals ignores the',
    'synthetic (untrusted) hide for LCP, which then goes in a second request as the page closes.',
    'The demo page runs almost no script of its own, so the ratio is large: the added',
    'milliseconds (parsing the script, setting up, summarising, sending) are what carry over.',
    'The size is that of `dist/public/sightline.js` as `scripts/build.mjs` makes it (esbuild, then',
    'terser), brotli quality 11; `widget/size.test.ts` holds it to the 7,000 B budget.',
    '',
    ...lines,
    '',
  ].join('\n');
  const doc = existsSync(WRITE) ? readFileSync(WRITE, 'utf8') : '# Benchmarks\n';
  const start = doc.indexOf('## Widget');
  const next = start < 0 ? -1 : doc.indexOf('\n## ', start + 1);
  const updated =
    start < 0
      ? `${doc.trimEnd()}\n\n${section}`
      : `${doc.slice(0, start)}${section}${next < 0 ? '' : doc.slice(next + 1)}`;
  writeFileSync(WRITE, updated);
  console.log(`wrote the Widget section of ${WRITE}`);
}
