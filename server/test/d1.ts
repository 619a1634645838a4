// Test support: fresh, empty in-memory D1 databases (Miniflare runs workerd's D1),
// disposed after the test file that opened them.
import { Miniflare } from 'miniflare';
import { afterAll } from 'vitest';

const running: Miniflare[] = [];
afterAll(() => Promise.all(running.splice(0).map((mf) => mf.dispose())));

export async function openD1(): Promise<D1Database> {
  const mf = new Miniflare({
    modules: true,
    script: 'export default { fetch() { return new Response(null) } }',
    d1Databases: ['DB'],
  });
  running.push(mf);
  return mf.getD1Database('DB');
}
