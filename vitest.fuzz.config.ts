import { defineConfig } from 'vitest/config';

// `npm run test:fuzz`: property-based bad input (fast-check) against the REST API and the flow compiler.
// Bounded: LT_FUZZ_RUNS cases per property (default 150), each property interrupted after 60 s. The seed is fixed in
// test/fuzz/seed.ts; LT_FUZZ_SEED=random explores new cases, LT_FUZZ_SEED=<n> replays a failure (the seed is printed
// in the suite name and with every failure). Files are *.fuzz.ts, outside the default `npm test` globs.
export default defineConfig({
  test: {
    include: ['test/fuzz/**/*.fuzz.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
    globalSetup: ['test/global-setup.ts'],
  },
});
