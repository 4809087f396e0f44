import { defineConfig } from 'vitest/config';
import { serialSuite } from './vitest.serial.js';

// `npm run test:cluster`: the scale-out suite, the process chaos suite and kill -9 of the history service, on a real
// Temporal cluster (the server proper: frontend, history, matching and worker as separate processes, PostgreSQL,
// 4 history shards) that test/cluster/global-setup.ts starts once. The new tests are *.cluster.ts so that neither
// `npm test` nor `npm run test:chaos` picks them up; the other two files also run, unchanged, on the dev server there.
export default defineConfig({
  test: {
    ...serialSuite,
    include: ['test/system/scale-out.test.ts', 'test/chaos/processes.chaos.ts', 'test/cluster/**/*.cluster.ts'],
    env: { LT_WORKER_LOG_LEVEL: process.env.LT_WORKER_LOG_LEVEL ?? 'ERROR' },
    globalSetup: ['test/cluster/global-setup.ts'],
  },
});
