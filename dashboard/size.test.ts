// The dashboard's budget (≤ 80 KB brotli of JS, issue 6) and what must never be in it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { buildDashboard } from '../scripts/build-dashboard.mjs';

const BUDGET = 80 * 1024;

it(`builds to at most ${BUDGET / 1024} KB of brotli JS, without zod`, async () => {
  const [js, css] = await buildDashboard();
  console.log(`dashboard: app.js ${js.bytes} B raw, ${js.brotli} B brotli; app.css ${css.brotli} B brotli`);
  expect(js.brotli).toBeLessThanOrEqual(BUDGET);
  const code = readFileSync(new URL('../dist/public/dashboard/app.js', import.meta.url), 'utf8');
  expect(code).not.toMatch(/ZodError|_zod/); // types only from shared/
}, 60_000);

it('never renders strings as HTML', () => {
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((f) =>
      statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)],
    );
  // What ships: a test may build its DOM fixture from markup.
  for (const f of files(new URL('./src', import.meta.url).pathname).filter((f) => !/\.test\.tsx?$/.test(f))) {
    expect(readFileSync(f, 'utf8'), f).not.toMatch(
      /dangerouslySetInnerHTML|innerHTML\s*=|insertAdjacentHTML/,
    );
  }
});
