import { BACKUP_ACTIVITY_NAMES, type BackupActivities } from '@lienthong/temporal/contracts';
import { heartbeatingActivities } from './heartbeating.js';

// The scheduled backup's activities (contract in @lienthong/temporal/contracts); the backups service implements them.
export type { BackupActivities };

export const backupActivities = (impl: BackupActivities): Record<string, (arg: never) => Promise<unknown>> =>
  heartbeatingActivities(BACKUP_ACTIVITY_NAMES, impl);
