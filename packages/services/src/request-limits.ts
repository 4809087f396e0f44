import { sql } from 'drizzle-orm';
import type { Db } from '@lienthong/db';

export const RATE_WINDOW_MS = 60_000;

/**
 * A key's rate is estimated from fixed one-minute counters: this window's requests plus the previous window's share of
 * the last minute (a sliding window), so a burst just before a window ends still counts just after it. For a refused
 * request: the seconds until one more fits, given the requests `accepted` in this window so far.
 */
export function retryAfterSeconds(o: { accepted: number; previous: number; limitPerMinute: number; now: number; windowStart: number }): number {
  const { accepted, previous, limitPerMinute: limit } = o;
  const elapsed = (o.now - o.windowStart) / RATE_WINDOW_MS;
  // Within this window once the previous window's share has faded enough; otherwise in the next, once this one's has.
  const waitMs = accepted + 1 <= limit && previous > 0
    ? (1 - (limit - accepted - 1) / previous - elapsed) * RATE_WINDOW_MS
    : (1 - elapsed) * RATE_WINDOW_MS + Math.max(0, 1 - (limit - 1) / Math.max(1, accepted)) * RATE_WINDOW_MS;
  return Math.max(1, Math.ceil(waitMs / 1000));
}

const rowsOf = <T>(r: unknown): T[] => ((r as { rows?: T[] }).rows ?? (r as T[]));

/**
 * The replay cache of signed requests and the per-system rate limits, in PostgreSQL (or PGlite) so that every API
 * process shares them: a request replayed on another process is refused, a limit holds across all of them.
 * Expired rows are pruned at most once a minute per process, after an answer, never in its way.
 */
export function createRequestLimits(db: Db, o: { log?: (line: string) => void } = {}) {
  let prunedAt = 0;
  function prune(now: number): void {
    if (now - prunedAt < RATE_WINDOW_MS) return;
    prunedAt = now;
    void (async () => {
      await db.execute(sql`delete from signature_replays where expires_at < ${new Date(now).toISOString()}::timestamptz`);
      await db.execute(sql`delete from rate_windows where window_start < ${now - 2 * RATE_WINDOW_MS}`);
    })().catch((e: unknown) => o.log?.(`request limits: prune failed: ${(e as Error).message}`));
  }

  return {
    /** True the first time `signature` is offered (by any process) until `now + windowMs`. */
    async claimSignature(signature: string, now: number, windowMs: number): Promise<boolean> {
      prune(now);
      const expires = new Date(now + windowMs).toISOString();
      // A row whose window ended (not pruned yet) is taken over; a live one makes this a replay.
      const r = await db.execute(sql`insert into signature_replays (signature, expires_at) values (${signature}, ${expires}::timestamptz)
        on conflict (signature) do update set expires_at = excluded.expires_at
        where signature_replays.expires_at <= ${new Date(now).toISOString()}::timestamptz
        returning signature`);
      return rowsOf(r).length > 0;
    },

    /**
     * Counts one request of `key` when it fits `limitPerMinute` (0: unlimited): 0 then, else the seconds to wait. A refused
     * request is not counted, so a client sending too fast still gets its limit's worth through, as with a token bucket.
     */
    async take(key: string, limitPerMinute: number, now: number): Promise<number> {
      if (limitPerMinute <= 0) return 0;
      prune(now);
      const windowStart = now - (now % RATE_WINDOW_MS);
      const share = 1 - (now - windowStart) / RATE_WINDOW_MS; // how much of the previous window still counts
      // One statement: the counter row is locked while its condition is checked, so concurrent processes cannot overshoot.
      const r = await db.execute(sql`with prev as (
          select coalesce((select p.count from rate_windows p where p.key = ${key} and p.window_start = ${windowStart - RATE_WINDOW_MS}), 0) as n),
        up as (
          insert into rate_windows (key, window_start, count)
          select ${key}, ${windowStart}, 1 from prev where prev.n * ${share}::float8 + 1 <= ${limitPerMinute}
          on conflict (key, window_start) do update set count = rate_windows.count + 1
          where (select n from prev) * ${share}::float8 + rate_windows.count + 1 <= ${limitPerMinute}
          returning count)
        select (select count from up) as taken, (select n from prev) as previous,
          coalesce((select c.count from rate_windows c where c.key = ${key} and c.window_start = ${windowStart}), 0) as current`);
      const row = rowsOf<{ taken: number | string | null; previous: number | string; current: number | string }>(r)[0];
      if (row?.taken !== null && row?.taken !== undefined) return 0;
      return retryAfterSeconds({ accepted: Number(row?.current ?? 0), previous: Number(row?.previous ?? 0), limitPerMinute, now, windowStart });
    },
  };
}
export type RequestLimits = ReturnType<typeof createRequestLimits>;
