// The `task` node: a person decides. Workflow code: deterministic, no I/O (the task row is written by activities).
import { CancellationScope, condition, isCancellation, proxyActivities, setHandler, uuid4 } from '@temporalio/workflow';
import { evaluate, DEFAULT_HANDLE, type ExpressionContext, type Plan, type PlanNode } from '@lienthong/flow/runtime';
import { LtError } from '@lienthong/errors';
import { taskDecisionUpdate, type TaskActivities, type TaskAssigneeResolved } from '@lienthong/temporal/contracts';

export type TaskPlanNode = Extract<PlanNode, { kind: 'task' }>;

const tasks = proxyActivities<TaskActivities>({ startToCloseTimeout: '30s', retry: { maximumAttempts: 10, initialInterval: '1s', backoffCoefficient: 2 } });

/**
 * The decisions this run received, by task id. Registered once per run whose plan has task nodes; the validator
 * refuses a decision for a task the run is not waiting on (decided, expired, or another run's), so the caller learns it.
 */
export function taskDecisions(): { waiting: Set<string>; decided: Map<string, unknown> } {
  const waiting = new Set<string>();
  const decided = new Map<string, unknown>();
  setHandler(taskDecisionUpdate, (d) => {
    waiting.delete(d.taskId);
    decided.set(d.taskId, d.decision);
    return Promise.resolve({ accepted: true as const });
  }, {
    validator: (d) => { if (!waiting.has(d.taskId)) throw new Error(`task ${d.taskId} is not waiting for a decision`); },
  });
  return { waiting, decided };
}

async function assigneeOf(node: TaskPlanNode, ctx: ExpressionContext, runAgency: string | null): Promise<TaskAssigneeResolved> {
  const a = node.assignee;
  if ('role' in a) return { role: a.role, agency: a.agency ?? runAgency };
  if ('user' in a) return { user: a.user };
  const v = await evaluate(a.expression, ctx, node.id) as Record<string, unknown> | null;
  if (v && typeof v === 'object' && typeof v.user === 'string' && v.user) return { user: v.user };
  if (v && typeof v === 'object' && typeof v.role === 'string' && v.role) return { role: v.role, agency: typeof v.agency === 'string' ? v.agency : runAgency };
  throw new LtError('FLOW_TASK_BAD_ASSIGNEE', { nodeId: node.id, value: JSON.stringify(v ?? null).slice(0, 200) }, { nodeId: node.id });
}

/**
 * The deadline the platform counts: a number of working days given as an expression (a procedure's processing time from
 * the catalogue) is evaluated now, over the run's data, and must be a whole number from 1 to 365.
 */
async function deadlineOf(node: TaskPlanNode, ctx: ExpressionContext): Promise<{ hours: number } | { workingDays: number } | null> {
  const d = node.deadline;
  if (!d) return null;
  if ('hours' in d || typeof d.workingDays === 'number') return d as { hours: number } | { workingDays: number };
  const v = await evaluate(d.workingDays, ctx, node.id);
  if (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 365) return { workingDays: v };
  throw new LtError('FLOW_TASK_BAD_DEADLINE', { nodeId: node.id, value: JSON.stringify(v ?? null).slice(0, 200) }, { nodeId: node.id, pointer: `/nodes/${node.id}/deadline/workingDays` });
}

/**
 * An escalation list's targets, evaluated at the deadline over run data: each a role with an agency (absent: the run's).
 * A target expression that gives no `{ role }` fails the node with FLOW_TASK_BAD_ASSIGNEE, naming its pointer.
 */
async function escalationTargets(node: TaskPlanNode, ctx: ExpressionContext, runAgency: string | null): Promise<{ role: string; agency?: string }[]> {
  const out: { role: string; agency?: string }[] = [];
  for (const [i, e] of (Array.isArray(node.escalate) ? node.escalate : []).entries()) {
    const v = 'expression' in e ? await evaluate(e.expression, ctx, node.id) as Record<string, unknown> | null : e;
    if (!v || typeof v !== 'object' || typeof v.role !== 'string' || !/^[a-z][a-z-]{1,31}$/.test(v.role)) {
      throw new LtError('FLOW_TASK_BAD_ASSIGNEE', { nodeId: node.id, value: JSON.stringify(v ?? null).slice(0, 200) }, { nodeId: node.id, pointer: `/nodes/${node.id}/escalate/${i}` });
    }
    const agency = typeof v.agency === 'string' && v.agency ? v.agency : runAgency;
    out.push({ role: v.role, ...(agency ? { agency } : {}) });
  }
  return out;
}

/**
 * Creates the task, waits for its decision (reminding at the node's fractions of the deadline), and at the deadline
 * escalates (the task stays open), takes the "timeout" handle, or fails. A cancelled run closes its open task.
 */
export async function runTask(o: {
  node: TaskPlanNode; ctx: ExpressionContext; plan: Plan; runId: string; agency: string | null;
  decisions: ReturnType<typeof taskDecisions>;
  /** Marks the node as waiting for a person in the run's progress (the run detail's graph); state only, no command. */
  waiting: () => void;
}): Promise<{ handle: string; output: unknown }> {
  const { node, ctx, plan, runId, decisions } = o;
  const taskId = `tsk-${uuid4()}`;
  const assignee = await assigneeOf(node, ctx, o.agency);
  const context = node.context ? await evaluate(node.context, ctx, node.id) : null;
  const deadline = await deadlineOf(node, ctx);
  const startedAt = new Date().getTime(); // workflow time: replay-safe
  const title = node.title ? { vi: node.title.vi, en: node.title.en ?? node.title.vi } : null;
  decisions.waiting.add(taskId);
  // The platform answers when the task is due (a deadline in working days needs its calendar); the answer is in the history.
  const { dueAt, clock } = await tasks.tasksCreate({
    taskId, runId, flowKey: plan.flowKey, version: plan.version, nodeId: node.id, agency: assignee.user ? o.agency : (assignee.agency ?? null),
    assignee, title, form: node.form, context: context ?? null, deadline, createdAt: new Date(startedAt).toISOString(),
    ...(node.continues ? { continues: node.continues } : {}),
  });
  const deadlineMs = dueAt ? Math.max(1, Date.parse(dueAt) - startedAt) : undefined;
  // A continued SLA clock reminds at fractions of its running time (the pauses moved the deadline). Those the tasks it
  // continues sent are not sent again; one whose point passed unsent (the days off in a pause) is sent at once.
  // Histories recorded before the platform answered `reminded` skip every point already passed, as they did then.
  const span = clock && dueAt ? Date.parse(dueAt) - Date.parse(clock.startedAt) - clock.pausedMs : 0;
  const reminderAt = (fraction: number): number => (clock && dueAt ? Date.parse(dueAt) - Math.round((1 - fraction) * span) - startedAt : Math.round(fraction * (deadlineMs ?? 0)));
  o.waiting();
  const decided = () => decisions.decided.has(taskId);
  let reminded = false; // reminders and escalation open an alert, which the decision settles
  const done = async () => {
    if (reminded) await tasks.tasksClose(taskId, 'decided');
    return { handle: DEFAULT_HANDLE, output: decisions.decided.get(taskId) ?? null };
  };
  try {
    if (deadlineMs === undefined) {
      await condition(decided);
      return done();
    }
    let elapsed = 0;
    for (const fraction of [...new Set(node.reminders ?? [])].sort((a, b) => a - b)) {
      const at = reminderAt(fraction);
      if (clock?.reminded ? clock.reminded.includes(fraction) : clock && at <= elapsed) continue;
      if (await condition(decided, Math.max(1, at - elapsed))) return done();
      elapsed = Math.max(elapsed, at);
      reminded = true;
      await tasks.tasksRemind(taskId, fraction);
    }
    if (await condition(decided, Math.max(1, deadlineMs - elapsed))) return done();
    if (Array.isArray(node.escalate)) {
      reminded = true;
      const [to, ...also] = await escalationTargets(node, ctx, o.agency);
      await tasks.tasksEscalate(taskId, to as { role: string; agency?: string }, also);
      await condition(decided);
      return done();
    }
    if (node.escalate) {
      reminded = true;
      await tasks.tasksEscalate(taskId, node.escalate);
      await condition(decided);
      return done();
    }
    decisions.waiting.delete(taskId);
    await tasks.tasksClose(taskId, 'expired');
    if ((plan.next[node.id]?.timeout?.length ?? 0) > 0) return { handle: 'timeout', output: null };
    throw new LtError('FLOW_TASK_TIMED_OUT', { nodeId: node.id }, { nodeId: node.id });
  } catch (err) {
    if (isCancellation(err)) {
      decisions.waiting.delete(taskId);
      await CancellationScope.nonCancellable(() => tasks.tasksClose(taskId, 'cancelled'));
    }
    throw err;
  }
}
