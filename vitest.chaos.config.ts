import { defineConfig } from 'vitest/config';
import { serialSuite } from './vitest.serial.js';

// `npm run test:chaos`: kill -9 the worker, kill -9 and restart the Temporal server, fail a national DB, kill -9 the
// API with signed requests in flight, stop and start PostgreSQL, with a few hundred runs in flight each time. Its own
// Temporal dev servers, PostgreSQL (Debian's binaries) and processes; a few minutes on 2 cores.
// Files are named *.chaos.ts so the default `npm test` globs (*.test.ts) leave them out.
export default defineConfig({
  test: {
    ...serialSuite,
    include: ['test/chaos/**/*.chaos.ts'],
  },
});
