import { z } from 'zod';
import { LtError } from '@lienthong/errors';
import { createTRPCRouter, procedure } from '../trpc.js';

export const AuditRow = z.object({
  seq: z.number().int(), at: z.string(), actorType: z.enum(['system', 'user', 'anonymous', 'platform']), actorId: z.string(), agency: z.string().nullable(),
  action: z.string(), outcome: z.enum(['ok', 'refused', 'failed']), status: z.number().int().nullable(), code: z.string().nullable(), flowKey: z.string().nullable(),
  runId: z.string().nullable(), ip: z.string().nullable(), detail: z.record(z.string(), z.unknown()), prevHash: z.string(), hash: z.string(),
});

export const AuditQuery = z.object({
  from: z.iso.datetime({ offset: true }).optional(), to: z.iso.datetime({ offset: true }).optional(), actorId: z.string().optional(), action: z.string().optional(),
  outcome: z.enum(['ok', 'refused', 'failed']).optional(), agency: z.string().optional(), flowKey: z.string().optional(), runId: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(10_000).optional(), offset: z.coerce.number().int().min(0).optional(),
});
export const auditQueryFields = Object.keys(AuditQuery.shape);

/** A query as the audit service takes it; an agency-limited caller sees only its agencies. */
export function auditFilter(q: z.infer<typeof AuditQuery>, only: string[] | undefined) {
  if (only && q.agency && !only.includes(q.agency)) throw new LtError('ACCESS_FORBIDDEN', { action: `audit.read ${q.agency}` });
  return { ...(q.from ? { from: new Date(q.from) } : {}), ...(q.to ? { to: new Date(q.to) } : {}), ...(q.actorId ? { actorId: q.actorId } : {}), ...(q.action ? { action: q.action } : {}),
    ...(q.outcome ? { outcome: q.outcome } : {}), ...(q.agency ? { agency: q.agency } : {}), ...(q.flowKey ? { flowKey: q.flowKey } : {}), ...(q.runId ? { runId: q.runId } : {}),
    ...(q.limit ? { limit: q.limit } : {}), ...(q.offset ? { offset: q.offset } : {}), ...(only ? { agencies: only } : {}) };
}

export const auditRouter = createTRPCRouter({
  search: procedure
    .meta({ requires: 'audit.read', scope: 'agency', rest: { method: 'GET', path: '/audit', summary: 'Tra cứu nhật ký (mới nhất trước) / Search the audit log (newest first)', tags: ['audit'], query: auditQueryFields } })
    .input(AuditQuery.optional())
    .output(z.array(AuditRow))
    .query(async ({ ctx, input }) => {
      const only = ctx.access.agencies();
      const rows = await ctx.services.audit.search(auditFilter(input ?? {}, only));
      return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
    }),

  verify: procedure
    .meta({ requires: 'audit.verify', scope: 'platform', rest: { method: 'GET', path: '/audit/verify', summary: 'Kiểm tra chuỗi băm của nhật ký / Check the audit log hash chain', tags: ['audit'] } })
    .input(z.object({}).optional())
    .output(z.object({ ok: z.boolean(), checked: z.number().int(), firstBroken: z.object({ seq: z.number().int(), reason: z.enum(['hash', 'link', 'gap']), detail: z.string() }).optional() }))
    .query(({ ctx }) => ctx.services.audit.verify()),
});
