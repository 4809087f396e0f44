import { describe, expect, it } from 'vitest';
import { createDb } from '@lienthong/db';
import { createRequestLimits, rateLimitWait } from './request-limits.js';

describe('shared request limits (PGlite here; the scale-out test runs them on PostgreSQL across two API processes)', () => {
  it('a signature is accepted once within its window, and again once the window has passed', async () => {
    const h = createDb({ DATA_DIR: ':memory:' });
    await h.migrate();
    const limits = createRequestLimits(h.db);
    const t0 = Date.UTC(2026, 0, 1);
    expect([await limits.claimSignature('s', t0, 600_000), await limits.claimSignature('s', t0 + 1000, 600_000),
      await limits.claimSignature('s', t0 + 700_000, 600_000), await limits.claimSignature('t', t0 + 1000, 600_000)]).toEqual([true, false, true, true]);
    await h.close();
  });

  it('counts requests per key and minute; a burst at the end of a minute still counts at the start of the next', async () => {
    const h = createDb({ DATA_DIR: ':memory:' });
    await h.migrate();
    const limits = createRequestLimits(h.db);
    const end = Date.UTC(2026, 0, 1, 0, 0, 59, 900);
    const waits = [await limits.take('a', 2, end), await limits.take('a', 2, end), await limits.take('b', 2, end), await limits.take('a', 2, end + 200)];
    expect(waits.slice(0, 3)).toEqual([0, 0, 0]);
    expect(waits[3]).toBeGreaterThan(0);
    expect(await limits.take('c', 0, end)).toBe(0); // 0: unlimited
    await h.close();
  });

  it('Retry-After points at when one more request fits', () => {
    const windowStart = 0;
    expect(rateLimitWait({ current: 1, previous: 0, limitPerMinute: 2, now: 10_000, windowStart })).toBe(0);
    expect(rateLimitWait({ current: 3, previous: 0, limitPerMinute: 2, now: 30_000, windowStart })).toBe(70); // 30 s to the next window, then 40 s for 3 to fade to 1
    expect(rateLimitWait({ current: 1, previous: 4, limitPerMinute: 2, now: 0, windowStart })).toBe(60);
  });
});
