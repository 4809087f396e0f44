import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type DbHandle } from '@lienthong/db';
import { createRequestLimits, retryAfterSeconds } from './request-limits.js';

describe('shared request limits (PGlite here; the scale-out test runs them on PostgreSQL across two API processes)', () => {
  let h: DbHandle;
  beforeAll(async () => { h = createDb({ DATA_DIR: ':memory:' }); await h.migrate(); });
  afterAll(async () => { await h?.close(); });
  it('a signature is accepted once within its window, and again once the window has passed', async () => {
    const limits = createRequestLimits(h.db);
    const t0 = Date.UTC(2026, 0, 1);
    expect([await limits.claimSignature('s', t0, 600_000), await limits.claimSignature('s', t0 + 1000, 600_000),
      await limits.claimSignature('s', t0 + 700_000, 600_000), await limits.claimSignature('t', t0 + 1000, 600_000)]).toEqual([true, false, true, true]);
  });

  it('counts requests per key and minute; a burst at the end of a minute still counts at the start of the next', async () => {
    const limits = createRequestLimits(h.db);
    const end = Date.UTC(2026, 0, 1, 0, 0, 59, 900);
    const waits = [await limits.take('a', 2, end), await limits.take('a', 2, end), await limits.take('b', 2, end), await limits.take('a', 2, end + 200)];
    expect(waits.slice(0, 3)).toEqual([0, 0, 0]);
    expect(waits[3]).toBeGreaterThan(0);
    expect(await limits.take('c', 0, end)).toBe(0); // 0: unlimited
  });

  it('does not count refused requests: a client sending too fast still gets its limit through', async () => {
    const limits = createRequestLimits(h.db);
    const t0 = Date.UTC(2026, 0, 1, 0, 1, 0);
    const first = [];
    for (let i = 0; i < 8; i++) first.push(await limits.take('fast', 2, t0 + i));
    expect(first.map((w) => w === 0)).toEqual([true, true, false, false, false, false, false, false]);
    // Half a minute into the next window only half of the previous window's 2 still counts: one more fits, not two.
    expect([await limits.take('fast', 2, t0 + 90_000), await limits.take('fast', 2, t0 + 90_001) > 0]).toEqual([0, true]);
  });

  it('Retry-After points at when one more request fits', () => {
    const windowStart = 0;
    expect(retryAfterSeconds({ accepted: 2, previous: 0, limitPerMinute: 2, now: 30_000, windowStart })).toBe(60); // 30 s to the next window, then 30 s for 2 to fade to 1
    expect(retryAfterSeconds({ accepted: 0, previous: 4, limitPerMinute: 2, now: 0, windowStart })).toBe(45); // 4 × share + 1 ≤ 2 once share ≤ 1/4
  });
});
