// The site cache: ingest finds a site by key without asking the database each time,
// for at most SITE_CACHE_MS, so another isolate's key rotation or origin change is
// seen within that; a change made through this store is seen at once.
import { describe, expect, it } from 'vitest';
import type { SqlExecutor } from '../ports';
import { SITE_CACHE_MS, siteStore } from './sites';

function fakeExec() {
  const row = { id: 'site_a', key: 'sk_a', name: 'A', origins: '["https://a.example"]' };
  const calls = { get: 0 };
  const exec = {
    async get(sql: string) {
      calls.get++;
      return sql.includes('WHERE key') && row.key === 'sk_a'
        ? { ...row }
        : sql.includes('WHERE id')
          ? { ...row }
          : undefined;
    },
    async run() {
      return { changes: 1 };
    },
  } as unknown as SqlExecutor;
  return { exec, row, calls };
}

describe('siteStore cache', () => {
  it('keeps a site found by key for SITE_CACHE_MS, then asks again', async () => {
    const { exec, row, calls } = fakeExec();
    let now = 0;
    const store = siteStore(exec, () => now);
    expect((await store.findSiteByKey('sk_a'))?.origins).toEqual(['https://a.example']);
    row.origins = '["*"]'; // changed elsewhere (another Worker isolate)
    now = SITE_CACHE_MS - 1;
    expect((await store.findSiteByKey('sk_a'))?.origins).toEqual(['https://a.example']);
    expect(calls.get).toBe(1);
    now = SITE_CACHE_MS;
    expect((await store.findSiteByKey('sk_a'))?.origins).toEqual(['*']);
    expect(calls.get).toBe(2);
  });

  it('forgets a site at once when this store changes it', async () => {
    const { exec, calls } = fakeExec();
    const store = siteStore(exec, () => 0);
    await store.findSiteByKey('sk_a');
    await store.updateSite('site_a', { name: 'B' });
    const before = calls.get;
    await store.findSiteByKey('sk_a');
    expect(calls.get).toBe(before + 1);
  });
});
