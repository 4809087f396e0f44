import { z } from 'zod';
import { LtError } from '@lienthong/errors';
import { iso } from '../auth/guard.js';
import { createTRPCRouter, procedure } from '../trpc.js';
import { registryList } from './registry-list.js';

export const I18n = z.object({ vi: z.string().min(1), en: z.string().min(1) });

const Agency = z.object({
  code: z.string(), normalized: z.string(), format: z.enum(['legacy', 'v2020']), name: I18n, parentCode: z.string().nullable(),
  validFrom: z.string().nullable(), validTo: z.string().nullable(), successorCodes: z.array(z.string()), createdAt: z.string(), updatedAt: z.string(),
});
type AgencyRow = { code: string; normalized: string; format: 'legacy' | 'v2020'; name: { vi: string; en: string }; parentCode: string | null; validFrom: Date | null; validTo: Date | null; successorCodes: string[]; createdAt: Date; updatedAt: Date };
const agencyView = (a: AgencyRow) => ({ code: a.code, normalized: a.normalized, format: a.format, name: a.name, parentCode: a.parentCode, validFrom: iso(a.validFrom), validTo: iso(a.validTo),
  successorCodes: a.successorCodes, createdAt: iso(a.createdAt) as string, updatedAt: iso(a.updatedAt) as string });

export const Change = z.object({ id: z.number(), entity: z.string(), entityCode: z.string(), action: z.string(), by: z.string(), at: z.string(),
  before: z.record(z.string(), z.unknown()).nullable(), after: z.record(z.string(), z.unknown()).nullable(), requestId: z.string().nullable() });
export const changeView = (c: { id: number; entity: string; entityCode: string; action: string; by: string; at: Date; before: Record<string, unknown> | null; after: Record<string, unknown> | null; requestId: string | null }) =>
  ({ ...c, at: iso(c.at) as string });

const dateTime = z.iso.datetime({ offset: true });
/** Another agency's record is answered as missing, like another agency's run. */
const notFound = (code: string) => new LtError('AGENCY_NOT_FOUND', { code }, { field: 'code' });

export const agenciesRouter = createTRPCRouter({
  list: registryList('/agencies', 'Danh sách cơ quan / List agencies', Agency, async (services, scope) => (await services.registry.listAgencies(scope)).map(agencyView)),

  create: procedure
    .meta({ requires: 'registry.write', scope: 'agency', rest: { method: 'POST', path: '/agencies', summary: 'Đăng ký cơ quan theo mã định danh / Register an agency by identifier code', tags: ['registry'] } })
    .input(z.object({ code: z.string().min(3).max(35), name: I18n, parentCode: z.string().nullable().optional(), validFrom: dateTime.nullable().optional(),
      validTo: dateTime.nullable().optional(), successorCodes: z.array(z.string()).optional() }))
    .output(Agency.extend({ warnings: z.array(z.string()) }))
    .mutation(async ({ ctx, input }) => {
      // Registering agencies is for platform-wide registrars: an agency-limited one has its agency already.
      if (ctx.access.agencies()) throw new LtError('ACCESS_FORBIDDEN', { action: 'registry.write (platform-wide)' });
      const p = ctx.access.caller();
      const a = await ctx.services.registry.createAgency({ code: input.code, name: input.name, ...(input.parentCode !== undefined ? { parentCode: input.parentCode } : {}),
        ...(input.validFrom !== undefined ? { validFrom: input.validFrom } : {}), ...(input.validTo !== undefined ? { validTo: input.validTo } : {}),
        ...(input.successorCodes ? { successorCodes: input.successorCodes } : {}) }, p.id);
      return { ...agencyView(a), warnings: a.warnings };
    }),

  get: procedure
    .meta({ requires: 'registry.read', scope: 'agency', rest: { method: 'GET', path: '/agencies/{code}', summary: 'Xem cơ quan (mã cũ dẫn tới mã kế thừa) / Get an agency (old codes resolve to successors)', tags: ['registry'] } })
    .input(z.object({ code: z.string() }))
    .output(Agency.extend({ current: z.array(z.string()) }))
    .query(async ({ ctx, input }) => {
      const a = await ctx.services.registry.getAgency(input.code);
      ctx.access.own(a.code, () => notFound(input.code));
      return { ...agencyView(a), current: a.current };
    }),

  update: procedure
    .meta({ requires: 'registry.write', scope: 'agency', rest: { method: 'PUT', path: '/agencies/{code}', summary: 'Sửa cơ quan: tên, hiệu lực, mã kế thừa / Update an agency: name, validity, successors', tags: ['registry'] } })
    .input(z.object({ code: z.string(), name: I18n.optional(), parentCode: z.string().nullable().optional(), validFrom: dateTime.nullable().optional(),
      validTo: dateTime.nullable().optional(), successorCodes: z.array(z.string()).optional() }))
    .output(Agency)
    .mutation(async ({ ctx, input }) => {
      const { code, ...rest } = input;
      const a = await ctx.services.registry.getAgency(code);
      ctx.access.own(a.code, () => notFound(code));
      const patch = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
      return agencyView(await ctx.services.registry.updateAgency(a.code, patch, ctx.access.caller().id));
    }),

  history: procedure
    .meta({ requires: 'registry.read', scope: 'agency', rest: { method: 'GET', path: '/agencies/{code}/history', summary: 'Lịch sử thay đổi cơ quan / Agency change history', tags: ['registry'] } })
    .input(z.object({ code: z.string() }))
    .output(z.array(Change))
    .query(async ({ ctx, input }) => {
      const a = await ctx.services.registry.getAgency(input.code);
      ctx.access.own(a.code, () => notFound(input.code));
      return (await ctx.services.registry.history('agency', a.code)).map(changeView);
    }),
});
