import { z } from 'zod';
import { LtError } from '@lienthong/errors';
import { REQUESTABLE_ROLES, type AccountRequestRow } from '@lienthong/services';
import { iso } from '../auth/guard.js';
import { createTRPCRouter, procedure } from '../trpc.js';

// Account requests: a unit's officer asks for its own agency's accounts (accounts.request, scoped to the agency);
// platform-wide admins decide (users.manage) within 1 working day, else the request's task escalates.

const RequestId = z.string().regex(/^acr-[0-9a-f-]{36}$/);
const Kind = z.enum(['create', 'change', 'transfer', 'retire']);
const State = z.enum(['open', 'approved', 'refused']);
const AccountRequest = z.object({
  requestId: z.string(), kind: Kind, agency: z.string(), username: z.string(), displayName: z.string().nullable(),
  roles: z.array(z.string()), dataScope: z.string().nullable(), reason: z.string(), state: State, requestedBy: z.string(),
  createdAt: z.string(), decidedBy: z.string().nullable(), decidedAt: z.string().nullable(), note: z.string().nullable(),
  /** The admins' task (deadline, escalation) while it exists. */
  taskId: z.string().nullable(), dueAt: z.string().nullable(), escalatedAt: z.string().nullable(), overdue: z.boolean(),
});

type Task = { id: string; dueAt: Date | null; escalatedAt: Date | null } | null;
const view = (r: AccountRequestRow, t: Task, now: Date): z.infer<typeof AccountRequest> => ({
  requestId: r.id, kind: r.kind, agency: r.agency, username: r.username, displayName: r.displayName, roles: r.roles.map((g) => g.role),
  dataScope: r.dataScope, reason: r.reason, state: r.state, requestedBy: r.requestedBy, createdAt: r.createdAt.toISOString(),
  decidedBy: r.decidedBy, decidedAt: iso(r.decidedAt), note: r.note, taskId: t?.id ?? null, dueAt: iso(t?.dueAt), escalatedAt: iso(t?.escalatedAt),
  overdue: r.state === 'open' && !!t?.dueAt && t.dueAt < now,
});

export const accountRequestsRouter = createTRPCRouter({
  list: procedure
    .meta({ requires: 'accounts.request', scope: 'agency', systems: false, rest: { method: 'GET', path: '/account-requests', summary: 'Yêu cầu tài khoản (của đơn vị, hoặc tất cả với quản trị) / Account requests (the unit\'s, or all for admins)', tags: ['users'],
      query: ['state'] } })
    .input(z.object({ state: State.optional() }))
    .output(z.object({ requests: z.array(AccountRequest) }))
    .query(async ({ ctx, input }) => {
      const rows = await ctx.services.accountRequests.list({ ...ctx.access.scope('accounts.request'), ...(input.state ? { state: input.state } : {}) });
      const now = ctx.services.tasks.now();
      return { requests: await Promise.all(rows.map(async (r) => view(r, await ctx.services.accountRequests.taskOf(r), now))) };
    }),

  submit: procedure
    .meta({ requires: 'accounts.request', scope: 'agency', systems: false, rest: { method: 'POST', path: '/account-requests', summary: 'Gửi yêu cầu cấp, thay đổi, điều chuyển hoặc khóa tài khoản / Ask for a new account, a change, a transfer or a retirement', tags: ['users'] } })
    .input(z.object({ kind: Kind, agency: z.string().min(1).max(64).optional(), username: z.string().min(2).max(64), displayName: z.string().max(200).optional(),
      roles: z.array(z.enum(REQUESTABLE_ROLES as [string, ...string[]])).max(5).optional(), dataScope: z.string().max(1000).optional(), reason: z.string().min(1).max(2000) }))
    .output(AccountRequest)
    .mutation(async ({ ctx, input }) => {
      // An agency-limited officer asks for its own agency (named or not); a platform-wide caller names one.
      const agency = input.agency ?? (ctx.access.agencies('accounts.request') ?? [])[0];
      if (!agency) throw new LtError('ACCOUNT_REQUEST_INVALID', { detail: 'cần nêu cơ quan / an agency is required' }, { pointer: '/agency' });
      ctx.access.own(agency, () => new LtError('ACCESS_FORBIDDEN', { action: `accounts.request (${agency})` }));
      const r = await ctx.services.accountRequests.submit(ctx.access.caller('accounts.request'), {
        kind: input.kind, agency, username: input.username, reason: input.reason, ...(input.displayName ? { displayName: input.displayName } : {}),
        ...(input.roles ? { roles: input.roles as (typeof REQUESTABLE_ROLES)[number][] } : {}), ...(input.dataScope ? { dataScope: input.dataScope } : {}) });
      return view(r, null, ctx.services.tasks.now());
    }),

  decide: procedure
    .meta({ requires: 'users.manage', scope: 'platform', systems: false, rest: { method: 'POST', path: '/account-requests/{requestId}/decision', summary: 'Duyệt hoặc từ chối một yêu cầu tài khoản (mật khẩu đầu tiên của tài khoản mới chỉ hiện một lần) / Approve or refuse an account request (a new account\'s first password is shown once)', tags: ['users'] } })
    .input(z.object({ requestId: RequestId, decision: z.enum(['approve', 'refuse']), note: z.string().max(1000).optional() }))
    .output(z.object({ request: AccountRequest, password: z.string().optional() }))
    .mutation(async ({ ctx, input }) => {
      const caller = ctx.access.caller('users.manage');
      const r = await ctx.services.accountRequests.decide(caller, input.requestId, { decision: input.decision, ...(input.note ? { note: input.note } : {}) });
      return { request: view(r.request, await ctx.services.accountRequests.taskOf(r.request), ctx.services.tasks.now()), ...(r.password ? { password: r.password } : {}) };
    }),
});
