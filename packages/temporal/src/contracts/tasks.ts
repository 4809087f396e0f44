import { defineUpdate } from '@temporalio/workflow';

/**
 * Human tasks (the flow's `task` node): the interpreter creates a task through an activity, waits for a person's
 * decision, which the tasks service sends as the update below once it has checked the caller and the form, and
 * records reminders, escalation and the end of the task through the other activities. Names are declared here only.
 */

/** Who a task is for: a role (with the agency whose members hold it) or one named user. */
export interface TaskAssigneeResolved {
  role?: string;
  agency?: string | null;
  user?: string;
}

export interface TaskCreateInput {
  /** Chosen by the workflow (deterministic), so a retried activity finds the task it already created. */
  taskId: string;
  runId: string;
  flowKey: string;
  version: number;
  nodeId: string;
  /** The agency whose officers decide: the assignee's, else the run's. */
  agency: string | null;
  assignee: TaskAssigneeResolved;
  title: { vi: string; en: string } | null;
  form: Record<string, unknown>;
  /** The part of the run the officer may see (the node's `context` expression), or null. */
  context: unknown;
  /** Time to decide: hours, or working days of the calendar the platform holds when the task is created; null: no deadline. */
  deadline: { hours: number } | { workingDays: number } | null;
  /** When the workflow created it (workflow time): deadlines count from here. */
  createdAt: string;
  /** The task node whose SLA clock this task continues (the node's `continues`): its deadline, moved by the pause. */
  continues?: string;
}

/**
 * When a task is due; for a task continuing another's SLA clock, also when that clock started and how long it was
 * paused in all, so reminders fall at their fractions of the clock's running time.
 */
export interface TaskCreated {
  dueAt: string | null;
  /** `reminded`: the fractions the continued tasks already reminded at (absent in histories recorded before it was answered). */
  clock?: { startedAt: string; pausedMs: number; reminded?: number[] };
}

/** A person's decision, checked against the task's form by the tasks service before it is sent. */
export interface TaskDecisionInput {
  taskId: string;
  decision: unknown;
  /** "user:<username>" */
  by: string;
}

/** The decision update: accepted only while the workflow waits on that task (the validator refuses otherwise). */
export const taskDecisionUpdate = defineUpdate<{ accepted: true }, [TaskDecisionInput]>('task.decide');

export interface TaskActivities {
  /** Writes the task (once) and answers when it is due (working days counted on the platform's calendar). */
  tasksCreate(input: TaskCreateInput): Promise<TaskCreated>;
  /** A reminder at `fraction` of the deadline: recorded on the task, its run and the audit log, and delivered. */
  tasksRemind(taskId: string, fraction: number): Promise<void>;
  /**
   * The deadline passed: the task goes to another role and stays open; `also` (an escalation list's other targets):
   * their agencies see it in their inboxes too and may decide it.
   */
  tasksEscalate(taskId: string, to: { role: string; agency?: string }, also?: { role: string; agency?: string }[]): Promise<void>;
  /**
   * The task ends: its deadline passed (`expired`), its run was cancelled (`cancelled`), or the run took its decision
   * (`decided`: the tasks service wrote it; this only settles what reminders opened, such as the reminder alert).
   */
  tasksClose(taskId: string, state: 'expired' | 'cancelled' | 'decided'): Promise<void>;
}

export const TASK_ACTIVITY_NAMES: readonly (keyof TaskActivities)[] = ['tasksCreate', 'tasksRemind', 'tasksEscalate', 'tasksClose'];
