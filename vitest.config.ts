import { defineConfig } from 'vitest/config';

// Integration suites start real servers (databases, Dovecot, Postfix): give them room,
// and run files one at a time so two suites never fight over the same server.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
