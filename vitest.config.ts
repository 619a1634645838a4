import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'shared/**/*.test.ts',
      'server/**/*.test.ts',
      'widget/**/*.test.ts',
      'scripts/**/*.test.ts',
      'server-sdk/**/*.test.ts',
      'dashboard/**/*.test.ts',
      'extension/**/*.test.ts',
    ],
    testTimeout: 30_000,
    // Opening and migrating a store (a Miniflare D1 above all) in beforeEach took over 10 s, the
    // default, on the shared 2-core machine: the timed-out hook left calls in flight that failed the next tests.
    hookTimeout: 60_000,
  },
});
