import { expect, it } from 'vitest';
import { createResource } from './resource';

it('keeps the last data when a refresh fails, and drops it for a new key', async () => {
  const r = createResource<number>(() => 42);
  await r.load('a', async () => 1);
  expect([r.data.value, r.error.value, r.loading.value, r.loadedAt.value]).toEqual([1, null, false, 42]);
  await r.load('a', async () => {
    throw new Error('server down');
  });
  expect([r.data.value, r.error.value]).toEqual([1, 'server down']);
  const slow = r.load('b', () => new Promise((res) => setTimeout(() => res(2), 20)));
  expect(r.data.value).toBeUndefined();
  await r.load('c', async () => 3); // aborts b
  await slow;
  expect(r.data.value).toBe(3);
});
