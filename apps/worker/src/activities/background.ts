import { BACKGROUND_ACTIVITY_NAMES, type BackgroundActivities } from '@lienthong/temporal/contracts';
import { heartbeatingActivities } from './heartbeating.js';

// The activities of the background workflows (contract in @lienthong/temporal/contracts); the platform implements
// them with its services and alert engine and hands them to the worker.
export type { BackgroundActivities };

/** The activities to register (heartbeating, cancellable, errors as Temporal failures). */
export const backgroundActivities = (impl: BackgroundActivities): Record<string, (arg: never) => Promise<unknown>> =>
  heartbeatingActivities(BACKGROUND_ACTIVITY_NAMES, impl);
