import { Context } from '@temporalio/activity';
import { BACKGROUND_ACTIVITY_NAMES, type BackgroundActivities } from '@lienthong/temporal/contracts';
import { toFailure } from './failures.js';

// The activities of the background workflows (contract in @lienthong/temporal/contracts); the platform implements
// them with its services and alert engine and hands them to the worker.
export type { BackgroundActivities };

const HEARTBEAT_MS = 10_000;

/**
 * The activities to register, with our errors mapped to Temporal failures (the catalogue decides retries). Each
 * heartbeats while it works (waiting for a run's end may take days) and gives up when Temporal cancels it or the
 * worker shuts down: another attempt, on any worker, takes over.
 */
export function backgroundActivities(impl: BackgroundActivities): Record<string, (arg: never) => Promise<unknown>> {
  return Object.fromEntries(BACKGROUND_ACTIVITY_NAMES.map((name) => [name, async (arg: never) => {
    const ctx = Context.current();
    const beat = setInterval(() => ctx.heartbeat(), HEARTBEAT_MS);
    try {
      return await Promise.race([(impl[name] as (a: unknown) => Promise<unknown>)(arg), ctx.cancelled]);
    } catch (err) {
      throw toFailure(err);
    } finally {
      clearInterval(beat);
    }
  }]));
}
