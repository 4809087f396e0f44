import { TRIGGER_POLL_ACTIVITY_NAMES, type TriggerPollActivities } from '@lienthong/temporal/contracts';
import { heartbeatingActivities } from './heartbeating.js';

// The poll trigger's activity (contract in @lienthong/temporal/contracts); the platform implements it with its run
// service and hands it to the worker.
export type { TriggerPollActivities };

/** The activities to register (heartbeating, cancellable, errors as Temporal failures). */
export const triggerPollActivities = (impl: TriggerPollActivities): Record<string, (arg: never) => Promise<unknown>> =>
  heartbeatingActivities(TRIGGER_POLL_ACTIVITY_NAMES, impl);
