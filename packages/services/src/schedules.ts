import { ScheduleAlreadyRunning, ScheduleNotFoundError, ScheduleOverlapPolicy, type Client, type ScheduleOptionsStartWorkflowAction } from '@temporalio/client';
import { LtError } from '@lienthong/errors';
import { resolveSubflows } from '@lienthong/flow';
import { INTERPRETER_ENGINE, TASK_QUEUE } from '@lienthong/temporal/keys';
import { RUN_FLOW_WORKFLOW, runSearchAttributes } from '@lienthong/temporal/contracts';
import type { FlowService } from './flows.js';

/**
 * Flows whose trigger is a schedule run from a Temporal Schedule (durable, survives restarts,
 * no overlap, catches up after an outage). Publishing a version points the schedule at that
 * version's plan; publishing a version with another trigger removes it.
 */
export function createScheduleService(temporal: Client, flows: FlowService, opts: { taskQueue?: string } = {}) {
  const taskQueue = opts.taskQueue ?? TASK_QUEUE;
  // The task queue is part of the id so that several installs (or test platforms) on one cluster stay apart.
  const scheduleId = (flowKey: string) => `lt-schedule-${taskQueue}-${flowKey}`;

  return {
    scheduleId,

    /** Creates, updates or removes the schedule of a flow's latest version. Returns the cron in force, or null. */
    async sync(flowKey: string): Promise<{ scheduleId: string; cron: string; version: number } | null> {
      const v = await flows.get(flowKey);
      const entry = v.plan.nodes[v.plan.entry];
      const handle = temporal.schedule.getHandle(scheduleId(flowKey));
      if (entry?.kind !== 'trigger' || entry.trigger.type !== 'schedule') {
        await handle.delete().catch((err: unknown) => { if (!(err instanceof ScheduleNotFoundError)) throw err; });
        return null;
      }
      const subflows = await resolveSubflows(v.plan, async (key, version) => (await flows.get(key, version)).plan);
      const action: ScheduleOptionsStartWorkflowAction<never> = {
        type: 'startWorkflow', workflowType: RUN_FLOW_WORKFLOW, taskQueue,
        // Temporal appends the scheduled time, so every run has its own id.
        workflowId: `run-sched-${flowKey}`,
        args: [{ plan: v.plan, input: {}, trigger: 'schedule', engine: INTERPRETER_ENGINE, ...(Object.keys(subflows).length > 0 ? { subflows } : {}) }] as never,
        typedSearchAttributes: runSearchAttributes({ flowKey, version: v.version, hash: v.hash, trigger: 'schedule' }),
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

    /** Runs a scheduled flow now (operators, and tests), as the schedule would. */
    async trigger(flowKey: string): Promise<void> {
      try {
        await temporal.schedule.getHandle(scheduleId(flowKey)).trigger(ScheduleOverlapPolicy.ALLOW_ALL);
      } catch (err) {
        if (err instanceof ScheduleNotFoundError) throw new LtError('FLOW_NOT_FOUND', { flowKey }, { field: 'flowKey' });
        throw err;
      }
    },

    async describe(flowKey: string) {
      const d = await temporal.schedule.getHandle(scheduleId(flowKey)).describe();
      return { scheduleId: d.scheduleId, calendars: d.spec.calendars ?? [], timezone: d.spec.timezone, recentRuns: d.info.recentActions.map((a) => a.action.workflow.workflowId), nextRuns: d.info.nextActionTimes };
    },
  };
}
export type ScheduleService = ReturnType<typeof createScheduleService>;
