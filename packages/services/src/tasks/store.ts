import { and, arrayOverlaps, asc, desc, eq, inArray, isNull, like, lt, or, sql, type SQL } from 'drizzle-orm';
import { humanTaskEvents, humanTasks, type Db, type HumanTaskAction, type HumanTaskState } from '@lienthong/db';
import { LtError } from '@lienthong/errors';

export type TaskRow = typeof humanTasks.$inferSelect;
export type TaskEventRow = typeof humanTaskEvents.$inferSelect;

export interface TaskFilter {
  /** "mine": assigned to or claimed by `username`; "agency": every task in the caller's agencies. */
  box: 'mine' | 'agency';
  username: string;
  /** Limit to these agencies (undefined: every agency). */
  agencies?: readonly string[];
  state?: HumanTaskState;
  overdue?: boolean;
  flowKey?: string;
  limit?: number;
}

/** The human_tasks and human_task_events tables: reads, guarded state changes, events appended in the same transaction. */
export function createTaskStore(db: Db) {
  return {
    async get(taskId: string): Promise<TaskRow> {
      const [row] = await db.select().from(humanTasks).where(eq(humanTasks.id, taskId));
      if (!row) throw new LtError('TASK_NOT_FOUND', { taskId });
      return row;
    },

    async list(f: TaskFilter, now: Date): Promise<TaskRow[]> {
      if (f.agencies && f.agencies.length === 0) return [];
      const conds: (SQL | undefined)[] = [
        // An escalated task is in the inboxes of every agency it was escalated to.
        f.agencies ? or(inArray(humanTasks.agency, [...f.agencies]), arrayOverlaps(humanTasks.alsoAgencies, [...f.agencies])) : undefined,
        f.box === 'mine' ? or(eq(humanTasks.assigneeUser, f.username), eq(humanTasks.claimedBy, f.username)) : undefined,
        f.state ? eq(humanTasks.state, f.state) : undefined,
        f.overdue ? and(eq(humanTasks.state, 'open'), lt(humanTasks.dueAt, now)) : undefined,
        f.flowKey ? eq(humanTasks.flowKey, f.flowKey) : undefined,
      ];
      const where = conds.filter((c): c is SQL => c !== undefined);
      // Open tasks first, the most urgent (earliest due) first; then the rest, newest first.
      return db.select().from(humanTasks).where(where.length ? and(...where) : undefined)
        .orderBy(sql`case when ${humanTasks.state} = 'open' then 0 else 1 end`, sql`${humanTasks.dueAt} asc nulls last`, desc(humanTasks.createdAt))
        .limit(f.limit ?? 100);
    },

    /** The run's latest task of a node (the one whose SLA clock a later task continues), or null. */
    async lastOfNode(runId: string, nodeId: string): Promise<TaskRow | null> {
      const [row] = await db.select().from(humanTasks).where(and(eq(humanTasks.runId, runId), eq(humanTasks.nodeId, nodeId)))
        .orderBy(desc(humanTasks.createdAt)).limit(1);
      return row ?? null;
    },

    async create(row: typeof humanTasks.$inferInsert): Promise<boolean> {
      const inserted = await db.insert(humanTasks).values(row).onConflictDoNothing().returning({ id: humanTasks.id });
      return inserted.length > 0;
    },

    /** Applies `patch` when the task is still open (and, with `unclaimed`, nobody else holds it); false when it was not. */
    async change(taskId: string, patch: Partial<typeof humanTasks.$inferInsert>, event: { action: HumanTaskAction; actor: string; runId: string; detail?: Record<string, unknown> },
      guard: { holder?: string } = {}): Promise<boolean> {
      return db.transaction(async (tx) => {
        const held = guard.holder === undefined ? undefined : or(isNull(humanTasks.claimedBy), eq(humanTasks.claimedBy, guard.holder));
        const changed = await tx.update(humanTasks).set({ ...patch, updatedAt: new Date() })
          .where(and(eq(humanTasks.id, taskId), eq(humanTasks.state, 'open'), held)).returning({ id: humanTasks.id });
        if (changed.length === 0) return false;
        await tx.insert(humanTaskEvents).values({ taskId, runId: event.runId, action: event.action, actor: event.actor, detail: event.detail ?? {} });
        return true;
      });
    },

    async event(e: { taskId: string; runId: string; action: HumanTaskAction; actor: string; detail?: Record<string, unknown> }): Promise<void> {
      await db.insert(humanTaskEvents).values({ ...e, detail: e.detail ?? {} });
    },

    async events(taskId: string): Promise<TaskEventRow[]> {
      return db.select().from(humanTaskEvents).where(eq(humanTaskEvents.taskId, taskId)).orderBy(asc(humanTaskEvents.id));
    },

    /** The task events of a run and of its child runs ("<runId>/<nodeId>…"). */
    async runEvents(runId: string): Promise<TaskEventRow[]> {
      return db.select().from(humanTaskEvents)
        .where(or(eq(humanTaskEvents.runId, runId), like(humanTaskEvents.runId, `${runId.replace(/[\\%_]/g, (c) => `\\${c}`)}/%`)))
        .orderBy(asc(humanTaskEvents.id)).limit(1000);
    },
  };
}
export type TaskStore = ReturnType<typeof createTaskStore>;
