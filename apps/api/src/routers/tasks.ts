import { z } from 'zod';
import { LtError } from '@lienthong/errors';
import { taskEventView, taskView, type TaskRow } from '@lienthong/services';
import type { Access } from '../auth/policy.js';
import { createTRPCRouter, procedure, type Context } from '../trpc.js';

// Human tasks (issue 18): officers' inboxes and decisions. Reading needs tasks.read for the task's agency, acting
// tasks.decide for it (not runs.start); another agency's task is "not found".

const TaskId = z.string().regex(/^tsk-[0-9a-f-]{36}$/);
const I18n = z.object({ vi: z.string(), en: z.string() });
const Task = z.object({
  taskId: z.string(), runId: z.string(), flowKey: z.string(), version: z.number().int(), nodeId: z.string(), agency: z.string().nullable(),
  title: I18n.nullable(), assigneeRole: z.string().nullable(), assigneeUser: z.string().nullable(), claimedBy: z.string().nullable(),
  state: z.enum(['open', 'decided', 'expired', 'cancelled']), overdue: z.boolean(), dueAt: z.string().nullable(), escalatedAt: z.string().nullable(), alsoAgencies: z.array(z.string()),
  createdAt: z.string(), decidedBy: z.string().nullable(), decidedAt: z.string().nullable(), lateMs: z.number().int().min(0),
  form: z.record(z.string(), z.unknown()).optional(), context: z.unknown().optional(), decision: z.unknown().optional(),
  destroyed: z.unknown().optional(), // RUN_DATA_DESTROYED: the run's retention ended, its data left the task
});
const TaskEvent = z.object({ id: z.number().int(), taskId: z.string(), runId: z.string(), at: z.string(),
  action: z.enum(['created', 'claimed', 'unclaimed', 'delegated', 'commented', 'decided', 'reminded', 'escalated', 'expired', 'cancelled']),
  actor: z.string(), detail: z.record(z.string(), z.unknown()) });

/** People whose every role is agency-viewer see a task's state and history, not the run data it carries. */
function seesRunData(caller: unknown): boolean {
  const c = caller as { kind?: string; roles?: { role: string }[] } | null;
  return !(c?.kind === 'user' && (c.roles ?? []).length > 0 && (c.roles ?? []).every((g) => g.role === 'agency-viewer'));
}

/** The task, after the agency check for reading it (and, for actions, for deciding it: 403 when reading is all the caller may). */
async function taskFor(ctx: Context & { access: Access }, taskId: string, act = false): Promise<TaskRow> {
  const notFound = () => new LtError('TASK_NOT_FOUND', { taskId });
  const t = await ctx.services.tasks.get(taskId);
  // A task escalated to several agencies is theirs too (alsoAgencies); otherwise the task's own agency decides.
  const alsoReach = (action: 'tasks.read' | 'tasks.decide') => (t.alsoAgencies?.length ?? 0) > 0 && ctx.access.reachesAny(t.alsoAgencies ?? [], action);
  if (!alsoReach('tasks.read')) ctx.access.own(t.agency, notFound, 'tasks.read');
  if (act && !alsoReach('tasks.decide')) ctx.access.own(t.agency, notFound, 'tasks.decide');
  return t;
}

const full = (ctx: Context, t: TaskRow) => taskView(t, ctx.services.tasks.now(), { form: true, data: seesRunData(ctx.caller) });

export const tasksRouter = createTRPCRouter({
  list: procedure
    .meta({ requires: 'tasks.read', scope: 'agency', rest: { method: 'GET', path: '/tasks', summary: 'Hộp việc: việc của tôi hoặc của đơn vị / Task inbox: mine or my agency\'s', tags: ['tasks'],
      query: ['box', 'state', 'overdue', 'flowKey', 'limit'] } })
    .input(z.object({ box: z.enum(['mine', 'agency']).default('mine'), state: z.enum(['open', 'decided', 'expired', 'cancelled']).optional(),
      overdue: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]).optional(), flowKey: z.string().max(64).optional(),
      limit: z.coerce.number().int().min(1).max(200).optional() }))
    .output(z.object({ tasks: z.array(Task) }))
    .query(async ({ ctx, input }) => {
      const caller = ctx.access.caller('tasks.read');
      const username = caller.kind === 'user' ? caller.username : caller.id;
      const rows = await ctx.services.tasks.list({ box: input.box, username, ...ctx.access.scope('tasks.read'), ...(input.state ? { state: input.state } : {}),
        ...(input.overdue ? { overdue: true } : {}), ...(input.flowKey ? { flowKey: input.flowKey } : {}), ...(input.limit ? { limit: input.limit } : {}) });
      return { tasks: rows.map((t) => taskView(t, ctx.services.tasks.now())) };
    }),

  get: procedure
    .meta({ requires: 'tasks.read', scope: 'agency', rest: { method: 'GET', path: '/tasks/{taskId}', summary: 'Một nhiệm vụ: biểu mẫu, dữ liệu được xem, trạng thái / One task: form, visible run data, state', tags: ['tasks'] } })
    .input(z.object({ taskId: TaskId }))
    .output(Task)
    .query(async ({ ctx, input }) => full(ctx, await taskFor(ctx, input.taskId))),

  events: procedure
    .meta({ requires: 'tasks.read', scope: 'agency', rest: { method: 'GET', path: '/tasks/{taskId}/events', summary: 'Lịch sử nhiệm vụ / A task\'s history', tags: ['tasks'] } })
    .input(z.object({ taskId: TaskId }))
    .output(z.array(TaskEvent))
    .query(async ({ ctx, input }) => {
      await taskFor(ctx, input.taskId);
      return (await ctx.services.tasks.events(input.taskId)).map(taskEventView);
    }),

  // The run detail's timeline shows who did what on the run's tasks: readable by whoever reads the run.
  runEvents: procedure
    .meta({ requires: 'runs.read', scope: 'agency', rest: { method: 'GET', path: '/runs/{runId}/task-events', summary: 'Thao tác trên các nhiệm vụ của lượt chạy / Actions on a run\'s tasks', tags: ['tasks', 'runs'] } })
    .input(z.object({ runId: z.string().min(1).max(300) }))
    .output(z.array(TaskEvent))
    .query(async ({ ctx, input }) => {
      const agency = await ctx.services.runControl.agencyOf(input.runId.split('/')[0] ?? input.runId);
      const notFound = () => new LtError('RUN_NOT_FOUND', { runId: input.runId });
      if (agency === undefined) { ctx.access.own(null, notFound); throw notFound(); }
      ctx.access.own(agency, notFound);
      const events = (await ctx.services.tasks.runEvents(input.runId)).map(taskEventView);
      // A comment's text is run data: hidden from people who see statuses and timings only.
      return seesRunData(ctx.caller) ? events : events.map((e) => (e.action === 'commented' ? { ...e, detail: {} } : e));
    }),

  claim: procedure
    .meta({ requires: 'tasks.decide', scope: 'agency', rest: { method: 'POST', path: '/tasks/{taskId}/claim', summary: 'Nhận xử lý nhiệm vụ / Claim a task', tags: ['tasks'] } })
    .input(z.object({ taskId: TaskId }))
    .output(Task)
    .mutation(async ({ ctx, input }) => full(ctx, await ctx.services.tasks.claim(await taskFor(ctx, input.taskId, true), ctx.access.caller('tasks.decide')))),

  unclaim: procedure
    .meta({ requires: 'tasks.decide', scope: 'agency', rest: { method: 'POST', path: '/tasks/{taskId}/unclaim', summary: 'Trả lại nhiệm vụ / Unclaim a task', tags: ['tasks'] } })
    .input(z.object({ taskId: TaskId }))
    .output(Task)
    .mutation(async ({ ctx, input }) => full(ctx, await ctx.services.tasks.unclaim(await taskFor(ctx, input.taskId, true), ctx.access.caller('tasks.decide')))),

  delegate: procedure
    .meta({ requires: 'tasks.decide', scope: 'agency', rest: { method: 'POST', path: '/tasks/{taskId}/delegate', summary: 'Giao nhiệm vụ cho người khác / Delegate a task', tags: ['tasks'] } })
    .input(z.object({ taskId: TaskId, username: z.string().min(1).max(64) }))
    .output(Task)
    .mutation(async ({ ctx, input }) => full(ctx, await ctx.services.tasks.delegate(await taskFor(ctx, input.taskId, true), ctx.access.caller('tasks.decide'), input.username))),

  comment: procedure
    .meta({ requires: 'tasks.decide', scope: 'agency', rest: { method: 'POST', path: '/tasks/{taskId}/comments', summary: 'Ghi chú vào nhiệm vụ / Comment on a task', tags: ['tasks'] } })
    .input(z.object({ taskId: TaskId, text: z.string().trim().min(1).max(4000) }))
    .output(TaskEvent)
    .mutation(async ({ ctx, input }) => (await ctx.services.tasks.comment(await taskFor(ctx, input.taskId, true), ctx.access.caller('tasks.decide'), input.text))),

  // The body is the decision: checked against the task's form (400 TASK_DECISION_INVALID with its pointer), then the run continues with it.
  decide: procedure
    .meta({ requires: 'tasks.decide', scope: 'agency', rest: { method: 'POST', path: '/tasks/{taskId}/decision', summary: 'Quyết định nhiệm vụ / Decide a task', tags: ['tasks'], bodyField: 'decision' } })
    .input(z.object({ taskId: TaskId, decision: z.unknown() }))
    .output(Task)
    .mutation(async ({ ctx, input }) => full(ctx, await ctx.services.tasks.decide(await taskFor(ctx, input.taskId, true), ctx.access.caller('tasks.decide'), input.decision))),
});
