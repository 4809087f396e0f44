import { ScheduleAlreadyRunning, ScheduleNotFoundError, ScheduleOverlapPolicy, WorkflowFailedError, WorkflowNotFoundError, type Client, type ScheduleOptionsStartWorkflowAction } from '@temporalio/client';
import { LtError, LtErrors } from '@lienthong/errors';
import { scheduleInputProblems } from '@lienthong/flow';
import { checkFlowDocument } from '@lienthong/schemas';
import { TASK_QUEUE } from '@lienthong/temporal/keys';
import { SCHEDULED_RUN_WORKFLOW, type ScheduleActivities, type ScheduledRunInput } from '@lienthong/temporal/contracts';
import type { AuditService } from './audit.js';
import type { FlowService } from './flows.js';
import type { RunService } from './runs.js';

/** The designer test-runs a draft by publishing it under `<key>--thu`: such a sandbox flow never gets a schedule. */
const SANDBOX_SUFFIX = '--thu';

/** Who starts scheduled runs: the runs row's caller and the audit row's actor. */
const SCHEDULE_ACTOR = 'system:schedule';

/**
 * Flows whose trigger is a schedule run from a Temporal Schedule (durable, survives restarts, no overlap, catches
 * up after an outage). The schedule starts the small `startScheduledRun` workflow, which computes the run's input
 * from the fire time and starts the run through the run service (runs row, business keys, audit, statistics).
 * Publishing a version points the schedule at that version; publishing a version with another trigger removes it.
 */
export function createScheduleService(temporal: Client, flows: FlowService, opts: { taskQueue?: string } = {}) {
  const taskQueue = opts.taskQueue ?? TASK_QUEUE;
  // The task queue is part of the ids so that several installs (or test platforms) on one cluster stay apart.
  const scheduleId = (flowKey: string) => `lt-schedule-${taskQueue}-${flowKey}`;

  const service = {
    scheduleId,

    /**
     * Refuses a document whose schedule input, computed for the schedule's next fire time, does not satisfy the
     * flow's input schema (FLOW_COMPILE_SCHEDULE_INPUT, located at the trigger's input). Documents that do not
     * compile are left to publishing, which reports all their problems (an unparsable input among them).
     */
    async checkInput(document: unknown): Promise<void> {
      const checked = checkFlowDocument(document);
      if (!checked.ok || flows.validate(document).length > 0) return;
      const problems = await scheduleInputProblems(checked.value, new Date());
      if (problems.length > 0) throw new LtErrors(problems);
    },

    /** Creates, updates or removes the schedule of a flow's latest version. Returns the cron in force, or null. */
    async sync(flowKey: string): Promise<{ scheduleId: string; cron: string; version: number } | null> {
      const v = await flows.get(flowKey);
      const entry = v.plan.nodes[v.plan.entry];
      const handle = temporal.schedule.getHandle(scheduleId(flowKey));
      if (entry?.kind !== 'trigger' || entry.trigger.type !== 'schedule' || flowKey.endsWith(SANDBOX_SUFFIX)) {
        await handle.delete().catch((err: unknown) => { if (!(err instanceof ScheduleNotFoundError)) throw err; });
        return null;
      }
      const args: ScheduledRunInput = { flowKey, version: v.version, nodeId: v.plan.entry, ...(entry.trigger.input ? { input: entry.trigger.input } : {}) };
      const action: ScheduleOptionsStartWorkflowAction<never> = {
        type: 'startWorkflow', workflowType: SCHEDULED_RUN_WORKFLOW, taskQueue,
        // Temporal appends the scheduled time, so every firing has its own id.
        workflowId: `scheduled-${taskQueue}-${flowKey}`,
        args: [args] as never,
      };
      const spec = { cronExpressions: [entry.trigger.cron], timezone: entry.trigger.timezone ?? 'Asia/Ho_Chi_Minh' };
      try {
        await temporal.schedule.create({ scheduleId: scheduleId(flowKey), spec, action, policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
          memo: { flowKey, version: v.version } });
      } catch (err) {
        if (!(err instanceof ScheduleAlreadyRunning)) throw err;
        await handle.update((prev) => ({ ...prev, spec, action }));
      }
      return { scheduleId: scheduleId(flowKey), cron: entry.trigger.cron, version: v.version };
    },

    /**
     * Points every schedule-triggered flow's schedule at its latest version with the current action (at start: a
     * schedule created by an older release started the interpreter directly, with `{}` and no runs row).
     */
    async syncAll(): Promise<string[]> {
      const synced: string[] = [];
      for (const f of await flows.list()) {
        if (f.latestVersion === 0) continue;
        const v = await flows.get(f.key);
        const entry = v.plan.nodes[v.plan.entry];
        if (entry?.kind === 'trigger' && entry.trigger.type === 'schedule' && await service.sync(f.key)) synced.push(f.key);
      }
      return synced;
    },

    /** Runs a scheduled flow now (operators, and tests), as the schedule would: the fire time is now. */
    async trigger(flowKey: string): Promise<void> {
      try {
        await temporal.schedule.getHandle(scheduleId(flowKey)).trigger(ScheduleOverlapPolicy.ALLOW_ALL);
      } catch (err) {
        if (err instanceof ScheduleNotFoundError) throw new LtError('FLOW_NOT_FOUND', { flowKey }, { field: 'flowKey' });
        throw err;
      }
    },

    /**
     * Runs a scheduled flow for every time its cron would have fired in [from, to) (catching up on missed periods),
     * each with the input computed for that nominal fire time; runs that overlap are allowed.
     */
    async backfill(flowKey: string, range: { from: Date; to: Date }): Promise<void> {
      try {
        await temporal.schedule.getHandle(scheduleId(flowKey)).backfill({ start: range.from, end: range.to, overlap: ScheduleOverlapPolicy.ALLOW_ALL });
      } catch (err) {
        if (err instanceof ScheduleNotFoundError) throw new LtError('FLOW_NOT_FOUND', { flowKey }, { field: 'flowKey' });
        throw err;
      }
    },

    /** Deletes a flow's schedule if it has one (a test platform going away: nothing would run its workflows). */
    async remove(flowKey: string): Promise<void> {
      await temporal.schedule.getHandle(scheduleId(flowKey)).delete().catch((err: unknown) => { if (!(err instanceof ScheduleNotFoundError)) throw err; });
    },

    async describe(flowKey: string) {
      const d = await temporal.schedule.getHandle(scheduleId(flowKey)).describe();
      return { scheduleId: d.scheduleId, calendars: d.spec.calendars ?? [], timezone: d.spec.timezone, recentRuns: d.info.recentActions.map((a) => a.action.workflow.workflowId), nextRuns: d.info.nextActionTimes };
    },
  };
  return service;
}
export type ScheduleService = ReturnType<typeof createScheduleService>;

/**
 * The scheduled-run workflow's activities: the run starts through the run service like an API call (input schema,
 * runs row with trigger "schedule", business keys, search attributes), keyed by flow and fire time so a retried
 * activity finds the run it started; the start, or its refusal, is written to the audit log.
 */
export function createScheduledRunActivities(temporal: Client, runs: RunService, audit: AuditService): ScheduleActivities {
  return {
    async scheduledRunStart({ flowKey, version, input, firedAt }) {
      const row = { actorType: 'system' as const, actorId: SCHEDULE_ACTOR, agency: null, action: 'runs.start', flowKey };
      try {
        const r = await runs.start(flowKey, input, { version, trigger: 'schedule', idempotencyKey: `schedule:${firedAt}`, caller: { id: SCHEDULE_ACTOR } });
        if (!r.replayed) await audit.record({ ...row, outcome: 'ok', status: 202, runId: r.runId, detail: { trigger: 'schedule', firedAt, version } });
        return { runId: r.runId };
      } catch (err) {
        const first = err instanceof LtErrors ? err.errors[0] : err instanceof LtError ? err : undefined;
        if (first && !first.retryable) {
          await audit.record({ ...row, outcome: 'failed', status: first.status, code: first.code, detail: { trigger: 'schedule', firedAt, version, where: first.where } });
        }
        throw err;
      }
    },
    async scheduledRunAwaitEnd(runId) {
      // A long poll on the run's history (no polling loop): resolves or fails when the run closes.
      try {
        await temporal.workflow.getHandle(runId).result();
      } catch (e) {
        if (e instanceof WorkflowFailedError || e instanceof WorkflowNotFoundError) return;
        throw e;
      }
    },
  };
}
