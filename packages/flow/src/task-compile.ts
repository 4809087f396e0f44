import type { ErrorCode, Params } from '@lienthong/errors';
import { checkAgainst, type TaskNode } from '@lienthong/schemas';

// Compile checks of the `task` node (a human task), kept beside compile.ts so that file stays about the graph.

type Problem = (code: ErrorCode, params: Params, where: { nodeId?: string; pointer: string }) => void;

const ptr = (...parts: (string | number)[]): string => `/${parts.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;

/** The JSONata expressions a task node holds, each with its JSON pointer. */
export function taskExpressions(id: string, node: TaskNode): { pointer: string; expr: string }[] {
  return [
    ...('expression' in node.assignee ? [{ pointer: ptr('nodes', id, 'assignee', 'expression'), expr: node.assignee.expression }] : []),
    ...(node.context ? [{ pointer: ptr('nodes', id, 'context'), expr: node.context }] : []),
    // Working days read from run data (a procedure's processing time in the catalogue), evaluated when the task is created.
    ...(node.deadline && 'workingDays' in node.deadline && typeof node.deadline.workingDays === 'string'
      ? [{ pointer: ptr('nodes', id, 'deadline', 'workingDays'), expr: node.deadline.workingDays }] : []),
    // Escalation targets read from run data (the handling agency), evaluated at the deadline.
    ...(Array.isArray(node.escalate) ? node.escalate.flatMap((e, i) => ('expression' in e ? [{ pointer: ptr('nodes', id, 'escalate', i, 'expression'), expr: e.expression }] : [])) : []),
  ];
}

/**
 * A task's form is a JSON Schema of an object; reminders, escalation and a "timeout" branch need a deadline (its own, or
 * the one of the task whose SLA clock it continues); a task that escalates at its deadline stays open, so it has no
 * "timeout" branch.
 */
export function checkTaskNode(id: string, node: TaskNode, hasTimeoutEdge: boolean, problem: Problem, kindOf: (nodeId: string) => string | undefined = () => undefined): void {
  const at = (...p: (string | number)[]) => ({ nodeId: id, pointer: ptr('nodes', id, ...p) });
  // The SLA clock continues another task's: that node must be another task node (its deadline is the one moved).
  if (node.continues !== undefined && (node.continues === id || kindOf(node.continues) !== 'task')) {
    problem('FLOW_COMPILE_TASK_BAD_CLOCK', { nodeId: id, ref: node.continues }, at('continues'));
  }
  try {
    checkAgainst(node.form, {});
    if (node.form.type !== 'object') problem('FLOW_COMPILE_BAD_SCHEMA', { field: `nodes/${id}/form`, detail: 'the form must be an object schema (type: "object")' }, at('form'));
  } catch (err) {
    problem('FLOW_COMPILE_BAD_SCHEMA', { field: `nodes/${id}/form`, detail: (err as Error).message }, at('form'));
  }
  if (!node.deadline && node.continues === undefined) {
    if (node.reminders?.length) problem('FLOW_COMPILE_TASK_NEEDS_DEADLINE', { nodeId: id, field: 'reminders' }, at('reminders'));
    if (node.escalate) problem('FLOW_COMPILE_TASK_NEEDS_DEADLINE', { nodeId: id, field: 'escalate' }, at('escalate'));
    if (hasTimeoutEdge) problem('FLOW_COMPILE_TASK_NEEDS_DEADLINE', { nodeId: id, field: 'timeout' }, at('deadline'));
  } else if (node.escalate && hasTimeoutEdge) {
    problem('FLOW_COMPILE_TASK_ESCALATE_AND_TIMEOUT', { nodeId: id }, at('escalate'));
  }
}
