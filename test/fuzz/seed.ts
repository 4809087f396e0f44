import fc from 'fast-check';

/**
 * The fuzz suites' seed: fixed in the repository so that CI runs the same cases every time and a failure there
 * reproduces on a laptop. `LT_FUZZ_SEED=random` draws a new one (exploring; the seed is printed with any failure),
 * `LT_FUZZ_SEED=<number>` replays one. Change FUZZ_SEED on purpose, to move CI to new cases, in a commit of its own.
 */
export const FUZZ_SEED = 20_261_206;

export function fuzzSeed(env: string | undefined = process.env.LT_FUZZ_SEED): number {
  if (env === undefined || env === '') return FUZZ_SEED;
  if (env === 'random') return Math.floor(Math.random() * 2 ** 31);
  const n = Number(env);
  if (!Number.isSafeInteger(n)) throw new Error(`LT_FUZZ_SEED must be an integer or "random", not "${env}"`);
  return n;
}

/** fast-check options: bounded runs, and a failure message that says how to replay it. */
export function fuzzOptions(seed = fuzzSeed(), numRuns = Number(process.env.LT_FUZZ_RUNS ?? 150)) {
  return {
    seed, numRuns, interruptAfterTimeLimit: 60_000,
    reporter<Ts>(details: fc.RunDetails<Ts>): void {
      if (!details.failed) return;
      throw new Error(`${fc.defaultReportMessage(details) ?? 'property failed'}\n` +
        `Chạy lại / replay: LT_FUZZ_SEED=${seed} npm run test:fuzz   (seed ${seed}, path "${details.counterexamplePath ?? ''}")`);
    },
  };
}
