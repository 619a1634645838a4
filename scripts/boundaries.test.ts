// The architecture's boundaries, checked on every test run (the compiler checks the
// same core with tsconfig.core.json): what both runtimes run imports no Node, no SQLite
// driver and no `process`; the ports import nothing above them; and no top-level folder's
// files import each other in a cycle.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const FOLDERS = ['shared', 'server', 'server-sdk', 'widget', 'dashboard', 'extension', 'e2e', 'scripts'];
const SOURCE = /\.(ts|tsx|mjs)$/;

function walk(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name.startsWith('.')) return [];
    if (statSync(join(ROOT, path)).isDirectory()) return walk(path);
    return SOURCE.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every module a file names: static and dynamic imports, re-exports, side-effect imports. */
export function specifiers(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const found: string[] = [];
  for (const m of code.matchAll(
    /(?:^|[\s;])(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;])import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  )) {
    found.push(m[1] ?? m[2] ?? m[3]);
  }
  return found;
}

const files = FOLDERS.flatMap(walk);
const known = new Set(files);

/** The file a relative specifier names, if it is one of ours. */
function resolve(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = normalize(join(dirname(from), spec));
  return ['', '.ts', '.tsx', '.mjs', '/index.ts'].map((e) => base + e).find((f) => known.has(f));
}

const imports = new Map(files.map((f) => [f, specifiers(readFileSync(join(ROOT, f), 'utf8'))]));
const edges = new Map(files.map((f) => [f, imports.get(f)!.flatMap((s) => resolve(f, s) ?? [])]));

/** Strongly connected components of more than one file (or a file importing itself): Tarjan's algorithm. */
export function cyclesOf(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    order.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!order.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, order.get(w)!));
    }
    if (low.get(v) === order.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || graph.get(v)?.includes(v)) out.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!order.has(v)) visit(v);
  return out;
}

/** The files `roots` import, transitively. */
function closure(roots: string[]): string[] {
  const seen = new Set<string>();
  const next = [...roots];
  while (next.length) {
    const f = next.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    next.push(...(edges.get(f) ?? []));
  }
  return [...seen].sort();
}

const isTest = (f: string) => /\.test\.tsx?$/.test(f);

describe('boundaries', () => {
  it('finds the imports of every kind of statement', () => {
    const text = `import a from './a';\nimport type { B } from "./b";\nexport * from './c';\nimport './d';\nconst e = await import('./e');\n// import './not';\n`;
    expect(specifiers(text)).toEqual(['./a', './b', './c', './d', './e']);
    expect(
      cyclesOf(
        new Map([
          ['a', ['b']],
          ['b', ['c']],
          ['c', ['a']],
          ['d', ['a']],
        ]),
      ),
    ).toEqual([['a', 'b', 'c']]);
  });

  it('keeps what both runtimes run free of Node, the SQLite driver and process', () => {
    const roots = [
      'server/src/app.ts',
      ...files.filter((f) => !isTest(f) && /^(shared|server\/src\/(core|ports))\//.test(f)),
    ];
    const runtimeFree = closure(roots);
    expect(runtimeFree).toContain('server/src/core/ingest.ts');
    const offences = runtimeFree.flatMap((f) => {
      const named = imports
        .get(f)!
        .filter((s) => s.startsWith('node:') || s === 'better-sqlite3' || s.startsWith('@hono/node-server'));
      const text = readFileSync(join(ROOT, f), 'utf8').replace(/\/\/.*$/gm, '');
      return [
        ...named.map((s) => `${f} imports ${s}`),
        ...(/\bprocess\./.test(text) ? [`${f} uses process`] : []),
      ];
    });
    expect(offences).toEqual([]);
  });

  it('keeps the ports below everything: they import only each other and shared/', () => {
    const ports = files.filter((f) => f.startsWith('server/src/ports/'));
    const above = ports.flatMap((f) =>
      edges
        .get(f)!
        .filter((t) => !t.startsWith('server/src/ports/') && !t.startsWith('shared/'))
        .map((t) => `${f} imports ${t}`),
    );
    expect(above).toEqual([]);
  });

  it('has no import cycle inside any top-level folder', () => {
    const top = (f: string) => relative(ROOT, join(ROOT, f)).split('/')[0];
    const within = new Map([...edges].map(([f, to]) => [f, to.filter((t) => top(t) === top(f))]));
    expect(cyclesOf(within)).toEqual([]);
  });
});
