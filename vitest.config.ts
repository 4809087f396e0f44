import { defineConfig } from 'vitest/config';

// One run across the workspace: unit tests beside the code, system / contract / e2e tests under test/.
// Packages are imported by name and resolve to their built dist/, which `npm test` builds first.
export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    // Retried activity attempts are expected in fault tests; keep the SDK's per-attempt warnings out of the output.
    env: { LT_WORKER_LOG_LEVEL: process.env.LT_WORKER_LOG_LEVEL ?? 'ERROR' },
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: 2,
    fileParallelism: true,
    reporters: ['default'],
    globalSetup: ['test/global-setup.ts'],
  },
});
