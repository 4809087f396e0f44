import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUZZ_SEED, fuzzOptions, fuzzSeed } from '../fuzz/seed.js';

// CI fuzzes with the repository's seed, so a failure there replays anywhere; only LT_FUZZ_SEED=random explores.
describe('fuzz seed', () => {
  it('is the committed seed unless LT_FUZZ_SEED says otherwise', () => {
    expect(fuzzSeed(undefined)).toBe(FUZZ_SEED);
    expect(fuzzSeed('')).toBe(FUZZ_SEED);
    expect(fuzzSeed('4242')).toBe(4242);
    expect(Number.isSafeInteger(fuzzSeed('random'))).toBe(true);
    expect(() => fuzzSeed('abc')).toThrow(/LT_FUZZ_SEED/);
  });

  it('prints the seed and how to replay it when a property fails, for sync and async properties', async () => {
    const opts = fuzzOptions(4242, 50);
    expect(() => fc.assert(fc.property(fc.integer(), (n) => n < 10), opts)).toThrow(/LT_FUZZ_SEED=4242 npm run test:fuzz[\s\S]*seed 4242, path "/);
    await expect(fc.assert(fc.asyncProperty(fc.integer(), async (n) => n < 10), opts)).rejects.toThrow(/LT_FUZZ_SEED=4242/);
  });

  it('gives the same cases for the same seed', () => {
    const draw = () => fc.sample(fc.integer(), { seed: FUZZ_SEED, numRuns: 5 });
    expect(draw()).toEqual(draw());
  });
});
