import type { Db } from '@lienthong/db';
import { closedUntil, type ClosingWindow } from './rules.js';
import { windowsAhead } from './store.js';

/** What the worker asks before a connector call: is this system (or connection) in a maintenance window at `now` (the workflow's time), until when? */
export interface MaintenanceReader {
  closedUntil(system: string, connectionId: string | undefined, now: Date): Promise<Date | null>;
}

/**
 * Reads the windows that have not ended, at most once per `ttlMs` (every connector call asks; windows are announced
 * well ahead, so a second's delay in seeing a new one changes nothing).
 */
export function createMaintenanceReader(db: Db, ttlMs = 1000): MaintenanceReader {
  // The read in flight is shared: calls arriving together when the cache expires make one query, not one each.
  let cached: { at: number; windows: Promise<ClosingWindow[]> } | null = null;
  return {
    async closedUntil(system, connectionId, now) {
      if (!cached || Date.now() - cached.at >= ttlMs) {
        // Windows not ended by the wall clock: calls are judged at the workflow's time, never earlier than the wall
        // clock (the worker's callTime), so this set holds every window that can close a call, future ones included.
        const windows = windowsAhead(db, new Date()).then((rows) => rows.map((r) => ({ scope: r.scope, target: r.target, startsAt: r.startsAt, endsAt: r.endsAt })));
        cached = { at: Date.now(), windows };
        windows.catch(() => { if (cached?.windows === windows) cached = null; }); // a failed read is not kept
      }
      return closedUntil(await cached.windows, system, connectionId, now);
    },
  };
}
