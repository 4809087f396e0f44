import { z } from 'zod';
import { LtError, LtErrors } from '@lienthong/errors';
import type { Action } from '@lienthong/services';
import { iso } from '../auth/guard.js';
import type { Access } from '../auth/policy.js';
import { createTRPCRouter, procedure, type Context } from '../trpc.js';
import { Change, changeView, I18n } from './agencies.js';
import { registryList } from './registry-list.js';
import { grantableNames } from './catalogue.js';

const Contact = z.object({ name: z.string().optional(), email: z.string().optional(), phone: z.string().optional() });
const Status = z.enum(['pending', 'active', 'suspended', 'cancelled']);
const System = z.object({
  code: z.string(), agencyCode: z.string(), name: I18n, contact: Contact, allowedFlows: z.array(z.string()), allowedOperations: z.array(z.string()),
  allowedDestinations: z.array(z.string()), ipAllowList: z.array(z.string()), rateLimitPerMinute: z.number().int(), maxConcurrent: z.number().int(), callbackUrl: z.string().nullable(),
  hasCallbackSecret: z.boolean(),
  status: Status, lastSeenAt: z.string().nullable(), createdAt: z.string(), updatedAt: z.string(),
});
type SystemRow = Omit<z.infer<typeof System>, 'lastSeenAt' | 'createdAt' | 'updatedAt' | 'hasCallbackSecret'> & { lastSeenAt: Date | null; createdAt: Date; updatedAt: Date; callbackSecret: string | null };
export const systemView = ({ callbackSecret, ...s }: SystemRow): z.infer<typeof System> =>
  ({ ...s, hasCallbackSecret: !!callbackSecret, lastSeenAt: iso(s.lastSeenAt), createdAt: iso(s.createdAt) as string, updatedAt: iso(s.updatedAt) as string });

const Kind = z.enum(['connect', 'suspend', 'resume', 'cancel']);
const Request = z.object({ id: z.string(), systemCode: z.string(), kind: Kind, reason: z.string(), requestedBy: z.string(), requestedAt: z.string(),
  status: z.enum(['pending', 'approved', 'rejected']), decidedBy: z.string().nullable(), decidedAt: z.string().nullable(), decisionNote: z.string().nullable() });
type RequestRow = Omit<z.infer<typeof Request>, 'requestedAt' | 'decidedAt'> & { requestedAt: Date; decidedAt: Date | null };
const requestView = (r: RequestRow) => ({ ...r, requestedAt: iso(r.requestedAt) as string, decidedAt: iso(r.decidedAt) });

const Settings = {
  name: I18n, contact: Contact.optional(), allowedFlows: z.array(z.string()).optional(), allowedOperations: z.array(z.string()).optional(),
  allowedDestinations: z.array(z.string()).optional(), ipAllowList: z.array(z.string()).optional(), rateLimitPerMinute: z.number().int().min(0).max(1_000_000).optional(),
  maxConcurrent: z.number().int().min(0).max(100_000).optional(),
  callbackUrl: z.url().nullable().optional(),
};

/** Every `allowedOperations` entry must be one the API lists (GET /api/v1/system-operations): each unknown one is named with its pointer. */
async function checkGrantable(ops: readonly string[] | undefined): Promise<void> {
  if (!ops?.length) return;
  const known = await grantableNames();
  const bad = ops.flatMap((op, i) => (known.has(op) ? [] : [new LtError('SYSTEM_OPERATION_UNKNOWN', { operation: op.slice(0, 100), known: [...known].join(', ') },
    { pointer: `/allowedOperations/${i}`, field: 'allowedOperations' })]));
  if (bad.length) throw new LtErrors(bad);
}

/** A system of an agency the caller does not reach (for `action`, default the procedure's) is "not found", like another agency's run. */
async function visibleSystem(ctx: Context & { access: Access }, code: string, action?: Action) {
  const s = await ctx.services.registry.getSystem(code);
  ctx.access.own(s.agencyCode, () => new LtError('SYSTEM_NOT_FOUND', { systemCode: code }, { field: 'systemCode' }), action);
  return s;
}
export { visibleSystem };

/** A query about one system the caller reaches: another agency's system is "not found" before anything is read. */
export const readOfVisibleSystem = <T>(read: (ctx: Context & { access: Access }, systemCode: string) => Promise<T>) =>
  async ({ ctx, input }: { ctx: Context & { access: Access }; input: { systemCode: string } }): Promise<T> => {
    await visibleSystem(ctx, input.systemCode);
    return read(ctx, input.systemCode);
  };

/** A request about a system of an agency the approver does not reach is "not found". */
async function decidable(ctx: Context & { access: Access }, requestId: string) {
  const notFound = () => new LtError('SYSTEM_REQUEST_NOT_FOUND', { requestId }, { field: 'requestId' });
  const req = await ctx.services.registry.getRequest(requestId);
  const sys = await ctx.services.registry.getSystem(req.systemCode).catch(() => { throw notFound(); });
  ctx.access.own(sys.agencyCode, notFound);
  return ctx.access.caller();
}

export const systemsRouter = createTRPCRouter({
  list: registryList('/systems', 'Danh sách hệ thống kết nối / List connected systems', System, async (services, scope) => (await services.registry.listSystems(scope)).map(systemView)),

  create: procedure
    .meta({ requires: 'registry.write', scope: 'agency', rest: { method: 'POST', path: '/systems', summary: 'Đăng ký hệ thống (kèm đề nghị kết nối chờ duyệt) / Register a system (with a connect request awaiting approval)', tags: ['registry'] } })
    .input(z.object({ code: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{1,99}$/), agencyCode: z.string(), reason: z.string().min(1).max(2000), ...Settings }))
    .output(z.object({ system: System, request: Request }))
    .mutation(async ({ ctx, input }) => {
      // A system is registered for an agency the caller reaches; another agency is "not found".
      ctx.access.own(input.agencyCode.toUpperCase(), () => new LtError('AGENCY_NOT_FOUND', { code: input.agencyCode }, { field: 'agencyCode' }));
      await checkGrantable(input.allowedOperations);
      const p = ctx.access.caller();
      const { reason, ...sys } = input;
      const clean = Object.fromEntries(Object.entries(sys).filter(([, v]) => v !== undefined)) as typeof sys;
      const r = await ctx.services.registry.createSystem(clean, reason, p.id);
      return { system: systemView(r.system), request: requestView(r.request) };
    }),

  get: procedure
    .meta({ requires: 'registry.read', scope: 'agency', rest: { method: 'GET', path: '/systems/{systemCode}', summary: 'Xem hệ thống / Get a system', tags: ['registry'] } })
    .input(z.object({ systemCode: z.string() }))
    .output(System)
    .query(async ({ ctx, input }) => systemView(await visibleSystem(ctx, input.systemCode))),

  update: procedure
    .meta({ requires: 'registry.write', scope: 'agency', rest: { method: 'PUT', path: '/systems/{systemCode}', summary: 'Sửa quyền, danh sách IP, hạn mức / Update grants, IP allow-list, limits', tags: ['registry'] } })
    .input(z.object({ systemCode: z.string(), ...Settings, name: I18n.optional() }))
    .output(System)
    .mutation(async ({ ctx, input }) => {
      const { systemCode, ...patch } = input;
      await visibleSystem(ctx, systemCode); // callback URL, IP allow-list and grants of another agency's system: not found
      await checkGrantable(patch.allowedOperations);
      return systemView(await ctx.services.registry.updateSystem(systemCode, Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)), ctx.access.caller().id));
    }),

  history: procedure
    .meta({ requires: 'registry.read', scope: 'agency', rest: { method: 'GET', path: '/systems/{systemCode}/history', summary: 'Lịch sử thay đổi hệ thống và khóa / System and key change history', tags: ['registry'] } })
    .input(z.object({ systemCode: z.string() }))
    .output(z.array(Change))
    .query(readOfVisibleSystem(async (ctx, systemCode) => (await ctx.services.registry.history('system', systemCode)).map(changeView))),

  requestChange: procedure
    .meta({ requires: 'registry.write', scope: 'agency', rest: { method: 'POST', path: '/systems/{systemCode}/requests', summary: 'Đề nghị kết nối / tạm dừng / tiếp tục / hủy (chờ duyệt) / Request connect, suspend, resume or cancel (awaits approval)', tags: ['registry'] } })
    .input(z.object({ systemCode: z.string(), kind: Kind, reason: z.string().min(1).max(2000) }))
    .output(Request)
    .mutation(async ({ ctx, input }) => {
      await visibleSystem(ctx, input.systemCode);
      const p = ctx.access.caller();
      return requestView(await ctx.services.registry.request(input.systemCode, input.kind, input.reason, p.id));
    }),

  requests: procedure
    .meta({ requires: 'registry.read', scope: 'agency', rest: { method: 'GET', path: '/systems/{systemCode}/requests', summary: 'Các đề nghị của hệ thống / A system\'s requests', tags: ['registry'] } })
    .input(z.object({ systemCode: z.string() }))
    .output(z.array(Request))
    .query(readOfVisibleSystem(async (ctx, systemCode) => (await ctx.services.registry.listRequests({ systemCode })).map(requestView))),

  pendingRequests: procedure
    .meta({ requires: 'registry.read', scope: 'agency', rest: { method: 'GET', path: '/system-requests', summary: 'Đề nghị đang chờ duyệt / Requests awaiting a decision', tags: ['registry'], query: ['status'] } })
    .input(z.object({ status: z.enum(['pending', 'approved', 'rejected']).optional() }).optional())
    .output(z.array(Request))
    .query(async ({ ctx, input }) => (await ctx.services.registry.listRequests({ status: input?.status ?? 'pending', ...ctx.access.scope() })).map(requestView)),

  approve: procedure
    .meta({ requires: 'registry.approve', scope: 'agency', rest: { method: 'POST', path: '/system-requests/{requestId}/approve', summary: 'Phê duyệt đề nghị (người khác người đề nghị) / Approve a request (not by its requester)', tags: ['registry'] } })
    .input(z.object({ requestId: z.string(), note: z.string().max(2000).optional() }))
    .output(z.object({ request: Request, system: System.optional() }))
    .mutation(async ({ ctx, input }) => {
      const p = await decidable(ctx, input.requestId);
      const r = await ctx.services.registry.decide(input.requestId, true, p.id, input.note);
      return { request: requestView(r.request), ...(r.system ? { system: systemView(r.system) } : {}) };
    }),

  callbackSecret: procedure
    .meta({ requires: 'keys.manage', scope: 'agency', rest: { method: 'POST', path: '/systems/{systemCode}/callback-secret', summary: 'Cấp mới bí mật ký callback (chỉ hiện một lần) / New callback signing secret (shown once)', tags: ['registry'] } })
    .input(z.object({ systemCode: z.string() }))
    .output(z.object({ systemCode: z.string(), callbackSecret: z.string(), signatureHeader: z.string() }))
    .mutation(async ({ ctx, input }) => {
      await visibleSystem(ctx, input.systemCode);
      const p = ctx.access.caller();
      const secret = await ctx.services.callbacks.newSecret(input.systemCode);
      await ctx.services.registry.recordChange('key', input.systemCode, 'callback-secret.issue', p.id, {});
      return { systemCode: input.systemCode, callbackSecret: secret, signatureHeader: 'x-lt-signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>' };
    }),

  callbacks: procedure
    .meta({ requires: 'registry.read', scope: 'agency', rest: { method: 'GET', path: '/systems/{systemCode}/callbacks', summary: 'Callback khi lượt chạy kết thúc: trạng thái gửi / Run-end callbacks and their delivery', tags: ['registry'] } })
    .input(z.object({ systemCode: z.string() }))
    .output(z.array(z.object({ runId: z.string(), url: z.string(), status: z.enum(['pending', 'delivered', 'failed']), attempts: z.number().int(),
      lastError: z.string().nullable(), nextAttemptAt: z.string(), deliveredAt: z.string().nullable() })))
    .query(async ({ ctx, input }) => {
      await visibleSystem(ctx, input.systemCode);
      return (await ctx.services.callbacks.list({ systemCode: input.systemCode })).map((c) => ({ runId: c.runId, url: c.url, status: c.status, attempts: c.attempts,
        lastError: c.lastError, nextAttemptAt: iso(c.nextAttemptAt) as string, deliveredAt: iso(c.deliveredAt) }));
    }),

  reject: procedure
    .meta({ requires: 'registry.approve', scope: 'agency', rest: { method: 'POST', path: '/system-requests/{requestId}/reject', summary: 'Từ chối đề nghị / Reject a request', tags: ['registry'] } })
    .input(z.object({ requestId: z.string(), note: z.string().max(2000).optional() }))
    .output(z.object({ request: Request }))
    .mutation(async ({ ctx, input }) => {
      const p = await decidable(ctx, input.requestId);
      const r = await ctx.services.registry.decide(input.requestId, false, p.id, input.note);
      return { request: requestView(r.request) };
    }),
});
