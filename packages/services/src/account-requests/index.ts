import { randomUUID } from 'node:crypto';
import { and, desc, eq, inArray } from 'drizzle-orm';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { LtError } from '@lienthong/errors';
import { accountRequests, humanTasks, ssoSessions, users, type AccountRequestKind, type Db, type RoleName } from '@lienthong/db';
import { TASK_QUEUE } from '@lienthong/temporal/keys';
import {
  ACCOUNT_REQUEST_WORKFLOW, accountRequestWorkflowId,
  type AccountRequestActivities, type AccountRequestDecision, type AccountRequestInput,
} from '@lienthong/temporal/contracts';
import type { AuditService } from '../audit.js';
import type { TaskService } from '../tasks/index.js';
import type { UserService } from '../users.js';
import { checkGrants, type Principal } from '../access.js';

export type AccountRequestRow = typeof accountRequests.$inferSelect;

/** What a unit may ask for: the account's roles in its own agency (platform admins are the admins' own business). */
export const REQUESTABLE_ROLES: readonly RoleName[] = ['officer', 'agency-viewer', 'operator', 'auditor', 'designer'];

export interface AccountRequestInputFields {
  kind: AccountRequestKind;
  agency: string;
  username: string;
  displayName?: string;
  roles?: RoleName[];
  dataScope?: string;
  reason: string;
}

/** decided within 1 working day of the request. */
const WORKING_DAYS = 1;
const KIND_TITLE: Record<AccountRequestKind, { vi: string; en: string }> = {
  create: { vi: 'Cấp tài khoản', en: 'New account' },
  change: { vi: 'Thay đổi quyền tài khoản', en: 'Change an account' },
  transfer: { vi: 'Khóa tài khoản (điều chuyển)', en: 'Disable an account (transfer)' },
  retire: { vi: 'Khóa tài khoản (nghỉ hưu, thôi việc)', en: 'Disable an account (retirement)' },
};

const invalid = (detail: string, pointer: string) => new LtError('ACCOUNT_REQUEST_INVALID', { detail }, { pointer });

/**
 * Account requests: a unit asks for an account, a change, a transfer or a retirement; the request's workflow
 * opens a human task for the admins with a 1-working-day deadline (escalated when late); the decision is applied by the
 * workflow's activity (the account created, changed, or disabled with every session ended, local and single sign-on).
 * Every step is an audit row; no password ever enters the workflow: a new account's first password is drawn when the
 * approving admin's call returns, and shown to that admin once.
 */
export function createAccountRequestService(deps: { db: Db; temporal: Client; users: UserService; audit: AuditService; tasks: TaskService; taskQueue?: string }) {
  const { db } = deps;

  async function get(requestId: string): Promise<AccountRequestRow> {
    const [r] = await db.select().from(accountRequests).where(eq(accountRequests.id, requestId));
    if (!r) throw new LtError('ACCOUNT_REQUEST_NOT_FOUND', { requestId });
    return r;
  }

  /** The account, when every grant of it names this agency (a unit acts on its own accounts only). */
  async function accountOf(username: string, agency: string) {
    const [u] = await db.select().from(users).where(eq(users.username, username));
    const own = u && u.roles.length > 0 && u.roles.every((g) => g.agency === agency);
    if (!u || !own) throw invalid(`không có tài khoản ${username} của cơ quan ${agency} / no account ${username} of agency ${agency}`, '/username');
    return u;
  }

  async function check(i: AccountRequestInputFields): Promise<void> {
    if (!/^[a-z0-9][a-z0-9._-]{1,63}$/.test(i.username)) throw invalid('tên đăng nhập: chữ thường, số, . _ - / username: lowercase letters, digits, . _ -', '/username');
    if (!i.reason.trim()) throw invalid('cần nêu lý do / a reason is required', '/reason');
    if (i.kind === 'create' || i.kind === 'change') {
      const roles = i.roles ?? [];
      if (roles.length === 0) throw invalid('cần ít nhất một vai trò / at least one role is required', '/roles');
      const other = roles.find((r) => !REQUESTABLE_ROLES.includes(r));
      if (other) throw invalid(`vai trò ${other} không thể yêu cầu / role ${other} cannot be requested`, '/roles');
      checkGrants(roles.map((role) => ({ role, agency: i.agency })));
    }
    if (i.kind === 'create') {
      const [u] = await db.select({ id: users.id }).from(users).where(eq(users.username, i.username));
      if (u) throw new LtError('USER_EXISTS', { username: i.username }, { pointer: '/username' });
    } else {
      await accountOf(i.username, i.agency);
    }
  }

  async function audit(p: { type: 'user' | 'platform'; id: string }, r: AccountRequestRow, action: string, detail: Record<string, unknown> = {}) {
    await deps.audit.record({ actorType: p.type, actorId: p.id, agency: r.agency, action: `account-requests.${action}`, outcome: 'ok', runId: r.workflowId,
      detail: { requestId: r.id, kind: r.kind, username: r.username, ...detail } });
  }

  /** Ends every session of the account: our login sessions and the single sign-on sessions kept for the provider's sign-out. */
  async function disable(username: string): Promise<void> {
    const u = await deps.users.update(username, { status: 'disabled' }); // revokes its login sessions
    await db.delete(ssoSessions).where(eq(ssoSessions.userId, u.id));
  }

  /** The human task the admins decide the request in (written by the request's workflow). */
  async function taskOf(r: AccountRequestRow) {
    const [t] = await db.select().from(humanTasks).where(eq(humanTasks.runId, r.workflowId)).orderBy(desc(humanTasks.createdAt)).limit(1);
    return t ?? null;
  }

  const activities: AccountRequestActivities = {
    async accountRequestsApply({ requestId, decision, by }) {
      const r = await get(requestId);
      if (r.state !== 'open') return { state: r.state };
      const d = decision as AccountRequestDecision;
      const approve = d.decision === 'approve';
      if (approve) {
        const grants = r.roles.map((g) => ({ role: g.role, agency: r.agency }));
        if (r.kind === 'create') {
          // The first password is drawn again for the approving admin (users.setPassword): this one is never shown.
          await deps.users.create({ username: r.username, roles: grants, ...(r.displayName ? { displayName: r.displayName } : {}) })
            .catch((err: unknown) => { if (!(err instanceof LtError && err.code === 'USER_EXISTS')) throw err; });
        } else if (r.kind === 'change') {
          await deps.users.update(r.username, { roles: grants });
        } else {
          await disable(r.username);
        }
      }
      const state = approve ? 'approved' as const : 'refused' as const;
      const [done] = await db.update(accountRequests).set({ state, decidedBy: by, decidedAt: new Date(), note: d.note ?? null })
        .where(and(eq(accountRequests.id, requestId), eq(accountRequests.state, 'open'))).returning();
      if (done) await audit({ type: 'user', id: by }, done, state, approve && r.kind !== 'create' && r.kind !== 'change' ? { disabled: true, sessionsEnded: true } : {});
      return { state };
    },
  };

  return {
    activities,
    get,

    list: async (f: { agencies?: readonly string[]; state?: AccountRequestRow['state']; limit?: number } = {}): Promise<AccountRequestRow[]> => {
      if (f.agencies && f.agencies.length === 0) return [];
      return db.select().from(accountRequests)
        .where(and(f.agencies ? inArray(accountRequests.agency, [...f.agencies]) : undefined, f.state ? eq(accountRequests.state, f.state) : undefined))
        .orderBy(desc(accountRequests.createdAt)).limit(f.limit ?? 200);
    },

    taskOf,

    /** Records the request and starts its clock (the workflow opens the admins' task). */
    async submit(p: Principal, i: AccountRequestInputFields): Promise<AccountRequestRow> {
      await check(i);
      const id = `acr-${randomUUID()}`;
      const workflowId = accountRequestWorkflowId(id);
      const [r] = await db.insert(accountRequests).values({ id, kind: i.kind, agency: i.agency, username: i.username, displayName: i.displayName ?? null,
        roles: i.kind === 'create' || i.kind === 'change' ? (i.roles ?? []).map((role) => ({ role, agency: i.agency })) : [],
        dataScope: i.dataScope ?? null, reason: i.reason, requestedBy: p.id, workflowId }).returning();
      const row = r as AccountRequestRow;
      const title = { vi: `${KIND_TITLE[i.kind].vi}: ${i.username} (${i.agency})`, en: `${KIND_TITLE[i.kind].en}: ${i.username} (${i.agency})` };
      const input: AccountRequestInput = { requestId: id, agency: i.agency, title, workingDays: WORKING_DAYS, escalateTo: { role: 'admin' } };
      try {
        await deps.temporal.workflow.start(ACCOUNT_REQUEST_WORKFLOW, { workflowId, taskQueue: deps.taskQueue ?? TASK_QUEUE, args: [input] });
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      }
      await audit({ type: 'user', id: p.id }, row, 'submitted', { roles: row.roles.map((g) => g.role), dataScope: row.dataScope !== null });
      return row;
    },

    /**
     * An admin's decision, through the request's task (so the clock stops and the escalation ends); answers once the
     * workflow applied it. A new account's first password comes back here, once.
     */
    async decide(p: Principal, requestId: string, d: AccountRequestDecision): Promise<{ request: AccountRequestRow; password?: string }> {
      const r = await get(requestId);
      if (r.state !== 'open') throw new LtError('ACCOUNT_REQUEST_NOT_OPEN', { requestId, state: r.state });
      const t = await taskOf(r);
      if (!t) throw new LtError('ACCOUNT_REQUEST_NOT_OPEN', { requestId, state: 'starting' });
      await deps.tasks.decide(t, p, { decision: d.decision, ...(d.note ? { note: d.note } : {}) });
      const handle = deps.temporal.workflow.getHandle(r.workflowId);
      await Promise.race([handle.result(), new Promise((resolve) => setTimeout(resolve, 30_000).unref())]);
      const after = await get(requestId);
      if (after.state === 'approved' && after.kind === 'create') {
        const { password } = await deps.users.setPassword(after.username);
        return { request: after, ...(password ? { password } : {}) };
      }
      return { request: after };
    },
  };
}
export type AccountRequestService = ReturnType<typeof createAccountRequestService>;
