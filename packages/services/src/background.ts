import { ScheduleAlreadyRunning, ScheduleNotFoundError, ScheduleOverlapPolicy, type Client, type ScheduleOptionsStartWorkflowAction } from '@temporalio/client';
import { TASK_QUEUE } from '@lienthong/temporal/keys';
import { ALERTS_WORKFLOW, REPORTS_WORKFLOW, RETENTION_WORKFLOW, SCHEDULED_BACKUP_WORKFLOW, backgroundScheduleId } from '@lienthong/temporal/contracts';

export interface BackgroundScheduleOptions {
  /** How often finished runs are archived and expired data destroyed (default 5 min). */
  retentionEveryMs?: number;
  /** How often the alert rules are evaluated (default 15 s; Temporal schedules at most once a second). */
  alertsEveryMs?: number;
  /** How often the encrypted backup runs; absent or null: backups are not configured, no schedule (an old one is removed). */
  backupsEveryMs?: number | null;
}

/**
 * Retention and alert evaluation as Temporal Schedules (visible in the Temporal UI, one per install: the id holds
 * the task queue). Whichever process starts first creates them; the others find them and set their interval.
 * No overlap: a sweep still running when the next is due is skipped.
 */
export function createBackgroundSchedules(temporal: Client, opts: { taskQueue?: string } = {}) {
  const taskQueue = opts.taskQueue ?? TASK_QUEUE;
  const ids = { retention: backgroundScheduleId('retention', taskQueue), alerts: backgroundScheduleId('alerts', taskQueue),
    reports: backgroundScheduleId('reports', taskQueue),
    backups: backgroundScheduleId('backups', taskQueue) };

  async function ensure(id: string, workflowType: string, everyMs: number, timeout: string): Promise<void> {
    const spec = { intervals: [{ every: Math.max(1000, Math.round(everyMs)) }] };
    const action: ScheduleOptionsStartWorkflowAction<never> = { type: 'startWorkflow', workflowType, taskQueue, workflowId: id, args: [] as never,
      workflowExecutionTimeout: timeout };
    try {
      await temporal.schedule.create({ scheduleId: id, spec, action, policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 minute' } });
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
      await temporal.schedule.getHandle(id).update((prev) => ({ ...prev, spec, action }));
    }
  }

  /** The reports schedule: on calendar days in Vietnam time rather than at an interval. */
  async function ensureReports(): Promise<void> {
    const spec = { calendars: [{ dayOfMonth: 1, hour: 1, comment: 'monthly, 6-monthly, annual' }, { month: 'DECEMBER' as const, dayOfMonth: 15, hour: 1, comment: 'annual, year to date' }],
      timezone: 'Asia/Ho_Chi_Minh' };
    const action: ScheduleOptionsStartWorkflowAction<never> = { type: 'startWorkflow', workflowType: REPORTS_WORKFLOW, taskQueue, workflowId: ids.reports, args: [] as never,
      workflowExecutionTimeout: '1 hour' };
    try {
      await temporal.schedule.create({ scheduleId: ids.reports, spec, action, policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' } });
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
      await temporal.schedule.getHandle(ids.reports).update((prev) => ({ ...prev, spec, action }));
    }
  }

  return {
    ids,
    /** Deletes both schedules (a test platform going away: nothing would run their workflows any more). */
    async remove(): Promise<void> {
      for (const id of Object.values(ids)) {
        await temporal.schedule.getHandle(id).delete().catch((err: unknown) => { if (!(err instanceof ScheduleNotFoundError)) throw err; });
      }
    },
    async ensure(o: BackgroundScheduleOptions = {}): Promise<void> {
      await ensure(ids.retention, RETENTION_WORKFLOW, o.retentionEveryMs ?? 300_000, '1 hour');
      await ensure(ids.alerts, ALERTS_WORKFLOW, o.alertsEveryMs ?? 15_000, '5 minutes');
      await ensureReports();
      if (o.backupsEveryMs) await ensure(ids.backups, SCHEDULED_BACKUP_WORKFLOW, o.backupsEveryMs, '3 hours');
      else await temporal.schedule.getHandle(ids.backups).delete().catch((err: unknown) => { if (!(err instanceof ScheduleNotFoundError)) throw err; });
    },
  };
}
export type BackgroundSchedules = ReturnType<typeof createBackgroundSchedules>;
