import { SCHEDULE_ACTIVITY_NAMES, type ScheduleActivities } from '@lienthong/temporal/contracts';
import { LtErrors } from '@lienthong/errors';
import { heartbeatingActivities } from './heartbeating.js';

// The activities of the scheduled-run workflow (contract in @lienthong/temporal/contracts); the platform implements
// them with its run service and hands them to the worker.
export type { ScheduleActivities };

/**
 * The activities to register (heartbeating, cancellable). A refused input (every schema problem at once) fails as
 * its first problem: not retried, the rest in the message.
 */
export const scheduleActivities = (impl: ScheduleActivities): Record<string, (arg: never) => Promise<unknown>> =>
  heartbeatingActivities(SCHEDULE_ACTIVITY_NAMES, impl, (err) => (err instanceof LtErrors && err.errors[0] ? err.errors[0] : err));
