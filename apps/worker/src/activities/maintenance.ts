import { Context } from '@temporalio/activity';
import { LtError } from '@lienthong/errors';
import { toApplicationFailure } from '@lienthong/temporal/contracts';
import type { ConnectorActivity } from '@lienthong/connectors/activities';

/** Asks whether an external system (or one connection to it) is in an announced maintenance window now, and until when. */
export interface MaintenanceWindows {
  closedUntil(system: string, connectionId: string | undefined, now: Date): Promise<Date | null>;
}

/**
 * The time a call is judged at: the workflow's clock, i.e. the server's time when this attempt was scheduled (under the
 * time-skipping test server, the skipped time), or the wall clock if later (a task that waited in the queue is judged
 * when it runs; on a real server the two are about equal). Outside an activity (tooling), the wall clock.
 */
export function callTime(): Date {
  let scheduled = 0;
  try {
    scheduled = Context.current().info.currentAttemptScheduledTimestampMs;
  } catch {
    // Not in an activity.
  }
  return new Date(Math.max(Date.now(), scheduled));
}

/**
 * Connector activities that refuse to call a system in a maintenance window: they fail at once, not retried, with
 * CONNECTOR_MAINTENANCE and the window's end, and the call step waits on a timer until then and calls once (steps.ts).
 * Nothing goes out, so the system sees no retry storm; the failure is recorded in the history, so replay is deterministic.
 * Windows are judged on the workflow's clock (callTime), the same clock the step's timer runs on.
 */
export function withMaintenanceWindows(activities: Record<string, ConnectorActivity>, windows: MaintenanceWindows): Record<string, ConnectorActivity> {
  return Object.fromEntries(Object.entries(activities).map(([name, fn]) => {
    const system = name.split(':')[0] ?? name;
    const guarded: ConnectorActivity = async (call) => {
      const until = await windows.closedUntil(system, call.credentialId, callTime());
      if (until) throw toApplicationFailure(new LtError('CONNECTOR_MAINTENANCE', { system, until: until.toISOString() }));
      return fn(call);
    };
    return [name, guarded];
  }));
}
