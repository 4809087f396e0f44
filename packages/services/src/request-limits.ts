import { sql } from 'drizzle-orm';
import type { Db } from '@lienthong/db';

export const RATE_WINDOW_MS = 60_000;

/**
 * Requests counted in the current fixed window plus the previous window's share of the last minute (a sliding-window
 * estimate): a burst just before a window ends still counts just after it. 0 when allowed, else seconds to wait.
 */
export function rateLimitWait(o: { current: number; previous: number; limitPerMinute: number; now: number; windowStart: number }): number {
  const { current, previous, limitPerMinute: limit } = o;
  const elapsed = (o.now - o.windowStart) / RATE_WINDOW_MS;
  if (previous * (1 - elapsed) + current <= limit) return 0;
  // When would one more request fit? Within this window once the previous window's share has faded enough;
  // otherwise in the next one, once this window's share has.
  const waitMs = current < limit
    ? (1 - (limit - current - 1) / previous - elapsed) * RATE_WINDOW_MS
    : (1 - elapsed) * RATE_WINDOW_MS + Math.max(0, 1 - (limit - 1) / current) * RATE_WINDOW_MS;
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

    /** Counts one request of `key`; 0 when within `limitPerMinute` (0: unlimited), else the seconds to wait. */
    async take(key: string, limitPerMinute: number, now: number): Promise<number> {
      if (limitPerMinute <= 0) return 0;
      prune(now);
      const windowStart = now - (now % RATE_WINDOW_MS);
      const r = await db.execute(sql`with cur as (
          insert into rate_windows (key, window_start, count) values (${key}, ${windowStart}, 1)
          on conflict (key, window_start) do update set count = rate_windows.count + 1
          returning count)
        select cur.count as current,
          coalesce((select p.count from rate_windows p where p.key = ${key} and p.window_start = ${windowStart - RATE_WINDOW_MS}), 0) as previous
        from cur`);
      const row = rowsOf<{ current: number | string; previous: number | string }>(r)[0];
      return rateLimitWait({ current: Number(row?.current ?? 1), previous: Number(row?.previous ?? 0), limitPerMinute, now, windowStart });
    },
  };
}
export type RequestLimits = ReturnType<typeof createRequestLimits>;
