import { z } from 'zod';
import { iso } from '../auth/guard.js';
import { createTRPCRouter, procedure } from '../trpc.js';
import { readOfVisibleSystem, visibleSystem } from './systems.js';

const Key = z.object({ accessKeyId: z.string(), systemCode: z.string(), status: z.enum(['active', 'grace', 'revoked', 'expired']), createdAt: z.string(),
  expiresAt: z.string().nullable(), revokedAt: z.string().nullable(), lastUsedAt: z.string().nullable() });
type KeyRow = Omit<z.infer<typeof Key>, 'createdAt' | 'expiresAt' | 'revokedAt' | 'lastUsedAt'> & { createdAt: Date; expiresAt: Date | null; revokedAt: Date | null; lastUsedAt: Date | null };
const keyView = (k: KeyRow) => ({ ...k, createdAt: iso(k.createdAt) as string, expiresAt: iso(k.expiresAt), revokedAt: iso(k.revokedAt), lastUsedAt: iso(k.lastUsedAt) });
const Issued = z.object({ accessKeyId: z.string(), secretKey: z.string().describe('Shown once / Chỉ hiện một lần'), systemCode: z.string(), createdAt: z.string() });

export const keysRouter = createTRPCRouter({
  list: procedure
    .meta({ requires: 'keys.manage', scope: 'agency', rest: { method: 'GET', path: '/systems/{systemCode}/keys', summary: 'Các khóa truy xuất (không có bí mật) / Access keys (never secrets)', tags: ['keys'] } })
    .input(z.object({ systemCode: z.string() }))
    .output(z.array(Key))
    .query(readOfVisibleSystem(async (ctx, systemCode) => (await ctx.services.keys.list(systemCode)).map(keyView))),

  issue: procedure
    .meta({ requires: 'keys.manage', scope: 'agency', rest: { method: 'POST', path: '/systems/{systemCode}/keys', summary: 'Cấp cặp khóa (bí mật chỉ hiện một lần) / Issue a key pair (secret shown once)', tags: ['keys'] } })
    .input(z.object({ systemCode: z.string() }))
    .output(Issued)
    .mutation(async ({ ctx, input }) => {
      await visibleSystem(ctx, input.systemCode); // another agency's system and its keys: not found
      const p = ctx.access.caller();
      const k = await ctx.services.keys.issue(input.systemCode, p.id);
      return { ...k, createdAt: k.createdAt.toISOString() };
    }),

  rotate: procedure
    .meta({ requires: 'keys.manage', scope: 'agency', rest: { method: 'POST', path: '/systems/{systemCode}/keys/{accessKeyId}/rotate', summary: 'Xoay khóa: khóa cũ còn hiệu lực trong thời gian ân hạn / Rotate: the old key works through the grace period', tags: ['keys'] } })
    .input(z.object({ systemCode: z.string(), accessKeyId: z.string(), graceSeconds: z.number().int().min(0).max(30 * 86400).optional() }))
    .output(Issued.extend({ previous: Key }))
    .mutation(async ({ ctx, input }) => {
      await visibleSystem(ctx, input.systemCode); // another agency's system and its keys: not found
      const p = ctx.access.caller();
      const k = await ctx.services.keys.rotate(input.systemCode, input.accessKeyId, p.id, input.graceSeconds);
      return { accessKeyId: k.accessKeyId, secretKey: k.secretKey, systemCode: k.systemCode, createdAt: k.createdAt.toISOString(), previous: keyView(k.previous) };
    }),

  revoke: procedure
    .meta({ requires: 'keys.manage', scope: 'agency', rest: { method: 'POST', path: '/systems/{systemCode}/keys/{accessKeyId}/revoke', summary: 'Thu hồi khóa (hiệu lực ngay) / Revoke a key (effective at once)', tags: ['keys'] } })
    .input(z.object({ systemCode: z.string(), accessKeyId: z.string() }))
    .output(Key)
    .mutation(async ({ ctx, input }) => {
      await visibleSystem(ctx, input.systemCode); // another agency's system and its keys: not found
      const p = ctx.access.caller();
      return keyView(await ctx.services.keys.revoke(input.systemCode, input.accessKeyId, p.id));
    }),
});
