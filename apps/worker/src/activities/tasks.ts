import { TASK_ACTIVITY_NAMES, type TaskActivities } from '@lienthong/temporal/contracts';
import { toFailure } from './failures.js';

// The activities of the `task` node (contract in @lienthong/temporal/contracts); their implementation lives with the
// tasks service, which the platform hands to the worker.
export type { TaskActivities };

/** The activities to register, with our errors mapped to Temporal failures (the catalogue decides retries). */
export function taskActivities(impl: TaskActivities): Record<string, (...args: never[]) => Promise<unknown>> {
  return Object.fromEntries(TASK_ACTIVITY_NAMES.map((name) => [name, async (...args: unknown[]) => {
    try {
      return await (impl[name] as (...a: unknown[]) => Promise<unknown>)(...args);
    } catch (err) {
      throw toFailure(err);
    }
  }]));
}
