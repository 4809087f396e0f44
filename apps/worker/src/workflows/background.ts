import { proxyActivities } from '@temporalio/workflow';
import { CALLBACK_MAX_ATTEMPTS, type BackgroundActivities, type RunCallbackInput, type RunCallbackResult } from '@lienthong/temporal/contracts';

// Waiting for a run's end: a long poll on the run's history inside the activity, which heartbeats so that a lost
// worker is noticed within a minute; its attempts never run out (a run may wait days for a person).
const waiting = proxyActivities<BackgroundActivities>({
  startToCloseTimeout: '1 hour', heartbeatTimeout: '1 minute', retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
// One delivery per attempt; Temporal's backoff (1 s, 2 s, 4 s … at most 10 min) replaces the hand-made one.
const delivery = proxyActivities<BackgroundActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '10 minutes', maximumAttempts: CALLBACK_MAX_ATTEMPTS },
});
const housekeeping = proxyActivities<BackgroundActivities>({
  startToCloseTimeout: '10 minutes', retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 3 },
});

/** The result of a run a connected system started, POSTed to its callback URL once the run has ended. */
export async function deliverRunCallback(input: RunCallbackInput): Promise<RunCallbackResult> {
  await waiting.callbackAwaitRunEnd(input.runId);
  try {
    const attempt = await delivery.callbackDeliver(input);
    return { runId: input.runId, delivered: attempt.delivered, attempts: attempt.attempts };
  } catch {
    // Every attempt failed (each one is recorded on the callback row and in the audit trail).
    return { runId: input.runId, delivered: false, attempts: CALLBACK_MAX_ATTEMPTS };
  }
}

/**
 * R-02 at close: started with a run whose flow keeps its data 0 days. Waits for the run's end (the callback's long
 * poll), then archives the run and destroys its data, history and children's histories; the schedule is the safety net.
 */
export async function purgeRunAtClose(runId: string): Promise<{ destroyed: boolean }> {
  await waiting.callbackAwaitRunEnd(runId);
  return housekeeping.retentionPurgeRun(runId);
}

/** Started by the retention schedule: archive finished runs, destroy what outlived its retention. */
export async function retentionSweep(): Promise<{ archived: number; destroyed: number }> {
  return housekeeping.retentionSweep();
}

/** Started by the alert schedule: evaluate every rule once. */
export async function evaluateAlerts(): Promise<void> {
  await housekeeping.alertsEvaluate();
}

/**
 * Started by the reports schedule (the 1st of every month, 15 December): the operations reports due that day. `at` (an
 * ISO instant) stands for the day when someone starts it by hand, e.g. to make up a missed month.
 */
export async function generateOperationsReports(at?: string): Promise<{ stored: string[] }> {
  return housekeeping.reportsGenerate(at);
}
