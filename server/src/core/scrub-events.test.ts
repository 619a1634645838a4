import { describe, expect, it } from 'vitest';
import { batch, createTestApp } from '../../test/app';
import { scrubEvent } from './scrub-events';

const T = Date.UTC(2026, 10, 27, 11, 59);
const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJl';

describe('scrubEvent', () => {
  it('takes personal data out of errors, custom props and attribution, and leaves ids, times and numbers', () => {
    expect(
      scrubEvent({
        kind: 'error',
        id: 'e0000001',
        t: T,
        type: 'error',
        message: 'No grade for jane.doe@uni.edu (student 20231234)',
        stack: `at load (https://tool.example/app.js?id_token=${JWT}:1:2)`,
        source: 'https://tool.example/app.js?login_hint=abc123',
        line: 1,
      }),
    ).toEqual({
      kind: 'error',
      id: 'e0000001',
      t: T,
      type: 'error',
      message: 'No grade for [email] (student [number])',
      stack: 'at load (https://tool.example/app.js?id_token=[redacted])',
      source: 'https://tool.example/app.js?login_hint=[redacted]',
      line: 1,
    });
    expect(
      scrubEvent({
        kind: 'custom',
        id: 'c0000001',
        t: T,
        name: 'grade_posted',
        props: { who: 'Bearer abc.def', score: 97 },
      }),
    ).toEqual({
      kind: 'custom',
      id: 'c0000001',
      t: T,
      name: 'grade_posted',
      props: { who: 'Bearer [token]', score: 97 },
    });
    const vital = { kind: 'vital' as const, id: 'v0000001', t: T, name: 'LCP' as const, value: 2100 };
    expect(
      scrubEvent({
        ...vital,
        attribution: { url: 'https://cdn.example/u/jane@uni.edu/avatar.png', resourceLoadDelay: 12 },
      }),
    ).toEqual({
      ...vital,
      attribution: { url: 'https://cdn.example/u/[email]/avatar.png', resourceLoadDelay: 12 },
    });
    expect(scrubEvent(vital)).toBe(vital);
  });

  it('stores what a page sent scrubbed, whatever widget sent it', async () => {
    const t = await createTestApp();
    const sent = batch(
      [{ kind: 'error', id: 'e0000002', t: T, type: 'error', message: 'Lookup failed for 99887766' }],
      {
        user: 'u-scrub',
      },
    );
    expect((await t.post('/v1/ingest', sent)).status).toBe(202);
    const { batches } = await t.store.userData('u-scrub');
    expect(batches[0].events).toEqual([
      { kind: 'error', id: 'e0000002', t: T, type: 'error', message: 'Lookup failed for [number]' },
    ]);
    const [group] = await t.store.errorGroups(t.site.id);
    expect(group.message).toBe('Lookup failed for [number]');
  });
});
