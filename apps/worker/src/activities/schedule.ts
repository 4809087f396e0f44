import { Context } from '@temporalio/activity';
import { SCHEDULE_ACTIVITY_NAMES, type ScheduleActivities } from '@lienthong/temporal/contracts';
import { LtErrors } from '@lienthong/errors';
import { toFailure } from './failures.js';

// The activities of the scheduled-run workflow (contract in @lienthong/temporal/contracts); the platform implements
// them with its run service and hands them to the worker.
export type { ScheduleActivities };

const HEARTBEAT_MS = 10_000;

/** The activities to register, with our errors mapped to Temporal failures (a refused input is not retried). */
export function scheduleActivities(impl: ScheduleActivities): Record<string, (arg: never) => Promise<unknown>> {
  return Object.fromEntries(SCHEDULE_ACTIVITY_NAMES.map((name) => [name, async (arg: never) => {
    const ctx = Context.current();
    const beat = setInterval(() => ctx.heartbeat(), HEARTBEAT_MS);
    try {
      return await Promise.race([(impl[name] as (a: unknown) => Promise<unknown>)(arg), ctx.cancelled]);
    } catch (err) {
      // A refused input (every schema problem at once) fails as its first problem: not retried, the rest in the message.
      throw toFailure(err instanceof LtErrors && err.errors[0] ? err.errors[0] : err);
    } finally {
      clearInterval(beat);
    }
  }]));
}
