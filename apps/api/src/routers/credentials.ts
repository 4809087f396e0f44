import { z } from 'zod';
import { iso } from '../auth/guard.js';
import { createTRPCRouter, procedure } from '../trpc.js';

const Credential = z.object({ id: z.string(), type: z.string(), updatedAt: z.string(), flows: z.array(z.string()) });
const view = (c: { id: string; type: string; updatedAt: Date; flows: string[] }) => ({ ...c, updatedAt: iso(c.updatedAt) as string });

// Connector credentials of the whole platform: ids, types and which flows may use them; their values never leave the store.
export const credentialsRouter = createTRPCRouter({
  list: procedure
    .meta({ requires: 'credentials.manage', scope: 'platform', rest: { method: 'GET', path: '/credentials', summary: 'Thông tin xác thực và các luồng được dùng / Credentials and the flows granted them', tags: ['credentials'] } })
    .input(z.object({}).optional())
    .output(z.array(Credential))
    .query(async ({ ctx }) => (await ctx.services.credentials.list()).map(view)),

  setGrants: procedure
    .meta({ requires: 'credentials.manage', scope: 'platform', rest: { method: 'PUT', path: '/credentials/{credentialId}/grants', summary: 'Cấp quyền dùng thông tin xác thực cho các luồng (thay cả danh sách; * là mọi luồng) / Grant a credential to flows (replaces the list; * is every flow)', tags: ['credentials'] } })
    .input(z.object({ credentialId: z.string().min(1).max(64), flows: z.array(z.string().max(64)).max(500) }))
    .output(Credential)
    .mutation(async ({ ctx, input }) => view(await ctx.services.credentials.setGrants(input.credentialId, input.flows, ctx.caller?.id ?? 'unknown'))),
});
