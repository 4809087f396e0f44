/**
 * Scheduled backups: a Temporal Schedule starts this workflow; its activity writes the encrypted backup into the
 * configured directory, verifies it by restoring it into a scratch database, prunes by the retention rule and records
 * the result. A run whose attempts all failed is recorded as failed and raises the backup alert (cleared by the next success).
 */
export const SCHEDULED_BACKUP_WORKFLOW = 'scheduledBackup';

export interface ScheduledBackupInput {
  /** The backup's time (file name, daily/monthly retention); absent: the workflow's start time (the schedule's). */
  at?: string;
}

export interface BackupRunResult {
  id: number;
  outcome: 'ok' | 'failed';
  file: string | null;
  pruned: string[];
  error?: string;
}

export interface BackupActivities {
  /** Backs up, verifies by a scratch restore, prunes, records; throws on a failure (Temporal retries it). */
  backupsRun(input: { at: string }): Promise<BackupRunResult>;
  /** Every attempt failed: recorded, and the backup alert raised. */
  backupsFailed(input: { at: string; error: string }): Promise<BackupRunResult>;
}

export const BACKUP_ACTIVITY_NAMES: readonly (keyof BackupActivities)[] = ['backupsRun', 'backupsFailed'];
