import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Real databases and embedded PostgreSQL (PGlite cold start is 2–3 s) need more than the 5 s default.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: more workers only contend for the same databases.
    maxWorkers: 2,
    // The JSON report lets .ci/run print the plain pass/fail line and the count of tests per database.
    reporters: ['default', 'json'],
    outputFile: { json: '.local/test-results.json' },
  },
});
