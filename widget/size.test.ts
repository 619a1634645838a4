// The widget's budget (docs: ≤ 6 KB brotli aimed, 7 KB hard): everything the
// script tag loads, measured on the real minified build.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildWidget, type BuiltFile } from '../scripts/build.mjs';

const HARD_LIMIT = 7_000;

// Built at collection time so the measured size can appear in the test's name.
const built: BuiltFile[] = await buildWidget();
const script = built.find((b) => b.file === 'dist/public/sightline.js')!;
console.log(`sightline.js: ${script.bytes} B raw, ${script.brotli} B brotli (limit ${HARD_LIMIT} B)`);

describe('widget bundle', () => {
  it(`sightline.js is ${script.brotli} B brotli, at most ${HARD_LIMIT} B`, () => {
    expect(script.brotli, `sightline.js is ${script.brotli} B brotli`).toBeLessThanOrEqual(HARD_LIMIT);
  });

  it('ships no zod and no source map', () => {
    const code = readFileSync(new URL('../dist/public/sightline.js', import.meta.url), 'utf8');
    expect(code).not.toContain('ZodError');
    expect(code).not.toContain('sourceMappingURL');
  });

  it('builds the ESM entry with init and track', () => {
    const code = readFileSync(new URL('../dist/widget/index.js', import.meta.url), 'utf8');
    expect(code).toMatch(/export\s*\{[^}]*\binit\b[^}]*\}/);
    expect(code).toMatch(/export\s*\{[^}]*\btrack\b[^}]*\}/);
    expect(built).toHaveLength(2);
  });
});
