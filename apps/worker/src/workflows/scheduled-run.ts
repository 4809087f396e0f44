import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import { scheduleInput } from '@lienthong/flow/runtime';
import { LtError } from '@lienthong/errors';
import { ScheduledStartTimeKey, toApplicationFailure, type ScheduleActivities, type ScheduledRunInput, type ScheduledRunResult } from '@lienthong/temporal/contracts';

// Starting the run: the run service may meet a restarting database; retried, and idempotent per fire time.
const starting = proxyActivities<ScheduleActivities>({
  startToCloseTimeout: '1 minute', retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 20 },
});
// Waiting for the run's end: a long poll that heartbeats; its attempts never run out (a roll-up waits days for people).
const waiting = proxyActivities<ScheduleActivities>({
  startToCloseTimeout: '1 hour', heartbeatTimeout: '1 minute', retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * Started by a flow's Temporal Schedule: computes the run's input for the time the schedule was due (the
 * TemporalScheduledStartTime search attribute: the same on replay, and the same on a retry after a crash), starts
 * the run through the run service, and stays open until the run ends so the schedule's no-overlap policy holds.
 */
export async function startScheduledRun(args: ScheduledRunInput): Promise<ScheduledRunResult> {
  const info = workflowInfo();
  const firedAt = info.typedSearchAttributes.get(ScheduledStartTimeKey) ?? info.runStartTime;
  let input: unknown;
  try {
    input = await scheduleInput(args.input, firedAt, args.nodeId);
  } catch (err) {
    if (err instanceof LtError) throw toApplicationFailure(err);
    throw err;
  }
  const { runId } = await starting.scheduledRunStart({ flowKey: args.flowKey, version: args.version, input, firedAt: firedAt.toISOString() });
  await waiting.scheduledRunAwaitEnd(runId);
  return { runId, firedAt: firedAt.toISOString() };
}
