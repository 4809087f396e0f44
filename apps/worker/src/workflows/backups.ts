// Scheduled backups, started by the backup schedule. Workflow code: deterministic, no I/O.
import { ActivityFailure, ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import type { BackupActivities, BackupRunResult, ScheduledBackupInput } from '@lienthong/temporal/contracts';

// Writing, restoring into a scratch database and pruning take minutes on a large install; a second attempt may succeed
// where the first met a passing fault (a full disk freed, a share remounted).
const run = proxyActivities<BackupActivities>({ startToCloseTimeout: '2 hours', heartbeatTimeout: '5 minutes',
  retry: { maximumAttempts: 2, initialInterval: '5s', backoffCoefficient: 2 } });
const record = proxyActivities<BackupActivities>({ startToCloseTimeout: '1 minute', retry: { maximumAttempts: 10, initialInterval: '1s', backoffCoefficient: 2 } });

/** The reason the last attempt gave (the activity's own message, not Temporal's wrapper). */
function reasonOf(err: unknown): string {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  const message = cause instanceof ApplicationFailure || cause instanceof Error ? cause.message : String(cause);
  return message.slice(0, 500);
}

export async function scheduledBackup(input: ScheduledBackupInput = {}): Promise<BackupRunResult> {
  const at = input.at ?? new Date().toISOString(); // workflow time: the schedule's start
  try {
    return await run.backupsRun({ at });
  } catch (err) {
    return record.backupsFailed({ at, error: reasonOf(err) });
  }
}
