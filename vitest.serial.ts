// The settings of the suites that start their own processes and kill them (chaos, cluster): one file at a time,
// one test at a time, long bounds. Each suite's config adds what it runs and what it starts first.
export const serialSuite = {
  exclude: ['**/node_modules/**', '**/dist/**'],
  testTimeout: 240_000,
  hookTimeout: 180_000,
  pool: 'forks' as const,
  maxWorkers: 1,
  fileParallelism: false,
  sequence: { concurrent: false },
  reporters: ['default'],
};
