import { describe, expect, it } from 'vitest';
import { RefusalSampler } from './limits.js';

describe('anonymous refusals are sampled per address and minute', () => {
  it('lets the first of each address through and writes the rest as one summary when the minute ends', () => {
    const summaries: [string, number][] = [];
    const s = new RefusalSampler((ip, n) => summaries.push([ip, n]), 60_000, 3);
    const t0 = 1_000_000;
    const first = [s.admit('10.0.0.1', t0), s.admit('10.0.0.1', t0 + 1), s.admit('10.0.0.1', t0 + 2), s.admit('10.0.0.2', t0 + 3)];
    expect(first).toEqual([true, false, false, true]);
    // Past the cap of tracked addresses (3), new ones share one window, "*".
    expect([s.admit('10.0.0.3', t0 + 4), s.admit('10.0.0.4', t0 + 5), s.admit('10.0.0.5', t0 + 6)]).toEqual([true, true, false]);
    expect(summaries).toEqual([]);
    expect(s.admit('10.0.0.1', t0 + 61_000)).toBe(true); // every window has ended: a new minute
    expect(summaries).toEqual(expect.arrayContaining([['10.0.0.1', 2], ['*', 1]]));
    expect(summaries).toHaveLength(2); // 10.0.0.2 had nothing suppressed
  });
});
