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
  },
});
