/**
 * Schedule triggers: a flow's Temporal Schedule starts `startScheduledRun`, which computes the run's input from the
 * fire time (the flow's schedule input expression) and starts the run through the platform's run service, so a
 * scheduled run gets its runs row, audit row, business keys and statistics like any other run.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const SCHEDULED_RUN_WORKFLOW = 'startScheduledRun';

/** Set by Temporal on every workflow a Schedule starts: the time it was due (for "trigger now", the trigger's time). */
export const ScheduledStartTimeKey = defineSearchAttributeKey('TemporalScheduledStartTime', SearchAttributeType.DATETIME);

export interface ScheduledRunInput {
  flowKey: string;
  /** The version the schedule was set for (publishing a version updates the schedule). */
  version: number;
  /** The trigger node's id, for located errors. */
  nodeId: string;
  /** The trigger's input expression (JSONata; `$firedAt`, `$month`, `$day`); absent: `{}`. */
  input?: string;
}

export interface ScheduledRunResult {
  runId: string;
  /** The fire time the input was computed for (ISO 8601, UTC). */
  firedAt: string;
}

export interface ScheduledRunStart {
  flowKey: string;
  version: number;
  input: unknown;
  firedAt: string;
}

export interface ScheduleActivities {
  /** Starts the run through the run service (idempotent per flow and fire time); records the audit row. */
  scheduledRunStart(start: ScheduledRunStart): Promise<{ runId: string }>;
  /** Resolves when the run has ended (the schedule's no-overlap policy then covers the run itself). */
  scheduledRunAwaitEnd(runId: string): Promise<void>;
}

export const SCHEDULE_ACTIVITY_NAMES: readonly (keyof ScheduleActivities)[] = ['scheduledRunStart', 'scheduledRunAwaitEnd'];
