import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { LtError, LtErrors, type LtErrorJson } from '@lienthong/errors';
import { checkAgainst } from '@lienthong/schemas';
import { addWorkingDays, type WorkingCalendar } from '@lienthong/flow';
import type { Db, HumanTaskAction, HumanTaskState } from '@lienthong/db';
import { taskDecisionUpdate, type TaskActivities, type TaskCreated } from '@lienthong/temporal/contracts';
import { clearAlert, raiseAlert } from '@lienthong/observability';
import type { AuditService } from '../audit.js';
import type { UserService } from '../users.js';
import { can, type Principal } from '../access.js';
import { createTaskStore, type TaskEventRow, type TaskFilter, type TaskRow } from './store.js';
import { latenessMs, pauseClock, type SlaClock } from './sla.js';

export type { TaskRow, TaskEventRow, TaskFilter } from './store.js';
export { addClockTime, clockTimeBetween, latenessMs, pauseClock, type SlaClock, type SlaPause } from './sla.js';

const PLATFORM = 'platform:tasks';

/**
 * Reminders and escalations reach people as the platform's alerts (delivered by the configured webhook and email,
 * LT_ALERT_*), one per task, open until the task ends. Ids, names and times only: never the run's data.
 */
function remindAlert(t: TaskRow, how: { fraction?: number; escalatedTo?: string }): void {
  const name = t.title ? { vi: t.title.vi, en: t.title.en } : { vi: t.nodeId, en: t.nodeId };
  const due = t.dueAt ? t.dueAt.toISOString() : '—';
  const message = how.escalatedTo
    ? { vi: `Nhiệm vụ "${name.vi}" (luồng ${t.flowKey}) quá hạn ${due}: đã chuyển cho ${how.escalatedTo}`, en: `Task "${name.en}" (flow ${t.flowKey}) passed its deadline ${due}: handed to ${how.escalatedTo}` }
    : { vi: `Nhiệm vụ "${name.vi}" (luồng ${t.flowKey}) đã qua ${Math.round((how.fraction ?? 0) * 100)}% thời hạn (hạn ${due})`,
      en: `Task "${name.en}" (flow ${t.flowKey}) is ${Math.round((how.fraction ?? 0) * 100)}% through its time (due ${due})` };
  raiseAlert(`task.deadline:${t.id}`, { severity: how.escalatedTo ? 'critical' : 'warning', message,
    details: { taskId: t.id, runId: t.runId, flowKey: t.flowKey, agency: t.agency, dueAt: due, ...how } });
}

/** A task as the console and the API show it; `context` and `decision` only where the caller may see run data. */
export interface TaskView {
  taskId: string; runId: string; flowKey: string; version: number; nodeId: string; agency: string | null;
  title: { vi: string; en: string } | null; assigneeRole: string | null; assigneeUser: string | null; claimedBy: string | null;
  state: HumanTaskState; overdue: boolean; dueAt: string | null; escalatedAt: string | null; createdAt: string;
  /** The other agencies an escalation list handed it to: their officers see and may decide it too. */
  alsoAgencies: string[];
  /** How late it was decided (or, open, is now) against its deadline, moved by the SLA clock's pauses: lateness statistics. */
  lateMs: number;
  decidedBy: string | null; decidedAt: string | null;
  form?: Record<string, unknown>; context?: unknown; decision?: unknown;
  /** The run's retention ended (R-02; at close for a flow kept 0 days): context, decision and comments are gone, RUN_DATA_DESTROYED says when. */
  destroyed?: LtErrorJson;
}

export interface TaskEventView { id: number; taskId: string; runId: string; at: string; action: HumanTaskAction; actor: string; detail: Record<string, unknown> }

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function taskView(t: TaskRow, now: Date, full: { form?: boolean; data?: boolean } = {}): TaskView {
  return {
    taskId: t.id, runId: t.runId, flowKey: t.flowKey, version: t.version, nodeId: t.nodeId, agency: t.agency, title: t.title ?? null,
    assigneeRole: t.assigneeRole, assigneeUser: t.assigneeUser, claimedBy: t.claimedBy, state: t.state,
    overdue: t.state === 'open' && t.dueAt !== null && t.dueAt < now, dueAt: iso(t.dueAt), escalatedAt: iso(t.escalatedAt), createdAt: t.createdAt.toISOString(),
    alsoAgencies: t.alsoAgencies ?? [],
    lateMs: t.state === 'open' || t.state === 'decided' ? latenessMs(t.dueAt, t.decidedAt, now) : 0,
    decidedBy: t.decidedBy, decidedAt: iso(t.decidedAt),
    ...(full.form ? { form: t.form } : {}), ...(full.data ? { context: t.context ?? null, decision: t.decision ?? null } : {}),
    ...(t.dataDestroyedAt ? { destroyed: new LtError('RUN_DATA_DESTROYED', { runId: t.runId, destroyedAt: t.dataDestroyedAt.toISOString() }).toJSON() } : {}),
  };
}

export const taskEventView = (e: TaskEventRow): TaskEventView => ({ id: e.id, taskId: e.taskId, runId: e.runId, at: e.at.toISOString(), action: e.action, actor: e.actor, detail: e.detail });

/**
 * Human tasks: the inboxes, the officer's actions (claim, unclaim, delegate, comment, decide) and the activities the
 * interpreter's task node calls. Agency scoping is the API's (`ctx.access` with the task's agency); this checks who holds
 * a task and the decision's fit with its form. Every action is a task event and an audit row (who, when, what; never
 * the decision's or a comment's content in the audit log).
 */
export function createTaskService(deps: { db: Db; temporal: Client; audit: AuditService; users: UserService; calendar: () => Promise<WorkingCalendar>; now?: () => Date }) {
  const store = createTaskStore(deps.db);
  const now = deps.now ?? (() => new Date());

  const audit = (t: TaskRow, actor: { type: 'user' | 'platform'; id: string }, action: string, detail: Record<string, unknown> = {}) =>
    deps.audit.record({ actorType: actor.type, actorId: actor.id, agency: t.agency, action: `task.${action}`, outcome: 'ok', flowKey: t.flowKey, runId: t.runId,
      detail: { taskId: t.id, nodeId: t.nodeId, ...detail } });

  const usernameOf = (p: Principal): string => (p.kind === 'user' ? p.username : p.id);

  /** An open task the caller may act on: nobody else claimed it, and it is not assigned to somebody else. */
  function holdable(t: TaskRow, p: Principal): void {
    if (t.state !== 'open') throw new LtError('TASK_NOT_OPEN', { taskId: t.id, state: t.state });
    const me = usernameOf(p);
    if (t.claimedBy && t.claimedBy !== me) throw new LtError('TASK_HELD_BY_OTHER', { taskId: t.id, holder: t.claimedBy });
    if (!t.claimedBy && t.assigneeUser && t.assigneeUser !== me) throw new LtError('TASK_HELD_BY_OTHER', { taskId: t.id, holder: t.assigneeUser });
  }

  /** A change that lost a race (someone else claimed or decided meanwhile) answers with the task as it is now. */
  async function lost(taskId: string): Promise<never> {
    const t = await store.get(taskId);
    if (t.state !== 'open') throw new LtError('TASK_NOT_OPEN', { taskId, state: t.state });
    throw new LtError('TASK_HELD_BY_OTHER', { taskId, holder: t.claimedBy ?? t.assigneeUser ?? '?' });
  }

  /** A task's SLA clock as its first event recorded it (tasks created before clocks were recorded: from the row). */
  async function clockOf(t: TaskRow, events?: TaskEventRow[]): Promise<SlaClock | null> {
    const created = (events ?? await store.events(t.id)).find((e) => e.action === 'created');
    const c = created?.detail.clock as SlaClock | undefined;
    if (c) return c;
    return t.dueAt ? { startedAt: t.createdAt.toISOString(), pausedMs: 0, workingDays: created?.detail.calendar !== undefined } : null;
  }

  /** What tasksCreate answers: the deadline, and for a continued clock its start and pauses (where reminders fall). */
  async function createdAnswer(t: TaskRow): Promise<TaskCreated> {
    if (!t.dueAt) return { dueAt: null };
    const created = (await store.events(t.id)).find((e) => e.action === 'created');
    const clock = created?.detail.continues ? created.detail.clock as SlaClock | undefined : undefined;
    return { dueAt: iso(t.dueAt), ...(clock ? { clock: { startedAt: clock.startedAt, pausedMs: clock.pausedMs, ...(clock.reminded ? { reminded: clock.reminded } : {}) } } : {}) };
  }

  /**
   * The clock of the run's last task of node `nodeId`, stopped when that task ended (asking the citizen) and running
   * again at `resumedAt`: the pause, the moved deadline, the clock carried on. Null when the run has no such task.
   */
  async function continuedClock(runId: string, nodeId: string, resumedAt: Date) {
    const prev = await store.lastOfNode(runId, nodeId);
    const events = prev ? await store.events(prev.id) : [];
    const clock = prev ? await clockOf(prev, events) : null;
    if (!prev || !prev.dueAt || !clock) return null;
    const cal = clock.workingDays ? await deps.calendar() : null;
    const pause = pauseClock(prev.dueAt, prev.decidedAt ?? prev.updatedAt, resumedAt, cal);
    // What the clock has reminded at so far: the continued task's reminders and those of the tasks it continued.
    const sent = events.filter((e) => e.action === 'reminded').map((e) => Number(e.detail.fraction));
    const reminded = [...new Set([...(clock.reminded ?? []), ...sent])].sort((a, b) => a - b);
    return { taskId: prev.id, cal, pause, dueAt: new Date(pause.dueAfter), clock: { ...clock, pausedMs: clock.pausedMs + pause.pausedMs, reminded } };
  }

  const activities: TaskActivities = {
    async tasksCreate(i) {
      const existing = await store.get(i.taskId).catch(() => null);
      if (existing) return createdAnswer(existing); // a retried activity: the task and its first event exist
      // A task continuing another's SLA clock: that deadline, moved by the pause (DOMAIN §7.b); else its own deadline.
      const continued = i.continues ? await continuedClock(i.runId, i.continues, new Date(i.createdAt)) : null;
      // Working days on the calendar in force now; its version is kept with the task's first event.
      const cal = continued ? continued.cal : i.deadline && 'workingDays' in i.deadline ? await deps.calendar() : null;
      const dueAt = continued ? continued.dueAt : !i.deadline ? null : 'hours' in i.deadline ? new Date(Date.parse(i.createdAt) + Math.round(i.deadline.hours * 3_600_000))
        : new Date(addWorkingDays(cal as WorkingCalendar, i.createdAt, i.deadline.workingDays));
      const clock: SlaClock | null = continued ? continued.clock : dueAt ? { startedAt: i.createdAt, pausedMs: 0, workingDays: cal !== null } : null;
      const created = await store.create({ id: i.taskId, runId: i.runId, flowKey: i.flowKey, version: i.version, nodeId: i.nodeId, agency: i.agency,
        title: i.title, assigneeRole: i.assignee.role ?? null, assigneeUser: i.assignee.user ?? null, form: i.form, context: i.context ?? null, dueAt,
        createdAt: new Date(i.createdAt) }); // workflow time, which its deadline (and a continued clock's pause) counts from
      const t = await store.get(i.taskId);
      if (!created) return createdAnswer(t);
      await store.event({ taskId: t.id, runId: t.runId, action: 'created', actor: PLATFORM,
        detail: { assigneeRole: t.assigneeRole, assigneeUser: t.assigneeUser, dueAt: iso(dueAt), ...(cal ? { calendar: cal.version } : {}),
          ...(clock ? { clock } : {}), ...(continued ? { continues: continued.taskId, pause: continued.pause } : {}) } });
      await audit(t, { type: 'platform', id: PLATFORM }, 'created', { assigneeRole: t.assigneeRole, assigneeUser: t.assigneeUser,
        ...(continued ? { continues: continued.taskId, pausedMs: continued.pause.pausedMs } : {}) });
      return createdAnswer(t);
    },
    async tasksRemind(taskId, fraction) {
      const t = await store.get(taskId);
      if (t.state !== 'open') return;
      await store.event({ taskId, runId: t.runId, action: 'reminded', actor: PLATFORM, detail: { fraction } });
      remindAlert(t, { fraction });
      await audit(t, { type: 'platform', id: PLATFORM }, 'reminded', { fraction });
    },
    async tasksEscalate(taskId, to, also = []) {
      const t = await store.get(taskId);
      const agency = to.agency ?? t.agency;
      const others = also.map((a) => ({ role: a.role, agency: a.agency ?? t.agency }));
      const alsoAgencies = [...new Set(others.map((a) => a.agency).filter((a): a is string => !!a && a !== agency))];
      const moved = await store.change(taskId, { assigneeRole: to.role, assigneeUser: null, claimedBy: null, agency, escalatedAt: now(), ...(alsoAgencies.length ? { alsoAgencies } : {}) },
        { action: 'escalated', actor: PLATFORM, runId: t.runId, detail: { role: to.role, agency, ...(others.length ? { also: others } : {}) } });
      if (moved) {
        await audit({ ...t, agency }, { type: 'platform', id: PLATFORM }, 'escalated', { role: to.role, from: t.assigneeRole ?? t.assigneeUser,
          ...(others.length ? { also: others } : {}) });
        const target = (x: { role: string; agency: string | null }) => (x.agency ? `${x.role} · ${x.agency}` : x.role);
        remindAlert({ ...t, agency }, { escalatedTo: [{ role: to.role, agency }, ...others].map(target).join(', ') });
      }
    },
    async tasksClose(taskId, state) {
      clearAlert(`task.deadline:${taskId}`);
      if (state === 'decided') return; // the service recorded the decision itself
      const t = await store.get(taskId).catch(() => null);
      if (!t) return; // cancelled before the task was written
      if (await store.change(taskId, { state }, { action: state, actor: PLATFORM, runId: t.runId })) await audit(t, { type: 'platform', id: PLATFORM }, state);
    },
  };

  return {
    activities,
    get: (taskId: string) => store.get(taskId),
    list: (f: TaskFilter) => store.list(f, now()),
    events: (taskId: string) => store.events(taskId),
    runEvents: (runId: string) => store.runEvents(runId),
    now,

    async claim(t: TaskRow, p: Principal): Promise<TaskRow> {
      holdable(t, p);
      const me = usernameOf(p);
      if (t.claimedBy === me) return t;
      if (!await store.change(t.id, { claimedBy: me }, { action: 'claimed', actor: p.id, runId: t.runId }, { holder: me })) await lost(t.id);
      await audit(t, { type: 'user', id: p.id }, 'claimed');
      return store.get(t.id);
    },

    async unclaim(t: TaskRow, p: Principal): Promise<TaskRow> {
      const me = usernameOf(p);
      if (t.state !== 'open') throw new LtError('TASK_NOT_OPEN', { taskId: t.id, state: t.state });
      if (t.claimedBy !== me) throw new LtError('TASK_HELD_BY_OTHER', { taskId: t.id, holder: t.claimedBy ?? '—' });
      if (!await store.change(t.id, { claimedBy: null }, { action: 'unclaimed', actor: p.id, runId: t.runId }, { holder: me })) await lost(t.id);
      await audit(t, { type: 'user', id: p.id }, 'unclaimed');
      return store.get(t.id);
    },

    /** Hands the task to one active person who may decide this agency's tasks. */
    async delegate(t: TaskRow, p: Principal, username: string): Promise<TaskRow> {
      holdable(t, p);
      const u = await deps.users.get(username).catch(() => null);
      const them: Principal | null = u && u.status === 'active' ? { kind: 'user', id: `user:${u.username}`, userId: u.id, username: u.username, displayName: u.displayName, roles: u.roles } : null;
      if (!them || ![t.agency, ...(t.alsoAgencies ?? [])].some((a) => can(them, 'tasks.decide', a))) throw new LtError('TASK_DELEGATE_UNKNOWN_USER', { username }, { field: 'username' });
      if (!await store.change(t.id, { assigneeUser: username, claimedBy: null }, { action: 'delegated', actor: p.id, runId: t.runId, detail: { to: username } }, { holder: usernameOf(p) })) await lost(t.id);
      await audit(t, { type: 'user', id: p.id }, 'delegated', { to: username });
      return store.get(t.id);
    },

    async comment(t: TaskRow, p: Principal, text: string): Promise<TaskEventView> {
      await store.event({ taskId: t.id, runId: t.runId, action: 'commented', actor: p.id, detail: { text } });
      await audit(t, { type: 'user', id: p.id }, 'commented', { length: text.length });
      const events = await store.events(t.id);
      return taskEventView(events[events.length - 1] as TaskEventRow);
    },

    /** Checks the decision against the task's form, hands it to the waiting run (a Temporal update), then records it. */
    async decide(t: TaskRow, p: Principal, decision: unknown): Promise<TaskRow> {
      holdable(t, p);
      const fits = checkAgainst(t.form, decision);
      if (!fits.ok) {
        throw new LtErrors(fits.issues.map((i) => new LtError('TASK_DECISION_INVALID', { taskId: t.id, pointer: i.pointer || '/', detail: i.message }, { pointer: i.pointer || '/' })));
      }
      try {
        await deps.temporal.workflow.getHandle(t.runId).executeUpdate(taskDecisionUpdate, { args: [{ taskId: t.id, decision, by: p.id }] });
      } catch (err) {
        // The run no longer waits on this task (it expired or was cancelled a moment ago, or the run is gone).
        if (err instanceof WorkflowUpdateFailedError || err instanceof WorkflowNotFoundError) {
          const now = await store.get(t.id);
          throw new LtError('TASK_NOT_OPEN', { taskId: t.id, state: now.state === 'open' ? 'run ended' : now.state });
        }
        throw err;
      }
      await store.change(t.id, { state: 'decided', decision: decision ?? null, decidedBy: usernameOf(p), decidedAt: now() },
        { action: 'decided', actor: p.id, runId: t.runId, detail: { fields: decision && typeof decision === 'object' ? Object.keys(decision).sort() : [] } });
      await audit(t, { type: 'user', id: p.id }, 'decided', { fields: decision && typeof decision === 'object' ? Object.keys(decision).sort() : [] });
      return store.get(t.id);
    },
  };
}
export type TaskService = ReturnType<typeof createTaskService>;
